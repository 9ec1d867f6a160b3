import { CORRECT_REUSE, WORK_REUSE } from '$lib/permissions';
import { REUSE_FLUXES } from '$lib/reuse/flux';
import { ITEM_SORTS, ITEM_STATES, MAX_BATCH, MAX_DESCRIPTION } from '$lib/reuse/items';
import { MAX_PRICE_CENTS } from '$lib/numbers';
import { dateTime, errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/** The ressourcerie's items and their labels (issue 15, docs/ressourcerie.md "Items and labels"). */
const tag = 'reuse-items';
const itemParam = { name: 'item', in: 'path', required: true, schema: { type: 'string' }, description: 'Le code de l’étiquette (O-000123) ou l’id.' };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const price: JsonSchema = {
	type: 'integer',
	minimum: 1,
	maximum: MAX_PRICE_CENTS,
	description: 'Prix d’une pièce, en centimes (plus que 0 : un objet gratuit se donne par une sortie).'
};
const query = (name: string, schema: JsonSchema, description: string) => ({ name, in: 'query', required: false, schema, description });
const itemResponse = (what: string) => jsonResponse(what, ref('ReuseItem'));

export const reuseItemsApi: ApiFeature = {
	tag: {
		name: tag,
		description:
			'Objets de la ressourcerie : un objet ou un lot (30 livres à 1 €), avec catégorie, description, prix, poids (pesé ou moyen de la catégorie), emplacement et étiquette QR. Les équipes de la ressourcerie (WORK_REUSE) ; la correction du stock : les encadrant·es et responsables.'
	},
	paths: {
		'/reuse/items': {
			get: {
				operationId: 'listReuseItems',
				summary: 'Les objets (recherche, flux, catégorie, en stock ou partis, tri, pages de 30)',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [
					query('q', { type: 'string' }, 'Cherche dans le code et la description.'),
					query('flux', { type: 'string', enum: [...REUSE_FLUXES] }, 'Un flux.'),
					query('category', uuid, 'Une catégorie.'),
					query('state', { type: 'string', enum: [...ITEM_STATES] }, '`stock` (défaut) : encore là ; `gone` : vendus ou sortis ; `all`.'),
					query('sort', { type: 'string', enum: [...ITEM_SORTS] }, 'Défaut `recent`.'),
					query('page', { type: 'integer', minimum: 1 }, 'Page (1 par défaut).')
				],
				responses: { '200': pageResponse('Une page d’objets.', 'ReuseItemSummary'), ...errors() }
			},
			post: {
				operationId: 'createReuseItem',
				summary: 'Créer un objet ou un lot (code O-000123, mouvement de création, travail « trier et estimer »)',
				tags: [tag],
				'x-roles': WORK_REUSE,
				requestBody: jsonBody({
					type: 'object',
					required: ['categoryId', 'description', 'priceCents'],
					properties: {
						categoryId: { ...uuid, description: 'Une catégorie d’objets en service de l’organisation.' },
						description: { type: 'string', minLength: 1, maxLength: MAX_DESCRIPTION },
						priceCents: price,
						quantity: { type: 'integer', minimum: 1, maximum: MAX_BATCH, description: 'Pièces du lot (1 par défaut).' },
						weightGrams: nullable({
							type: 'integer',
							minimum: 1,
							description: 'Poids pesé de toutes les pièces, en grammes (au plus le maximum de la balance) ; absent : le poids moyen de la catégorie.'
						}),
						siteId: nullable({ ...uuid, description: 'Un site ressourcerie (défaut : le premier).' }),
						locationId: nullable({ ...uuid, description: 'Un emplacement de ce site (défaut : le premier).' }),
						intakeId: nullable({ ...uuid, description: 'L’arrivage d’où viennent les objets.' })
					}
				}),
				responses: { '201': itemResponse('L’objet créé.'), ...errors(400, 404, 413, 415) }
			}
		},
		'/reuse/items/{item}': {
			get: {
				operationId: 'getReuseItem',
				summary: 'Un objet et ses mouvements',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [itemParam],
				responses: { '200': itemResponse('L’objet.'), ...errors(404) }
			}
		},
		'/reuse/items/{item}/price': {
			post: {
				operationId: 'changeReuseItemPrice',
				summary: 'Changer le prix d’un objet (refusé s’il n’en reste rien)',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [itemParam],
				requestBody: jsonBody({ type: 'object', required: ['priceCents'], properties: { priceCents: price } }),
				responses: { '200': itemResponse('L’objet.'), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/reuse/items/{item}/move': {
			post: {
				operationId: 'moveReuseItem',
				summary: 'Déplacer un objet vers un autre emplacement de son site',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [itemParam],
				requestBody: jsonBody({ type: 'object', required: ['locationId'], properties: { locationId: uuid } }),
				responses: { '200': itemResponse('L’objet.'), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/reuse/items/{item}/correct': {
			post: {
				operationId: 'correctReuseItem',
				summary: 'Corriger le stock d’un objet (pièces vraiment là, avec une raison)',
				description: 'De 0 aux pièces faites ; un mouvement `correction` de la différence.',
				tags: [tag],
				'x-roles': CORRECT_REUSE,
				parameters: [itemParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['onHand', 'reason'],
					properties: { onHand: { type: 'integer', minimum: 0, maximum: MAX_BATCH }, reason: { type: 'string', minLength: 3, maxLength: 200 } }
				}),
				responses: { '200': itemResponse('L’objet.'), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/reuse/item-labels': {
			get: {
				operationId: 'getReuseItemLabels',
				summary: 'Les étiquettes d’objets (QR du code, prix, catégorie, description courte)',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [
					{
						name: 'item',
						in: 'query',
						required: true,
						schema: { type: 'array', items: { type: 'string' } },
						style: 'form',
						explode: true,
						description: 'Codes O-000123 (200 au plus).'
					},
					query('perPiece', { type: 'string', enum: ['0', '1'] }, 'Un lot : `1` (défaut) une étiquette par pièce en stock ; `0` une pour le lot.')
				],
				responses: {
					'200': jsonResponse('Les étiquettes, dans l’ordre demandé.', {
						type: 'object',
						required: ['labels'],
						properties: { labels: { type: 'array', items: ref('ReuseItemLabel') } }
					}),
					...errors(404)
				}
			}
		},
		'/reuse/item-labels/printed': {
			post: {
				operationId: 'recordReuseItemLabelsPrinted',
				summary: 'Noter que des étiquettes d’objets ont été imprimées (travail « étiqueter »)',
				tags: [tag],
				'x-roles': WORK_REUSE,
				requestBody: jsonBody({
					type: 'object',
					required: ['items'],
					properties: { items: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', maxLength: 40 } }, perPiece: { type: 'boolean' } }
				}),
				responses: {
					'200': jsonResponse('Le nombre d’étiquettes notées.', { type: 'object', required: ['labels'], properties: { labels: { type: 'integer' } } }),
					...errors(400, 404, 413, 415)
				}
			}
		}
	},
	schemas: {
		ReuseItemSummary: {
			type: 'object',
			required: [
				'id',
				'code',
				'description',
				'categoryId',
				'categoryName',
				'flux',
				'quantity',
				'onHand',
				'priceCents',
				'unitWeightGrams',
				'weightSource',
				'siteId',
				'location',
				'createdAt'
			],
			properties: {
				id: uuid,
				code: { type: 'string', description: 'O-000123, le code de l’étiquette.' },
				description: { type: 'string' },
				categoryId: uuid,
				categoryName: { type: 'string' },
				flux: { type: 'string', enum: [...REUSE_FLUXES] },
				quantity: { type: 'integer', description: 'Pièces faites (1 : un objet).' },
				onHand: { type: 'integer', description: 'Pièces encore là.' },
				priceCents: { type: 'integer' },
				unitWeightGrams: { type: 'integer', description: 'Poids d’une pièce.' },
				weightSource: { type: 'string', enum: ['weighed', 'average'] },
				siteId: uuid,
				location: nullable({ type: 'object', required: ['id', 'code', 'name'], properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } }),
				createdAt: dateTime
			}
		},
		ReuseItem: {
			allOf: [
				ref('ReuseItemSummary'),
				{
					type: 'object',
					required: ['siteName', 'movements'],
					properties: {
						siteName: { type: 'string' },
						ecoCategory: nullable({ type: 'string' }),
						intakeId: nullable(uuid),
						intakeNumber: nullable({ type: 'string' }),
						createdBy: { type: 'string' },
						movements: {
							type: 'array',
							description: 'Le plus récent d’abord.',
							items: {
								type: 'object',
								required: ['id', 'kind', 'quantity', 'at'],
								properties: {
									id: { type: 'integer' },
									kind: { type: 'string', enum: ['creation', 'sale', 'return', 'exit', 'move', 'correction'] },
									quantity: { type: 'integer', description: 'Pièces, signé (− vendu ou sorti).' },
									from: nullable({ type: 'string' }),
									to: nullable({ type: 'string' }),
									saleLineId: nullable(uuid),
									exitLineId: nullable({ type: 'integer' }),
									reason: nullable({ type: 'string' }),
									by: { type: 'string' },
									at: dateTime
								}
							}
						}
					}
				}
			]
		},
		ReuseItemLabel: {
			type: 'object',
			required: ['code', 'priceCents', 'categoryName', 'description', 'pieces', 'qrSvg'],
			properties: {
				code: { type: 'string' },
				priceCents: { type: 'integer' },
				categoryName: { type: 'string' },
				flux: { type: 'string' },
				description: { type: 'string', description: 'Le début de la description.' },
				pieces: { type: 'integer', description: 'Une étiquette de lot : ses pièces ; sinon 1.' },
				piece: nullable({ type: 'integer', description: 'Une étiquette par pièce : laquelle (1, 2…).' }),
				qrSvg: { type: 'string', description: 'Le QR du code, en SVG.' }
			}
		}
	}
};
