import { sql } from 'drizzle-orm';
import { accessSync, constants, existsSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isTimeZone } from '$lib/format';
import { backupHealth } from '../backup/health';
import { config } from '../config';
import { claimDataDir, LOCK_FILE, readLock, releaseDataDir, staleReason } from '../db/dataDirLock';
import { pgliteState } from '../db/durability';
import { openDatabase, type Database, type DatabaseHandle } from '../db/index';
import { organisations } from '../db/schema';
import { hasDemo } from '../seed';

/**
 * `npm run admin -- doctor`: checks a deployment and says, in French, what to fix. Each check returns ok,
 * warning (works, but should be fixed) or error (the shop is at risk or cannot run); the command exits 1
 * when any check is in error. The checks are a list: add one by adding an entry to CHECKS.
 *
 * With PGlite the data dir is one process's: while the app runs, doctor does not open it (it would be
 * refused, see dataDirLock.ts) but asks the app's /healthz; the checks that need the database say they
 * could not run. Stop the app for a complete check, or use PostgreSQL.
 */
export type CheckStatus = 'ok' | 'warning' | 'error';
export interface CheckResult {
	status: CheckStatus;
	/** One sentence, in French: what was found and, unless ok, what to do. */
	message: string;
}

export interface DoctorContext {
	/** The database, when doctor could open it (null: unreachable, or PGlite held by the running app). */
	db: Database | null;
	kind: 'pglite' | 'postgres';
	/** Why the database could not be opened (French), when db is null. */
	dbProblem: string | null;
	/** PGlite: the pid of the app holding the data dir, when it runs. */
	runningPid: number | null;
	/** PGlite: how pg_control said the data dir was left, read before doctor opened it. */
	pgliteStateBefore: ReturnType<typeof pgliteState>;
	/** /healthz of the running app (PGlite), as asked. */
	health: { url: string; status: number | null } | null;
}

export interface Check {
	/** Short label shown before the sentence. */
	label: string;
	run(ctx: DoctorContext): Promise<CheckResult> | CheckResult;
}

const ok = (message: string): CheckResult => ({ status: 'ok', message });
const warning = (message: string): CheckResult => ({ status: 'warning', message });
const error = (message: string): CheckResult => ({ status: 'error', message });
const notWhileRunning = (ctx: DoctorContext, what: string): CheckResult =>
	warning(`${what} non vérifié : l'application tourne (processus ${ctx.runningPid}) et garde la base PGlite ; arrêtez-la pour un contrôle complet.`);

