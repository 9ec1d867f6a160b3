// The flows-by-origin, FSE+ and sales reports, as the registry lists them (one import line there).
export { flowsReport } from './flows';
export { fseReport } from './fse';
export { salesReport } from './sales';
