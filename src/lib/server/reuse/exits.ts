import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { CORRECT_REUSE, WORK_REUSE } from '$lib/permissions';
import { MAX_EXIT_NOTE, MAX_RECIPIENT, RECIPIENT_REQUIRED, isExitChannel, type ExitChannel } from '$lib/reuse/channels';
import { REUSE_FLUXES, isReuseFlux, type ReuseFlux } from '$lib/reuse/flux';
import { MAX_COUNT, countedWeight, netWeight, type WeighingProblem } from '$lib/reuse/weighing';
import { hasControlCharacter } from '$lib/text';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { pageOf } from '../db/lists';
import { reuseCategories, reuseContainers, reuseExitLines, reuseExits, reuseItems, sites, users } from '../db/schema';
import { weighingMessage } from '$lib/reuse/weighingMessage';
import { pickRessourcerieSite, ressourcerieSites } from './sites';
import { AppError } from '../errors';
import { reuseCategoryOf, reuseContainerOf } from './categories';
import { lockItem, nextReuseCode, recordItemMovement } from './ledger';
import { reuseSettings } from './settings';

/**
 * Exits by channel (issue 15, item 6; docs/ressourcerie.md « Sorties »): what leaves the ressourcerie
 * other than sold — given (to a person or a partner), a partner convention, recycling through an
 * eco-organism's channel, waste. An exit (S-000123) has a channel, a recipient and lines:
 *
 * - weighed by flux (optionally a category) on the scale, a container's tare deducted — the same rule
 *   as intakes (`netWeight`, the scale's maximum from `reuseSettings`);
 * - counted: count × the category's average weight (`countedWeight`);
 * - an item scanned by its label: its pieces leave by an `exit` movement of the items' ledger
 *   (`recordItemMovement`), weight = pieces × its unit weight. An item already sold or gone is refused
 *   there in French, and nothing is saved.
 *
 * Every line is audited `reuse.exit` (a work event of the operator who weighed). Lines are append-only:
 * a supervisor (CORRECT_REUSE) cancels one by a reversing line (`correction_of`, net ≤ 0); an item's
 * pieces come back by a `correction` movement. Each write is one transaction, the exit's row locked
 * first, so two writes on one exit take turns.
 */

export type ExitLineInput =
	| { method: 'weighed'; flux?: unknown; categoryId?: unknown; containerId?: unknown; grossGrams: unknown }
	| { method: 'counted'; categoryId: unknown; count: unknown }
	| { method: 'item'; code: unknown; quantity?: unknown };

export interface ExitInput {
	siteId?: unknown;
	channel: unknown;
	recipient?: unknown;
	note?: unknown;
}

const PAGE_SIZE = 20;

/** The text of an optional free field: trimmed, null when empty; refused when too long or with control characters. */
function optionalText(v: unknown, max: number, code: string, message: string, field: string): string | null {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'string') throw new AppError(code, message, 400, field);
	const t = v.trim();
	if (t.length > max || hasControlCharacter(t)) throw new AppError(code, message, 400, field);
	return t || null;
}

/** The site an exit is made at: the one given (an active ressourcerie of the organisation) or the only one. */
async function exitSite(tx: Tx, actor: Actor, siteId: unknown): Promise<string> {
	const picked = pickRessourcerieSite(await ressourcerieSites(tx, actor), siteId);
	if (picked.ok) return picked.site.id;
	if (picked.why === 'required') throw new AppError('site_required', m.rx_site_required(), 400, 'siteId');
	throw new AppError('site_not_found', m.rx_site_not_found(), 404, 'siteId');
}

