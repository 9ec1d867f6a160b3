import { READ_HOUSEHOLD_FILES } from '$lib/permissions';
import { PARCEL_FREQUENCIES } from '$lib/parcels/rights';
import { dateTime, errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/** Parcel rights (issue 14, docs/parcels.md "Parcel rights"): social workers', as the épicerie's rights (/rights/{id}/{action}). */
const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const day: JsonSchema = { type: 'string', format: 'date' };
const frequency: JsonSchema = {
	type: 'string',
	enum: [...PARCEL_FREQUENCIES],
	description: 'weekly : chaque semaine ; biweekly : toutes les deux semaines ; monthly : chaque mois.'
};

export const parcelRightsApi: ApiFeature = {
	tag: { name: 'parcel-rights', description: 'Droits au colis alimentaire des foyers (travailleur·ses sociaux).' },
	paths: {
		'/households/{id}/parcel-rights': {
			get: {
				operationId: 'listParcelRights',
				summary: 'Les droits au colis d’un foyer',
				description: 'Les plus récents d’abord.',
				tags: ['parcel-rights'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				responses: {
					'200': jsonResponse('Les droits au colis.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('ParcelRight') } }
					}),
					...errors(404)
				}
			},
			post: {
				operationId: 'issueParcelRight',
				summary: 'Donner un droit au colis',
				description:
					'Durée : celle des droits (réglages des foyers). Fréquence par défaut : le réglage `parcels.defaultFrequency` ; personnes : la taille du foyer ; ' +
					'participation : celle de l’organisation (`parcels.participationCents`, copiée dans le droit), ou gratuit avec `free: true`. ' +
					'Refusé (409) s’il chevauche un autre droit au colis non retiré du foyer. Inscrit au journal (`parcel_right.issue`).',
				tags: ['parcel-rights'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody(
					{
						type: 'object',
						properties: {
							validFrom: day,
							frequency,
							persons: { type: ['integer', 'null'], minimum: 1, maximum: 30 },
							free: { type: 'boolean' }
						}
					},
					false
				),
				responses: {
					'201': jsonResponse('Le droit au colis.', { type: 'object', required: ['id'], properties: { id: uuid } }),
					...errors(400, 404, 409, 413, 415)
				}
			}
		},
		'/parcel-rights/{id}/{action}': {
			post: {
				operationId: 'changeParcelRight',
				summary: 'Renouveler, suspendre, reprendre ou retirer un droit au colis',
				description:
					'`action` : renew (jusqu’au nombre de renouvellements des droits), suspend, resume, revoke. suspend et revoke demandent `{"reason"}`. ' +
					'Inscrit au journal (`parcel_right.renew`, `.suspend`, `.resume`, `.revoke`).',
				tags: ['parcel-rights'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam, { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: ['renew', 'suspend', 'resume', 'revoke'] } }],
				requestBody: jsonBody({ type: 'object', properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } } }, false),
				responses: { '200': jsonResponse('Fait.', { type: 'object' }), ...errors(400, 404, 409, 413, 415) }
			}
		}
	},
	schemas: {
		ParcelRight: {
			type: 'object',
			required: ['id', 'validFrom', 'validTo', 'frequency', 'persons', 'participationCents', 'renewals', 'status'],
			properties: {
				id: uuid,
				decisionId: { type: ['string', 'null'], format: 'uuid', description: 'La décision du comité, s’il l’a accordé.' },
				validFrom: day,
				validTo: day,
				frequency,
				persons: { type: 'integer', minimum: 1, maximum: 30 },
				participationCents: { type: 'integer', description: '0 : gratuit ; sinon la participation demandée à chaque colis.' },
				renewals: { type: 'integer' },
				status: { type: 'string', enum: ['active', 'suspended', 'revoked'] },
				statusReason: { type: ['string', 'null'] },
				createdAt: dateTime
			}
		}
	}
};
