import { config } from '../config';
import { listBackups, type BackupManifest } from './manifest';
import { pgToolsMissingCached } from './pgtools';

export interface BackupHealth {
	/** A good backup younger than a day exists (and, on PostgreSQL, pg_dump is installed). */
	ok: boolean;
	lastGoodAt: Date | null;
	/** What to know or fix, in French (for `npm run admin -- doctor` and the logs). */
	message: string;
	/** Why it is not ok, for the home page's translated warning. */
	problem: 'none' | 'no_backup' | 'too_old' | 'no_pg_dump';
	/** The newest backup failed its check (its reason), when it did. */
	lastFailure: string | null;
}

export const BACKUP_MAX_AGE_MS = 24 * 3600_000;

/** Are backups healthy? Reads the manifests of BACKUP_DIR only (no database access), unless given them already. */
export function backupHealth(now: Date = new Date(), all: BackupManifest[] = listBackups(config.backupDir)): BackupHealth {
	const good = all.find((b) => b.state === 'ok') ?? null;
	const lastGoodAt = good ? new Date(good.createdAt) : null;
	const lastFailure = all[0] && all[0].state === 'failed' ? (all[0].error ?? null) : null;
	const missing = config.databaseUrl ? pgToolsMissingCached() : null;
	if (missing) return { ok: false, lastGoodAt, problem: 'no_pg_dump', lastFailure, message: missing };
	if (!lastGoodAt)
		return {
			ok: false,
			lastGoodAt,
			problem: 'no_backup',
			lastFailure,
			message: `aucune sauvegarde réussie dans ${config.backupDir}${lastFailure ? ` (dernier échec : ${lastFailure})` : ''} : lancez « npm run admin -- backup » ou le bouton de la page Sauvegardes`
		};
	const age = now.getTime() - lastGoodAt.getTime();
	if (age > BACKUP_MAX_AGE_MS)
		return {
			ok: false,
			lastGoodAt,
			problem: 'too_old',
			lastFailure,
			message: `la dernière sauvegarde réussie date de ${Math.floor(age / 3600_000)} heures (plus d'un jour)${lastFailure ? ` ; dernier échec : ${lastFailure}` : ''}`
		};
	return {
		ok: true,
		lastGoodAt,
		problem: 'none',
		lastFailure,
		message: `dernière sauvegarde réussie il y a ${Math.max(0, Math.floor(age / 60_000))} minutes, dans ${config.backupDir}`
	};
}