/** Opens an exit (audited `reuse.exit_create`). */
export async function createExit(db: Database, actor: Actor, input: ExitInput): Promise<{ id: string; number: string }> {
	requireRole(actor, WORK_REUSE);
	if (!isExitChannel(input.channel)) throw new AppError('channel_invalid', m.rx_channel_invalid(), 400, 'channel');
	const channel: ExitChannel = input.channel;
	const recipient = optionalText(input.recipient, MAX_RECIPIENT, 'recipient_invalid', m.rx_recipient_invalid({ max: MAX_RECIPIENT }), 'recipient');
	if (!recipient && RECIPIENT_REQUIRED.includes(channel)) throw new AppError('recipient_required', m.rx_recipient_required(), 400, 'recipient');
	const note = optionalText(input.note, MAX_EXIT_NOTE, 'note_invalid', m.rx_note_invalid({ max: MAX_EXIT_NOTE }), 'note');
	return db.transaction(async (tx) => {
		const siteId = await exitSite(tx, actor, input.siteId);
		const number = await nextReuseCode(tx, actor.organisationId, 'exit');
		const [row] = await tx
			.insert(reuseExits)
			.values({ organisationId: actor.organisationId, number, siteId, channel, recipient, note, createdBy: actor.userId, deviceId: actor.deviceId })
			.returning({ id: reuseExits.id });
		await audit(tx, actor, 'reuse.exit_create', { type: 'reuse_exit', id: row!.id }, { number, channel, ...(recipient ? { recipient } : {}) });
		return { id: row!.id, number };
	});
}

/** Locks an exit of the actor's organisation (404 in French otherwise). */
async function lockExit(tx: Tx, actor: Actor, exitId: unknown) {
	if (!z.uuid().safeParse(exitId).success) throw new AppError('exit_not_found', m.rx_exit_not_found(), 404);
	const [row] = await tx
		.select({ id: reuseExits.id, number: reuseExits.number, channel: reuseExits.channel, siteId: reuseExits.siteId })
		.from(reuseExits)
		.where(and(eq(reuseExits.id, exitId as string), eq(reuseExits.organisationId, actor.organisationId)))
		.for('update');
	if (!row) throw new AppError('exit_not_found', m.rx_exit_not_found(), 404);
	return row;
}

/** An exit of the actor's organisation exists (404 in French otherwise): the API checks the path before the body. */
export async function checkExit(ex: Executor, actor: Actor, exitId: unknown): Promise<void> {
	requireRole(actor, WORK_REUSE);
	if (!z.uuid().safeParse(exitId).success) throw new AppError('exit_not_found', m.rx_exit_not_found(), 404);
	const [row] = await ex
		.select({ id: reuseExits.id })
		.from(reuseExits)
		.where(and(eq(reuseExits.id, exitId as string), eq(reuseExits.organisationId, actor.organisationId)));
	if (!row) throw new AppError('exit_not_found', m.rx_exit_not_found(), 404);
}

/** A weighing's refusal in French (the same sentence as the intakes' and the tablet's preview), on its field. */
export function weighingRefusal(problem: WeighingProblem, field = 'grossGrams'): AppError {
	const on = problem.code === 'count_invalid' ? 'count' : problem.code === 'average_invalid' ? 'categoryId' : field;
	return new AppError(problem.code, weighingMessage(problem), 400, on);
}

export interface AddedExitLine {
	id: number;
	flux: ReuseFlux;
	method: 'weighed' | 'counted' | 'item';
	netGrams: number;
	itemCode: string | null;
	/** Pieces of the item still in stock after the exit (item lines). */
	itemLeft: number | null;
}

/**
 * Adds a line to an exit (see the top of the file); audited `reuse.exit` (a work event). A refusal
 * (weight over the scale's maximum or not above the tare, another organisation's container, category or
 * label, an item already gone) changes nothing.
 */
