/**
 * The thin route handlers of every report: the page's load, the CSV and .xlsx downloads and the API's
 * GET. A report's route files are one line each (`export const load = reportPage('losses')`).
 */
import { json, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db/app';
import { apiHandle } from '../http/api';
import { orHttpError } from '../http/load';
import { listSites } from '../places/places';
import { reportCsv, reportXlsx } from './export';
import { reportDef, runReport } from './registry';

type Event = Pick<RequestEvent, 'locals' | 'url'>;

/** `rapport-pertes-2026-11-01_2026-11-30` (the period's days, as the organisation counts them). */
function fileName(name: string, from: string, to: string): string {
	const slug = reportDef(name).path.split('/').pop();
	return `rapport-${slug}-${from}_${to}`;
}

/** A report page's load: the report, the sites for the filter, the export links' query. */
export const reportPage = (name: string) => async (event: Event) =>
	orHttpError(async () => {
		const db = getDb();
		const report = await runReport(db, event.locals.actor!, name, event.url.searchParams);
		const sites = (await listSites(db, event.locals.actor!)).map((s) => ({ id: s.id, name: s.name }));
		return { report, sites, path: reportDef(name).path };
	});

const download = (body: BodyInit, type: string, file: string) =>
	new Response(body, { headers: { 'content-type': type, 'content-disposition': `attachment; filename="${file}"`, 'cache-control': 'no-store' } });

/** GET …/export.csv?table=…: one table of the report as a French CSV file. */
export const reportCsvDownload = (name: string) => async (event: Event) => {
	const report = await orHttpError(() => runReport(getDb(), event.locals.actor!, name, event.url.searchParams));
	return download(
		reportCsv(report, event.url.searchParams.get('table')),
		'text/csv; charset=utf-8',
		`${fileName(name, report.period.from, report.period.to)}.csv`
	);
};

/** GET …/export.xlsx: every table of the report, a sheet each, typed cells. */
export const reportXlsxDownload = (name: string) => async (event: Event) => {
	const report = await orHttpError(() => runReport(getDb(), event.locals.actor!, name, event.url.searchParams));
	const buffer = await reportXlsx(report);
	return download(
		new Uint8Array(buffer),
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		`${fileName(name, report.period.from, report.period.to)}.xlsx`
	);
};

/** GET /api/v1/reports/{name}: the report as JSON (the same figures as the page). */
export const reportApi = (name: string) => (event: Event) =>
	apiHandle(async () => json(await runReport(getDb(), event.locals.actor!, name, event.url.searchParams)));
