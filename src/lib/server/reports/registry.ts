/**
 * The reports: each one's name (the API's `/reports/{name}`), page, audience and service. Every page,
 * export and API call goes through `runReport`, which checks who may read it, reads the parameters and
 * runs the service in one read-only snapshot (every figure of a report comes from the same moment).
 *
 * To add a report: write its service beside the others (it returns `Report`, $lib/reports/model), add
 * it here, add its page folder under `src/routes/(app)/(stockreports|reports|reusereports)/rapports/`, its API route
 * under `src/routes/api/v1/(app)/…/reports/`, and its rows in the role × route matrix.
 */
import { getLocale } from '$lib/paraglide/runtime';
import { READ_REPORTS, READ_REUSE_REPORTS, READ_STOCK_REPORTS, type Role } from '$lib/permissions';
import type { Report } from '$lib/reports/model';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { AppError } from '../errors';
import { readReportContext, type ReportContext } from './context';
import { reportSnapshot } from './sql';
import { lossesReport } from './losses';
import { flowsReport, fseReport, salesReport } from './reports-flows-fse-sales';
import { expiryReport } from './expiry';
import { countsReport } from './counts';
import { stockReport } from './stock';
import { annualReport, householdsReport } from './people';
import { workshopReport } from './workshop';
import { parcelsReport } from './parcels';
import { reuseReport } from './reuse';
import { ecoDeclarationReport } from './ecoDeclaration';

/**
 * stock: supervisors read it too (stock, expiry, losses, counts); manager: managers and admins only;
 * reuse: the ressourcerie's reports (READ_REUSE_REPORTS: supervisors, managers, admins).
 */
export type ReportAudience = 'stock' | 'manager' | 'reuse';

export interface ReportParam {
	name: string;
	description: string;
	schema: Record<string, unknown>;
}

export interface ReportDef {
	/** The API name: `/api/v1/reports/{name}`. */
	name: string;
	/** The page's path (French). */
	path: `/rapports/${string}`;
	audience: ReportAudience;
	title: () => string;
	/** One sentence for the report list and the OpenAPI document. */
	summary: string;
	/** Parameters of its own, beyond period/from/to/site (for the OpenAPI document). */
	params?: ReportParam[];
	run: (ex: Executor, ctx: ReportContext) => Promise<Report>;
}

export const REPORTS: readonly ReportDef[] = [
	stockReport,
	expiryReport,
	lossesReport,
	countsReport,
	flowsReport,
	fseReport,
	salesReport,
	householdsReport,
	annualReport,
	workshopReport,
	parcelsReport,
	reuseReport,
	ecoDeclarationReport
];

export const audienceRoles = (a: ReportAudience): readonly Role[] => (a === 'stock' ? READ_STOCK_REPORTS : a === 'reuse' ? READ_REUSE_REPORTS : READ_REPORTS);

export function reportDef(name: string): ReportDef {
	const def = REPORTS.find((r) => r.name === name);
	if (!def) throw new AppError('not_found', 'Rapport inconnu.', 404);
	return def;
}

/** The reports a person may read, in the list's order. */
export const reportsFor = (roles: readonly Role[]): ReportDef[] => REPORTS.filter((r) => audienceRoles(r.audience).some((x) => roles.includes(x)));

/** Runs a report for a person: who may read it, its parameters, then its service in one read-only snapshot. */
export async function runReport(
	db: Database,
	actor: Actor,
	name: string,
	params: URLSearchParams,
	opts: { now?: Date; locale?: string } = {}
): Promise<Report> {
	const def = reportDef(name);
	requireRole(actor, audienceRoles(def.audience));
	const ctx = await readReportContext(db, actor, params, { locale: opts.locale ?? safeLocale(), now: opts.now });
	return db.transaction(async (tx) => {
		await reportSnapshot(tx);
		return def.run(tx, ctx);
	});
}

function safeLocale(): string {
	try {
		return getLocale();
	} catch {
		return 'fr';
	}
}
