import { expect, test, type Locator, type Page } from '@playwright/test';
import { enrolTablet, newDevice, screenPath, signIn, takeTillWithPin } from './helpers';

// Issue 10, item 7: one event, the same Paris wall time on every screen (the server runs in UTC: a
// screen formatting without the organisation's zone would show one or two hours less).
// Item 9: the journal in sentences, the lot history saying "Perte – Cassé : <remark>", not raw codes.

const paris = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
const utc = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });

/** The Paris wall times ("01/12/2026 17:04") of every minute between two instants. */
function parisMinutes(from: Date, to: Date): string[] {
	const out = new Set<string>();
	for (let t = Math.floor(from.getTime() / 60_000) * 60_000; t <= to.getTime(); t += 60_000) out.add(paris.format(new Date(t)));
	return [...out];
}

/** Checks that `where` shows one of the Paris times (and so not the UTC one), and returns it. */
async function expectParisTime(where: Locator, from: Date, to: Date): Promise<string> {
	const text = (await where.textContent()) ?? '';
	const shown = parisMinutes(from, to).find((p) => text.includes(p));
	expect(shown, `one of ${parisMinutes(from, to).join(', ')} (Paris) in « ${text.trim()} »; UTC would be ${utc.format(from)}`).toBeTruthy();
	return shown!;
}

async function shot(page: Page, name: string) {
	await page.screenshot({ path: screenPath(name), fullPage: true });
}