/** The migrations under drizzle/ (their journal) that the database has not recorded as applied. */
export async function missingMigrations(db: Database, migrationsDir: string): Promise<string[]> {
	const journal = JSON.parse(readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
	let applied: number[] = [];
	try {
		const rows = await db.execute<{ created_at: string | number }>(sql`select created_at from drizzle.__drizzle_migrations`);
		const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { created_at: string | number }[] }).rows;
		applied = list.map((r) => Number(r.created_at));
	} catch {
		/* no migrations table: nothing applied */
	}
	// drizzle's migrator records each migration with the journal's `when` as created_at.
	return journal.entries.filter((e) => !applied.includes(e.when)).map((e) => e.tag);
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export const CHECKS: Check[] = [
	{
		label: 'Node.js',
		run() {
			const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
			return major > 20 || (major === 20 && minor >= 19)
				? ok(`Node.js ${process.versions.node}.`)
				: error(`Node.js ${process.versions.node} est trop ancien : installez Node.js 20.19 ou plus récent (22 LTS conseillé).`);
		}
	},
	{
		label: 'Base de données',
		run(ctx) {
			if (ctx.db) return ok(ctx.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL) répond.' : `PGlite (${config.dataDir}) s'ouvre.`);
			if (ctx.health) {
				return ctx.health.status === 200
					? ok(`L'application tourne (processus ${ctx.runningPid}) et sa base répond (${ctx.health.url} : 200).`)
					: error(
							`L'application tourne (processus ${ctx.runningPid}) mais ${ctx.health.url} répond ${ctx.health.status ?? 'rien'} : regardez son journal (journalctl -u epicerie) ; PORT est-il le bon ?`
						);
			}
			return error(ctx.dbProblem ?? 'La base de données ne répond pas.');
		}
	},
	{
		label: 'Migrations',
		async run(ctx) {
			if (!ctx.db) {
				if (ctx.runningPid !== null) {
					// The running app applied every migration before answering; unless drizzle/ changed since it started.
					const journal = path.join(config.migrationsDir, 'meta', '_journal.json');
					const started = statSync(path.join(config.dataDir, LOCK_FILE), { throwIfNoEntry: false })?.mtimeMs ?? 0;
					return statSync(journal).mtimeMs > started
						? warning("Les migrations ont changé depuis le démarrage de l'application : redémarrez-la pour les appliquer (sudo systemctl restart epicerie).")
						: ok("L'application a appliqué les migrations à son démarrage.");
				}
				return error('Migrations non vérifiées : la base de données ne répond pas.');
			}
			const missing = await missingMigrations(ctx.db, config.migrationsDir);
			return missing.length === 0
				? ok('Toutes les migrations sont appliquées.')
				: error(
						`${missing.length === 1 ? 'Une migration n’est pas appliquée' : `${missing.length} migrations ne sont pas appliquées`} (${missing.join(', ')}) : démarrez l'application, elle les applique au démarrage.`
					);
		}
	},
	{
		label: 'Dossier des données',
		run(ctx) {
			if (ctx.kind === 'postgres' && !existsSync(config.dataDir)) return ok('PostgreSQL : pas de dossier de données local.');
			const dir = config.dataDir;
			try {
				accessSync(dir, constants.W_OK);
				const probe = path.join(dir, `.doctor-${process.pid}`);
				writeFileSync(probe, 'ok');
				rmSync(probe);
			} catch {
				return error(`Le dossier ${dir} n'existe pas ou n'est pas inscriptible : créez-le et donnez-le à l'utilisateur du service (chown epicerie: ${dir}).`);
			}
			const fsStat = statfsSync(dir);
			const free = fsStat.bavail * fsStat.bsize;
			const gib = (free / GiB).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
			if (free < 200 * MiB) return error(`Plus que ${gib} Go libres sous ${dir} : libérez de la place, la base et les sauvegardes vont manquer d'espace.`);
			if (free < GiB) return warning(`Seulement ${gib} Go libres sous ${dir} : prévoyez de libérer de la place.`);
			return ok(`${dir} est inscriptible, ${gib} Go libres.`);
		}
	},
	{
		label: 'Arrêt précédent',
		run(ctx) {
			if (ctx.kind !== 'pglite' || ctx.runningPid !== null) return ok('Sans objet.');
			if (ctx.pgliteStateBefore === 'in production')
				return warning(
					"La base PGlite n'a pas été fermée proprement la dernière fois (arrêt brutal ou coupure de courant) : elle a été réparée à l'ouverture ; vérifiez les dernières ventes et arrêtez le service avec systemctl stop."
				);
			return ok('La base a été fermée proprement.');
		}
	},
	{
		label: 'Écritures sur le disque',
		run(ctx) {
			if (ctx.kind !== 'pglite') return ok('PostgreSQL garantit lui-même ses écritures (fsync).');
			return process.env.PGLITE_SYNC === 'off'
				? warning(
						'PGLITE_SYNC=off : une coupure de courant peut faire perdre les dernières ventes ; retirez ce réglage (voir README, « Ce qui survit à une coupure de courant »).'
					)
				: ok(`Chaque écriture validée est forcée sur le disque (PGLITE_SYNC=${process.env.PGLITE_SYNC || 'files'}).`);
		}
	},
	{
		label: 'HTTPS et adresse',
		run() {
			const origin = config.origin;
			if (origin) {
				if (origin.startsWith('https://')) return ok(`ORIGIN=${origin}.`);
				return warning(
					`ORIGIN=${origin} n'est pas en HTTPS : les mots de passe passent en clair sur le réseau ; mettez un proxy HTTPS devant (docs/deployment.md) et ORIGIN=https://….`
				);
			}
			if (config.trustProxy)
				return ok('Derrière un proxy (TRUST_PROXY=true) : vérifiez qu’il sert le site en HTTPS et envoie X-Forwarded-Proto et X-Forwarded-Host.');
			return error(
				"Ni ORIGIN ni TRUST_PROXY : indiquez l'adresse publique du site (ORIGIN=https://epicerie.exemple.fr) ou, derrière un proxy HTTPS, TRUST_PROXY=true (docs/deployment.md)."
			);
		}
	},
	{
		label: 'Fuseaux horaires',
		async run(ctx) {
			const tz = process.env.TZ;
			if (tz && !isTimeZone(tz.replace(/^:/, ''))) return warning(`TZ=${tz} n'est pas un fuseau connu : mettez TZ=Europe/Paris (ou le fuseau de la boutique).`);
			if (!ctx.db) return ctx.runningPid !== null ? notWhileRunning(ctx, 'Fuseau des organisations') : error('Fuseaux non vérifiés : la base ne répond pas.');
			const rows = await ctx.db.select({ name: organisations.name, settings: organisations.settings }).from(organisations);
			const bad = rows.filter((r) => r.settings?.timeZone !== undefined && !isTimeZone(r.settings.timeZone));
			if (bad.length > 0)
				return error(
					`Fuseau horaire inconnu pour ${bad.map((r) => `${r.name} (« ${String(r.settings?.timeZone)} »)`).join(', ')} : choisissez-le dans Réglages de l'organisation (sinon Europe/Paris est utilisé).`
				);
			return ok(
				rows.length ? `Fuseau valide pour ${rows.length === 1 ? 'l’organisation' : `les ${rows.length} organisations`}.` : 'Aucune organisation encore.'
			);
		}
	},
	{
		label: 'Démonstration',
		async run(ctx) {
			if (!config.seedDemo) return ok('SEED_DEMO=false.');
			const production = process.env.NODE_ENV === 'production';
			if (!ctx.db) {
				return production
					? warning("SEED_DEMO n'est pas à false en production : mettez SEED_DEMO=false, sinon une base vide reçoit les comptes de démonstration.")
					: ok('SEED_DEMO actif (hors production).');
			}
			if (await hasDemo(ctx.db))
				return warning(
					"Les comptes de démonstration (mot de passe connu de tous) existent et SEED_DEMO n'est pas à false : mettez SEED_DEMO=false et désactivez ces comptes ou supprimez l'organisation de démonstration."
				);
			return production
				? warning("SEED_DEMO n'est pas à false en production : mettez SEED_DEMO=false, sinon une base vide reçoit les comptes de démonstration.")
				: ok('Pas de comptes de démonstration.');
		}
	},
	{
		// The same rule as the managers' home warning (backupHealth): a good backup younger than a day.
		label: 'Sauvegardes récentes',
		run() {
			const h = backupHealth();
			if (h.ok) return ok(`La dernière sauvegarde réussie a moins d'un jour (${config.backupDir}).`);
			if (h.problem === 'no_backup') {
				const when = config.backupIntervalHours > 0 ? ` et toutes les ${config.backupIntervalHours} heures` : '';
				return warning(
					`Pas encore de sauvegarde réussie dans ${config.backupDir} : l'application en fait une à chaque fermeture de caisse${when}, ou lancez « npm run admin -- backup ».`
				);
			}
			return error(`Sauvegardes : ${h.message}. Voir docs/backups.md.`);
		}
	}
];

