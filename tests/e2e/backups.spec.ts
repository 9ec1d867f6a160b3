import { expect, test } from '@playwright/test';
import { existsSync, renameSync } from 'node:fs';
import { e2eBackupDir, expectAccessible, screenPath, signIn } from './helpers';

// Issue 11, item 1: the manager's backups page and the home warning. The test server backs up a few
// seconds after it starts (no backup yet: the timer's first check), so the page shows it; with the
// backups moved away, the home page warns, and "Sauvegarder maintenant" puts things right.
test('backups: the page lists the automatic backup, the home page warns when there is none, one tap backs up', async ({ page }, info) => {
	await signIn(page, 'sophie');
	await page.goto('/sauvegardes');
	await expect(page.getByRole('heading', { level: 1, name: 'Sauvegardes' })).toBeVisible();
	// The start-up backup (taken by the server's timer a few seconds after it started).
	await expect(async () => {
		await page.reload();
		await expect(page.getByRole('row').filter({ hasText: 'Automatique' }).filter({ hasText: 'Vérifiée' }).first()).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await expect(page.getByText('npm run admin -- restore')).toBeVisible();
	await expectAccessible(page);
	await page.screenshot({ path: screenPath(`backups-${info.project.name}`), fullPage: true });

	// Home: a recent good backup, no warning; a tile leads to the page.
	await page.goto('/');
	await expect(page.getByRole('link', { name: /Sauvegardes/ })).toBeVisible();
	await expect(page.getByText('Aucune sauvegarde réussie')).toHaveCount(0);

	// The backups are gone (a disk emptied, a folder moved): the home page warns the manager.
	const dir = e2eBackupDir(info.project.name);
	expect(existsSync(dir), dir).toBe(true);
	renameSync(dir, `${dir}-deplace-${Date.now()}`);
	await page.reload();
	const warning = page.getByRole('alert').filter({ hasText: 'Aucune sauvegarde réussie' });
	await expect(warning).toBeVisible();
	await expectAccessible(page);
	await warning.getByRole('link', { name: 'Voir les sauvegardes' }).click();
	await expect(page.getByText("Aucune sauvegarde pour l'instant.")).toBeVisible();

	await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Sauvegarde faite et vérifiée.' })).toBeVisible({ timeout: 30_000 });
	await expect(page.getByRole('row').filter({ hasText: 'Manuelle' }).filter({ hasText: 'Vérifiée' })).toBeVisible();
	await page.goto('/');
	await expect(page.getByText('Aucune sauvegarde réussie')).toHaveCount(0);
});

test('backups: a supervisor has no tile, and the page is refused', async ({ page }) => {
	await signIn(page, 'nadia');
	await expect(page.getByRole('link', { name: /Sauvegardes/ })).toHaveCount(0);
	const r = await page.goto('/sauvegardes');
	expect(r?.status()).toBe(403);
	await expect(page.getByText('Aucune sauvegarde réussie')).toHaveCount(0);
});
