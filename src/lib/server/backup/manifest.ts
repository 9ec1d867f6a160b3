import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dayInZone, DEFAULT_TIME_ZONE, formatTime } from '$lib/format';

/** Why a backup was taken: at a till closing, by the timer, or asked for (page, API, command line). */
export const BACKUP_REASONS = ['closing', 'automatic', 'manual'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/**
 * What is known of one backup, kept beside it as `<name>.json`: the page, the home warning, the
 * rotation and `restore` read it without opening the database. Written last (after the check), so a
 * data file without a manifest is an interrupted backup.
 */
export interface BackupManifest {
	format: 1;
	/** The name shared by the data file and its manifest, e.g. sauvegarde-2026-12-01-19h00m00-ab12 (fileStamp). */
	name: string;
	/** The data file, in the same folder (absent for a failed backup). */
	file: string | null;
	createdAt: string;
	reason: BackupReason;
	database: 'pglite' | 'postgres';
	state: 'ok' | 'failed';
	/** Why it failed, in French. */
	error?: string;
	size?: number;
	sha256?: string;
	/** How many of the app's migrations the backed-up database had. */
	migrations?: number;
	/** Rows per table at the moment of the backup (checked against the written file). */
	tables?: Record<string, number>;
	durationMs?: number;
	/** PGlite: how long the database answered nothing else (counting, CHECKPOINT, dump); the check runs after. */
	heldMs?: number;
}

export const MANIFEST_SUFFIX = '.json';

function isManifest(x: unknown): x is BackupManifest {
	if (!x || typeof x !== 'object') return false;
	const o = x as Record<string, unknown>;
	return (
		o.format === 1 &&
		typeof o.name === 'string' &&
		typeof o.createdAt === 'string' &&
		!Number.isNaN(Date.parse(o.createdAt)) &&
		(o.state === 'ok' || o.state === 'failed') &&
		(o.database === 'pglite' || o.database === 'postgres') &&
		(BACKUP_REASONS as readonly unknown[]).includes(o.reason)
	);
}

/** The manifest of a data file (its `.json` beside it), or null when there is none or it is unreadable. */
export function readManifest(file: string): BackupManifest | null {
	const base = file.endsWith(MANIFEST_SUFFIX) ? file : manifestPathOf(file);
	try {
		const m = JSON.parse(readFileSync(base, 'utf8')) as unknown;
		return isManifest(m) ? m : null;
	} catch {
		return null;
	}
}

/**
 * "2026-12-01-19h40m32": a moment for a file or folder name, in Europe/Paris (the zone of the rotation and
 * of the backups page), so that a name read in a folder or a restore command matches the time the page
 * shows. The order of backups comes from their manifests' instants, never from names.
 */
export function fileStamp(now: Date): string {
	const time = formatTime(now, DEFAULT_TIME_ZONE, 'fr').replace(':', 'h');
	return `${dayInZone(now, DEFAULT_TIME_ZONE)}-${time}m${String(now.getUTCSeconds()).padStart(2, '0')}`;
}

/** sauvegarde-….tar.gz / .dump → sauvegarde-….json */
export function manifestPathOf(file: string): string {
	return file.replace(/(\.tar\.gz|\.dump)$/, '') + MANIFEST_SUFFIX;
}

/** Every backup of the folder, newest first (an absent folder: none). */
export function listBackups(dir: string): BackupManifest[] {
	if (!existsSync(dir)) return [];
	const out: BackupManifest[] = [];
	for (const f of readdirSync(dir)) {
		if (!f.startsWith('sauvegarde-') || !f.endsWith(MANIFEST_SUFFIX)) continue;
		const m = readManifest(path.join(dir, f));
		if (m) out.push(m);
	}
	return out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.name < b.name ? 1 : -1));
}

/** The newest backup that passed its check, if any. */
export function lastGoodBackup(dir: string): BackupManifest | null {
	return listBackups(dir).find((b) => b.state === 'ok') ?? null;
}
