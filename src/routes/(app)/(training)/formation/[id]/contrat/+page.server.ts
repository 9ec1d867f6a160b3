import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm, type FormText } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import {
	cancelExit,
	contractPage,
	createContract,
	previewExit,
	recordExit,
	requirePersonOf,
	updateContract,
	type ContractInput
} from '$lib/server/training/contracts';
import type { Actions, PageServerLoad } from './$types';

/** A person's contracts and exits (issue 13, item 6): supervisors read, managers write. */
export const load: PageServerLoad = async ({ locals, params }) => ({ page: await orHttpError(() => contractPage(getDb(), locals.actor!, params.id)) });

const contractInput = (f: FormText): ContractInput => ({
	startDate: f.startDate ?? '',
	endDate: f.endDate ?? '',
	weeklyHours: f.weeklyHours ?? '',
	referentId: f.referentId ?? '',
	counsellor: f.counsellor ?? '',
	short: f.short === 'on'
});

type Run = (form: FormText, ctx: { actor: App.Locals['actor']; id: string }) => Promise<unknown>;

/** Every action: read the form, call one service, come back to the page with a confirmation. */
function action(name: string, run: Run, ok: string): Actions[string] {
	return async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		// The person of the address first: another organisation's is a 404 whatever the form says.
		const r = await attempt(async () => {
			await requirePersonOf(getDb(), locals.actor!, params.id!);
			return run(form, { actor: locals.actor, id: params.id! });
		}, form);
		if (isFailure(r)) return fail(r.status, { ...r.data, action: name });
		redirect(303, `/formation/${params.id}/contrat?ok=${ok}`);
	};
}

export const actions: Actions = {
	create: action('create', (f, c) => createContract(getDb(), c.actor!, c.id, contractInput(f)), 'created'),
	update: action('update', (f, c) => updateContract(getDb(), c.actor!, f.contractId ?? '', contractInput(f), { userId: c.id }), 'saved'),
	/** The exit in two steps: the first post shows the sentence to confirm, the second (confirm=yes) records it. */
	exit: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const input = { exitKind: form.exitKind ?? '', exitDate: form.exitDate ?? '', exitNote: form.exitNote ?? '' };
		const id = form.contractId ?? '';
		const person = await attempt(() => requirePersonOf(getDb(), locals.actor!, params.id), form);
		if (isFailure(person)) return fail(person.status, { ...person.data, action: 'exit' });
		if (form.confirm !== 'yes') {
			const r = await attempt(() => previewExit(getDb(), locals.actor!, id, input, { userId: params.id }), form);
			if (isFailure(r)) return fail(r.status, { ...r.data, action: 'exit' });
			return { action: 'exit', confirmExit: { ...r, contractId: id, exitNote: input.exitNote } };
		}
		const r = await attempt(() => recordExit(getDb(), locals.actor!, id, input, { userId: params.id }), form);
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'exit' });
		redirect(303, `/formation/${params.id}/contrat?ok=exited`);
	},
	cancelExit: action('cancelExit', (f, c) => cancelExit(getDb(), c.actor!, f.contractId ?? '', { userId: c.id }), 'exit_cancelled')
};