export async function addExitLine(db: Database, actor: Actor, exitId: unknown, input: ExitLineInput): Promise<AddedExitLine> {
	requireRole(actor, WORK_REUSE);
	const method = (input as { method?: unknown }).method;
	if (method !== 'weighed' && method !== 'counted' && method !== 'item') throw new AppError('method_invalid', m.rx_method_invalid(), 400, 'method');
	return db.transaction(async (tx) => {
		const exit = await lockExit(tx, actor, exitId);
		const base = { organisationId: actor.organisationId, exitId: exit.id, userId: actor.userId };
		let line: typeof reuseExitLines.$inferInsert;
		let item: Awaited<ReturnType<typeof lockItem>> | null = null;
		if (input.method === 'weighed') {
			let flux: ReuseFlux | null = isReuseFlux(input.flux) ? input.flux : null;
			let categoryId: string | null = null;
			if (input.categoryId !== undefined && input.categoryId !== null && input.categoryId !== '') {
				const cat = await reuseCategoryOf(tx, actor, input.categoryId);
				if (flux && cat.flux !== flux) throw new AppError('category_flux_mismatch', m.rx_category_flux_mismatch(), 400, 'categoryId');
				flux = cat.flux;
				categoryId = cat.id;
			}
			if (!flux) throw new AppError('flux_invalid', m.rx_flux_invalid(), 400, 'flux');
			const gross = input.grossGrams;
			if (typeof gross !== 'number' || !Number.isSafeInteger(gross) || gross <= 0) throw new AppError('gross_invalid', m.rx_gross_invalid(), 400, 'grossGrams');
			let containerId: string | null = null;
			let tare = 0;
			if (input.containerId !== undefined && input.containerId !== null && input.containerId !== '') {
				const container = await reuseContainerOf(tx, actor, input.containerId);
				containerId = container.id;
				tare = container.tareGrams;
			}
			const { scaleMaxGrams } = await reuseSettings(tx, actor);
			const net = netWeight(gross, tare, scaleMaxGrams);
			if (!net.ok) throw weighingRefusal(net.problem);
			line = { ...base, flux, categoryId, method: 'weighed', grossGrams: gross, containerId, tareGrams: tare, netGrams: net.netGrams };
		} else if (input.method === 'counted') {
			if (input.categoryId === undefined || input.categoryId === null || input.categoryId === '')
				throw new AppError('category_required', m.rx_category_required(), 400, 'categoryId');
			const cat = await reuseCategoryOf(tx, actor, input.categoryId);
			const n = input.count;
			const weight = countedWeight(typeof n === 'number' ? n : NaN, cat.averageWeightGrams);
			if (!weight.ok) throw weighingRefusal(weight.problem);
			line = { ...base, flux: cat.flux, categoryId: cat.id, method: 'counted', count: n as number, netGrams: weight.netGrams };
		} else {
			item = await lockItem(tx, actor, input.code, 'code');
			const q = input.quantity === undefined || input.quantity === null ? Math.max(1, item.onHand) : input.quantity;
			if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 1 || q > MAX_COUNT)
				throw new AppError('quantity_invalid', m.reuse_quantity_invalid(), 400, 'quantity');
			if (q > item.onHand)
				throw new AppError(
					'reuse_item_gone',
					item.onHand === 0 ? m.reuse_item_gone({ code: item.code }) : m.reuse_item_not_enough({ code: item.code, left: item.onHand }),
					409,
					'code'
				);
			line = { ...base, flux: item.flux, categoryId: item.categoryId, method: 'item', itemId: item.id, count: q, netGrams: q * item.unitWeightGrams };
		}
		const [row] = await tx.insert(reuseExitLines).values(line).returning({ id: reuseExitLines.id });
		const lineId = row!.id;
		if (item) await recordItemMovement(tx, actor, item, { kind: 'exit', quantity: -line.count!, exitLineId: lineId, reason: exit.channel, field: 'code' });
		await audit(
			tx,
			actor,
			'reuse.exit',
			{ type: 'reuse_exit', id: exit.id },
			{
				number: exit.number,
				channel: exit.channel,
				line: lineId,
				flux: line.flux,
				method: line.method,
				netGrams: line.netGrams,
				...(item ? { code: item.code, pieces: line.count } : {})
			}
		);
		return { id: lineId, flux: line.flux, method: line.method, netGrams: line.netGrams, itemCode: item?.code ?? null, itemLeft: item?.onHand ?? null };
	});
}

/**
 * Cancels a line of an exit (supervisors and managers): a reversing line (`correction_of`, opposite
 * weights), and for an item its pieces back in stock (a `correction` movement). Audited `reuse.exit_cancel`.
 */
