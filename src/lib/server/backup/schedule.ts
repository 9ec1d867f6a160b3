import { config } from '../config';
import type { DatabaseHandle } from '../db';
import { backupNow } from './backup';
import { lastGoodBackup, type BackupReason } from './manifest';

/**
 * When backups happen in the running app: at each till closing (requestBackup('closing'), after the
 * closing is saved) and by a timer, every BACKUP_INTERVAL_HOURS after the last good backup (checked
 * every 10 minutes, and at start: a new install gets its first backup a few seconds after it starts).
 * Started by the app's start-up (hooks.server.ts), never by the tests: requestBackup does nothing until then.
 */
let started: { handle: DatabaseHandle; timer: NodeJS.Timeout | null } | null = null;

const CHECK_EVERY_MS = 10 * 60_000;

function log(reason: BackupReason, p: Promise<{ state: string; name: string; error?: string }>): void {
	p.then(
		(m) => (m.state === 'ok' ? console.log(`Sauvegarde faite (${reason}) : ${m.name}`) : console.error(`Sauvegarde échouée (${reason}) : ${m.error}`)),
		(e) => console.error('Sauvegarde échouée', e)
	);
}

/** Asks for a backup without waiting for it (a till closing must not wait): queued, logged. Does nothing when backups are not started. */
export function requestBackup(reason: BackupReason): void {
	if (!started) return;
	log(reason, backupNow(reason, { handle: started.handle }));
}

/** Backs up if the last good backup is older than the interval (or there is none). */
function backupIfDue(now = Date.now()): void {
	if (!started) return;
	const hours = config.backupIntervalHours;
	if (hours <= 0) return;
	const last = lastGoodBackup(config.backupDir);
	if (!last || now - Date.parse(last.createdAt) >= hours * 3600_000) requestBackup('automatic');
}

export function startBackupSchedule(handle: DatabaseHandle): void {
	stopBackupSchedule();
	started = { handle, timer: null };
	if (config.backupIntervalHours > 0) {
		started.timer = setInterval(() => backupIfDue(), CHECK_EVERY_MS);
		started.timer.unref();
		// The first check waits a little, so that start-up (migrations, the demo seed) is done.
		setTimeout(() => backupIfDue(), 3_000).unref();
	}
}

export function stopBackupSchedule(): void {
	if (started?.timer) clearInterval(started.timer);
	started = null;
}
