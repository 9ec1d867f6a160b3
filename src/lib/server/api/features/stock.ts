import { VALIDATE_STOCK, WORK_STOCK } from '$lib/permissions';
import { DATE_TYPES, UNITS, ZONES } from '../../stock/catalogue';
import { MOVEMENT_KINDS } from '../../stock/ledger';
import { LOSS_REASONS } from '../../stock/lots';
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
			},
			patch: {
				operationId: 'updateReception',
				summary: 'Noter (ou effacer, avec null) le poids livré d’une réception (brouillon)',
				description:
					'En grammes, un nombre entier de 1 à 100 000 000 (100 t), ou null. Réception validée ou annulée : 409. Mauvais poids : 400 `invalid_input`, rien ne change.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id('La réception.')],
				requestBody: jsonBody({
					type: 'object',
					required: ['deliveredWeightGrams'],
					properties: { deliveredWeightGrams: { type: ['integer', 'null'], minimum: 1, maximum: 100_000_000 } }
				}),
				responses: { '200': jsonResponse('La réception.', ref('Reception')), ...errors(400, 404, 409) }
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
		},
		'/lots/{code}/movements': {
			get: {
				operationId: 'lotMovements',
				summary: "L'historique d'un lot : chaque mouvement, le plus ancien d'abord",
				description: 'Le `id` d’un mouvement sert à le corriger (`POST /lots/{code}/corrections`).',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [code],
				responses: {
					'200': jsonResponse('Les mouvements.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Movement') } } }),
					...errors(404)
				}
			}
		},
		'/lots/{code}/losses': {
			post: {
				operationId: 'recordLoss',
				summary: 'Enregistrer une perte sur un lot, avec sa raison',
				description: 'Un mouvement négatif. Plus que le stock du lot : 409 `insufficient_stock`, rien n’est enregistré.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [code],
				requestBody: jsonBody({
					type: 'object',
					required: ['quantity', 'reason'],
					properties: {
						quantity: { ...quantity, minimum: 1 },
						reason: { type: 'string', enum: [...LOSS_REASONS], description: 'DLC dépassée, cassé, abîmé, vol, rappel, autre.' },
						note: { type: 'string', maxLength: 200 }
					}
				}),
				responses: { '201': jsonResponse('La perte enregistrée et le lot après.', ref('LotChange')), ...errors(400, 404, 409, 415) }
			}
		},
		'/lots/{code}/corrections': {
			post: {
				operationId: 'correctMovement',
				summary: 'Annuler un mouvement du lot par un mouvement de correction (jamais effacé)',
				description:
					'Encadrant·es, responsables, admins. La raison est obligatoire (400 `reason_required`). Un mouvement est corrigé une seule fois (409 `already_corrected`) ; une correction ne se corrige pas ; un mouvement de vente, retour, réception ou inventaire se corrige par son document (409 `movement_of_document`). Un mouvement d’un autre lot : 404.',
				tags: ['stock'],
				'x-roles': VALIDATE_STOCK,
				parameters: [code],
				requestBody: jsonBody({
					type: 'object',
					required: ['movementId', 'reason'],
					properties: { movementId: { type: 'integer', minimum: 1 }, reason: { type: 'string', minLength: 1, maxLength: 200 } }
				}),
				responses: { '201': jsonResponse('La correction et le lot après.', ref('LotChange')), ...errors(400, 404, 409, 415) }
			}
		},
		'/lots/{code}/write-off': {
			post: {
				operationId: 'writeOffExpiredLot',
				summary: 'Retirer un lot dont la DLC est passée (perte de tout son stock)',
				description: 'Encadrant·es, responsables, admins. DLC pas encore passée : 409 `dlc_not_past`, rien ne change. Sans corps.',
				tags: ['stock'],
				'x-roles': VALIDATE_STOCK,
				parameters: [code],
				responses: {
					'200': jsonResponse('Le lot retiré.', {
						type: 'object',
						required: ['code', 'quantity'],
						properties: { code: { type: 'string' }, quantity: { ...quantity, description: 'La quantité retirée.' } }
					}),
					...errors(404, 409)
				}
			}
		},
		'/lots/{code}/move': {
			post: {
				operationId: 'moveLot',
				summary: 'Ranger un lot (ou une partie) dans un emplacement',
				description:
					'Comme la page Rangement. Sans `quantity` (ou tout le stock) : le lot change de place. Moins : un nouveau lot prend cette partie (`split`). Produit frais ou surgelé vers un emplacement non froid : 409 `zone_mismatch`. Produit ambiant vers le froid : 409 `cold_confirm` sauf `confirmColdForAmbient`.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [code],
				requestBody: jsonBody({
					type: 'object',
					required: ['locationId'],
					properties: { locationId: uuid, quantity: { ...quantity, minimum: 1 }, confirmColdForAmbient: { type: 'boolean' } }
				}),
				responses: {
					'200': jsonResponse('Le lot rangé (et le lot d’origine, s’il a été partagé).', {
						type: 'object',
						required: ['split', 'lot'],
						properties: { split: { type: 'boolean' }, lot: ref('Lot'), from: ref('Lot') }
					}),
					...errors(400, 404, 409, 415)
				}
			}
		},
		'/recalls': {
			post: {
				operationId: 'recallLots',
				summary: 'Rappel : bloquer tous les lots d’un numéro de lot fournisseur',
				description:
					'Encadrant·es, responsables, admins. Les lots bloqués ne sont plus vendus ni donnés ; la réponse dit où ils sont. Aucun lot : 404 `recall_no_lot`.',
				tags: ['stock'],
				'x-roles': VALIDATE_STOCK,
				requestBody: jsonBody({
					type: 'object',
					required: ['lotNumber'],
					properties: { lotNumber: { type: 'string', minLength: 1, maxLength: 20 }, productId: { type: ['string', 'null'], format: 'uuid' } }
				}),
				responses: {
					'200': jsonResponse('Les lots bloqués.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Lot') } } }),
					...errors(400, 404, 415)
				}
			}
		},
		'/inventories': {
			get: {
				operationId: 'listInventories',
				summary: 'Les inventaires (comptages par emplacement), les plus récents d’abord (30)',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				responses: {
					'200': jsonResponse('Les inventaires.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('InventorySummary') } }
					}),
					...errors()
				}
			},
			post: {
				operationId: 'startInventory',
				summary: 'Commencer l’inventaire d’un emplacement',
				description: 'Inventaire partiel : seuls les lots comptés seront ajustés à la validation.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				requestBody: jsonBody({ type: 'object', required: ['locationId'], properties: { locationId: uuid } }),
				responses: { '201': jsonResponse('L’inventaire commencé.', ref('Inventory')), ...errors(400, 404, 415) }
			}
		},
		'/inventories/{id}': {
			get: {
				operationId: 'getInventory',
				summary: 'Un inventaire et ses lignes comptées',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id("L'inventaire.")],
				responses: { '200': jsonResponse('L’inventaire.', ref('Inventory')), ...errors(404) }
			}
		},
		'/inventories/{id}/lines': {
			post: {
				operationId: 'countInventoryLot',
				summary: 'Compter un lot : ce qui est sur l’étagère (0 compris)',
				description:
					'Compter le même lot encore remplace le nombre. Un lot enregistré à un autre emplacement : 409 `lot_elsewhere`, rien n’est enregistré, sauf `moveHere: true` (il est d’abord déplacé ici). Inventaire déjà validé : 409.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id("L'inventaire.")],
				requestBody: jsonBody({
					type: 'object',
					required: ['lot', 'quantity'],
					properties: {
						lot: { type: 'string', description: 'Code du lot (L-000123) ou le contenu de son QR.', maxLength: 200 },
						quantity: { ...quantity, minimum: 0 },
						moveHere: { type: 'boolean' }
					}
				}),
				responses: {
					'200': jsonResponse('La ligne comptée et l’inventaire.', {
						type: 'object',
						required: ['lot', 'moved', 'inventory'],
						properties: { lot: { type: 'string' }, moved: { type: 'boolean' }, inventory: ref('Inventory') }
					}),
					...errors(400, 404, 409, 415)
				}
			}
		},
		'/inventories/{id}/validate': {
			post: {
				operationId: 'validateInventory',
				summary: 'Valider un inventaire : un mouvement de comptage par lot compté',
				description:
					'Encadrant·es, responsables, admins. Un grand écart (réglages de l’inventaire) demande `reason` : sans elle, 409 `reason_required` et rien ne change. Une seule fois (409 `already_validated`).',
				tags: ['stock'],
				'x-roles': VALIDATE_STOCK,
				parameters: [id("L'inventaire.")],
				requestBody: jsonBody({ type: 'object', properties: { reason: { type: 'string', maxLength: 200 } } }),
				responses: {
					'200': jsonResponse('Le nombre de lots ajustés.', { type: 'object', required: ['adjusted'], properties: { adjusted: { type: 'integer' } } }),
					...errors(400, 404, 409, 415)
				}
			}
		},
		'/receptions/{id}/scan': {
			get: {
				operationId: 'scanForReception',
				summary: 'Ce que dit un code scanné pour la prochaine ligne de la réception',
				description:
					'Un produit connu, avec ce que dit un code GS1 (lot, date, poids) pour sa ligne ; ou un code inconnu, avec de quoi créer le produit (`POST /receptions/{id}/products`). Rien n’est enregistré. Code illisible ou mauvaise clé de contrôle : 400.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [
					id('La réception.'),
					{
						name: 'code',
						in: 'query',
						required: true,
						description: 'EAN-13, EAN-8, UPC-A, GTIN-14 ou code GS1 complet.',
						schema: { type: 'string', maxLength: 200 }
					}
				],
				responses: { '200': jsonResponse('Le produit ou le code inconnu.', ref('ReceptionScan')), ...errors(400, 404) }
			}
		},
		'/receptions/{id}/products': {
			post: {
				operationId: 'quickCreateProduct',
				summary: 'Créer sur place le produit d’un code inconnu',
				description:
					'Comme le formulaire rapide de la réception : créé par une personne qui ne gère pas le catalogue, le produit est marqué « à vérifier » (`needsReview`). Tous les champs faux sont dits ensemble (`errors`). Un nom ou un code déjà pris : 409.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id('La réception.')],
				requestBody: jsonBody({
					type: 'object',
					required: ['name', 'gtin', 'unit', 'zone', 'dateType'],
					properties: {
						name: { type: 'string', maxLength: 120 },
						gtin: { type: 'string', description: 'EAN-13, EAN-8, UPC-A ou GTIN-14.' },
						unit: { type: 'string', enum: [...UNITS] },
						zone: { type: 'string', enum: [...ZONES] },
						dateType: { type: 'string', enum: [...DATE_TYPES] },
						categoryId: { type: ['string', 'null'], format: 'uuid', description: 'Obligatoire quand la structure a des catégories.' },
						referencePriceCents: { type: 'integer', minimum: 0, description: '0 si absent, jusqu’à ce qu’un·e responsable le fixe.' }
					}
				}),
				responses: {
					'201': jsonResponse('Le produit créé et la ligne qu’il prépare.', {
						type: 'object',
						required: ['product', 'line'],
						properties: { product: ref('Product'), line: ref('ReceptionLinePrefill') }
					}),
					...errors(400, 404, 409, 415)
				}
			}
		},
		'/receptions/{id}/lines': {
			post: {
				operationId: 'addReceptionLine',
				summary: 'Ajouter une ligne à une réception (brouillon)',
				description:
					'Les mêmes contrôles qu’à la création : DLC passée, date impossible, emplacement de mauvaise zone, produit froid sans emplacement, type de date différent de celui du produit. Réception validée ou annulée : 409.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id('La réception.')],
				requestBody: jsonBody(ref('NewReceptionLine')),
				responses: {
					'201': jsonResponse('La ligne ajoutée et la réception.', {
						type: 'object',
						required: ['lineId', 'reception'],
						properties: { lineId: uuid, reception: ref('Reception') }
					}),
					...errors(400, 404, 409, 415)
				}
			}
		},
		'/receptions/{id}/lines/{lineId}': {
			delete: {
				operationId: 'removeReceptionLine',
				summary: 'Retirer une ligne d’une réception (brouillon)',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id('La réception.'), { name: 'lineId', in: 'path', required: true, description: 'La ligne.', schema: uuid }],
				responses: { '200': jsonResponse('La réception.', ref('Reception')), ...errors(404, 409) }
			}
		},
		'/receptions/{id}/cancel': {
			post: {
				operationId: 'cancelReception',
				summary: 'Annuler une réception (brouillon) : aucun lot, aucun mouvement',
				description: 'Réception validée : 409 `already_validated`. Sans corps.',
				tags: ['stock'],
				'x-roles': WORK_STOCK,
				parameters: [id('La réception.')],
				responses: { '200': jsonResponse('La réception annulée.', ref('Reception')), ...errors(404, 409) }
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
				deliveredWeightGrams: {
					type: ['integer', 'null'],
					minimum: 1,
					maximum: 100_000_000,
					description: 'Le poids de toute la livraison (bon de livraison ou balance), en grammes. Facultatif.'
				},
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
				deliveredWeightGrams: {
					type: ['integer', 'null'],
					minimum: 1,
					maximum: 100_000_000,
					description: 'Le poids de toute la livraison (bon de livraison ou balance), en grammes. Facultatif.'
				},
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
		},
		NewReceptionLine: {
			type: 'object',
			required: ['productId', 'quantity'],
			properties: {
				productId: uuid,
				quantity,
				expectedQuantity: quantity,
				date,
				dateType: {
					type: 'string',
					enum: [...DATE_TYPES],
					description: 'Toujours celui du produit : peut être omis ; un autre est refusé (409 date_type_mismatch).'
				},
				lotNumber: { type: ['string', 'null'], maxLength: 20 },
				locationId: { type: ['string', 'null'], format: 'uuid' }
			}
		},
		LotChange: {
			type: 'object',
			required: ['movementId', 'lot'],
			properties: { movementId: { type: 'integer', description: 'Le mouvement enregistré.' }, lot: ref('Lot') }
		},
		Movement: {
			type: 'object',
			required: ['id', 'at', 'kind', 'quantity', 'by', 'corrected'],
			properties: {
				id: { type: 'integer' },
				at: { type: 'string', format: 'date-time' },
				kind: { type: 'string', enum: [...MOVEMENT_KINDS] },
				quantity: { ...quantity, description: 'Positif : entré ; négatif : sorti ; 0 : déplacé.' },
				reason: { type: ['string', 'null'] },
				note: { type: ['string', 'null'] },
				toLocation: { type: ['object', 'null'], properties: { id: uuid, code: { type: 'string' } } },
				correctionOf: { type: ['integer', 'null'], description: 'Le mouvement que celui-ci corrige.' },
				by: { type: 'string' },
				device: { type: ['string', 'null'] },
				corrected: { type: 'boolean', description: 'Déjà corrigé par un autre mouvement.' }
			}
		},
		InventorySummary: {
			type: 'object',
			required: ['id', 'status', 'location', 'createdAt', 'createdBy'],
			properties: {
				id: uuid,
				status: { type: 'string', enum: ['draft', 'validated'] },
				location: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
				createdAt: { type: 'string', format: 'date-time' },
				createdBy: { type: 'string' }
			}
		},
		Inventory: {
			type: 'object',
			required: ['id', 'status', 'location', 'createdAt', 'check', 'lines'],
			properties: {
				id: uuid,
				status: { type: 'string', enum: ['draft', 'validated'] },
				location: { type: 'object', properties: { id: uuid, code: { type: 'string' }, name: { type: 'string' } } },
				createdAt: { type: 'string', format: 'date-time' },
				check: {
					type: 'object',
					description: 'Au-delà de cet écart (pourcentage et unités), la validation demande une raison.',
					properties: { percent: { type: 'integer' }, units: { type: 'integer' } }
				},
				lines: {
					type: 'array',
					items: {
						type: 'object',
						required: ['lot', 'product', 'unit', 'counted', 'expected', 'onHand', 'difference', 'large'],
						properties: {
							lot: { type: 'object', properties: { id: uuid, code: { type: 'string' } } },
							product: { type: 'string' },
							unit: { type: 'string', enum: [...UNITS] },
							counted: quantity,
							expected: { ...quantity, description: 'Le stock du lot quand il a été compté.' },
							onHand: { ...quantity, description: 'Le stock du lot maintenant.' },
							difference: { type: 'integer', description: 'Compté − attendu : le mouvement que fera la validation.' },
							large: { type: 'boolean', description: 'Grand écart : la validation demandera une raison.' }
						}
					}
				}
			}
		},
		ReceptionLinePrefill: {
			type: 'object',
			required: ['productId', 'dateType', 'date', 'lotNumber', 'quantity'],
			description: 'Ce que le code dit pour la ligne (à compléter, puis `POST /receptions/{id}/lines`).',
			properties: {
				productId: uuid,
				dateType: { type: 'string', enum: [...DATE_TYPES] },
				date,
				lotNumber: { type: ['string', 'null'] },
				quantity: { type: ['integer', 'null'], description: 'Le poids du code GS1 (produits au kg), en grammes.' }
			}
		},
		ReceptionScan: {
			type: 'object',
			required: ['kind', 'gs1'],
			properties: {
				kind: { type: 'string', enum: ['product', 'unknown'] },
				product: ref('Product'),
				line: ref('ReceptionLinePrefill'),
				gtin: { type: 'string', description: 'Code inconnu : le GTIN-14 lu.' },
				guess: {
					type: 'object',
					description: 'Code inconnu : ce que le code laisse deviner du produit à créer.',
					properties: {
						unit: { type: 'string', enum: [...UNITS] },
						zone: { type: 'string', enum: [...ZONES] },
						dateType: { type: 'string', enum: [...DATE_TYPES] }
					}
				},
				gs1: {
					type: ['object', 'null'],
					properties: {
						lotNumber: { type: ['string', 'null'] },
						useBy: { type: ['string', 'null'], format: 'date' },
						bestBefore: { type: ['string', 'null'], format: 'date' },
						netWeightGrams: { type: ['integer', 'null'] }
					}
				}
			}
		}
	}
};
