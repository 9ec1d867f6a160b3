import path from 'node:path';

/** Settings read from the environment, in one place. See README "Configuration". */
export const config = {
	get databaseUrl(): string | undefined {
		return process.env.DATABASE_URL || undefined;
	},
	get dataDir(): string {
		return path.resolve(process.env.DATA_DIR || 'data');
	},
	/** Where backups are written (default: `backups` beside DATA_DIR, i.e. ./backups). See docs/backups.md. */
	get backupDir(): string {
		return path.resolve(process.env.BACKUP_DIR || path.join(this.dataDir, '..', 'backups'));
	},
	/** Hours between two automatic backups (default 6; 0 turns the timer off — closings still back up). */
	get backupIntervalHours(): number {
		return nonNegative(process.env.BACKUP_INTERVAL_HOURS, 6);
	},
	/** Days for which the newest good backup is kept (default 14). */
	get backupKeepDaily(): number {
		return nonNegative(process.env.BACKUP_KEEP_DAILY, 14);
	},
	/** ISO weeks for which the newest good backup is kept (default 8). */
	get backupKeepWeekly(): number {
		return nonNegative(process.env.BACKUP_KEEP_WEEKLY, 8);
	},
	get migrationsDir(): string {
		return path.resolve(process.env.MIGRATIONS_DIR || 'drizzle');
	},
	/** Seed the demo organisation and accounts on an empty database (default on; SEED_DEMO=false for a real shop). */
	get seedDemo(): boolean {
		return (process.env.SEED_DEMO ?? 'true') !== 'false';
	},
	/** The site's public address (adapter-node's ORIGIN, e.g. https://epicerie.example), when set: writes from it are same-origin. */
	get origin(): string | undefined {
		return process.env.ORIGIN || undefined;
	},
	/** Force the Secure flag on cookies (default: when the request came over HTTPS). */
	get cookieSecure(): boolean | undefined {
		const v = process.env.COOKIE_SECURE;
		return v === undefined || v === '' ? undefined : v === 'true';
	},
	/**
	 * A reverse proxy in front (TRUST_PROXY=true) appends the client's address to X-Forwarded-For: the
	 * client is then its right-most entry, not the socket's address (the proxy's). Default false: the
	 * header is ignored (anyone can send it).
	 */
	get trustProxy(): boolean {
		return process.env.TRUST_PROXY === 'true';
	}
};

/** A number setting: the default when unset, empty or not a number ≥ 0. */
function nonNegative(v: string | undefined, fallback: number): number {
	const n = v === undefined || v.trim() === '' ? NaN : Number(v);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Session lifetimes. Staff on a PC stay signed in for a working day; a till idles out sooner. */
export const SESSION = {
	password: { absoluteMs: 12 * 3600_000, idleMs: 2 * 3600_000 },
	pin: { absoluteMs: 12 * 3600_000, idleMs: 30 * 60_000 },
	badge: { absoluteMs: 12 * 3600_000, idleMs: 30 * 60_000 },
	/** Activity extends the idle expiry at most this often, to spare a write per request. */
	touchEveryMs: 60_000
} as const;

/** A tablet stays enrolled until revoked; the cookie is renewed on use (browsers cap it at 400 days). */
export const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 3600;

/**
 * Wrong PINs in a row (at tablet sign-in, on any tablet) that lock the PIN until a supervisor unlocks it.
 * Before that, each (person, tablet) pair is only slowed (PIN_POLICY in auth/throttle.ts), so a colleague
 * cannot lock someone out by tapping a few wrong codes. The till's override panel never counts here.
 */
export const PIN_MAX_FAILURES = 30;
