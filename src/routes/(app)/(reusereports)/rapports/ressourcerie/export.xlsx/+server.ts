import { reportXlsxDownload } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = reportXlsxDownload('reuse');