export async function cancelExitLine(db: Database, actor: Actor, exitId: unknown, lineId: unknown): Promise<{ id: number }> {
	requireRole(actor, CORRECT_REUSE);
	const id = typeof lineId === 'string' && /^\d{1,15}$/.test(lineId) ? Number(lineId) : lineId;
	if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw new AppError('line_not_found', m.rx_line_not_found(), 404, 'lineId');
	return db.transaction(async (tx) => {
		const exit = await lockExit(tx, actor, exitId);
		const [line] = await tx
			.select()
			.from(reuseExitLines)
			.where(and(eq(reuseExitLines.id, id), eq(reuseExitLines.exitId, exit.id), eq(reuseExitLines.organisationId, actor.organisationId)));
		if (!line || line.correctionOf !== null) throw new AppError('line_not_found', m.rx_line_not_found(), 404, 'lineId');
		const [done] = await tx.select({ id: reuseExitLines.id }).from(reuseExitLines).where(eq(reuseExitLines.correctionOf, line.id));
		if (done) throw new AppError('line_cancelled', m.rx_line_cancelled(), 409, 'lineId');
		const neg = (v: number | null) => (v === null ? null : -v);
		const [row] = await tx
			.insert(reuseExitLines)
			.values({
				organisationId: actor.organisationId,
				exitId: exit.id,
				flux: line.flux,
				categoryId: line.categoryId,
				method: line.method,
				itemId: line.itemId,
				grossGrams: neg(line.grossGrams),
				containerId: line.containerId,
				tareGrams: -line.tareGrams,
				count: neg(line.count),
				netGrams: -line.netGrams,
				correctionOf: line.id,
				userId: actor.userId
			})
			.returning({ id: reuseExitLines.id });
		let code: string | null = null;
		if (line.itemId) {
			const item = await lockItem(tx, actor, line.itemId, 'lineId');
			code = item.code;
			await recordItemMovement(tx, actor, item, {
				kind: 'correction',
				quantity: line.count ?? 0,
				exitLineId: row!.id,
				reason: `exit ${exit.number} cancelled`,
				field: 'lineId'
			});
		}
		await audit(
			tx,
			actor,
			'reuse.exit_cancel',
			{ type: 'reuse_exit', id: exit.id },
			{ number: exit.number, line: line.id, flux: line.flux, netGrams: line.netGrams, ...(code ? { code } : {}) }
		);
		return { id: row!.id };
	});
}

export interface ExitSummary {
	id: string;
	number: string;
	channel: ExitChannel;
	recipient: string | null;
	siteName: string;
	createdAt: Date;
	createdBy: string;
	lines: number;
	netGrams: number;
}

/** The organisation's exits, newest first, 20 a page (`channel` filters). */
export async function listExits(
	ex: Executor,
	actor: Actor,
	opts: { channel?: string | null; page?: number } = {}
): Promise<{ rows: ExitSummary[]; page: number; pages: number; total: number }> {
	requireRole(actor, WORK_REUSE);
	const channel = isExitChannel(opts.channel) ? opts.channel : null;
	const where = and(eq(reuseExits.organisationId, actor.organisationId), channel ? eq(reuseExits.channel, channel) : undefined);
	const [{ total } = { total: 0 }] = await ex.select({ total: count() }).from(reuseExits).where(where);
	const p = pageOf(total, opts.page, PAGE_SIZE);
	const totals = ex
		.select({
			exitId: reuseExitLines.exitId,
			lines: sql<number>`count(*) filter (where ${reuseExitLines.correctionOf} is null)::int`.as('lines'),
			net: sql<number>`coalesce(sum(${reuseExitLines.netGrams}), 0)::int`.as('net')
		})
		.from(reuseExitLines)
		.where(eq(reuseExitLines.organisationId, actor.organisationId))
		.groupBy(reuseExitLines.exitId)
		.as('t');
	const rows = await ex
		.select({
			id: reuseExits.id,
			number: reuseExits.number,
			channel: reuseExits.channel,
			recipient: reuseExits.recipient,
			siteName: sites.name,
			createdAt: reuseExits.createdAt,
			firstName: users.firstName,
			lastName: users.lastName,
			lines: totals.lines,
			net: totals.net
		})
		.from(reuseExits)
		.innerJoin(sites, eq(sites.id, reuseExits.siteId))
		.innerJoin(users, eq(users.id, reuseExits.createdBy))
		.leftJoin(totals, eq(totals.exitId, reuseExits.id))
		.where(where)
		.orderBy(desc(reuseExits.createdAt), desc(reuseExits.number))
		.limit(p.limit)
		.offset(p.offset);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			number: r.number,
			channel: r.channel,
			recipient: r.recipient,
			siteName: r.siteName,
			createdAt: r.createdAt,
			createdBy: `${r.firstName} ${r.lastName}`.trim(),
			lines: r.lines ?? 0,
			netGrams: r.net ?? 0
		})),
		page: p.page,
		pages: p.pages,
		total
	};
}

