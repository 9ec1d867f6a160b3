import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { enrolTablet, expectAccessible, newDevice, ownInstall, signIn, takeTillWithPin } from './helpers';

// The sales list (/ventes) and the managers' list of Z reports (/clotures, CSV export). The return form
// on /ventes/[id] needs a sale made on the serving screen: its browser test comes with that screen.

const noRedirect = { maxRedirects: 0 };

/** On the tablet with a till open: closes it from the closing page (two taps: close, then confirm). */
async function closeTillOnTablet(page: Page, cash: string) {
	await page.goto('/caisse/fermeture');
	await page.getByLabel('Espèces comptées (€)').fill(cash);
	await page.getByRole('button', { name: 'Fermer la caisse' }).click();
	await page.getByRole('button', { name: 'Oui, fermer et voir le Z' }).click();
	await expect(page).toHaveURL(/\/clotures\/[0-9a-f-]{36}$/);
}

/** Opens then closes the till of the tablet behind `request` with plain form posts (no page): one more Z. */
async function openAndClose(request: APIRequestContext, origin: string) {
	// As a browser without JavaScript posts a form (an `accept` of */* would get SvelteKit's JSON answer).
	const headers = { origin, accept: 'text/html' };
	const opened = await request.post('/caisse/ouverture', { form: { float: '5' }, headers, maxRedirects: 0 });
	expect(opened.status()).toBe(303);
	const closed = await request.post('/caisse/fermeture', { form: { cash: '5', card: '', cheque: '', note: '' }, headers, maxRedirects: 0 });
	expect(closed.status()).toBe(303);
	expect(closed.headers().location).toMatch(/\/clotures\//);
}

test('sales and Z lists: search, a till opened then closed, its sales, the CSV export, axe clean', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await enrolTablet(page, 'Caisse ventes');
	await takeTillWithPin(page, 'Nadia', '4826');
	await expect(page.getByRole('link', { name: /Ventes/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Clôtures de caisse/ })).toBeVisible();

	// The sales list: a search that finds nothing says so in words.
	await page.getByRole('link', { name: /Ventes/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ventes');
	await expectAccessible(page);
	await page.getByLabel('Numéro de vente ou référence du foyer').fill('V-999999');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page).toHaveURL(/q=V-999999/);
	await expect(page.getByText('Aucune vente ne correspond à « V-999999 ».')).toBeVisible();
	await expectAccessible(page);

	// Open the till: the Z list shows it "en cours" with its live figures.
	await page.goto('/caisse/ouverture');
	await page.getByLabel('Fond de caisse (€)').fill('12,50');
	await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
	await expect(page).toHaveURL(/\/caisse$/);
	await page.goto('/clotures');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Clôtures de caisse (rapports Z)');
	const openRow = page.getByRole('row').filter({ hasText: 'Caisse ventes' }).filter({ hasText: 'en cours' });
	await expect(openRow).toHaveCount(1);
	await expect(openRow.getByRole('link', { name: 'Rapport X' })).toBeVisible();
	await expectAccessible(page);

	// Close it: a numbered Z report, listed for managers, with a link to its (no) sales.
	await closeTillOnTablet(page, '12,50');
	const z = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/Rapport Z n° (\d+)/)![1];
	await page.goto('/clotures');
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Z n° ${z}`, exact: true }) });
	await expect(row).toContainText('Caisse ventes');
	await expect(row.getByRole('cell').last()).toHaveText(/^0,00\s€$/);
	await row.getByRole('link', { name: /Voir les ventes de cette caisse/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Ventes de la caisse ouverte le');
	await expect(page.getByText("Aucune vente pour l'instant.")).toBeVisible();
	await expect(page.getByRole('link', { name: `Rapport Z n° ${z}` })).toBeVisible();
	await expectAccessible(page);

	// The CSV export: French spreadsheet format.
	await page.goto('/clotures');
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger les rapports Z (tableur)' }).click()]);
	expect(download.suggestedFilename()).toMatch(/^rapports-z-\d{4}-\d{2}-\d{2}\.csv$/);
	const csv = readFileSync((await download.path())!, 'utf8');
	expect(csv.startsWith('\ufeffnumero_z;etat;tablette;ouverture;')).toBe(true);
	const line = csv.split('\r\n').find((l) => l.startsWith(`${z};`))!;
	expect(line).toMatch(new RegExp(`^${z};fermée;Caisse ventes;\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2};Nadia;`));
	// Nothing taken; float 12,50 €; no cash in or out; cash expected and counted 12,50 €, no difference.
	expect(line).toContain(';0,00;0,00;0,00;12,50;0,00;0,00;12,50;12,50;0,00;');
	await context.close();
});

test('paging through the Z list', async ({ browser, baseURL }) => {
	const { context, page } = await newDevice(browser, baseURL);
	await enrolTablet(page, 'Caisse pages');
	await takeTillWithPin(page, 'Nadia', '4826');
	// 31 more till sessions: more than a page (30), whatever the other tests left.
	for (let i = 0; i < 31; i++) await openAndClose(context.request, baseURL!);
	await page.goto('/clotures');
	const position = page.getByRole('navigation', { name: 'Pages' });
	await expect(position).toContainText(/Page 1 sur \d+/);
	await expect(position.getByRole('link', { name: 'Page précédente' })).toHaveCount(0);
	await expect(page.getByRole('row')).toHaveCount(31); // header + 30
	await position.getByRole('link', { name: 'Page suivante' }).click();
	await expect(page).toHaveURL(/\?page=2$/);
	await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText(/Page 2 sur \d+/);
	await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Page précédente' })).toBeVisible();
	await expectAccessible(page);
	// A page number that is not one shows the first page rather than an error.
	expect((await context.request.get('/clotures?page=abc')).status()).toBe(200);
	expect((await context.request.get('/ventes?page=-3')).status()).toBe(200);
	await context.close();
});

test("access: an operator sees the sales list, not the managers' tile; a social worker gets 403", async ({ browser, baseURL }) => {
	const tablet = await newDevice(browser, baseURL);
	await enrolTablet(tablet.page, 'Caisse accès');
	await takeTillWithPin(tablet.page, 'Karim', '2580');
	await expect(tablet.page.getByRole('link', { name: /Ventes/ })).toBeVisible();
	await expect(tablet.page.getByRole('link', { name: /Clôtures de caisse/ })).toHaveCount(0);
	await tablet.page.goto('/ventes');
	await expect(tablet.page.getByRole('heading', { level: 1 })).toHaveText('Ventes');
	await expectAccessible(tablet.page);
	await tablet.context.close();

	const desk = await newDevice(browser, baseURL);
	await signIn(desk.page, 'julien');
	await expect(desk.page.getByRole('link', { name: /Ventes/ })).toHaveCount(0);
	for (const p of ['/ventes', '/clotures', '/clotures/export', '/ventes/00000000-0000-0000-0000-000000000000']) {
		expect((await desk.context.request.get(p, noRedirect)).status(), p).toBe(403);
	}
	await desk.context.close();
});

test('a new shop: both lists say there is nothing yet', async ({ browser }) => {
	// An organisation of its own (admin CLI, empty database): no till session, no sale, whatever other tests did.
	const password = 'un-mot-de-passe-long';
	const { base, stop } = await ownInstall([{ organisation: 'Épicerie neuve', username: 'gerante', role: 'manager' }], password);
	try {
		const { context, page } = await newDevice(browser, base);
		await signIn(page, 'gerante', password);
		await page.getByRole('link', { name: /Ventes/ }).click();
		await expect(page.getByText("Aucune vente pour l'instant.")).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Pages' })).toHaveCount(0);
		await expectAccessible(page);
		await page.goto('/');
		await page.getByRole('link', { name: /Clôtures de caisse/ }).click();
		await expect(page.getByText("Aucune caisse n'a encore été ouverte.")).toBeVisible();
		await expectAccessible(page);
		// The export still answers: just the header line.
		const csv = await context.request.get('/clotures/export');
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(await csv.text()).toMatch(/^\ufeffnumero_z;etat;[^\r\n]*\r\n$/);
		// A sale that does not exist is "not found", in French.
		const missing = await context.request.get('/ventes/00000000-0000-0000-0000-000000000000');
		expect(missing.status()).toBe(404);
		expect(await missing.text()).toContain('Vente introuvable.');
		await context.close();
	} finally {
		await stop();
	}
});