test('one moment, one Paris time: lot history, reception list, Z report, receipt and sale, journal, household access list', async ({
	browser,
	baseURL
}, info) => {
	const tag = info.project.name;
	const { context, page } = await newDevice(browser, baseURL);
	await enrolTablet(page, `Caisse fuseau ${tag}`);
	await takeTillWithPin(page, 'Nadia', '4826');

	// A loss on a lot of the demo stock, with a remark.
	const before = new Date();
	await page.goto('/stock');
	await page.locator('a[href*="produit="]').first().click();
	const lotLink = page.locator('a[href^="/stock/lots/L-"]').first();
	const code = (await lotLink.textContent())!.trim();
	await page.goto(`/stock/lots/${code}`);
	await page.getByLabel(/^Quantité/).fill('1');
	await page.getByLabel('Raison').selectOption('broken');
	await page.getByLabel(/Remarque|Note/).fill(`tombé du chariot ${tag}`);
	await page.getByRole('button', { name: /perte/i }).click();
	const lossRow = page.getByRole('row').filter({ hasText: `tombé du chariot ${tag}` });
	await expect(lossRow).toHaveCount(1);
	const afterLoss = new Date();
	await expect(lossRow).toContainText(`Perte – Cassé : tombé du chariot ${tag}`);
	const lossTime = await expectParisTime(lossRow, before, afterLoss);
	// The reception line of the lot reads "Réception", never a code after a dash.
	await expect(page.getByRole('row').filter({ hasText: 'Réception' }).first()).not.toContainText('– reception');
	await shot(page, 'lot-history');

	// A reception started now shows its start in Paris time in the list of drafts.
	const beforeReception = new Date();
	await page.goto('/stock/receptions');
	await page.getByLabel("D'où vient la livraison ?").selectOption({ index: 1 });
	await page.getByLabel('Numéro du bon de livraison').fill(`TZ-${tag}`);
	await page.getByRole('button', { name: 'Commencer la réception' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`TZ-${tag}`);
	const afterReception = new Date();
	await page.goto('/stock/receptions');
	await expectParisTime(page.getByRole('link').filter({ hasText: `TZ-${tag}` }), beforeReception, afterReception);

	// The till opened and closed on this tablet: the Z report's times are Paris times.
	const beforeTill = new Date();
	await page.goto('/caisse/ouverture');
	await page.getByLabel('Fond de caisse (€)').fill('10');
	await page.getByRole('button', { name: 'Ouvrir la caisse' }).click();
	await expect(page).toHaveURL(/\/caisse$/);
	await page.goto('/caisse/fermeture');
	await page.getByLabel('Espèces comptées (€)').fill('9,52');
	await page.getByRole('button', { name: 'Fermer la caisse' }).click();
	await page.getByRole('button', { name: 'Oui, fermer et voir le Z' }).click();
	await expect(page).toHaveURL(/\/clotures\/[0-9a-f-]{36}$/);
	const afterTill = new Date();
	const closedAt = await expectParisTime(page.locator('dd').filter({ hasText: 'Nadia' }).last(), beforeTill, afterTill);
	await context.close();

	// The manager's journal: the same moments, in sentences, in Paris time.
	const manager = await newDevice(browser, baseURL);
	const m = manager.page;
	await signIn(m, 'sophie');
	await m.goto('/journal?action=stock.loss');
	const lossLine = m.getByRole('row').filter({ hasText: code }).first();
	await expect(lossLine).toContainText(`Nadia Haddad a enregistré une perte sur le lot ${code} : quantité 1, cassé`);
	expect(await expectParisTime(lossLine, before, afterLoss)).toBe(lossTime);
	await m.goto('/journal?action=till.close');
	const closeLine = m
		.getByRole('row')
		.filter({ hasText: `Caisse fuseau ${tag}` })
		.first();
	await expect(closeLine).toContainText(/Nadia Haddad a fermé la caisse Caisse fuseau .* : Z n° \d+, écart espèces −0,48\s€/);
	expect(await expectParisTime(closeLine, beforeTill, afterTill)).toBe(closedAt);
	await expect(m.locator('main')).not.toContainText('paidCents');
	await expect(m.locator('main')).not.toContainText('{"');
	await m.goto('/journal');
	await shot(m, 'journal');
	// Filtered by a day: the shop's today keeps them, yesterday has none of them.
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(afterTill);
	await m.goto(`/journal?action=till.close&from=${today}&to=${today}`);
	await expect(m.getByRole('row').filter({ hasText: `Caisse fuseau ${tag}` })).not.toHaveCount(0);
	await manager.context.close();

	// A sale through the till API (an admin's token is a till point): its receipt and its page show Paris time.
	const admin = await newDevice(browser, baseURL);
	const a = admin.page;
	await signIn(a, 'admin');
	await a.goto('/jetons-api');
	await a.getByLabel('Nom du jeton').fill(`Caisse API ${tag}`);
	await a.getByRole('checkbox', { name: 'Administrateur·rice' }).check();
	await a.getByRole('button', { name: 'Créer le jeton' }).click();
	const token = await a.getByLabel('Jeton', { exact: true }).inputValue();
	const headers = { authorization: `Bearer ${token}` };
	expect((await a.request.post('/api/v1/till-sessions', { headers, data: { floatCents: 0 } })).status()).toBe(201);
	// A household of its own with a fresh right: the demo households' budgets are used up by other tests' sales.
	const sw = await newDevice(browser, baseURL);
	await signIn(sw.page, 'julien');
	const same = { origin: baseURL! };
	const created = await sw.context.request.post('/api/v1/households', {
		data: { firstName: 'Fuseau', lastName: `Horaire ${tag}`, birthDate: '1980-05-05', ignoreDuplicates: true },
		headers: same
	});
	expect(created.status()).toBe(201);
	const household = (await created.json()) as { id: string; reference: string };
	expect((await sw.context.request.post(`/api/v1/households/${household.id}/rights`, { data: {}, headers: same })).status()).toBe(201);
	await sw.context.close();
	const basket = { customer: household.reference, lines: [{ lot: code, quantity: 1 }], payments: [] as { method: string; amountCents: number }[] };
	// Asked without payment, the API says how much is due ("exactement 0,19 €").
	const ask = await a.request.post('/api/v1/sales', { headers: { ...headers, 'Idempotency-Key': `tz-${tag}-ask` }, data: basket });
	const askBody = await ask.json();
	const due = /exactement ([\d\s\u202f]+,\d{2})/.exec(askBody.error.message)?.[1] ?? '';
	expect(due, JSON.stringify(askBody)).not.toBe('');
	const beforeSale = new Date();
	const sold = await a.request.post('/api/v1/sales', {
		headers: { ...headers, 'Idempotency-Key': `tz-${tag}-sale` },
		data: { ...basket, payments: [{ method: 'card', amountCents: Number(due.replace(/\D/g, '')) }] }
	});
	expect(sold.status()).toBe(201);
	const afterSale = new Date();
	const saleId = (await sold.json()).id as string;
	await a.goto(`/ventes/${saleId}/ticket`);
	const saleTime = await expectParisTime(a.locator('main, body').first(), beforeSale, afterSale);
	await a.goto(`/ventes/${saleId}`);
	expect(await expectParisTime(a.locator('main'), beforeSale, afterSale)).toBe(saleTime);
	await a.goto('/journal?action=till.sale');
	const saleLine = a
		.getByRole('row')
		.filter({ hasText: `Caisse API ${tag}` })
		.first();
	await expect(saleLine).toContainText(`payé ${due}`);
	expect(await expectParisTime(saleLine, beforeSale, afterSale)).toBe(saleTime);
	await admin.context.close();

	// The social worker opens a household file: "Qui a ouvert ce dossier" in Paris time.
	const social = await newDevice(browser, baseURL);
	const s = social.page;
	await signIn(s, 'julien');
	const beforeOpen = new Date();
	await s.goto('/foyers');
	await s.locator('a[href^="/foyers/"]').filter({ hasText: /FOY-/ }).first().click();
	await expect(s.getByRole('heading', { name: 'Qui a ouvert ce dossier' })).toBeVisible();
	const afterOpen = new Date();
	await expectParisTime(s.locator('h3:has-text("Qui a ouvert ce dossier") + ul li').first(), beforeOpen, afterOpen);
	await social.context.close();
});
