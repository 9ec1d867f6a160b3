import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { formatDateTime } from '$lib/format';
import { config } from '../config';
import { claimDataDir } from '../db/dataDirLock';
import { AppError } from '../errors';
import { checkPgliteArchive, checkPostgresArchive, pgliteArchiveBlob } from './backup';
import { fileStamp, readManifest, type BackupManifest } from './manifest';
import { pgToolsMissing, runPgTool } from './pgtools';

const REASON_WORDS: Record<BackupManifest['reason'], string> = { closing: 'fermeture de caisse', automatic: 'automatique', manual: 'manuelle' };

/** "01/12/2026 19:00 (fermeture de caisse, 1,2 Mo)" */
export function describeBackup(m: BackupManifest): string {
	const size = m.size === undefined ? '' : `, ${(m.size / 1_048_576).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
	return `${formatDateTime(m.createdAt)} (${REASON_WORDS[m.reason]}${size})`;
}

export interface RestorePlan {
	file: string;
	manifest: BackupManifest | null;
	/** What will happen, in French, shown before asking for confirmation. */
	lines: string[];
}

function refuse(message: string): never {
	throw new AppError('restore_refused', message, 409);
}

/**
 * Everything checked before a restore, nothing changed: the file and its manifest, the checksum, the kind
 * of database, and that the app is not running on the database. Throws an AppError (French) otherwise.
 */
export async function planRestore(file: string): Promise<RestorePlan> {
	const full = path.resolve(file);
	if (!existsSync(full) || !statSync(full).isFile()) refuse(`le fichier ${full} n'existe pas`);
	const manifest = readManifest(full);
	const kind = config.databaseUrl ? 'postgres' : 'pglite';
	const lines: string[] = [];
	const data = readFileSync(full);
	if (manifest) {
		if (manifest.state !== 'ok') refuse(`cette sauvegarde a échoué à sa vérification (${manifest.error ?? 'raison inconnue'}) : choisissez-en une autre`);
		const digest = createHash('sha256').update(data).digest('hex');
		if (manifest.sha256 !== digest)
			refuse(`le fichier ${path.basename(full)} est abîmé : sa somme de contrôle (sha256) ne correspond plus à celle notée à la sauvegarde`);
		if (manifest.database !== kind)
			refuse(
				manifest.database === 'pglite'
					? 'cette sauvegarde vient de la base intégrée (PGlite) et DATABASE_URL désigne PostgreSQL : pour passer à PostgreSQL, utilisez « npm run admin -- move-to-postgres »'
					: 'cette sauvegarde vient de PostgreSQL (pg_dump) : elle se restaure avec DATABASE_URL réglé sur la base PostgreSQL'
			);
		lines.push(`Sauvegarde du ${describeBackup(manifest)}, somme de contrôle vérifiée.`);
	} else {
		lines.push(
			`Attention : pas de fiche ${path.basename(full).replace(/(\.tar\.gz|\.dump)$/, '.json')} à côté du fichier ; sa somme de contrôle ne peut pas être vérifiée.`
		);
	}
	if (kind === 'pglite') {
		// Holds DATA_DIR's lock until this process ends: the app cannot start during the restore.
		try {
			claimDataDir(config.dataDir);
		} catch (e) {
			refuse(`${e instanceof Error ? e.message : String(e)}. Arrêtez l'application avant de restaurer.`);
		}
		const problem = await checkPgliteArchive(full, manifest?.tables ?? null);
		if (problem) refuse(`le fichier ne peut pas être restauré : ${problem}`);
		const current = path.join(config.dataDir, 'pglite');
		lines.push(
			existsSync(current)
				? `La base actuelle (${current}) sera mise de côté, pas effacée, puis remplacée par la sauvegarde.`
				: `La base sera créée dans ${current}.`
		);
	} else {
		const missing = pgToolsMissing();
		if (missing) refuse(missing);
		const others = await otherSessions(config.databaseUrl!);
		if (others > 0)
			refuse(`${others} autre(s) connexion(s) sont ouvertes sur cette base PostgreSQL (l'application tourne ?) : arrêtez l'application avant de restaurer`);
		const problem = await checkPostgresArchive(full, manifest?.tables ?? {});
		if (problem) refuse(`le fichier ne peut pas être restauré : ${problem}`);
		lines.push('Les tables de la base PostgreSQL (DATABASE_URL) seront remplacées par celles de la sauvegarde, en une seule transaction.');
	}
	return { file: full, manifest, lines };
}

async function otherSessions(url: string): Promise<number> {
	const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
	try {
		const [r] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
		return r?.n ?? 0;
	} finally {
		await sql.end({ timeout: 5 });
	}
}

async function countTables(q: (s: string) => Promise<Record<string, unknown>[]>): Promise<Record<string, number>> {
	const names = (await q(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)).map((r) =>
		String(r.name)
	);
	if (names.length === 0) return {};
	const rows = await q(names.map((t) => `select '${t}' as name, count(*)::int as n from public."${t}"`).join(' union all '));
	return Object.fromEntries(rows.map((r) => [String(r.name), Number(r.n)]));
}

/** "2026-12-01T18-05-00" for folder names. */

/**
 * Restores a backup planned (and so checked) by planRestore. The embedded database's current folder is
 * renamed `pglite.avant-restauration-<date>`, never deleted. Returns what was done, in French.
 */
export async function restoreBackup(plan: RestorePlan, now: Date = new Date()): Promise<string[]> {
	const done: string[] = [];
	const expected = plan.manifest?.tables;
	let found: Record<string, number>;
	if (!config.databaseUrl) {
		const current = path.join(config.dataDir, 'pglite');
		if (existsSync(current)) {
			const aside = `${current}.avant-restauration-${fileStamp(now)}`;
			renameSync(current, aside);
			done.push(`Base actuelle mise de côté : ${aside}`);
		}
		const client = await PGlite.create(current, { loadDataDir: await pgliteArchiveBlob(readFileSync(plan.file)) });
		try {
			found = await countTables(async (s) => (await client.query<Record<string, unknown>>(s)).rows);
		} finally {
			await client.close();
		}
		done.push(`Sauvegarde restaurée dans ${current}.`);
	} else {
		await runPgTool(
			'pg_restore',
			['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', plan.file],
			config.databaseUrl
		);
		const sql = postgres(config.databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
		try {
			found = await countTables(async (s) => (await sql.unsafe(s)) as unknown as Record<string, unknown>[]);
		} finally {
			await sql.end({ timeout: 5 });
		}
		done.push('Sauvegarde restaurée dans la base PostgreSQL (DATABASE_URL).');
	}
	const rows = Object.values(found).reduce((a, b) => a + b, 0);
	if (expected) {
		const wrong = Object.keys(expected).filter((t) => expected[t] !== found[t]);
		if (wrong.length) throw new AppError('restore_mismatch', `après la restauration, le nombre de lignes diffère pour : ${wrong.join(', ')}`, 500);
		done.push(`Vérifié : ${Object.keys(found).length} tables, ${rows.toLocaleString('fr-FR')} lignes, comme au moment de la sauvegarde.`);
	} else {
		done.push(`${Object.keys(found).length} tables, ${rows.toLocaleString('fr-FR')} lignes.`);
	}
	done.push("Vous pouvez redémarrer l'application.");
	return done;
}
