import { and, asc, eq, gt } from 'drizzle-orm';
import type { ExitChannel } from '$lib/reuse/channels';
import type { ReuseFlux } from '$lib/reuse/flux';
import { addDays } from '$lib/stock/dates';
import { demoActorOf } from './actor';
import type { Tx } from '../db';
import { reuseContainers, reuseExitLines, reuseExits, reuseItems, sites } from '../db/schema';
import { ensureReuseCategories } from '../reuse/categories';
import { lockItem, nextReuseCode, recordItemMovement } from '../reuse/ledger';

/**
 * The demo's exits (issue 15, docs/ressourcerie.md « Sorties »): over the last five months, on every
 * channel — given to a person and to a partner, the partner convention « Emmaüs Connect », recycling
 * through Ecomaison, ecosystem and Refashion, waste to the déchetterie — weighed by flux (the lightest
 * container's tare deducted when the demo has containers) by Karim and Léa. When the demo has items (seeded
 * before), the oldest one-piece item in stock is given away by its label. Called by the coordinator from
 * seed.ts after the items; returns how many exits were made.
 */

type DemoLine = { flux: ReuseFlux; kg: number; bin?: boolean };
interface DemoExit {
	daysAgo: number;
	channel: ExitChannel;
	recipient: string | null;
	by: 'karim' | 'lea';
	lines: DemoLine[];
}

export const DEMO_REUSE_EXITS: DemoExit[] = [
	{ daysAgo: 140, channel: 'recyclage', recipient: 'Ecomaison', by: 'karim', lines: [{ flux: 'mobilier', kg: 86 }] },
	{ daysAgo: 128, channel: 'dechet', recipient: 'Déchetterie de Vénissieux', by: 'lea', lines: [{ flux: 'autre', kg: 42.5 }] },
	{ daysAgo: 115, channel: 'recyclage', recipient: 'Refashion', by: 'lea', lines: [{ flux: 'textile', kg: 37.5, bin: true }] },
	{ daysAgo: 101, channel: 'partenaire', recipient: 'Emmaüs Connect', by: 'karim', lines: [{ flux: 'deee', kg: 18.4 }] },
	{ daysAgo: 88, channel: 'recyclage', recipient: 'ecosystem', by: 'karim', lines: [{ flux: 'deee', kg: 54 }] },
	{
		daysAgo: 74,
		channel: 'don',
		recipient: 'Secours populaire',
		by: 'lea',
		lines: [
			{ flux: 'vaisselle', kg: 12.5, bin: true },
			{ flux: 'jouets', kg: 6 }
		]
	},
	{ daysAgo: 60, channel: 'recyclage', recipient: 'Refashion', by: 'karim', lines: [{ flux: 'textile', kg: 61, bin: true }] },
	{
		daysAgo: 45,
		channel: 'dechet',
		recipient: 'Bennes',
		by: 'karim',
		lines: [
			{ flux: 'bricolage', kg: 23 },
			{ flux: 'autre', kg: 15.5 }
		]
	},
	{ daysAgo: 31, channel: 'partenaire', recipient: 'Emmaüs Connect', by: 'lea', lines: [{ flux: 'deee', kg: 9.8 }] },
	{
		daysAgo: 20,
		channel: 'don',
		recipient: 'Une famille relogée',
		by: 'lea',
		lines: [
			{ flux: 'mobilier', kg: 48 },
			{ flux: 'vaisselle', kg: 4.5 }
		]
	},
	{ daysAgo: 9, channel: 'recyclage', recipient: 'Ecomaison', by: 'lea', lines: [{ flux: 'mobilier', kg: 112 }] },
	{
		daysAgo: 2,
		channel: 'recyclage',
		recipient: 'Refashion',
		by: 'karim',
		lines: [
			{ flux: 'textile', kg: 28.5, bin: true },
			{ flux: 'livres', kg: 17 }
		]
	}
];

export async function seedReuseExits(tx: Tx, organisationId: string, ids: Map<string, string>, today: string): Promise<number> {
	const [site] = await tx
		.select({ id: sites.id })
		.from(sites)
		.where(and(eq(sites.organisationId, organisationId), eq(sites.kind, 'ressourcerie')))
		.orderBy(asc(sites.name))
		.limit(1);
	if (!site) return 0;
	await ensureReuseCategories(tx, organisationId);
	const [bin] = await tx
		.select({ id: reuseContainers.id, tareGrams: reuseContainers.tareGrams })
		.from(reuseContainers)
		.where(and(eq(reuseContainers.organisationId, organisationId), eq(reuseContainers.active, true), gt(reuseContainers.tareGrams, 0)))
		.orderBy(asc(reuseContainers.tareGrams))
		.limit(1);
	const at = (daysAgo: number, minutes = 0) => new Date(new Date(`${addDays(today, -daysAgo)}T09:30:00Z`).getTime() + minutes * 60_000);
	let made = 0;
	for (const e of DEMO_REUSE_EXITS) {
		const userId = ids.get(e.by)!;
		const number = await nextReuseCode(tx, organisationId, 'exit');
		const [exit] = await tx
			.insert(reuseExits)
			.values({ organisationId, number, siteId: site.id, channel: e.channel, recipient: e.recipient, createdBy: userId, createdAt: at(e.daysAgo) })
			.returning({ id: reuseExits.id });
		await tx.insert(reuseExitLines).values(
			e.lines.map((l, i) => {
				const net = Math.round(l.kg * 1000);
				const tare = l.bin && bin ? bin.tareGrams : 0;
				return {
					organisationId,
					exitId: exit!.id,
					flux: l.flux,
					method: 'weighed' as const,
					grossGrams: net + tare,
					containerId: tare ? bin!.id : null,
					tareGrams: tare,
					netGrams: net,
					userId,
					at: at(e.daysAgo, 5 + i * 4)
				};
			})
		);
		made++;
	}
	// One labelled item given away, when the demo has items (the items' demo runs first).
	const [item] = await tx
		.select({ id: reuseItems.id })
		.from(reuseItems)
		.where(and(eq(reuseItems.organisationId, organisationId), eq(reuseItems.quantity, 1), gt(reuseItems.onHand, 0)))
		.orderBy(asc(reuseItems.createdAt), asc(reuseItems.code))
		.limit(1);
	const lea = ids.get('lea');
	if (item && lea) {
		const actor = await demoActorOf(tx, organisationId, lea);
		const locked = await lockItem(tx, actor, item.id);
		const number = await nextReuseCode(tx, organisationId, 'exit');
		const [exit] = await tx
			.insert(reuseExits)
			.values({ organisationId, number, siteId: site.id, channel: 'don', recipient: 'Mme Benali', createdBy: lea, createdAt: at(1) })
			.returning({ id: reuseExits.id });
		const [line] = await tx
			.insert(reuseExitLines)
			.values({
				organisationId,
				exitId: exit!.id,
				flux: locked.flux,
				categoryId: locked.categoryId,
				method: 'item',
				itemId: locked.id,
				count: 1,
				netGrams: locked.unitWeightGrams,
				userId: lea,
				at: at(1, 3)
			})
			.returning({ id: reuseExitLines.id });
		await recordItemMovement(tx, actor, locked, { kind: 'exit', quantity: -1, exitLineId: line!.id, reason: 'don' });
		made++;
	}
	return made;
}
