// One file per domain under ./schema; this module gathers them for drizzle.
export * from './schema/organisations';
export * from './schema/users';
export * from './schema/auth';
export * from './schema/audit';
export * from './schema/households';
export * from './schema/stock';
export * from './schema/till';
export * from './schema/training';
export * from './schema/parcels';
export * from './schema/reuse';
