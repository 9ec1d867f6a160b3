import { AUTHORISE_AT_TILL, both, READ_SALES, SELL_PUBLIC } from '$lib/permissions';
import { MAX_PUBLIC_QUANTITY, MAX_DISCOUNT_REASON } from '$lib/till/publicBasket';
import { MAX_PRICE_CENTS } from '$lib/numbers';
import { MAX_SALE_LINES } from '../../till/sales';
import { dateTime, errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/**
 * The ressourcerie's public sales (issue 15): the same till (session, numbers, payments, idempotency,
 * returns, Z report) as the épicerie, for anyone — no household. See docs/ressourcerie.md (till).
 */
const cents = (description: string): JsonSchema => ({ type: 'integer', description });
const saleId = { name: 'id', in: 'path', required: true, description: 'Identifiant (uuid) ou numéro de la vente (V-000123).', schema: { type: 'string' } };
const idempotencyHeader = {
	name: 'Idempotency-Key',
	in: 'header',
	required: false,
	description:
		'Clé unique, faite par le client une fois par panier (ou par retour), avant le premier essai (8 à 100 caractères : lettres, chiffres, - ou _). Obligatoire : ici ou dans `idempotencyKey` du corps.',
	schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' }
};

export const publicSalesApi: ApiFeature = {
	tag: {
		name: 'public-sales',
		description:
			'Ressourcerie : vente à tout le monde (pas de foyer, pas de budget). Chaque ligne est un objet scanné (son étiquette O-000123, à son prix) ou une touche rapide (une catégorie, un prix tapé, une quantité ; poids = poids moyen de la catégorie × quantité). Remise par ligne avec une raison, au plus le pourcentage réglé. Même caisse, mêmes numéros V-000123, mêmes paiements, même idempotence et mêmes retours que l’épicerie.'
	},
	paths: {
		'/public-sales': {
			post: {
				operationId: 'completePublicSale',
				summary: 'Enregistrer une vente ressourcerie (idempotent)',
				description:
					'Une seule transaction : la vente, ses lignes (avec le poids vendu), ses paiements, la sortie des objets de leur stock. Le serveur reprend le prix de chaque objet ; il faut une caisse ouverte pour ce point de caisse. ' +
					'Clé d’idempotence obligatoire : première fois 201 ; la même clé avec le même panier 200, le même corps, `Idempotent-Replayed: true` ; la même clé avec un autre panier 409 `idempotency_conflict`. ' +
					'Refus (rien n’est enregistré) : objet inconnu ou d’une autre structure (404 « Objet introuvable »), objet déjà vendu ou sorti (409 `reuse_item_gone`), catégorie inconnue (404), prix, quantité ou remise invalide (400), paiements qui ne font pas le total (400), caisse fermée (409).',
				tags: ['public-sales'],
				'x-roles': SELL_PUBLIC,
				parameters: [idempotencyHeader],
				requestBody: jsonBody(ref('NewPublicSale')),
				responses: {
					'201': jsonResponse('La vente enregistrée. En-tête Location : /api/v1/public-sales/{id}.', ref('PublicSaleCompleted')),
					'200': jsonResponse('Cette clé avait déjà enregistré cette vente : la même réponse, rien de nouveau.', ref('PublicSaleCompleted')),
					...errors(400, 403, 404, 409, 413, 415)
				}
			}
		},
		'/public-sales/{id}': {
			get: {
				operationId: 'getPublicSale',
				summary: 'Une vente ressourcerie (ticket) : lignes, poids, remises, paiements, retours',
				description:
					'Aucune donnée personnelle. Une vente de l’épicerie, inconnue ou d’une autre structure : 404. Opérateur·rices : seulement une vente de la caisse ouverte de leur point de caisse.',
				tags: ['public-sales'],
				'x-roles': READ_SALES,
				parameters: [saleId],
				responses: { '200': jsonResponse('La vente.', ref('PublicSale')), ...errors(404) }
			}
		},
		'/public-sales/{id}/returns': {
			post: {
				operationId: 'returnPublicSale',
				summary: 'Reprendre des lignes d’une vente ressourcerie (retour, idempotent)',
				description:
					'Comme `POST /sales/{id}/returns` : un·e encadrant·e sur la caisse ouverte de ce point de caisse, remboursement par les modes payés, dans leur ordre. Une ligne d’objet remise en stock (`disposition: stock`) remet l’objet en stock ; une touche rapide n’a rien à remettre ; `loss` : l’objet ne revient pas. Pas de budget. ' +
					'Même idempotence que les retours de l’épicerie.',
				tags: ['public-sales'],
				'x-roles': both(READ_SALES, AUTHORISE_AT_TILL),
				parameters: [saleId, idempotencyHeader],
				requestBody: jsonBody(ref('NewReturn')),
				responses: {
					'201': jsonResponse('Le retour enregistré.', ref('SaleReturn')),
					'200': jsonResponse('Cette clé avait déjà enregistré ce retour : la même réponse, rien de nouveau.', ref('SaleReturn')),
					...errors(400, 403, 404, 409, 413, 415)
				}
			}
		}
	},
	schemas: {
		NewPublicSale: {
			type: 'object',
			required: ['lines', 'payments'],
			properties: {
				idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$', description: 'Voir l’en-tête Idempotency-Key (l’un ou l’autre).' },
				lines: {
					type: 'array',
					minItems: 1,
					maxItems: MAX_SALE_LINES,
					items: {
						type: 'object',
						description: 'Soit `item` (objet scanné), soit `categoryId` + `priceCents` (touche rapide).',
						properties: {
							item: { type: 'string', description: 'Identifiant de l’objet (uuid) ou code de son étiquette (O-000123).', examples: ['O-000123'] },
							categoryId: { ...uuid, description: 'Touche rapide : la catégorie de l’objet sans étiquette.' },
							priceCents: {
								type: 'integer',
								minimum: 0,
								maximum: MAX_PRICE_CENTS,
								description: 'Touche rapide : prix d’une pièce (ignoré pour un objet : son prix).'
							},
							quantity: {
								type: 'integer',
								minimum: 1,
								maximum: MAX_PUBLIC_QUANTITY,
								description: 'Pièces (1 par défaut ; un lot d’objets peut en vendre plusieurs).'
							},
							description: { type: 'string', maxLength: 200, description: 'Touche rapide : courte description (facultative).' },
							discountCents: {
								type: 'integer',
								minimum: 0,
								description: 'Remise sur la ligne, au plus le pourcentage réglé (`reuse.maxDiscountPercent`, 50 % par défaut).'
							},
							discountReason: { type: 'string', maxLength: MAX_DISCOUNT_REASON, description: 'Raison de la remise (obligatoire avec une remise).' }
						}
					}
				},
				payments: {
					type: 'array',
					maxItems: 5,
					description: 'Leur somme doit faire exactement le montant à payer (vide si tout est à 0 €).',
					items: {
						type: 'object',
						required: ['method', 'amountCents'],
						properties: {
							method: { type: 'string', enum: ['cash', 'card', 'cheque'] },
							amountCents: { type: 'integer', minimum: 1 },
							tenderedCents: { type: 'integer', description: 'Espèces : la somme donnée (la monnaie rendue en découle).' }
						}
					}
				}
			}
		},
		PublicSaleCompleted: {
			type: 'object',
			required: ['id', 'number', 'referenceCents', 'discountCents', 'paidCents', 'weightGrams', 'changeCents'],
			properties: {
				id: uuid,
				number: { type: 'string', examples: ['V-000123'] },
				referenceCents: cents('Prix des lignes avant remise.'),
				discountCents: cents('Remises données.'),
				paidCents: cents('Payé.'),
				weightGrams: { type: 'integer', description: 'Poids vendu (grammes).' },
				changeCents: cents('Monnaie rendue.')
			}
		},
		PublicSale: {
			type: 'object',
			required: [
				'id',
				'number',
				'at',
				'day',
				'sessionId',
				'operator',
				'referenceCents',
				'discountCents',
				'paidCents',
				'weightGrams',
				'lines',
				'payments',
				'returns'
			],
			properties: {
				id: uuid,
				number: { type: 'string' },
				at: dateTime,
				day: { type: 'string', format: 'date' },
				sessionId: uuid,
				operator: { type: 'string', description: 'Prénom de la personne à la caisse.' },
				deviceName: { type: ['string', 'null'] },
				referenceCents: { type: 'integer' },
				discountCents: { type: 'integer' },
				paidCents: { type: 'integer' },
				weightGrams: { type: 'integer' },
				lines: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'lineNo', 'description', 'quantity', 'returned', 'unitPriceCents', 'referenceCents', 'discountCents', 'paidCents', 'weightGrams'],
						properties: {
							id: { ...uuid, description: 'Le `saleLineId` d’un retour.' },
							lineNo: { type: 'integer' },
							itemCode: { type: ['string', 'null'], description: 'Code de l’étiquette de l’objet ; null pour une touche rapide.' },
							description: { type: 'string' },
							quantity: { type: 'integer' },
							returned: { type: 'integer' },
							unitPriceCents: { type: 'integer' },
							referenceCents: { type: 'integer' },
							discountCents: { type: 'integer' },
							discountReason: { type: ['string', 'null'] },
							paidCents: { type: 'integer' },
							weightGrams: { type: 'integer' }
						}
					}
				},
				payments: {
					type: 'array',
					items: {
						type: 'object',
						properties: {
							method: { type: 'string', enum: ['cash', 'card', 'cheque'] },
							amountCents: { type: 'integer' },
							tenderedCents: { type: ['integer', 'null'] },
							changeCents: { type: ['integer', 'null'] },
							refund: { type: 'boolean' }
						}
					}
				},
				returns: {
					type: 'array',
					items: { type: 'object', properties: { id: uuid, at: dateTime, refundCents: { type: 'integer' }, reason: { type: 'string' } } }
				}
			}
		}
	}
};
