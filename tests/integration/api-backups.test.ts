import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listBackups } from '$lib/server/backup';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables } from '../helpers/db-snapshot';
import { auditRows, makeOrg } from '../helpers/fixtures';

// GET/POST /api/v1/backups: the page's list and its "Sauvegarder maintenant" button, for managers and admins.
const t = useApiTestDatabase();
const saved = process.env.BACKUP_DIR;
let dir = '';
beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-api-backups-'));
	process.env.BACKUP_DIR = dir;
});
afterAll(() => {
	if (saved === undefined) delete process.env.BACKUP_DIR;
	else process.env.BACKUP_DIR = saved;
	rmSync(dir, { recursive: true, force: true });
});

describe('the backups API', () => {
	test('a manager backs up now, then sees it listed; the request is audited', async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		const empty = await callApi<{ items: unknown[]; health: { ok: boolean; problem: string }; directory: string }>('GET', '/api/v1/backups', {
			actor: manager
		});
		expect(empty.status).toBe(200);
		expect(empty.body).toMatchObject({ items: [], directory: dir, health: { ok: false, problem: 'no_backup' } });

		const r = await callApi<{ state: string; reason: string; file: string; sizeBytes: number }>('POST', '/api/v1/backups', { actor: manager, body: {} });
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		expect(r.body).toMatchObject({ state: 'ok', reason: 'manual' });
		expect(r.body.sizeBytes).toBeGreaterThan(0);
		expect(listBackups(dir).map((b) => b.file)).toEqual([r.body.file]);
		const [row] = await auditRows(t.db, org.organisationId, 'backup.create');
		expect(row).toMatchObject({ userId: manager.userId });

		const after = await callApi<{ items: { file: string; state: string }[]; health: { ok: boolean }; restoreCommand: string }>('GET', '/api/v1/backups', {
			actor: org.actors.admin
		});
		expect(after.body.items).toEqual([expect.objectContaining({ file: r.body.file, state: 'ok' })]);
		expect(after.body.health.ok).toBe(true);
		expect(after.body.restoreCommand).toBe(`npm run admin -- restore ${path.join(dir, r.body.file)}`);
		// Row counts of the whole database (every organisation's) are not shown.
		expect(JSON.stringify(after.body)).not.toContain('"tables"');
	});

	test('operators, supervisors and social workers are refused; a body other than {} is refused and backs nothing up', async () => {
		const org = await makeOrg(t.db);
		for (const role of ['operator', 'supervisor', 'social_worker'] as const) {
			expect((await callApi('GET', '/api/v1/backups', { actor: org.actors[role] })).status).toBe(403);
			expect((await callApi('POST', '/api/v1/backups', { actor: org.actors[role], body: {} })).status).toBe(403);
		}
		const before = listBackups(dir).length;
		const snapshot = await snapshotTables(t.db);
		const bad = await callApi<{ error: { code: string; message: string } }>('POST', '/api/v1/backups', { actor: org.actors.manager, body: { now: true } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toMatch(/[a-zé]/);
		expect(listBackups(dir).length).toBe(before);
		expect(await snapshotTables(t.db)).toEqual(snapshot);
	});
});
