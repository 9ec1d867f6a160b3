import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import {
	addBudgetLine,
	addMember,
	CHARGE_TYPES,
	listFileAccess,
	openHouseholdFile,
	RELATIONS,
	removeBudgetLine,
	removeMember,
	RESOURCE_TYPES,
	updateHousehold
} from '$lib/server/households/households';
import { changeParcelRightStatus, issueParcelRight, listParcelRights, renewParcelRight } from '$lib/server/households/parcelRights';
import { eraseHousehold } from '$lib/server/households/privacy';
import { parcelSettings } from '$lib/server/parcels/settings';
import { parseEuros, todayIso } from '$lib/server/households/rules';
import { actorZone } from '$lib/server/timeZone';
import { changeRightStatus, limitCategories, removeRightLimit, renewRight, setRightLimit, submitApplication } from '$lib/server/households/rights';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { householdValues } from '../values';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = getDb();
	const file = await orHttpError(() => openHouseholdFile(db, locals.actor!, params.id));
	const access = await orHttpError(() => listFileAccess(db, locals.actor!, params.id));
	const categories = await orHttpError(() => limitCategories(db, locals.actor!));
	const parcelRights = await orHttpError(() => listParcelRights(db, locals.actor!, params.id));
	const parcels = await orHttpError(() => parcelSettings(db, locals.actor!));
	return {
		file,
		access: access.slice(0, 20),
		categories,
		relations: RELATIONS,
		resourceTypes: RESOURCE_TYPES,
		chargeTypes: CHARGE_TYPES,
		parcelRights,
		parcelDefaults: {
			frequency: parcels.defaultFrequency,
			participationCents: parcels.participationCents,
			today: todayIso(new Date(), actorZone(locals.actor))
		}
	};
};

/** "4" → 4; anything else → NaN, which the service refuses with its message. */
const wholeNumber = (v: string | undefined) => (/^\s*\d{1,6}\s*$/.test(v ?? '') ? Number(v) : NaN);
/** Empty → null (the service's default); else as wholeNumber. */
const optionalWhole = (v: string | undefined) => ((v ?? '').trim() === '' ? null : wholeNumber(v));

type Run = (form: Record<string, string>, ctx: { actor: App.Locals['actor']; id: string }) => Promise<unknown>;

/** Every action: read the form, call one service, come back to the file with a confirmation. */
function action(run: Run, ok: string): Actions[string] {
	return async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => run(form, { actor: locals.actor, id: params.id! }), form);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/foyers/${params.id}?ok=${ok}`);
	};
}

export const actions: Actions = {
	save: action((f, c) => updateHousehold(getDb(), c.actor!, c.id, householdValues(f)), 'saved'),
	member_add: action((f, c) => addMember(getDb(), c.actor!, c.id, { birthYear: f.birthYear ?? '', relation: f.relation ?? '' }), 'saved'),
	member_remove: action((f, c) => removeMember(getDb(), c.actor!, c.id, f.memberId ?? ''), 'saved'),
	line_add: action(
		(f, c) => addBudgetLine(getDb(), c.actor!, c.id, { kind: f.kind ?? '', type: f.type ?? '', monthlyCents: parseEuros(f.amount ?? '') }),
		'saved'
	),
	line_remove: action((f, c) => removeBudgetLine(getDb(), c.actor!, c.id, f.lineId ?? ''), 'saved'),
	apply: action((f, c) => submitApplication(getDb(), c.actor!, c.id, { assessment: f.assessment ?? '' }), 'applied'),
	renew: action((f, c) => renewRight(getDb(), c.actor!, f.rightId ?? ''), 'renewed'),
	suspend: action((f, c) => changeRightStatus(getDb(), c.actor!, f.rightId ?? '', 'suspend', f.reason ?? ''), 'saved'),
	resume: action((f, c) => changeRightStatus(getDb(), c.actor!, f.rightId ?? '', 'resume'), 'saved'),
	revoke: action((f, c) => changeRightStatus(getDb(), c.actor!, f.rightId ?? '', 'revoke', f.reason ?? ''), 'saved'),
	limit_set: action((f, c) => setRightLimit(getDb(), c.actor!, f.rightId ?? '', f.categoryId ?? '', wholeNumber(f.perMonth)), 'saved'),
	limit_remove: action((f, c) => removeRightLimit(getDb(), c.actor!, f.rightId ?? '', f.categoryId ?? ''), 'saved'),
	erase: action((f, c) => eraseHousehold(getDb(), c.actor!, c.id, f.confirm ?? ''), 'erased'),
	// Parcel rights (issue 14)
	// The form always sends its frequency (a select): a post without it is not the form's, and issues nothing.
	parcel_issue: action(async (f, c) => {
		if (!f.frequency) throw new AppError('invalid_input', m.prt_frequency_invalid(), 400, 'frequency');
		return issueParcelRight(getDb(), c.actor!, c.id, {
			validFrom: f.validFrom ?? '',
			frequency: f.frequency,
			persons: optionalWhole(f.persons),
			free: f.participation === 'free'
		});
	}, 'parcel_issued'),
	parcel_renew: action((f, c) => renewParcelRight(getDb(), c.actor!, f.parcelRightId ?? ''), 'parcel_renewed'),
	parcel_suspend: action((f, c) => changeParcelRightStatus(getDb(), c.actor!, f.parcelRightId ?? '', 'suspend', f.reason ?? ''), 'parcel_saved'),
	parcel_resume: action((f, c) => changeParcelRightStatus(getDb(), c.actor!, f.parcelRightId ?? '', 'resume'), 'parcel_saved'),
	/** First post asks to confirm (with the reason kept); the second (confirm=yes) revokes. */
	parcel_revoke: async (event) => {
		const form = await readForm(event.request.clone());
		if (isFailure(form)) return form;
		const reason = (form.reason ?? '').trim();
		if (form.confirm !== 'yes') {
			if (reason.length < 3 || reason.length > 500) return fail(400, { error: m.hh_status_reason_needed(), parcelRightId: form.parcelRightId });
			return { confirmParcelRevoke: form.parcelRightId ?? '', reason };
		}
		return action((f, c) => changeParcelRightStatus(getDb(), c.actor!, f.parcelRightId ?? '', 'revoke', f.reason ?? ''), 'parcel_saved')(event);
	}
};
