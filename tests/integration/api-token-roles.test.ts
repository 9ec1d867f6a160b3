import { describe, expect, test } from 'vitest';
import { createApiToken, listApiTokens, tokenRolesFor, validateApiToken } from '$lib/server/auth/apiTokens';
import { useTestDatabase } from '../helpers/db';
import { addUser, expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

describe('API token roles', () => {
	test('tokenRolesFor: roles one may hand out and holds oneself', () => {
		expect(tokenRolesFor(['manager'])).toEqual(['manager']);
		expect(tokenRolesFor(['manager', 'operator'])).toEqual(['manager', 'operator']);
		expect(tokenRolesFor(['admin', 'social_worker'])).toEqual(['admin', 'social_worker']);
		expect(tokenRolesFor(['supervisor'])).toEqual([]);
		expect(tokenRolesFor([])).toEqual([]);
	});

	test('a token gets only roles its creator holds; the list names its creator in full', async () => {
		const org = await makeOrg(t.db);
		const { user, actor } = await addUser(t.db, org, ['manager', 'supervisor']);
		await expectAppError(createApiToken(t.db, actor, { name: 'Caisse', roles: ['operator'] }), 'forbidden_role', 403);
		const { token, id } = await createApiToken(t.db, actor, { name: 'Tablette stock', roles: ['supervisor'] });
		expect((await validateApiToken(t.db, token))?.roles).toEqual(['supervisor']);
		const [row] = await listApiTokens(t.db, org.actors.manager);
		expect(row).toMatchObject({ id, name: 'Tablette stock', createdBy: `${user.firstName} ${user.lastName}`, roles: ['supervisor'], revokedAt: null });
	});
});
