import path from 'node:path';
import { MANAGE_ORGANISATION } from '$lib/permissions';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import { config } from '../config';
import type { Database } from '../db';
import { backupNow } from './backup';
import { backupHealth, type BackupHealth } from './health';
import { listBackups, type BackupManifest, type BackupReason } from './manifest';

/** One backup as the page and the API show it: no row counts (they would tell other organisations' sizes). */
export interface BackupView {
	name: string;
	file: string | null;
	createdAt: string;
	reason: BackupReason;
	state: 'ok' | 'failed';
	sizeBytes: number | null;
	error: string | null;
	durationMs: number | null;
}

export const backupView = (m: BackupManifest): BackupView => ({
	name: m.name,
	file: m.file,
	createdAt: m.createdAt,
	reason: m.reason,
	state: m.state,
	sizeBytes: m.size ?? null,
	error: m.error ?? null,
	durationMs: m.durationMs ?? null
});

export interface BackupsOverview {
	items: BackupView[];
	/** Where the backups are written (BACKUP_DIR). */
	dir: string;
	database: 'pglite' | 'postgres';
	intervalHours: number;
	keepDaily: number;
	keepWeekly: number;
	/** The command that restores the newest good backup (or an example name). */
	restoreCommand: string;
	health: Pick<BackupHealth, 'ok' | 'problem' | 'lastFailure'> & { lastGoodAt: string | null };
}

/** How many backups the page and the API list (rotation keeps about 14 + 8 + the last day's). */
const LISTED = 50;

/** The backups of this installation (the whole database: every organisation's data): managers and admins. */
export function backupsOverview(actor: Actor): BackupsOverview {
	requireRole(actor, MANAGE_ORGANISATION);
	const all = listBackups(config.backupDir);
	const good = all.find((b) => b.state === 'ok' && b.file);
	const health = backupHealth(new Date(), all);
	const example = good?.file ?? (config.databaseUrl ? 'sauvegarde-….dump' : 'sauvegarde-….tar.gz');
	return {
		items: all.slice(0, LISTED).map(backupView),
		dir: config.backupDir,
		database: config.databaseUrl ? 'postgres' : 'pglite',
		intervalHours: config.backupIntervalHours,
		keepDaily: config.backupKeepDaily,
		keepWeekly: config.backupKeepWeekly,
		restoreCommand: `npm run admin -- restore ${path.join(config.backupDir, example)}`,
		health: { ok: health.ok, problem: health.problem, lastFailure: health.lastFailure, lastGoodAt: health.lastGoodAt?.toISOString() ?? null }
	};
}

/** "Sauvegarder maintenant" (page and API): backs up at once (after any backup under way), audited. Resolves when it is written and checked. */
export async function backupOnRequest(db: Database, actor: Actor): Promise<BackupView> {
	requireRole(actor, MANAGE_ORGANISATION);
	const m = await backupNow('manual');
	await db.transaction((tx) => audit(tx, actor, 'backup.create', null, { name: m.name, state: m.state }));
	return backupView(m);
}

/** For the home page of managers and admins: is a warning due? */
export function backupWarning(actor: Actor): { problem: BackupHealth['problem']; lastGoodAt: string | null } | null {
	requireRole(actor, MANAGE_ORGANISATION);
	const h = backupHealth();
	return h.ok ? null : { problem: h.problem, lastGoodAt: h.lastGoodAt?.toISOString() ?? null };
}
