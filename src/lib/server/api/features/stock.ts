import { VALIDATE_STOCK, WORK_STOCK } from '$lib/permissions';
import { DATE_TYPES, UNITS, ZONES } from '../../stock/catalogue';
import { errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature } from '../oas';

const code = {
	name: 'code',
	in: 'path',
	required: true,
	description: 'Code du lot (étiquette), ex. L-000123.',
	schema: { type: 'string', pattern: '^L-[0-9]{6,9}$' }
};
const id = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: uuid });
const page = { name: 'page', in: 'query', required: false, description: 'Page (50 par page).', schema: { type: 'integer', minimum: 1 } };
const q = {
	name: 'q',
	in: 'query',
	required: false,
	description: 'Partie du nom (ou du code-barres pour les produits).',
	schema: { type: 'string', maxLength: 100 }
};
const quantity = { type: 'integer', description: "Dans l'unité de base du produit : pièces, grammes (produits au kg) ou millilitres (produits au litre)." };
const date = { type: ['string', 'null'], format: 'date', examples: ['2026-12-31'] };

/** Catalogue, lots, stock and receptions. Quantities are integers in the product's base unit. */
export const stockApi: ApiFeature = {
	tag: { name: 'stock', description: 'Catalogue, lots, stock et réceptions. Quantités en unités de base (pièces, grammes, millilitres).' },
	paths: {
		'/lots/{code}': {
			get: {
				operationId: 'getLot',
				summary: 'Un lot par le code de son étiquette',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [code],
				responses: { '200': jsonResponse('Le lot.', ref('Lot')), ...errors(404) }
			}
		},
		'/stock/products': {
			get: {
				operationId: 'stockByProduct',
				summary: 'Le stock par produit (quantité, lots, première date)',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [q, page],
				responses: { '200': pageResponse('Une page du stock.', 'ProductStock'), ...errors() }
			}
		},
		'/stock/products/{id}/lots': {
			get: {
				operationId: 'productLots',
				summary: "Les lots en stock d'un produit, le plus urgent d'abord (FEFO)",
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id('Le produit.')],
				responses: {
					'200': jsonResponse('Les lots.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Lot') } } }),
					...errors()
				}
			}
		},
		'/stock/locations/{id}/lots': {
			get: {
				operationId: 'locationLots',
				summary: "Les lots en stock d'un emplacement (FEFO)",
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id("L'emplacement.")],
				responses: {
					'200': jsonResponse('Les lots.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Lot') } } }),
					...errors()
				}
			}
		},
		'/receptions': {
			post: {
				operationId: 'createReception',
				summary: 'Créer une réception (brouillon) avec ses lignes',
				description:
					'Tout ou rien : si une ligne est refusée (DLC passée, date impossible, emplacement de mauvaise zone, code inconnu…), rien n’est enregistré et l’erreur donne le numéro de la ligne (`field`: `lines.N.…`). Une ligne désigne le produit par `productId` ou par `gtin`.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				requestBody: jsonBody(ref('NewReception')),
				responses: { '201': jsonResponse('La réception créée.', ref('Reception')), ...errors(400, 404, 409) }
			}
		},
		'/receptions/{id}': {
			get: {
				operationId: 'getReception',
				summary: 'Une réception et ses lignes',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id('La réception.')],
				responses: { '200': jsonResponse('La réception.', ref('Reception')), ...errors(404) }
			}
		},
		'/receptions/{id}/validate': {
			post: {
				operationId: 'validateReception',
				summary: 'Valider une réception : crée les lots et leurs mouvements',
				description: 'Une seule fois : une deuxième validation répond 409 already_validated et ne change rien.',
				tags: ['stock'],
				'x-roles': VALIDATE_STOCK,
				parameters: [id('La réception.')],
				responses: {
					'200': jsonResponse('Les lots créés.', {
						type: 'object',
						required: ['lots'],
						properties: { lots: { type: 'array', items: { type: 'object', required: ['id', 'code'], properties: { id: uuid, code: { type: 'string' } } } } }
					}),
					...errors(404, 409)
				}
			}
		}
	},
	schemas: {
		Product: {
			type: 'object',
			required: ['id', 'name', 'unit', 'referencePriceCents', 'zone', 'dateType', 'gtins', 'active', 'needsReview'],
			properties: {
				id: uuid,
				name: { type: 'string' },
				categoryId: { type: ['string', 'null'], format: 'uuid' },
				unit: { type: 'string', enum: [...UNITS] },
				referencePriceCents: { type: 'integer', description: 'Prix de référence en centimes, par pièce, par kg ou par litre.' },
				netWeightGrams: { type: ['integer', 'null'] },
				zone: { type: 'string', enum: [...ZONES] },
				dateType: { type: 'string', enum: [...DATE_TYPES] },
				limitPerVisit: { type: ['integer', 'null'] },
				limitPerMonth: { type: ['integer', 'null'] },
				gtins: { type: 'array', items: { type: 'string', pattern: '^[0-9]{14}$' }, description: 'Codes-barres en GTIN-14.' },
				active: { type: 'boolean' },
				needsReview: {
					type: 'boolean',
					description: 'Créé pendant une réception par un salarié : à vérifier par le responsable (enregistrer le produit l’efface).'
				}
			}
		},
		Lot: {
			type: 'object',
			required: ['id', 'code', 'product', 'onHand', 'date', 'dateType', 'blocked', 'origin'],
			properties: {
				id: uuid,
				code: { type: 'string', examples: ['L-000123'] },
				product: {
					type: 'object',
					required: ['id', 'name', 'unit'],
					properties: { id: uuid, name: { type: 'string' }, unit: { type: 'string', enum: [...UNITS] } }
				},
				onHand: quantity,
				date,
				dateType: { type: 'string', enum: [...DATE_TYPES] },
				lotNumber: { type: ['string', 'null'] },
				blocked: { type: 'boolean', description: 'Bloqué par un rappel : ni vendu ni donné.' },
				location: { type: ['object', 'null'], properties: { id: uuid, code: { type: 'string' } } },
				origin: {
					type: 'object',
					required: ['name', 'kind', 'fse'],
					properties: { name: { type: 'string' }, kind: { type: 'string' }, fse: { type: 'boolean', description: 'FSE+ : gratuit, ne peut pas être vendu.' } }
				}
			}
		},
		ProductStock: {
			type: 'object',
			required: ['productId', 'name', 'unit', 'onHand', 'lotCount', 'valueCents'],
			properties: {
				productId: uuid,
				name: { type: 'string' },
				unit: { type: 'string', enum: [...UNITS] },
				onHand: quantity,
				lotCount: { type: 'integer' },
				firstDate: date,
				valueCents: { type: 'integer' }
			}
		},
		NewReception: {
			type: 'object',
			required: ['originId', 'lines'],
			properties: {
				originId: uuid,
				deliveryNote: { type: 'string', maxLength: 80 },
				lines: {
					type: 'array',
					maxItems: 500,
					items: {
						type: 'object',
						required: ['quantity'],
						properties: {
							productId: uuid,
							gtin: { type: 'string', description: 'EAN-13, EAN-8, UPC-A ou GTIN-14, à la place de productId.' },
							quantity,
							expectedQuantity: quantity,
							date,
							dateType: {
								type: 'string',
								enum: [...DATE_TYPES],
								description:
									"Toujours celui du produit (une DLC reste une DLC) : peut être omis ; un autre type est refusé (409 date_type_mismatch, rien n'est enregistré). Seul·e un·e responsable change le type, sur le produit."
							},
							lotNumber: { type: 'string', maxLength: 20 },
							locationId: uuid
						}
					}
				}
			}
		},
		Reception: {
			type: 'object',
			required: ['id', 'status', 'origin', 'lines'],
			properties: {
				id: uuid,
				status: { type: 'string', enum: ['draft', 'validated', 'cancelled'] },
				deliveryNote: { type: ['string', 'null'] },
				origin: { type: 'object', properties: { id: uuid, name: { type: 'string' }, fse: { type: 'boolean' } } },
				lines: {
					type: 'array',
					items: {
						type: 'object',
						properties: {
							id: uuid,
							productId: uuid,
							quantity,
							expectedQuantity: quantity,
							date,
							dateType: { type: 'string' },
							lotNumber: { type: ['string', 'null'] },
							locationId: { type: ['string', 'null'] },
							lotId: { type: ['string', 'null'] }
						}
					}
				}
			}
		}
	}
};
