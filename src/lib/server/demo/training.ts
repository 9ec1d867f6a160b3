import { and, eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import { contracts, memberships, skillEvents, skills, skillValidations, trainingReviews, users } from '../db/schema';
import { addDays, addMonths } from '../households/rules';
import { ensureFramework } from '../training/framework';

/**
 * The demo's training record (issue 13), so that the first start shows it at once: CDDI contracts (Karim's
 * running with Nadia as referent, Léa's ending within 60 days, a former employee, Moussa, who left last
 * quarter for a transition job), the generated history's work handed to the operators in post each day
 * (the till to one, the stockroom to the other) and the work events derived from those rows with their
 * real instants, a few validations by Nadia at various levels, a review three weeks ago (so "new since"
 * shows) and one skill of the organisation's own, "Préparer un colis".
 */

/** The former employee (not a login: inactive, no password, no PIN). */
export const DEMO_FORMER_OPERATOR = { username: 'moussa.keita', firstName: 'Moussa', lastName: 'Keita' };
export const DEMO_OWN_SKILL = { name: 'Préparer un colis', events: ['stock.split', 'stock.rescue', 'parcel.prepared'] as const };

/** The first day of the quarter before `day`'s. */
const lastQuarterStart = (day: string): string => {
	const month = Number(day.slice(5, 7));
	const start = `${day.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
	return addMonths(start, -3);
};

export interface DemoStaff {
	karim: string;
	lea: string;
	moussa: string;
	/** Who was in post and when: the history generator hands them the work (HistoryOptions.staff). */
	windows: { userId: string; from: string; to: string }[];
}

/** The former employee and the three contracts; before the history, which gives the work to those in post. */
export async function seedContracts(tx: Tx, organisationId: string, ids: Map<string, string>, today: string): Promise<DemoStaff> {
	const nadia = ids.get('nadia')!;
	const karim = ids.get('karim')!;
	const lea = ids.get('lea')!;
	const [former] = await tx
		.insert(users)
		.values({ organisationId, ...DEMO_FORMER_OPERATOR, active: false })
		.returning({ id: users.id });
	const moussa = former!.id;
	await tx.insert(memberships).values({ organisationId, userId: moussa, role: 'operator' });

	const exitDay = addDays(lastQuarterStart(today), 40);
	const windows = [
		{ userId: karim, start: addMonths(today, -9), end: addMonths(today, 9), minutes: 26 * 60, exit: null },
		{ userId: lea, start: addMonths(today, -10), end: addDays(today, 40), minutes: 20 * 60, exit: null },
		{ userId: moussa, start: addMonths(exitDay, -11), end: addMonths(exitDay, 1), minutes: 26 * 60, exit: exitDay }
	];
	await tx.insert(contracts).values(
		windows.map((w) => ({
			organisationId,
			userId: w.userId,
			startDate: w.start,
			endDate: w.end,
			weeklyMinutes: w.minutes,
			referentId: nadia,
			counsellor: 'Mme Garcia (Mission locale)',
			exitKind: w.exit ? 'transition_job' : null,
			exitDate: w.exit,
			exitNote: w.exit ? 'Employé libre-service, CDD de 6 mois.' : null
		}))
	);
	return { karim, lea, moussa, windows: windows.map((w) => ({ userId: w.userId, from: w.start, to: w.exit ?? w.end })) };
}

/** The work events of the operators' history, validations by Nadia, a review and an own skill; after the history. */
export async function seedTrainingRecord(tx: Tx, organisationId: string, ids: Map<string, string>, staff: DemoStaff, today: string): Promise<void> {
	const nadia = ids.get('nadia')!;
	const { karim, lea, moussa } = staff;
	const exitDay = staff.windows.find((w) => w.userId === moussa)!.to;

	// The operators' work events, from the rows above with their real instants (one statement).
	const ops = sql`array[${karim}::uuid, ${lea}::uuid, ${moussa}::uuid]`;
	await tx.execute(sql`
		insert into work_events (organisation_id, user_id, type, at, entity_type, entity_id, quantity, signal)
		select ${organisationId}, user_id, type, at, entity_type, entity_id, quantity, signal from (
			select r.created_by as user_id, 'reception.create' as type, r.created_at as at, 'reception' as entity_type, r.id::text as entity_id, 1 as quantity, null::int as signal
			  from receptions r where r.organisation_id = ${organisationId}
			union all
			select r.created_by, 'reception.line_add', l.created_at, 'reception', r.id::text, 1, null
			  from reception_lines l join receptions r on r.id = l.reception_id where l.organisation_id = ${organisationId}
			union all
			select r.created_by, 'labels.print', r.created_at + interval '10 minutes', 'reception', r.id::text,
				(select count(*)::int from reception_lines l where l.reception_id = r.id), null
			  from receptions r where r.organisation_id = ${organisationId}
			union all
			select x.user_id, 'stock.loss', x.at, 'lot', x.lot_id::text, 1, null
			  from stock_movements x where x.organisation_id = ${organisationId} and x.kind = 'loss'
			union all
			select c.created_by, 'count.start', c.created_at, 'count', c.id::text, 1, null
			  from stock_counts c where c.organisation_id = ${organisationId}
			union all
			select l.counted_by, 'count.line', l.at, 'count', l.count_id::text, 1, l.counted - l.expected
			  from stock_count_lines l where l.organisation_id = ${organisationId}
			union all
			select t.opened_by, 'till.open', t.opened_at, 'till_session', t.id::text, 1, null
			  from till_sessions t where t.organisation_id = ${organisationId}
			union all
			select t.closed_by, 'till.close', t.closed_at, 'till_session', t.id::text, 1, 0
			  from till_sessions t where t.organisation_id = ${organisationId} and t.closed_at is not null
			union all
			select s.user_id, case when s.kind = 'public' then 'reuse.sale' else 'till.sale' end, s.at, 'sale', s.id::text, 1, null
			  from sales s where s.organisation_id = ${organisationId}
			union all
			select r.user_id, 'till.return', r.at, 'sale', r.sale_id::text, 1, null
			  from sale_returns r where r.organisation_id = ${organisationId}
		) e where e.user_id = any(${ops})`);

	// The framework, one skill of the organisation's own, validations by Nadia and a review three weeks ago.
	await ensureFramework(tx, organisationId);
	const [own] = await tx
		.insert(skills)
		.values({
			organisationId,
			framework: 'own',
			code: 'OWN-1',
			block: m.training_own_block_default(),
			name: DEMO_OWN_SKILL.name,
			description: 'Préparer le colis d’un foyer selon sa composition : les lots qui périment en premier, le froid en dernier.',
			position: 1
		})
		.returning({ id: skills.id });
	await tx.insert(skillEvents).values(DEMO_OWN_SKILL.events.map((eventType) => ({ organisationId, skillId: own!.id, eventType })));
	const skillIds = new Map(
		(
			await tx
				.select({ id: skills.id, code: skills.code })
				.from(skills)
				.where(and(eq(skills.organisationId, organisationId)))
		).map((s) => [s.code, s.id])
	);
	const v = (userId: string, code: string, level: string, daysAgo: number, comment: string, reason: string | null = null) => {
		const day = addDays(today, -daysAgo);
		return {
			organisationId,
			userId,
			skillId: skillIds.get(code)!,
			level,
			day,
			comment,
			reason,
			validatedBy: nadia,
			createdAt: new Date(`${day}T15:00:00Z`)
		};
	};
	await tx
		.insert(skillValidations)
		.values([
			v(karim, 'CAP-B3-2', 'discovery', 150, 'Premières ventes avec moi à côté.'),
			v(karim, 'CAP-B3-2', 'with_help', 90, 'Encaisse seul, me demande pour les limites.'),
			v(karim, 'CAP-B3-2', 'autonomous', 30, 'Tient la caisse seul, applique les règles FSE+ et DLC.'),
			v(karim, 'CAP-B1-1', 'with_help', 60, 'Contrôle le bon de livraison avec aide pour les poids.'),
			v(karim, 'CLEA-2', 'autonomous', 30, 'Rend la monnaie sans erreur.'),
			v(lea, 'CAP-B2-4', 'autonomous', 45, 'Compte un emplacement seule et signale les écarts.'),
			v(lea, 'CAP-B2-3', 'with_help', 40, 'Enregistre les pertes avec leur motif.'),
			v(lea, 'CAP-B1-3', 'discovery', 20, 'Découvre le rangement en chambre froide.'),
			v(moussa, 'CAP-B3-4', 'mastered', addDaysBetween(exitDay, today) + 20, 'Ouvre et clôture la caisse sans écart.')
		]);
	await tx.insert(trainingReviews).values({ organisationId, userId: karim, reviewedBy: nadia, at: new Date(`${addDays(today, -21)}T14:00:00Z`) });
}

/** Days from `from` to `to` (both YYYY-MM-DD). */
const addDaysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