export interface DoctorReport {
	results: (CheckResult & { label: string })[];
	exitCode: 0 | 1;
}

/** The first cause's message (drizzle wraps the driver's error in "Failed query: …"). */
function rootMessage(e: unknown): string {
	let err = e as Error & { code?: string };
	while (err?.cause instanceof Error) err = err.cause as Error & { code?: string };
	return err?.message || err?.code || String(e);
}

async function askHealth(): Promise<{ url: string; status: number | null }> {
	const port = process.env.PORT || '3000';
	const host = !process.env.HOST || process.env.HOST === '0.0.0.0' || process.env.HOST === '::' ? '127.0.0.1' : process.env.HOST;
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/healthz`;
	try {
		const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
		return { url, status: r.status };
	} catch {
		return { url, status: null };
	}
}

/** Opens what can be opened (never migrates, never fights the running app's lock), runs every check. */
export async function runDoctor(checks: Check[] = CHECKS): Promise<DoctorReport> {
	const kind = config.databaseUrl ? 'postgres' : 'pglite';
	const ctx: DoctorContext = { db: null, kind, dbProblem: null, runningPid: null, pgliteStateBefore: null, health: null };
	let handle: DatabaseHandle | null = null;
	let claimed = false;
	try {
		if (kind === 'postgres') {
			try {
				handle = await openDatabase({ url: config.databaseUrl, max: 1 });
				await handle.ping();
				ctx.db = handle.db;
			} catch (e) {
				ctx.dbProblem = `La base PostgreSQL ne répond pas (DATABASE_URL) : ${rootMessage(e)}. Vérifiez que le serveur PostgreSQL tourne et que DATABASE_URL (hôte, port, nom, mot de passe) est juste.`;
			}
		} else {
			const pgdir = path.join(config.dataDir, 'pglite');
			const lock = readLock(path.join(config.dataDir, LOCK_FILE));
			if (lock && lock.pid !== process.pid && staleReason(lock) === null) {
				ctx.runningPid = lock.pid;
				ctx.health = await askHealth();
			} else if (!existsSync(path.join(pgdir, 'PG_VERSION'))) {
				ctx.dbProblem = `Pas encore de base PGlite dans ${config.dataDir} : démarrez l'application une première fois (npm start ou systemctl start epicerie), ou vérifiez DATA_DIR.`;
			} else {
				ctx.pgliteStateBefore = pgliteState(pgdir);
				try {
					claimDataDir(config.dataDir, () => {});
					claimed = true;
					handle = await openDatabase({ dataDir: pgdir });
					ctx.db = handle.db;
				} catch (e) {
					ctx.dbProblem = `La base PGlite de ${config.dataDir} ne s'ouvre pas : ${(e as Error).message}.`;
				}
			}
		}
		const results = [];
		for (const check of checks) {
			let r: CheckResult;
			try {
				r = await check.run(ctx);
			} catch (e) {
				r = error(`Le contrôle a échoué : ${(e as Error).message}`);
			}
			results.push({ label: check.label, ...r });
		}
		return { results, exitCode: results.some((r) => r.status === 'error') ? 1 : 0 };
	} finally {
		await handle?.close().catch(() => {});
		if (claimed) releaseDataDir();
	}
}

const MARK: Record<CheckStatus, string> = { ok: 'OK       ', warning: 'ATTENTION', error: 'ERREUR   ' };
/** The report as printed by the command: one line per check. */
export function formatDoctor(report: DoctorReport): string {
	const lines = report.results.map((r) => `${MARK[r.status]} ${r.label} : ${r.message}`);
	const errors = report.results.filter((r) => r.status === 'error').length;
	const warnings = report.results.filter((r) => r.status === 'warning').length;
	lines.push(
		errors
			? `\n${errors} problème${errors > 1 ? 's' : ''} à corriger.`
			: warnings
				? `\nRien de bloquant ; ${warnings} point${warnings > 1 ? 's' : ''} à surveiller.`
				: '\nTout va bien.'
	);
	return lines.join('\n');
}
