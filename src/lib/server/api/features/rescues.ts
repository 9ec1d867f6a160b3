import { READ_STOCK_REPORTS } from '$lib/permissions';
import { RESCUE_ACTIONS } from '$lib/stock/rescue';
import { errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature } from '../oas';

/** Rescues (issue 12): lots close to their date moved to the free shelf, given to a partner or put in a parcel. */
export const rescuesApi: ApiFeature = {
	tag: { name: 'rescues', description: 'Sauver les lots proches de leur date : rayon gratuit, partenaire, colis (le rapport `expiry` les liste).' },
	paths: {
		'/rescues': {
			post: {
				operationId: 'rescueLot',
				summary: 'Sauver un lot avant sa date : rayon gratuit, partenaire ou colis',
				description:
					"Encadrant·es, responsables, admins. `free_shelf` : tout le lot va à l'emplacement `locationId` et reste en stock (mouvement `move`, raison `rescue_free_shelf`). `partner` : sort du stock (mouvement `distribution`, raison `rescue_partner`, le nom `partner` en note). `parcel` : sort du stock (raison `rescue_parcel`). Refus, rien ne change : lot bloqué (409 `rescue_blocked`), DLC passée (409 `rescue_dlc_past` : à retirer), DDM passée au-delà du délai pour autre chose qu'un partenaire (409 `rescue_ddm_too_old`). Une erreur se corrige par `POST /lots/{code}/corrections`.",
				tags: ['rescues'],
				'x-roles': READ_STOCK_REPORTS,
				requestBody: jsonBody({
					type: 'object',
					required: ['lot', 'action'],
					properties: {
						lot: { type: 'string', pattern: '^L-[0-9]{6,9}$', description: 'Code du lot, ex. L-000123.' },
						action: { type: 'string', enum: [...RESCUE_ACTIONS] },
						locationId: { ...uuid, description: "free_shelf : l'emplacement du rayon gratuit." },
						quantity: { type: 'integer', minimum: 1, description: "partner, parcel : combien sort, dans l'unité de base ; absent : tout le lot." },
						partner: { type: 'string', maxLength: 100, description: 'partner : le nom de l’association.' }
					}
				}),
				responses: {
					'201': jsonResponse('Le mouvement enregistré et le lot après.', {
						type: 'object',
						required: ['movementId', 'action', 'quantity', 'lot'],
						properties: {
							movementId: { type: 'integer' },
							action: { type: 'string', enum: [...RESCUE_ACTIONS] },
							quantity: { type: 'integer' },
							lot: ref('Lot')
						}
					}),
					...errors(400, 404, 409, 415)
				}
			}
		}
	}
};
