import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { backupOnRequest, backupsOverview } from '$lib/server/backup/requests';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** GET /backups — the latest backups of this installation, where they are kept, and whether they are healthy. */
export const GET: RequestHandler = ({ locals }) =>
	apiHandle(async () => {
		const o = backupsOverview(locals.actor!);
		return json({
			items: o.items,
			directory: o.dir,
			database: o.database,
			intervalHours: o.intervalHours,
			keepDaily: o.keepDaily,
			keepWeekly: o.keepWeekly,
			restoreCommand: o.restoreCommand,
			health: o.health
		});
	});

/** POST /backups — backs up now (as the page's button); answers once the backup is written and checked. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		await readJson(request, z.object({}).strict());
		const b = await backupOnRequest(getDb(), locals.actor!);
		if (b.state !== 'ok') throw new AppError('backup_failed', `La sauvegarde a échoué : ${b.error ?? ''}`, 503);
		return json(b, { status: 201 });
	});
