/**
 * The till's basket on the device: what a scan adds (a lot label, or a product code taking the lot
 * that expires first), what each line costs, the totals, the limits and the budget. Pure and shared:
 * the browser runs it at each scan, with no server round trip (the line shows at once); the server
 * runs the same code for a till without JavaScript. completeSale alone decides at the end.
 */
import { m } from '$lib/paraglide/messages';
import { expiryStatus } from '$lib/stock/expiry';
import { pickFefo } from '$lib/stock/fefo';
import { classifyScan } from '$lib/stock/gs1';
import { formatQuantity, MAX_QUANTITY, parseQuantity, readQuantity, type ProductUnit } from '$lib/stock/units';
import { numberMessage } from '$lib/numbers';
import { basketTotals, limitBreaches, linePrice, type BasketTotals, type BudgetBasis, type LimitBreach, type LimitUsage } from './pricing';

/* ------------------------------------------------------------------ the device's catalogue */

export interface CatalogueProduct {
	id: string;
	name: string;
	unit: ProductUnit;
	priceCents: number;
	categoryId: string | null;
	limitPerVisit: number | null;
	limitPerMonth: number | null;
	/** GTIN-14 codes. */
	gtins: string[];
}

export interface CatalogueLot {
	id: string;
	code: string;
	productId: string;
	date: string | null;
	dateType: 'dlc' | 'ddm' | 'none';
	onHand: number;
	fse: boolean;
	blocked: boolean;
}

/** What the server's tillCatalogue gives the tablet. */
export interface Catalogue {
	/** The shop's day (Europe/Paris) when the catalogue was read. */
	today: string;
	ddmGraceMonths: number;
	categories: { id: string; name: string; parentId: string | null }[];
	products: CatalogueProduct[];
	lots: CatalogueLot[];
}

export interface CatalogueIndex {
	today: string;
	ddmGraceMonths: number;
	products: Map<string, CatalogueProduct>;
	lots: Map<string, CatalogueLot>;
	lotByCode: Map<string, CatalogueLot>;
	byGtin: Map<string, CatalogueProduct>;
	lotsOf: Map<string, CatalogueLot[]>;
	categories: Map<string, { id: string; name: string; parentId: string | null }>;
}

export function indexCatalogue(c: Catalogue): CatalogueIndex {
	const products = new Map(c.products.map((p) => [p.id, p]));
	const byGtin = new Map<string, CatalogueProduct>();
	for (const p of c.products) for (const g of p.gtins) byGtin.set(g, p);
	const lotsOf = new Map<string, CatalogueLot[]>();
	for (const l of c.lots) lotsOf.set(l.productId, [...(lotsOf.get(l.productId) ?? []), l]);
	return {
		today: c.today,
		ddmGraceMonths: c.ddmGraceMonths,
		products,
		lots: new Map(c.lots.map((l) => [l.id, l])),
		lotByCode: new Map(c.lots.map((l) => [l.code.toUpperCase(), l])),
		byGtin,
		lotsOf,
		categories: new Map(c.categories.map((x) => [x.id, x]))
	};
}

/** The top-level category of a product's category (for its pictogram), or null. */
export function topCategory(ix: CatalogueIndex, categoryId: string | null): { id: string; name: string } | null {
	let cur = categoryId ? ix.categories.get(categoryId) : undefined;
	for (let i = 0; cur && cur.parentId && i < 8; i++) cur = ix.categories.get(cur.parentId) ?? cur;
	return cur ? { id: cur.id, name: cur.name } : null;
}

/* ------------------------------------------------------------------ the household */

/** What the till knows of the household being served (the till lookup, with the month's usage). */
export interface Customer {
	reference: string;
	firstName: string;
	status: string;
	/** The right's status in plain French. */
	message: string;
	canShop: boolean;
	rateBp: number | null;
	budgetBasis: BudgetBasis | null;
	budgetCents: number | null;
	usedCents: number;
	leftCents: number | null;
	/** The right's limits per category and month. */
	limits: { categoryId: string; category: string; perMonth: number }[] | null;
	/** Taken this month, sales less returns (for the monthly limits). */
	usage: LimitUsage;
}

