import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { createHousehold } from '$lib/server/households/households';
import { decideApplication, issueCard, submitApplication } from '$lib/server/households/rights';
import { createLot } from '$lib/server/stock/lots';
import { shopToday } from '$lib/stock/dates';
import type { TillPoint } from '$lib/server/till/access';
import { openTill } from '$lib/server/till/sessions';
import { makeDevice, makeOrg, uniq, type OrgFixture } from './fixtures';
import { makeOrigin, makeProduct } from './stock';

export const TODAY = shopToday();

/** A household of the organisation with a valid right from today (rate 20 %, budget 20 €) and a card. */
export async function makeBeneficiary(
	db: Database,
	org: OrgFixture,
	right: { rateBp?: number; monthlyBudgetCents?: number; overrideReason?: string; categoryLimits?: Record<string, number> } = {}
) {
	const sw = org.actors.social_worker;
	const r = await createHousehold(
		db,
		sw,
		{ firstName: 'Jeanne', lastName: `Martin-${uniq()}`, birthDate: '1980-01-01', consent: true, rgpdInformedOn: TODAY },
		{ today: TODAY }
	);
	if (!('created' in r)) throw new Error('duplicate household');
	const app = await submitApplication(db, sw, r.created.id, { assessment: 'Situation difficile' });
	const custom = right.monthlyBudgetCents !== undefined;
	const d = await decideApplication(
		db,
		sw,
		app.id,
		{
			outcome: 'accepted',
			decidedOn: TODAY,
			right: { validFrom: TODAY, ...right, overrideReason: custom ? (right.overrideReason ?? 'Budget de test') : undefined }
		},
		{ today: TODAY }
	);
	const card = await issueCard(db, sw, r.created.id);
	return { householdId: r.created.id, reference: r.created.reference, rightId: d.rightId!, card: card.token };
}

/** A lot of a product, received in the actor's organisation (DDM far away unless told). */
export async function makeLot(
	db: Database,
	actor: Actor,
	productId: string,
	originId: string,
	quantity: number,
	date: { date?: string | null; dateType?: 'dlc' | 'ddm' | 'none' } = {}
) {
	const dateType = date.dateType ?? 'ddm';
	return db.transaction((tx) =>
		createLot(tx, actor, { productId, originId, date: dateType === 'none' ? null : (date.date ?? '2030-01-01'), dateType, quantity, locationId: null })
	);
}

/**
 * An organisation ready to sell: an enrolled tablet with its till open (10 € float), the operator
 * signed in on it, a food-bank origin and an FSE+ origin, a product at 2,50 € and a household.
 */
export async function makeShop(db: Database) {
	const org = await makeOrg(db);
	const { device } = await makeDevice(db, org);
	const operator: Actor = { ...org.actors.operator, deviceId: device.id, method: 'pin' };
	const supervisor: Actor = { ...org.actors.supervisor, deviceId: device.id, method: 'pin' };
	const point: TillPoint = { deviceId: device.id };
	const session = await openTill(db, operator, point, { floatCents: 1000 });
	const origin = await makeOrigin(db, org);
	const fseOrigin = await makeOrigin(db, org, { kind: 'fse', fse: true });
	const product = await makeProduct(db, org, { referencePriceCents: 250 });
	const household = await makeBeneficiary(db, org);
	return { org, device, operator, supervisor, point, session, origin, fseOrigin, product, household };
}

let n = 0;
/** A fresh idempotency key, as the till makes one per basket. */
export const newKey = () => `test-${Date.now().toString(36)}-${(n++).toString(36)}-${uniq()}`;
