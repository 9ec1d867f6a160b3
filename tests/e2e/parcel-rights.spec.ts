// Issue 14, item 1: the social worker gives a parcel right from a household file, sees it in the
// « Colis alimentaire » section, and revokes it after a confirmation. axe clean on the way.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expectAccessible, newDevice, signIn } from './helpers';

test('a social worker gives a parcel right from a household file, sees it, and revokes it after confirming', async ({ browser, baseURL }, info) => {
	const office = await newDevice(browser, baseURL);
	const page = office.page;
	await signIn(page, 'julien');

	// A file of its own (the demo's households are left as they are for the other tests).
	await page.goto('/foyers/nouveau');
	await page.getByLabel('Prénom').fill('Rose');
	await page.getByLabel('Nom', { exact: true }).fill(`Colis-${info.project.name}`);
	await page.getByLabel('Date de naissance').fill('1977-07-07');
	await page.getByLabel("La personne est d'accord").check();
	await page.getByRole('button', { name: 'Créer le dossier' }).click();
	await expect(page.getByRole('status')).toHaveText('Dossier créé.');

	const parcels = page.getByRole('region', { name: 'Colis alimentaire' });
	await expect(parcels.getByText("Ce foyer n'a pas de droit au colis.")).toBeVisible();
	await expectAccessible(page);

	// Every week, for 2 persons (the household is one person: the default says 1).
	await expect(parcels.getByLabel(/Personnes comptées/)).toHaveValue('1');
	await parcels.getByLabel('Fréquence').selectOption({ label: 'Chaque semaine' });
	await parcels.getByLabel(/Personnes comptées/).fill('2');
	await parcels.getByRole('button', { name: 'Donner le droit au colis' }).click();
	await expect(page.getByRole('status')).toHaveText('Droit au colis accordé.');
	const row = parcels.getByRole('row').nth(1);
	await expect(row).toContainText('Chaque semaine');
	await expect(row).toContainText('Gratuit');
	await expect(row).toContainText('Actif');
	await expect(row.getByRole('cell').nth(2)).toHaveText('2');
	await expectAccessible(page);
	mkdirSync('/work/shots', { recursive: true });
	await parcels.screenshot({ path: `/work/shots/14-rights-${info.project.name}-file.png` });

	// A second right over the same days: refused in French, nothing added.
	await parcels.getByRole('button', { name: 'Donner le droit au colis' }).click();
	await expect(page.getByRole('alert').first()).toContainText('déjà un droit au colis');
	await expect(parcels.getByRole('row')).toHaveCount(2);

	// Revoke: a reason, then a confirmation.
	await row.getByRole('textbox', { name: 'Raison' }).last().fill('Déménagement');
	await row.getByRole('button', { name: 'Retirer le droit' }).click();
	const confirm = parcels.getByRole('alert');
	await expect(confirm).toContainText('Retirer ce droit au colis ?');
	await expectAccessible(page);
	await confirm.getByRole('button', { name: 'Oui, retirer le droit au colis' }).click();
	await expect(page.getByRole('status')).toHaveText('Droit au colis modifié.');
	await expect(parcels.getByRole('row').nth(1)).toContainText('Retiré');
	await expect(parcels.getByRole('row').nth(1)).toContainText('Déménagement');

	// The committee: a parcel right alone (no épicerie right), every month.
	const fileUrl = page.url().replace(/\?.*$/, '');
	await page.getByLabel('Évaluation sociale').fill('Orientée par le CCAS pour le colis alimentaire.');
	await page.getByRole('button', { name: 'Envoyer la demande au comité' }).click();
	await expect(page.getByRole('status')).toHaveText('Demande envoyée au comité.');
	await page.goto('/comite');
	const item = page.getByRole('region', { name: new RegExp(`Rose Colis-${info.project.name}`) });
	await item.getByLabel('Accepté').check();
	await item.getByLabel("Droit à l'épicerie").uncheck();
	await item.getByLabel('Droit au colis alimentaire').check();
	await item.getByLabel('Fréquence').selectOption({ label: 'Chaque mois' });
	await expectAccessible(page);
	await item.screenshot({ path: `/work/shots/14-rights-${info.project.name}-committee.png` });
	await item.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(page.getByRole('status')).toHaveText('Décision enregistrée.');
	await page.goto(fileUrl);
	await expect(page.getByText('Pas de droit en cours')).toBeVisible();
	const granted = parcels.getByRole('row').filter({ hasText: 'Chaque mois' });
	await expect(granted).toContainText('Actif');
	await expect(granted.getByRole('cell').nth(2)).toHaveText('1');
	await office.context.close();
});