/* ------------------------------------------------------------------ lines */

/** A basket line: one lot, in the product's base unit (pieces, grams, millilitres). */
export interface BasketLine {
	lotId: string;
	quantity: number;
}

export type BasketChange =
	| { kind: 'lines'; lines: BasketLine[]; added: BasketLine[] }
	/** A product sold by weight without a weight: ask for it, then add it. */
	| { kind: 'weigh'; productId: string; lotId: string | null }
	| { kind: 'error'; error: string };

const fail = (error: string): BasketChange => ({ kind: 'error', error });

const inBasket = (lines: readonly BasketLine[], lotId: string) => lines.reduce((n, l) => (l.lotId === lotId ? n + l.quantity : n), 0);

/** Why a lot may not leave today (recalled, DLC past, DDM past for too long), or null. */
export function lotRefusal(ix: CatalogueIndex, lot: CatalogueLot, name: string): string | null {
	if (lot.blocked) return m.stock_lot_blocked({ code: lot.code });
	const { state } = expiryStatus(lot, ix.today, ix.ddmGraceMonths);
	if (state === 'dlc_past') return m.till_dlc_past({ name, code: lot.code });
	if (state === 'ddm_too_old') return m.till_ddm_too_old({ name, code: lot.code, months: ix.ddmGraceMonths });
	return null;
}

/** Best-before date past (within the grace): sold, flagged. */
export const isDdmPast = (ix: Pick<CatalogueIndex, 'today' | 'ddmGraceMonths'>, lot: Pick<CatalogueLot, 'date' | 'dateType'>) =>
	expiryStatus(lot, ix.today, ix.ddmGraceMonths).state === 'ddm_past';

/** A quantity as a number of base units, as typed on the keypad ("3", "1,250" kg), or none (null / ""). */
export type QuantityInput = number | string | null;

/**
 * The base units of a quantity input: null when none was given, NaN when it is not a valid quantity
 * (then `quantityError` says why in words: digits, too large, 0…).
 */
function baseUnits(unit: ProductUnit, q: QuantityInput): number | null {
	if (q === null) return null;
	if (typeof q === 'string') return q.trim() === '' ? null : (parseQuantity(unit, q) ?? NaN);
	return Number.isSafeInteger(q) && q > 0 && q <= MAX_QUANTITY[unit] ? q : NaN;
}

/** Why a quantity input is not valid, in words (issue 10: "trop grand (maximum …)", "tapez des chiffres"). */
function quantityError(unit: ProductUnit, q: QuantityInput): string {
	if (typeof q === 'string') {
		const r = readQuantity(unit, q);
		if (!r.ok) return numberMessage(r.problem);
	}
	if (typeof q === 'number' && q > MAX_QUANTITY[unit]) return numberMessage({ code: 'too_large', max: formatQuantity(unit, MAX_QUANTITY[unit]) });
	return m.stock_quantity_invalid();
}

function merge(lines: readonly BasketLine[], add: readonly BasketLine[]): BasketLine[] {
	const out = lines.map((l) => ({ ...l }));
	for (const a of add) {
		const same = out.find((l) => l.lotId === a.lotId);
		if (same) same.quantity += a.quantity;
		else out.push({ ...a });
	}
	return out;
}

/** Adds `quantity` of one lot (a scanned lot label); null quantity: one piece, or ask for the weight. */
export function addLot(ix: CatalogueIndex, lines: readonly BasketLine[], lot: CatalogueLot, q: QuantityInput): BasketChange {
	const product = ix.products.get(lot.productId);
	if (!product) return fail(m.till_lot_unknown({ code: lot.code }));
	const refused = lotRefusal(ix, lot, product.name);
	if (refused) return fail(refused);
	let quantity = baseUnits(product.unit, q);
	if (quantity === null) {
		if (product.unit !== 'piece') return { kind: 'weigh', productId: product.id, lotId: lot.id };
		quantity = 1;
	}
	if (Number.isNaN(quantity)) return fail(quantityError(product.unit, q));
	const left = lot.onHand - inBasket(lines, lot.id);
	if (quantity > left) return fail(m.till_lot_short({ name: product.name, code: lot.code, left: formatQuantity(product.unit, Math.max(0, left)) }));
	const added = [{ lotId: lot.id, quantity }];
	return { kind: 'lines', lines: merge(lines, added), added };
}

