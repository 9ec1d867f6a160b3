import { MANAGE_ORGANISATION } from '$lib/permissions';
import { LOCATION_KINDS, SITE_KINDS, ZONES } from '../../places/places';
import { errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature } from '../oas';

const id = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: uuid });
const siteProperties = {
	name: { type: 'string', minLength: 2, maxLength: 80 },
	kind: { type: 'string', enum: [...SITE_KINDS] },
	address: { type: 'string', maxLength: 200 }
};
const inactive = { name: 'inactive', in: 'query', required: false, description: 'Avec ceux qui sont retirés.', schema: { type: 'string', enum: ['1'] } };

/** Sites and storage locations: everyone reads the active locations; managers keep both (the places screens). */
export const placesApi: ApiFeature = {
	tag: { name: 'places', description: 'Sites et emplacements de stockage.' },
	paths: {
		'/locations': {
			get: {
				operationId: 'listLocations',
				summary: "Les emplacements actifs de l'organisation",
				description: "Triés par site puis par nom. `code` est ce que porte l'étiquette (QR code) de l'emplacement.",
				tags: ['places'],
				'x-roles': 'any',
				parameters: [{ name: 'site', in: 'query', required: false, description: 'Seulement les emplacements de ce site.', schema: uuid }],
				responses: {
					'200': jsonResponse('Les emplacements.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('Location') } }
					}),
					...errors()
				}
			},
			post: {
				operationId: 'createLocation',
				summary: 'Créer un emplacement (il reçoit le code d’étiquette suivant, EMP-0007)',
				description: 'Sans `zone`, la zone habituelle du type. Un site retiré : 409 `site_inactive` ; un nom déjà pris dans le site : 409 `name_taken`.',
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				requestBody: jsonBody(ref('LocationInput')),
				responses: { '201': jsonResponse("L'emplacement créé.", ref('Location')), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/locations/{id}': {
			get: {
				operationId: 'getLocation',
				summary: 'Un emplacement, actif ou non',
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [id("L'emplacement.")],
				responses: { '200': jsonResponse("L'emplacement.", ref('Location')), ...errors(404) }
			},
			put: {
				operationId: 'updateLocation',
				summary: 'Remplacer un emplacement (site, nom, type, zone ; et son état si `active` est donné)',
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [id("L'emplacement.")],
				requestBody: jsonBody(ref('LocationInput')),
				responses: { '200': jsonResponse("L'emplacement.", ref('Location')), ...errors(400, 404, 409, 413, 415) }
			},
			patch: {
				operationId: 'setLocationActive',
				summary: "Mettre un emplacement en service ou l'en retirer (son code n'est jamais réutilisé)",
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [id("L'emplacement.")],
				requestBody: jsonBody(ref('ActiveInput')),
				responses: { '200': jsonResponse("L'emplacement.", ref('Location')), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/sites': {
			get: {
				operationId: 'listSites',
				summary: "Les sites de l'organisation, avec leur nombre d'emplacements actifs",
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [inactive],
				responses: {
					'200': jsonResponse('Les sites, par nom.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Site') } } }),
					...errors()
				}
			},
			post: {
				operationId: 'createSite',
				summary: 'Créer un site',
				description: 'Un nom déjà pris : 409 `name_taken`.',
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				requestBody: jsonBody(ref('SiteInput')),
				responses: { '201': jsonResponse('Le site créé.', ref('Site')), ...errors(400, 409, 413, 415) }
			}
		},
		'/sites/{id}': {
			get: {
				operationId: 'getSite',
				summary: 'Un site',
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [id('Le site.')],
				responses: { '200': jsonResponse('Le site.', ref('Site')), ...errors(404) }
			},
			put: {
				operationId: 'updateSite',
				summary: 'Remplacer un site (nom, type, adresse ; et son état si `active` est donné)',
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [id('Le site.')],
				requestBody: jsonBody({
					type: 'object',
					required: ['name', 'kind'],
					properties: { ...siteProperties, active: { type: 'boolean' } }
				}),
				responses: { '200': jsonResponse('Le site.', ref('Site')), ...errors(400, 404, 409, 413, 415) }
			},
			patch: {
				operationId: 'setSiteActive',
				summary: "Mettre un site en service ou l'en retirer (ses emplacements et son historique restent)",
				tags: ['places'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [id('Le site.')],
				requestBody: jsonBody(ref('ActiveInput')),
				responses: { '200': jsonResponse('Le site.', ref('Site')), ...errors(400, 404, 413, 415) }
			}
		}
	},
	schemas: {
		Zone: { type: 'string', enum: [...ZONES], description: 'ambient : ambiant ; chilled : frais +4 °C ; frozen : surgelé −18 °C.' },
		Location: {
			type: 'object',
			required: ['id', 'code', 'name', 'kind', 'zone', 'active', 'site'],
			properties: {
				id: uuid,
				code: { type: 'string', examples: ['EMP-0007'] },
				name: { type: 'string' },
				kind: { type: 'string', enum: [...LOCATION_KINDS] },
				zone: ref('Zone'),
				active: { type: 'boolean' },
				site: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } }
			}
		},
		LocationInput: {
			type: 'object',
			required: ['siteId', 'name', 'kind'],
			properties: {
				siteId: uuid,
				name: { type: 'string', minLength: 1, maxLength: 80 },
				kind: { type: 'string', enum: [...LOCATION_KINDS] },
				zone: ref('Zone'),
				active: { type: 'boolean', description: 'Seulement pour remplacer (PUT).' }
			}
		},
		Site: {
			type: 'object',
			required: ['id', 'name', 'kind', 'address', 'active'],
			properties: {
				id: uuid,
				name: { type: 'string' },
				kind: { type: 'string', enum: [...SITE_KINDS] },
				address: { type: ['string', 'null'] },
				active: { type: 'boolean' },
				locationCount: { type: 'integer', description: "Nombre d'emplacements actifs (dans la liste)." }
			}
		},
		SiteInput: { type: 'object', required: ['name', 'kind'], properties: siteProperties }
	}
};
