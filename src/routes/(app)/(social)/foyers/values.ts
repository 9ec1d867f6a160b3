import type { HouseholdInput } from '$lib/server/households/households';
import type { FormText } from '$lib/server/http/forms';

/** The household fields of a posted form. */
export function householdValues(form: FormText): HouseholdInput {
	return {
		firstName: form.firstName ?? '',
		lastName: form.lastName ?? '',
		birthDate: form.birthDate ?? '',
		phone: form.phone ?? '',
		commune: form.commune ?? '',
		orientingStructure: form.orientingStructure ?? '',
		rgpdInformedOn: form.rgpdInformedOn ?? '',
		consent: form.consent === 'on',
		notes: form.notes ?? ''
	};
}