/**
 * Adds `quantity` of a product (a scanned EAN, a search result): from the lot that expires first
 * (FEFO), over several lots when one is not enough; lots that may not leave are skipped.
 */
export function addProduct(ix: CatalogueIndex, lines: readonly BasketLine[], productId: string, q: QuantityInput): BasketChange {
	const product = ix.products.get(productId);
	if (!product) return fail(m.till_product_unknown());
	let quantity = baseUnits(product.unit, q);
	if (quantity === null) {
		if (product.unit !== 'piece') return { kind: 'weigh', productId, lotId: null };
		quantity = 1;
	}
	if (Number.isNaN(quantity)) return fail(quantityError(product.unit, q));
	const candidates = (ix.lotsOf.get(productId) ?? [])
		.filter((l) => lotRefusal(ix, l, product.name) === null)
		.map((l) => ({ ...l, onHand: l.onHand - inBasket(lines, l.id) }));
	const plan = pickFefo(candidates, quantity, ix.today);
	if (!plan) {
		const left = candidates.reduce((n, l) => n + Math.max(0, l.onHand), 0);
		return fail(left === 0 ? m.till_no_stock({ name: product.name }) : m.till_product_short({ name: product.name, left: formatQuantity(product.unit, left) }));
	}
	const added = plan.map((p) => ({ lotId: p.lot.id, quantity: p.quantity }));
	return { kind: 'lines', lines: merge(lines, added), added };
}

/**
 * What a scanned or typed code adds: a lot label (L-000123, or the URL its QR holds), a product's
 * EAN-13/EAN-8/UPC, or a GS1-128/DataMatrix string (its net weight is the quantity of a kg product).
 */
export function scanCode(ix: CatalogueIndex, lines: readonly BasketLine[], raw: string, quantity: QuantityInput): BasketChange {
	const code = typeof raw === 'string' ? raw.trim() : '';
	if (!code) return fail(m.till_scan_empty());
	if (code.length > 200) return fail(m.till_code_unknown({ code: code.slice(0, 20) + '…' }));
	const s = classifyScan(code, Number(ix.today.slice(0, 4)));
	switch (s.kind) {
		case 'lot': {
			const lot = ix.lotByCode.get(s.code);
			return lot ? addLot(ix, lines, lot, quantity) : fail(m.till_lot_unknown({ code: s.code }));
		}
		case 'gtin': {
			const p = ix.byGtin.get(s.gtin);
			return p ? addProduct(ix, lines, p.id, quantity) : fail(m.till_code_unknown({ code }));
		}
		case 'gs1': {
			const p = s.data.gtin ? ix.byGtin.get(s.data.gtin) : undefined;
			if (!p) return fail(m.till_code_unknown({ code: s.data.gtin ?? code }));
			const weight = p.unit === 'kg' && s.data.netWeightGrams ? s.data.netWeightGrams : null;
			return addProduct(ix, lines, p.id, quantity === null || quantity === '' ? weight : quantity);
		}
		case 'location':
			return fail(m.till_not_an_article());
		case 'invalid':
			if (/^CARTE-/i.test(code)) return fail(m.till_not_an_article());
			return fail(s.error === 'bad_check_digit' ? m.till_code_misread() : m.till_code_unknown({ code: code.length > 40 ? code.slice(0, 40) + '…' : code }));
	}
}

