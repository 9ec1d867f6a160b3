import { zoneOrDefault } from '$lib/format';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Database } from '../db';
import { apiTokens, memberships, organisations, users } from '../db/schema';
import { AppError } from '../errors';
import type { Actor } from './actor';
import { assignableRoles, requireRole, ROLES, type Role } from './roles';
import { generateToken, hashToken } from './tokens';
import { MANAGE_ORGANISATION } from '$lib/permissions';

/** API tokens start with this, so that a leaked one is recognisable (and scanners for secrets find it). */
export const API_TOKEN_PREFIX = 'esk_';

export const apiTokenSchema = z.object({
	name: z.string().trim().min(2).max(80),
	roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length)
});

export interface ApiTokenRow {
	id: string;
	name: string;
	tokenPrefix: string;
	roles: Role[];
	/** First and last name of the person who created it. */
	createdBy: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	revokedAt: Date | null;
}

/**
 * Roles a person may give a token: roles they may hand out *and* hold themselves, since a token
 * only ever acts with roles its creator still holds (see validateApiToken).
 */
export function tokenRolesFor(actorRoles: readonly Role[]): Role[] {
	return assignableRoles(actorRoles).filter((r) => actorRoles.includes(r));
}

/**
 * Creates a token for scripts and partner software. Its roles are at most the creator's own
 * (a manager cannot mint an admin token). The token is shown once; only its hash is stored.
 */
export async function createApiToken(db: Database, actor: Actor, input: z.input<typeof apiTokenSchema>): Promise<{ token: string; id: string }> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = apiTokenSchema.safeParse(input);
	if (!parsed.success) {
		const field = String(parsed.error.issues[0]?.path[0] ?? '');
		throw new AppError('invalid_input', field === 'roles' ? m.api_token_roles_invalid() : m.api_token_name_invalid(), 400, field || undefined);
	}
	const roles = ROLES.filter((r) => parsed.data.roles.includes(r));
	const allowed = tokenRolesFor(actor.roles);
	if (roles.some((r) => !allowed.includes(r))) throw new AppError('forbidden_role', m.api_token_role_not_own(), 403, 'roles');
	const secret = generateToken(32);
	const token = API_TOKEN_PREFIX + secret;
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(apiTokens)
			.values({
				organisationId: actor.organisationId,
				name: parsed.data.name,
				tokenHash: hashToken(token),
				tokenPrefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
				roles,
				createdBy: actor.userId
			})
			.returning({ id: apiTokens.id });
		await audit(tx, actor, 'api_token.create', { type: 'api_token', id: row!.id }, { name: parsed.data.name, roles });
		return { token, id: row!.id };
	});
}

export async function revokeApiToken(db: Database, actor: Actor, id: string, now = new Date()): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.api_token_not_found(), 404);
	await db.transaction(async (tx) => {
		const [row] = await tx
			.update(apiTokens)
			.set({ revokedAt: now, revokedBy: actor.userId })
			.where(and(eq(apiTokens.id, id), eq(apiTokens.organisationId, actor.organisationId), isNull(apiTokens.revokedAt)))
			.returning({ id: apiTokens.id, name: apiTokens.name });
		if (!row) throw new AppError('not_found', m.api_token_not_found(), 404);
		await audit(tx, actor, 'api_token.revoke', { type: 'api_token', id }, { name: row.name });
	});
}

export async function listApiTokens(db: Database, actor: Actor): Promise<ApiTokenRow[]> {
	requireRole(actor, MANAGE_ORGANISATION);
	const rows = await db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			tokenPrefix: apiTokens.tokenPrefix,
			roles: apiTokens.roles,
			createdBy: sql<string>`trim(${users.firstName} || ' ' || ${users.lastName})`,
			createdAt: apiTokens.createdAt,
			lastUsedAt: apiTokens.lastUsedAt,
			revokedAt: apiTokens.revokedAt
		})
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.createdBy))
		.where(eq(apiTokens.organisationId, actor.organisationId))
		.orderBy(desc(apiTokens.createdAt));
	return rows;
}

/**
 * The actor an `Authorization: Bearer …` token stands for, or null when the token is unknown or revoked,
 * or its creator was deactivated. Writes made with it are attributed to its creator and the token.
 * Its roles are the token's roles that its creator still holds: a demoted creator's tokens lose the
 * roles taken away (and with none left, every route refuses them).
 */
export async function validateApiToken(db: Database, token: string, now = new Date()): Promise<Actor | null> {
	if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
	const [row] = await db
		.select({
			id: apiTokens.id,
			roles: apiTokens.roles,
			lastUsedAt: apiTokens.lastUsedAt,
			organisationId: apiTokens.organisationId,
			organisationName: organisations.name,
			organisationTimeZone: sql<string | null>`${organisations.settings}->>'timeZone'`,
			organisationActive: organisations.active,
			userId: users.id,
			username: users.username,
			firstName: users.firstName,
			lastName: users.lastName,
			userActive: users.active,
			// The creator's roles now, in the same query: this runs on every API request.
			current: sql<
				string[]
			>`array(select ${memberships.role}::text from ${memberships} where ${memberships.organisationId} = ${apiTokens.organisationId} and ${memberships.userId} = ${apiTokens.createdBy})`
		})
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.createdBy))
		.innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
		.where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
	if (!row || !row.userActive || !row.organisationActive) return null;
	const roles = ROLES.filter((r) => row.roles.includes(r) && row.current.includes(r));
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
		await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
	}
	return {
		kind: 'api',
		userId: row.userId,
		organisationId: row.organisationId,
		organisationName: row.organisationName,
		timeZone: zoneOrDefault(row.organisationTimeZone),
		username: row.username,
		firstName: row.firstName,
		lastName: row.lastName,
		roles,
		deviceId: null,
		sessionId: null,
		apiTokenId: row.id,
		method: 'api_token'
	};
}