export interface ExitLineView {
	id: number;
	flux: ReuseFlux;
	categoryName: string | null;
	method: 'weighed' | 'counted' | 'item';
	grossGrams: number | null;
	containerName: string | null;
	tareGrams: number;
	count: number | null;
	netGrams: number;
	itemCode: string | null;
	itemDescription: string | null;
	correctionOf: number | null;
	/** A line that a later line cancelled. */
	cancelled: boolean;
	by: string;
	at: Date;
}

export interface ExitView {
	id: string;
	number: string;
	siteId: string;
	siteName: string;
	channel: ExitChannel;
	recipient: string | null;
	note: string | null;
	createdAt: Date;
	createdBy: string;
	lines: ExitLineView[];
	/** Net weight by flux (cancelled lines count for nothing), in the flux order; fluxes without weight left out. */
	byFlux: { flux: ReuseFlux; netGrams: number }[];
	netGrams: number;
}

/** One exit of the organisation with its lines (oldest first) and its totals by flux (404 in French otherwise). */
export async function getExit(ex: Executor, actor: Actor, id: unknown): Promise<ExitView> {
	requireRole(actor, WORK_REUSE);
	if (!z.uuid().safeParse(id).success) throw new AppError('exit_not_found', m.rx_exit_not_found(), 404);
	const [exit] = await ex
		.select({
			id: reuseExits.id,
			number: reuseExits.number,
			siteId: reuseExits.siteId,
			siteName: sites.name,
			channel: reuseExits.channel,
			recipient: reuseExits.recipient,
			note: reuseExits.note,
			createdAt: reuseExits.createdAt,
			firstName: users.firstName,
			lastName: users.lastName
		})
		.from(reuseExits)
		.innerJoin(sites, eq(sites.id, reuseExits.siteId))
		.innerJoin(users, eq(users.id, reuseExits.createdBy))
		.where(and(eq(reuseExits.id, id as string), eq(reuseExits.organisationId, actor.organisationId)));
	if (!exit) throw new AppError('exit_not_found', m.rx_exit_not_found(), 404);
	const reversal = alias(reuseExitLines, 'reversal');
	const rows = await ex
		.select({
			id: reuseExitLines.id,
			flux: reuseExitLines.flux,
			categoryName: reuseCategories.name,
			method: reuseExitLines.method,
			grossGrams: reuseExitLines.grossGrams,
			containerName: reuseContainers.name,
			tareGrams: reuseExitLines.tareGrams,
			count: reuseExitLines.count,
			netGrams: reuseExitLines.netGrams,
			itemCode: reuseItems.code,
			itemDescription: reuseItems.description,
			correctionOf: reuseExitLines.correctionOf,
			reversalId: reversal.id,
			firstName: users.firstName,
			lastName: users.lastName,
			at: reuseExitLines.at
		})
		.from(reuseExitLines)
		.leftJoin(reuseCategories, eq(reuseCategories.id, reuseExitLines.categoryId))
		.leftJoin(reuseContainers, eq(reuseContainers.id, reuseExitLines.containerId))
		.leftJoin(reuseItems, eq(reuseItems.id, reuseExitLines.itemId))
		.leftJoin(reversal, eq(reversal.correctionOf, reuseExitLines.id))
		.innerJoin(users, eq(users.id, reuseExitLines.userId))
		.where(eq(reuseExitLines.exitId, exit.id))
		.orderBy(asc(reuseExitLines.id));
	const lines: ExitLineView[] = rows.map(({ reversalId, firstName, lastName, ...r }) => ({
		...r,
		cancelled: reversalId !== null,
		by: `${firstName} ${lastName}`.trim()
	}));
	const sums = new Map<ReuseFlux, number>();
	for (const l of lines) sums.set(l.flux, (sums.get(l.flux) ?? 0) + l.netGrams);
	const byFlux = REUSE_FLUXES.filter((f) => (sums.get(f) ?? 0) !== 0).map((f) => ({ flux: f, netGrams: sums.get(f)! }));
	const { firstName, lastName, ...rest } = exit;
	return { ...rest, createdBy: `${firstName} ${lastName}`.trim(), lines, byFlux, netGrams: lines.reduce((s, l) => s + l.netGrams, 0) };
}