/** A line's new quantity (0 removes it); refused above what the lot holds. */
export function setQuantity(ix: CatalogueIndex, lines: readonly BasketLine[], lotId: string, q: QuantityInput): BasketChange {
	if (!lines.some((l) => l.lotId === lotId)) return fail(m.till_line_gone());
	if (q === 0 || (typeof q === 'string' && /^\s*0+([.,]0*)?\s*$/.test(q))) return { kind: 'lines', lines: removeLine(lines, lotId), added: [] };
	const lot = ix.lots.get(lotId);
	const product = lot ? ix.products.get(lot.productId) : undefined;
	if (!lot || !product) return fail(m.till_line_gone());
	const quantity = baseUnits(product.unit, q);
	if (quantity === null || Number.isNaN(quantity)) return fail(quantity === null ? m.number_empty() : quantityError(product.unit, q));
	if (quantity > lot.onHand) return fail(m.till_lot_short({ name: product.name, code: lot.code, left: formatQuantity(product.unit, lot.onHand) }));
	return { kind: 'lines', lines: lines.map((l) => (l.lotId === lotId ? { ...l, quantity } : l)), added: [] };
}

export function removeLine(lines: readonly BasketLine[], lotId: string): BasketLine[] {
	return lines.filter((l) => l.lotId !== lotId);
}

/** One piece more or less on a line (pieces only; at 0 the line goes). */
export function stepQuantity(ix: CatalogueIndex, lines: readonly BasketLine[], lotId: string, delta: 1 | -1): BasketChange {
	const line = lines.find((l) => l.lotId === lotId);
	if (!line) return fail(m.till_line_gone());
	return setQuantity(ix, lines, lotId, Math.max(0, line.quantity + delta));
}

/* ------------------------------------------------------------------ what the basket costs */

export interface LineView {
	lotId: string;
	lotCode: string;
	productId: string;
	name: string;
	unit: ProductUnit;
	categoryId: string | null;
	quantity: number;
	unitPriceCents: number;
	referenceCents: number;
	paidCents: number;
	fse: boolean;
	ddmPast: boolean;
	date: string | null;
	dateType: 'dlc' | 'ddm' | 'none';
	/** Why this line cannot be sold as it is (stock gone meanwhile, DLC passed), or null. */
	problem: string | null;
}

export interface BasketView {
	lines: LineView[];
	/** Lines whose lot is no longer in the catalogue (sold out by another till meanwhile). */
	missing: string[];
	totals: BasketTotals;
	/** The month's budget left once this basket is paid (negative: over budget), or null without a right. */
	budgetLeftAfterCents: number | null;
	overBudget: boolean;
	/** The limits the basket goes over, in plain French. */
	breaches: string[];
	/** A supervisor must authorise this basket (over budget or a limit). */
	needsOverride: boolean;
}

/** A limit reached, in plain French: "Riz 1 kg : 2 au plus par passage (panier : 3)". */
export function breachMessage(b: LimitBreach): string {
	const limit = formatQuantity(b.unit, b.limit);
	const wanted = formatQuantity(b.unit, b.wanted);
	switch (b.kind) {
		case 'product_visit':
			return m.till_limit_visit({ name: b.name, limit, wanted });
		case 'product_month':
			return m.till_limit_month({ name: b.name, limit, wanted });
		case 'category_month':
			return m.till_limit_category({ name: b.name, limit, wanted });
	}
}

