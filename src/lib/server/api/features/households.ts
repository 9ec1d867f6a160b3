import { both, LOOK_UP_CARDS, READ_HOUSEHOLD_FILES, RUN_TILL } from '$lib/permissions';
import { errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature } from '../oas';

const idParam = { name: 'id', in: 'path', required: true, schema: uuid };

/** Households, rights and the till lookup (RGPD: files for social workers only; the till sees a narrow view). */
export const householdsApi: ApiFeature = {
	tag: { name: 'households', description: 'Foyers, droits et carte vue par la caisse.' },
	paths: {
		'/households': {
			get: {
				operationId: 'searchHouseholds',
				summary: 'Chercher des dossiers par référence ou nom',
				description:
					'Chaque recherche est inscrite au journal (`household.search` : par référence avec la référence, ou par nom sans le nom, et le nombre de dossiers trouvés).',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 80 } }],
				responses: {
					'200': jsonResponse('Les dossiers trouvés (50 au plus).', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('HouseholdSummary') } }
					}),
					...errors()
				}
			},
			post: {
				operationId: 'createHousehold',
				summary: 'Créer un dossier',
				description:
					'Si des dossiers ont la même date de naissance et un nom proche, rien n’est créé : réponse 409 avec `duplicates`, sauf `ignoreDuplicates: true`.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				requestBody: jsonBody(ref('HouseholdInput')),
				responses: {
					'201': jsonResponse('Créé.', {
						type: 'object',
						required: ['id', 'reference'],
						properties: { id: uuid, reference: { type: 'string', examples: ['FOY-0001'] } }
					}),
					...errors(400, 409, 413, 415)
				}
			}
		},
		'/households/{id}': {
			get: {
				operationId: 'getHousehold',
				summary: 'Le dossier complet (ouverture inscrite au journal)',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				responses: { '200': jsonResponse('Le dossier.', { type: 'object' }), ...errors(404) }
			}
		},
		'/households/{id}/rights': {
			post: {
				operationId: 'issueRight',
				summary: 'Ouvrir un droit',
				description:
					'Durée selon les réglages ; taux dans les bornes ; budget de la grille, ou autre avec `overrideReason`. Refusé s’il chevauche un autre droit non retiré.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody(
					{
						type: 'object',
						properties: {
							validFrom: { type: 'string', format: 'date' },
							rateBp: { type: 'integer', description: 'Points de base : 2000 = 20 %.' },
							monthlyBudgetCents: { type: 'integer' },
							overrideReason: { type: 'string' },
							categoryLimits: {
								type: 'object',
								additionalProperties: { type: 'integer', minimum: 1, maximum: 999 },
								maxProperties: 20,
								description: 'Quantité par mois par catégorie de produits : { "<id de catégorie>": 4 }.'
							}
						}
					},
					false
				),
				responses: { '201': jsonResponse('Le droit.', { type: 'object', required: ['id'], properties: { id: uuid } }), ...errors(400, 404, 409, 415) }
			}
		},
		'/rights/{id}/{action}': {
			post: {
				operationId: 'changeRight',
				summary: 'Renouveler, suspendre, reprendre ou retirer un droit',
				description: '`action` : renew, suspend, resume, revoke. suspend et revoke demandent `{"reason"}`.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam, { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: ['renew', 'suspend', 'resume', 'revoke'] } }],
				requestBody: jsonBody({ type: 'object', properties: { reason: { type: 'string' } } }, false),
				responses: { '200': jsonResponse('Fait.', { type: 'object' }), ...errors(400, 404, 409, 415) }
			}
		},
		'/till/lookup': {
			get: {
				operationId: 'tillLookup',
				summary: 'Ce que la caisse voit d’une carte ou d’une référence',
				description:
					'Seulement : prénom, état du droit en français, taux, budget du mois, utilisé et restant, limites. Carte inconnue ou retirée : 404. ' +
					'Chaque consultation est inscrite au journal (`till.lookup` : la référence, par carte ou par référence). Par référence tapée (sans la carte), une personne consulte au plus 10 foyers différents en 10 minutes, puis 429 `too_many_lookups` (travailleur·ses sociaux : pas de limite).',
				tags: ['households'],
				'x-roles': both(RUN_TILL, LOOK_UP_CARDS),
				parameters: [
					{ name: 'code', in: 'query', required: true, description: 'CARTE-… (QR de la carte) ou FOY-0001.', schema: { type: 'string', maxLength: 100 } }
				],
				responses: { '200': jsonResponse('La vue caisse.', ref('TillView')), ...errors(404, 429) }
			}
		}
	},
	schemas: {
		HouseholdInput: {
			type: 'object',
			required: ['firstName', 'lastName', 'birthDate'],
			properties: {
				firstName: { type: 'string' },
				lastName: { type: 'string' },
				birthDate: { type: 'string', format: 'date' },
				phone: { type: 'string' },
				commune: { type: 'string' },
				orientingStructure: { type: 'string' },
				rgpdInformedOn: { type: 'string', format: 'date' },
				consent: { type: 'boolean' },
				notes: { type: 'string' },
				ignoreDuplicates: { type: 'boolean' }
			}
		},
		HouseholdSummary: {
			type: 'object',
			required: ['id', 'reference', 'firstName', 'lastName'],
			properties: {
				id: uuid,
				reference: { type: 'string' },
				firstName: { type: 'string' },
				lastName: { type: 'string' },
				birthDate: { type: ['string', 'null'] },
				rightTo: { type: ['string', 'null'] },
				rightStatus: { type: ['string', 'null'] }
			}
		},
		TillView: {
			type: 'object',
			required: ['firstName', 'status', 'message', 'canShop'],
			properties: {
				firstName: { type: 'string' },
				status: {
					type: 'string',
					enum: ['valid', 'expiring', 'expired', 'not_started', 'suspended', 'revoked', 'none', 'waiting'],
					description: 'waiting : pas de droit utilisable, une demande attend le comité.'
				},
				message: { type: 'string', examples: ['Droit valide jusqu’au 9 juin 2026'] },
				canShop: { type: 'boolean' },
				rateBp: { type: ['integer', 'null'] },
				budgetBasis: { type: ['string', 'null'], enum: ['reference_value', 'amount_paid', null] },
				budgetCents: { type: ['integer', 'null'] },
				usedCents: { type: 'integer' },
				leftCents: { type: ['integer', 'null'] },
				limits: {
					type: ['array', 'null'],
					items: { type: 'object', properties: { categoryId: uuid, category: { type: 'string' }, perMonth: { type: 'integer' } } }
				},
				rightId: { type: ['string', 'null'], description: 'Pour la vente (consommation du budget).' }
			}
		}
	}
};
