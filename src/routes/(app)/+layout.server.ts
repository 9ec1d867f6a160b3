import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const a = locals.actor!;
	return {
		me: {
			firstName: a.firstName,
			lastName: a.lastName,
			roles: a.roles,
			organisationName: a.organisationName,
			method: a.method
		},
		device: locals.device ? { name: locals.device.name } : null
	};
};
