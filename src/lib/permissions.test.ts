import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildOpenApi } from '$lib/server/api/openapi';
import { decideAccess } from '$lib/server/auth/access';
import { TASKS } from '$lib/tasks';
import { both, ROLES, withoutAdmin, type Role } from './permissions';

const ROOT = process.cwd();

function walk(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) walk(p, out);
		else out.push(p);
	}
	return out;
}

/** SvelteKit route ids of the files named `file` (+page.svelte, +server.ts), from the tree. */
function routeIds(file: string): string[] {
	return walk(join(ROOT, 'src/routes'))
		.filter((p) => p.endsWith(`/${file}`))
		.map((p) => '/' + relative(join(ROOT, 'src/routes'), p).replace(new RegExp(`/?${file.replace('+', '\\+')}$`), ''))
		.map((id) => (id === '/' ? '/' : id.replace(/\/$/, '')));
}

/** The path people see for a route id: groups dropped. */
const pathOf = (id: string) => id.replace(/\/\([^/()]+\)/g, '') || '/';

describe('one home for who may do what ($lib/permissions)', () => {
	test('no module lists roles but $lib/permissions (and the schema enum, who-manages-whom, the demo seed)', () => {
		const allowed = new Set(['src/lib/permissions.ts', 'src/lib/server/auth/roles.ts', 'src/lib/server/db/schema/users.ts', 'src/lib/server/seed.ts']);
		const list = /\[\s*'(admin|manager|social_worker|supervisor|operator)'\s*(,\s*'(admin|manager|social_worker|supervisor|operator)'\s*)*\]/;
		const offenders = walk(join(ROOT, 'src'))
			.filter((p) => /\.(ts|svelte)$/.test(p) && !/\.test\.ts$/.test(p) && !p.includes('/paraglide/'))
			.map((p) => relative(ROOT, p))
			.filter((p) => !allowed.has(p) && list.test(readFileSync(join(ROOT, p), 'utf8')));
		expect(offenders).toEqual([]);
	});

	test('every home tile leads to a page each of its roles may open', () => {
		const pages = routeIds('+page.svelte');
		for (const task of TASKS) {
			const id = pages.find((p) => pathOf(p) === task.href);
			expect(id, task.href).toBeDefined();
			for (const role of task.roles) expect(decideAccess(id!, [role]), `${task.href} ${role}`).toBe('allow');
		}
	});

	test('the OpenAPI document promises an operation only to roles its route groups let in', () => {
		const doc = buildOpenApi() as { paths: Record<string, Record<string, { 'x-roles'?: readonly string[] | 'any' }>> };
		const endpoints = routeIds('+server.ts').filter((id) => id.startsWith('/api/v1/'));
		const asOas = (id: string) =>
			pathOf(id)
				.replace('/api/v1', '')
				.replace(/\[(\w+)\]/g, '{$1}');
		for (const [path, ops] of Object.entries(doc.paths)) {
			const id = endpoints.find((e) => asOas(e) === path);
			expect(id, path).toBeDefined();
			for (const [method, op] of Object.entries(ops)) {
				const roles = op['x-roles'];
				if (roles === undefined || roles === 'any') continue;
				for (const role of roles) expect(decideAccess(id!, [role as Role]), `${method} ${path} ${role}`).toBe('allow');
			}
		}
	});

	test('both and withoutAdmin keep the order of the first list', () => {
		expect(both(ROLES, ['operator', 'admin'])).toEqual(['admin', 'operator']);
		expect(withoutAdmin(['operator', 'admin', 'manager'])).toEqual(['operator', 'manager']);
	});
});