/** Each line priced at the household's rate (FSE+ free), the totals, the budget after it and the limits. */
export function basketView(ix: CatalogueIndex, customer: Customer | null, lines: readonly BasketLine[]): BasketView {
	const rateBp = customer?.rateBp ?? 0;
	const out: LineView[] = [];
	const missing: string[] = [];
	for (const l of lines) {
		const lot = ix.lots.get(l.lotId);
		const product = lot ? ix.products.get(lot.productId) : undefined;
		if (!lot || !product) {
			missing.push(l.lotId);
			continue;
		}
		const price = linePrice({ unit: product.unit, quantity: l.quantity, unitPriceCents: product.priceCents, rateBp, fse: lot.fse });
		const problem =
			lotRefusal(ix, lot, product.name) ??
			(l.quantity > lot.onHand ? m.till_lot_short({ name: product.name, code: lot.code, left: formatQuantity(product.unit, lot.onHand) }) : null);
		out.push({
			lotId: lot.id,
			lotCode: lot.code,
			productId: product.id,
			name: product.name,
			unit: product.unit,
			categoryId: product.categoryId,
			quantity: l.quantity,
			unitPriceCents: product.priceCents,
			...price,
			fse: lot.fse,
			ddmPast: isDdmPast(ix, lot),
			date: lot.date,
			dateType: lot.dateType,
			problem
		});
	}
	const totals = basketTotals(customer?.budgetBasis ?? 'reference_value', out);
	const budgetLeftAfterCents = customer?.leftCents == null ? null : customer.leftCents - totals.budgetCents;
	const overBudget = budgetLeftAfterCents !== null && budgetLeftAfterCents < 0;
	const categoryLimits = customer?.limits?.length ? Object.fromEntries(customer.limits.map((x) => [x.categoryId, x.perMonth])) : null;
	const categoryNames = Object.fromEntries((customer?.limits ?? []).map((x) => [x.categoryId, x.category]));
	// A category's limit counts its sub-categories, as the server counts them.
	const categoryParents = Object.fromEntries([...ix.categories.values()].map((c) => [c.id, c.parentId]));
	const breaches = limitBreaches(
		out.map((x) => {
			const p = ix.products.get(x.productId)!;
			return {
				productId: p.id,
				productName: p.name,
				categoryId: p.categoryId,
				unit: p.unit,
				quantity: x.quantity,
				limitPerVisit: p.limitPerVisit,
				limitPerMonth: p.limitPerMonth
			};
		}),
		customer?.usage ?? { productMonth: {}, categoryMonth: {} },
		categoryLimits,
		categoryNames,
		categoryParents
	).map(breachMessage);
	return { lines: out, missing, totals, budgetLeftAfterCents, overBudget, breaches, needsOverride: overBudget || breaches.length > 0 };
}

/* ------------------------------------------------------------------ search */

const fold = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();

/** Products whose name holds every word typed (accents and case ignored), in a category (or its children) if given. */
export function searchProducts(ix: CatalogueIndex, text: string, categoryId: string | null = null, max = 24): CatalogueProduct[] {
	const words = fold(text.trim()).split(/\s+/).filter(Boolean);
	if (words.length === 0 && !categoryId) return [];
	const out: CatalogueProduct[] = [];
	for (const p of ix.products.values()) {
		if (categoryId && topCategory(ix, p.categoryId)?.id !== categoryId && p.categoryId !== categoryId) continue;
		const name = fold(p.name);
		if (words.every((w) => name.includes(w))) out.push(p);
	}
	return out.sort((a, b) => a.name.localeCompare(b.name, 'fr')).slice(0, max);
}

/** What is left of a product on the shelves for this basket (lots that may leave today, less the basket). */
export function availableOf(ix: CatalogueIndex, lines: readonly BasketLine[], productId: string): number {
	const product = ix.products.get(productId);
	if (!product) return 0;
	return (ix.lotsOf.get(productId) ?? [])
		.filter((l) => lotRefusal(ix, l, product.name) === null)
		.reduce((n, l) => n + Math.max(0, l.onHand - inBasket(lines, l.id)), 0);
}

/**
 * The part of the catalogue a basket needs to be shown: its lots and their products, and every lot of
 * the given products (search results). A till without JavaScript gets this with each page.
 */
export function catalogueSubset(c: Catalogue, lotIds: readonly string[], productIds: readonly string[]): Catalogue {
	const wantLots = new Set(lotIds);
	const wantProducts = new Set(productIds);
	for (const l of c.lots) if (wantLots.has(l.id)) wantProducts.add(l.productId);
	return {
		...c,
		products: c.products.filter((p) => wantProducts.has(p.id)),
		lots: c.lots.filter((l) => wantLots.has(l.id) || wantProducts.has(l.productId))
	};
}

/** False when the code names a lot or a product this catalogue does not have (perhaps received since it was read). */
export function knowsCode(ix: CatalogueIndex, raw: string): boolean {
	const s = classifyScan(raw.trim(), Number(ix.today.slice(0, 4)) || new Date().getFullYear());
	if (s.kind === 'lot') return ix.lotByCode.has(s.code);
	if (s.kind === 'gtin') return ix.byGtin.has(s.gtin);
	if (s.kind === 'gs1') return !!s.data.gtin && ix.byGtin.has(s.data.gtin);
	return true;
}
