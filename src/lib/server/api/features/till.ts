import { AUTHORISE_AT_TILL, both, READ_SALES, READ_Z_REPORTS, RUN_TILL } from '$lib/permissions';
import { MAX_SALE_LINES } from '../../till/sales';
import { dateTime, errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/** Who reads Z reports through the till's routes (group (till) and READ_Z_REPORTS): operators only close and get their own Z. */
const Z_TILL = both(RUN_TILL, READ_Z_REPORTS);
/** Returns: through the sales' routes (group (sales)) by the people who authorise at the till. */
const RETURNS = both(READ_SALES, AUTHORISE_AT_TILL);
const saleId = { name: 'id', in: 'path', required: true, description: 'Identifiant (uuid) ou numéro de la vente (V-000123).', schema: { type: 'string' } };
const cents = (description: string): JsonSchema => ({ type: 'integer', description });
const methods = ['cash', 'card', 'cheque'];
const byMethod: JsonSchema = {
	type: 'object',
	required: methods,
	properties: Object.fromEntries(methods.map((k) => [k, { type: 'integer' }])),
	description: 'En centimes, par mode de paiement.'
};
const page = { name: 'page', in: 'query', required: false, description: 'Page (30 par page).', schema: { type: 'integer', minimum: 1 } };
const idempotencyHeader = {
	name: 'Idempotency-Key',
	in: 'header',
	required: false,
	description:
		'Clé unique de la vente, faite par le client une fois par panier, avant le premier essai (8 à 100 caractères : lettres, chiffres, - ou _). Obligatoire : ici ou dans `idempotencyKey` du corps (les deux, s’ils sont donnés, doivent être égaux). Renvoyer la même requête avec la même clé ne crée jamais une deuxième vente.',
	schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' }
};

/**
 * The till for scripts and partner software: the API token is the till point (one open session per
 * token), sales are completed by the same service as the tablet, with an idempotency key.
 */
export const tillApi: ApiFeature = {
	tag: {
		name: 'till',
		description:
			'Caisse : sessions de caisse (ouverture avec le fond de caisse, clôture avec le comptage → ticket Z), ventes. Un jeton d’API est un point de caisse, comme une tablette : une seule caisse ouverte par jeton. Montants en centimes, quantités en unités de base (pièces, grammes, millilitres).'
	},
	paths: {
		'/sales': {
			get: {
				operationId: 'listSales',
				summary: 'Les ventes de la structure, les plus récentes d’abord',
				description:
					'Encadrant·es, responsables, admins : toutes les ventes. Opérateur·rices : seulement les ventes de la caisse ouverte de leur point de caisse (jeton ou tablette), aucune sans caisse ouverte.',
				tags: ['till'],
				'x-roles': READ_SALES,
				parameters: [
					page,
					{ name: 'session', in: 'query', required: false, description: 'Seulement les ventes de cette session de caisse.', schema: uuid },
					{
						name: 'q',
						in: 'query',
						required: false,
						description: 'Numéro de vente (V-000123) ou référence du foyer (FOY-0001).',
						schema: { type: 'string', maxLength: 40 }
					}
				],
				responses: { '200': pageResponse('Une page de ventes.', 'SaleSummary'), ...errors() }
			},
			post: {
				operationId: 'completeSale',
				summary: 'Enregistrer une vente (idempotent)',
				description:
					'Une seule transaction : la vente, ses lignes, ses paiements, les mouvements de stock et le budget du foyer. Le serveur recalcule les prix (taux de participation, FSE+ à 0 €), les limites et le budget ; il ne prend jamais les prix du client. ' +
					'Il faut une caisse ouverte pour ce point de caisse (`POST /till-sessions`). ' +
					'Clé d’idempotence obligatoire (en-tête `Idempotency-Key` ou `idempotencyKey`) : sans clé, 400 et rien n’est enregistré. ' +
					'Première fois : 201. La même clé avec le même panier : 200, le même corps, en-tête `Idempotent-Replayed: true`, rien de plus n’est enregistré. La même clé avec un autre panier : 409 `idempotency_conflict`. ' +
					'Refus (rien n’est enregistré) : carte ou référence inconnue, retirée ou d’une autre structure (404), lot inconnu ou d’une autre structure (404), quantité invalide (400), droit non valable, DLC passée, lot bloqué, stock insuffisant, limite atteinte, budget dépassé sans accord d’un·e encadrant·e, caisse fermée (409), paiements qui ne font pas le total (400).',
				tags: ['till'],
				'x-roles': RUN_TILL,
				parameters: [idempotencyHeader],
				requestBody: jsonBody(ref('NewSale')),
				responses: {
					'201': jsonResponse('La vente enregistrée. En-tête Location : /api/v1/sales/{id}.', ref('SaleCompleted')),
					'200': jsonResponse('Cette clé avait déjà enregistré cette vente : la même réponse, rien de nouveau.', ref('SaleCompleted')),
					...errors(400, 404, 409, 413, 415)
				}
			}
		},
		'/sales/{id}': {
			get: {
				operationId: 'getSale',
				summary: 'Une vente (ticket) avec ses lignes, paiements et retours',
				description:
					'Du foyer, seulement le prénom et la référence, comme sur le ticket. Opérateur·rices : seulement une vente de la caisse ouverte de leur point de caisse (sinon 404).',
				tags: ['till'],
				'x-roles': READ_SALES,
				parameters: [
					{ name: 'id', in: 'path', required: true, description: 'Identifiant (uuid) ou numéro de la vente (V-000123).', schema: { type: 'string' } }
				],
				responses: { '200': jsonResponse('La vente.', ref('Sale')), ...errors(404) }
			}
		},
		'/till-sessions': {
			get: {
				operationId: 'listTillSessions',
				summary: 'Les sessions de caisse, les plus récentes d’abord, avec leur ticket Z',
				description: 'Rapports Z : encadrant·es et admins (pas les opérateur·rices : 403).',
				tags: ['till'],
				'x-roles': Z_TILL,
				parameters: [page],
				responses: { '200': pageResponse('Une page de sessions.', 'TillSessionSummary'), ...errors(403) }
			},
			post: {
				operationId: 'openTill',
				summary: 'Ouvrir la caisse de ce point de caisse avec le fond de caisse compté',
				description: 'Le point de caisse est le jeton d’API (ou la tablette, avec un cookie de session). Une caisse déjà ouverte : 409 `till_already_open`.',
				tags: ['till'],
				'x-roles': RUN_TILL,
				requestBody: jsonBody({
					type: 'object',
					required: ['floatCents'],
					properties: { floatCents: cents('Fond de caisse compté, en centimes (0 ou plus).'), note: { type: 'string', maxLength: 500 } }
				}),
				responses: { '201': jsonResponse('La session ouverte.', ref('TillSession')), ...errors(400, 409, 415) }
			}
		},
		'/till-sessions/current': {
			get: {
				operationId: 'currentTillSession',
				summary: 'La caisse ouverte de ce point de caisse, avec les chiffres du moment',
				description: 'Aucune caisse ouverte : 404 `no_open_session`. `totals.counted` vaut 0 tant que la caisse n’est pas fermée.',
				tags: ['till'],
				'x-roles': RUN_TILL,
				responses: { '200': jsonResponse('La session ouverte.', ref('TillSession')), ...errors(404) }
			}
		},
		'/till-sessions/current/close': {
			post: {
				operationId: 'closeTill',
				summary: 'Fermer la caisse avec l’argent compté par mode : le ticket Z',
				description: 'Attend la fin des ventes en cours ; après, plus aucune vente sur cette session. Aucune caisse ouverte : 409 `till_closed`.',
				tags: ['till'],
				'x-roles': RUN_TILL,
				requestBody: jsonBody({
					type: 'object',
					required: ['counted'],
					properties: {
						counted: {
							type: 'object',
							properties: Object.fromEntries(methods.map((k) => [k, { type: 'integer', minimum: 0 }])),
							description: 'Compté à la fermeture, en centimes (0 si absent).'
						},
						note: { type: 'string', maxLength: 500 }
					}
				}),
				responses: { '200': jsonResponse('La session fermée et son ticket Z.', ref('TillSession')), ...errors(400, 409, 415) }
			}
		},
		'/till-sessions/{id}': {
			get: {
				operationId: 'getTillSession',
				summary: 'Une session de caisse et son ticket Z',
				description: 'Rapports Z : encadrant·es et admins (pas les opérateur·rices : 403).',
				tags: ['till'],
				'x-roles': Z_TILL,
				parameters: [{ name: 'id', in: 'path', required: true, schema: uuid }],
				responses: { '200': jsonResponse('La session.', ref('TillSession')), ...errors(403, 404) }
			}
		},
		'/sales/{id}/returns': {
			get: {
				operationId: 'listSaleReturns',
				summary: 'Les retours d’une vente, avec leurs lignes et remboursements',
				description: 'Opérateur·rices : seulement une vente de la caisse ouverte de leur point de caisse (sinon 404).',
				tags: ['till'],
				'x-roles': READ_SALES,
				parameters: [saleId],
				responses: {
					'200': jsonResponse('Les retours, le plus ancien d’abord.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('SaleReturn') } }
					}),
					...errors(404)
				}
			},
			post: {
				operationId: 'returnSale',
				summary: 'Reprendre des articles d’une vente (retour, idempotent)',
				description:
					'Un·e encadrant·e (ou responsable, admin), sur la caisse ouverte de ce point de caisse : le remboursement sort de son tiroir, par les modes de paiement de la vente, dans leur ordre. Une seule transaction : mouvements de stock (retour en stock, ou retour puis perte), remboursements, budget rendu au mois de la vente, journal. La vente elle-même ne change jamais. ' +
					'Clé d’idempotence obligatoire (en-tête `Idempotency-Key` ou `idempotencyKey`) : la même clé et les mêmes lignes répondent 200 avec le même corps (`Idempotent-Replayed: true`) sans rien enregistrer de plus ; d’autres lignes : 409 `idempotency_conflict`. ' +
					'Refus (rien n’est enregistré) : plus que ce qui reste à rendre (409 `over_return`), ligne inconnue (404), lot bloqué ou DLC passée remis en stock (409 : `disposition: loss`), caisse fermée (409), raison manquante (400).',
				tags: ['till'],
				'x-roles': RETURNS,
				parameters: [saleId, idempotencyHeader],
				requestBody: jsonBody(ref('NewReturn')),
				responses: {
					'201': jsonResponse('Le retour enregistré.', ref('SaleReturn')),
					'200': jsonResponse('Cette clé avait déjà enregistré ce retour : la même réponse, rien de nouveau.', ref('SaleReturn')),
					...errors(400, 404, 409, 413, 415)
				}
			}
		},
		'/sales/{id}/returns/preview': {
			post: {
				operationId: 'previewReturn',
				summary: 'Ce que rendrait un retour, sans rien enregistrer',
				description: 'Les mêmes contrôles que `POST /sales/{id}/returns` ; la clé est facultative ici.',
				tags: ['till'],
				'x-roles': RETURNS,
				parameters: [saleId],
				requestBody: jsonBody(ref('NewReturn')),
				responses: {
					'200': jsonResponse('Ce que le retour rendrait.', {
						type: 'object',
						required: ['refundCents', 'referenceCents', 'budgetRestoredCents', 'refunds', 'lines'],
						properties: {
							refundCents: { type: 'integer' },
							referenceCents: { type: 'integer' },
							budgetRestoredCents: { type: 'integer' },
							refunds: ref('Refunds'),
							lines: ref('ReturnLines')
						}
					}),
					...errors(400, 404, 409, 413, 415)
				}
			}
		},
		'/till/cash-movements': {
			post: {
				operationId: 'tillCashMovement',
				summary: 'Mettre ou sortir des espèces du tiroir, avec la raison',
				description: 'Sur la caisse ouverte de ce point de caisse (sinon 409 `till_closed`) ; compté dans le ticket Z (entrées, sorties).',
				tags: ['till'],
				'x-roles': RUN_TILL,
				requestBody: jsonBody({
					type: 'object',
					required: ['kind', 'amountCents', 'reason'],
					properties: {
						kind: { type: 'string', enum: ['in', 'out'], description: 'in : mis dans le tiroir ; out : sorti.' },
						amountCents: { type: 'integer', minimum: 1 },
						reason: { type: 'string', minLength: 3, maxLength: 300 }
					}
				}),
				responses: {
					'201': jsonResponse('Le mouvement enregistré.', {
						type: 'object',
						required: ['sessionId', 'kind', 'amountCents', 'reason'],
						properties: { sessionId: uuid, kind: { type: 'string', enum: ['in', 'out'] }, amountCents: { type: 'integer' }, reason: { type: 'string' } }
					}),
					...errors(400, 409, 415)
				}
			}
		},
		'/till/supervisors': {
			get: {
				operationId: 'tillSupervisors',
				summary: 'Qui peut donner un accord à la caisse (rôle encadrant·e et code PIN)',
				tags: ['till'],
				'x-roles': RUN_TILL,
				responses: {
					'200': jsonResponse('Les personnes.', {
						type: 'object',
						required: ['items'],
						properties: {
							items: {
								type: 'array',
								items: {
									type: 'object',
									required: ['id', 'firstName', 'initial', 'locked'],
									properties: { id: uuid, firstName: { type: 'string' }, initial: { type: 'string' }, locked: { type: 'boolean', description: 'PIN bloqué.' } }
								}
							}
						}
					}),
					...errors()
				}
			}
		},
		'/till/overrides': {
			post: {
				operationId: 'requestOverride',
				summary: 'Accord d’un·e encadrant·e (PIN et raison) pour dépasser le budget ou une limite',
				description:
					'Pour une seule vente de ce foyer, pendant 15 minutes : mettre `overrideId` dans `POST /sales`. Caisse ouverte nécessaire. PIN faux : 400 `wrong_pin` ; les essais faux sont comptés par encadrant·e et point de caisse (délais croissants, 429), comme sur la tablette, sans jamais bloquer le PIN.',
				tags: ['till'],
				'x-roles': RUN_TILL,
				requestBody: jsonBody({
					type: 'object',
					required: ['customer', 'supervisorId', 'pin', 'reason'],
					properties: {
						customer: { type: 'string', maxLength: 100, description: 'Code de la carte du foyer ou sa référence.' },
						supervisorId: { ...uuid, description: 'Voir `GET /till/supervisors`.' },
						pin: { type: 'string', pattern: '^[0-9]{4,6}$' },
						reason: { type: 'string', minLength: 3, maxLength: 300 }
					}
				}),
				responses: {
					'201': jsonResponse('L’accord.', {
						type: 'object',
						required: ['overrideId', 'supervisor'],
						properties: { overrideId: uuid, supervisor: { type: 'string', description: 'Prénom de l’encadrant·e.' } }
					}),
					...errors(400, 404, 409, 415, 423, 429)
				}
			}
		}
	},
	schemas: {
		NewSale: {
			type: 'object',
			required: ['customer', 'lines', 'payments'],
			properties: {
				idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$', description: 'Voir l’en-tête Idempotency-Key (l’un ou l’autre).' },
				customer: { type: 'string', maxLength: 100, description: 'Code de la carte du foyer (CARTE-…) ou sa référence (FOY-0001).', examples: ['FOY-0001'] },
				lines: {
					type: 'array',
					minItems: 1,
					maxItems: MAX_SALE_LINES,
					items: {
						type: 'object',
						required: ['lot', 'quantity'],
						properties: {
							lot: {
								type: 'string',
								description:
									'Identifiant du lot (uuid) ou code de son étiquette (L-000123). Le client choisit le lot (FEFO : celui qui périme le premier) ; le serveur vérifie.'
							},
							quantity: { type: 'integer', minimum: 1, description: 'Pièces, grammes (produits au kg) ou millilitres (produits au litre).' }
						}
					}
				},
				payments: {
					type: 'array',
					maxItems: 5,
					description: 'Leur somme doit faire exactement le montant à payer (vide si tout est gratuit).',
					items: {
						type: 'object',
						required: ['method', 'amountCents'],
						properties: {
							method: { type: 'string', enum: methods },
							amountCents: { type: 'integer', minimum: 1 },
							tenderedCents: { type: ['integer', 'null'], description: 'Espèces : ce que le foyer a donné (la monnaie rendue est la différence).' }
						}
					}
				},
				overrideId: {
					type: ['string', 'null'],
					format: 'uuid',
					description: 'Accord d’un·e encadrant·e (code PIN et raison, sur la tablette) pour dépasser le budget ou une limite ; une seule vente, 15 minutes.'
				}
			}
		},
		SaleCompleted: {
			type: 'object',
			required: ['id', 'number', 'referenceCents', 'paidCents', 'savedCents', 'fseCents', 'budgetCents', 'budgetLeftCents', 'changeCents'],
			properties: {
				id: uuid,
				number: { type: 'string', examples: ['V-000123'] },
				referenceCents: cents('Valeur de référence du panier.'),
				paidCents: cents('Payé par le foyer (taux de participation appliqué, arrondi au centime).'),
				savedCents: cents('Économisé : référence − payé.'),
				fseCents: cents('Valeur de référence des produits FSE+ donnés (gratuits).'),
				budgetCents: cents('Pris sur le budget du mois.'),
				budgetLeftCents: cents('Budget restant ce mois après la vente.'),
				changeCents: cents('Monnaie rendue.')
			}
		},
		Sale: {
			type: 'object',
			required: [
				'id',
				'number',
				'at',
				'day',
				'sessionId',
				'household',
				'operator',
				'referenceCents',
				'paidCents',
				'savedCents',
				'fseCents',
				'budgetCents',
				'budgetLeftCents',
				'lines',
				'payments',
				'returns'
			],
			properties: {
				id: uuid,
				number: { type: 'string' },
				at: dateTime,
				day: { type: 'string', format: 'date', description: 'Jour de la vente (heure de Paris).' },
				sessionId: uuid,
				household: {
					type: 'object',
					required: ['firstName', 'reference'],
					properties: { firstName: { type: 'string', description: 'Vide si le dossier est anonymisé.' }, reference: { type: 'string' } }
				},
				operator: { type: 'string', description: 'Prénom de la personne à la caisse.' },
				deviceName: { type: ['string', 'null'] },
				rateBp: { type: 'integer', description: 'Taux de participation en points de base (2000 = 20 %).' },
				budgetBasis: { type: 'string', enum: ['reference_value', 'amount_paid'] },
				referenceCents: { type: 'integer' },
				paidCents: { type: 'integer' },
				savedCents: { type: 'integer' },
				fseCents: { type: 'integer' },
				budgetCents: { type: 'integer' },
				budgetLeftCents: { type: 'integer' },
				override: { type: ['object', 'null'], properties: { supervisor: { type: 'string' }, reason: { type: 'string' } } },
				lines: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'lineNo', 'lotCode', 'product', 'unit', 'quantity', 'returned', 'unitPriceCents', 'referenceCents', 'paidCents', 'fse', 'ddmPast'],
						properties: {
							id: { ...uuid, description: 'La ligne (pour un retour : `saleLineId`).' },
							lineNo: { type: 'integer' },
							lotCode: { type: 'string' },
							product: { type: 'string' },
							unit: { type: 'string', enum: ['piece', 'kg', 'litre'] },
							quantity: { type: 'integer' },
							returned: { type: 'integer', description: 'Quantité déjà rendue (retours).' },
							unitPriceCents: { type: 'integer', description: 'Prix de référence par pièce, kg ou litre.' },
							referenceCents: { type: 'integer' },
							paidCents: { type: 'integer' },
							fse: { type: 'boolean', description: 'FSE+ : donné, 0 €.' },
							ddmPast: { type: 'boolean', description: 'DDM passée (vendu dans le délai permis, signalé).' }
						}
					}
				},
				payments: {
					type: 'array',
					items: {
						type: 'object',
						required: ['method', 'amountCents', 'refund'],
						properties: {
							method: { type: 'string', enum: methods },
							amountCents: { type: 'integer', description: 'Négatif pour un remboursement.' },
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
		},
		SaleSummary: {
			type: 'object',
			required: ['id', 'number', 'at', 'reference', 'operator', 'referenceCents', 'paidCents', 'fseCents', 'returned'],
			properties: {
				id: uuid,
				number: { type: 'string' },
				at: dateTime,
				reference: { type: 'string', description: 'Référence du foyer.' },
				operator: { type: 'string' },
				referenceCents: { type: 'integer' },
				paidCents: { type: 'integer' },
				fseCents: { type: 'integer' },
				returned: { type: 'boolean', description: 'Au moins un retour sur cette vente.' }
			}
		},
		ZReport: {
			type: 'object',
			required: [
				'sales',
				'returns',
				'referenceCents',
				'paidCents',
				'savedCents',
				'fseCents',
				'refundedCents',
				'byMethod',
				'cashInCents',
				'cashOutCents',
				'floatCents',
				'expected',
				'counted',
				'difference'
			],
			properties: {
				sales: { type: 'integer', description: 'Nombre de ventes de l’épicerie (les ventes ressourcerie sont à part : publicSales).' },
				returns: { type: 'integer', description: 'Nombre de retours.' },
				referenceCents: { type: 'integer' },
				paidCents: { type: 'integer' },
				savedCents: { type: 'integer' },
				fseCents: { type: 'integer', description: 'Valeur FSE+ donnée.' },
				refundedCents: { type: 'integer' },
				byMethod: { ...byMethod, description: 'Encaissé moins remboursé, par mode.' },
				cashInCents: { type: 'integer' },
				cashOutCents: { type: 'integer' },
				floatCents: { type: 'integer' },
				expected: { ...byMethod, description: 'Attendu dans le tiroir (espèces : fond + ventes + entrées − sorties).' },
				counted: { ...byMethod, description: 'Compté à la fermeture (0 tant que la caisse est ouverte).' },
				difference: { ...byMethod, description: 'Compté − attendu.' },
				publicSales: { type: 'integer', description: 'Ventes ressourcerie (à tout le monde) de la session ; absent s’il n’y en a pas.' },
				publicPaidCents: { type: 'integer', description: 'Encaissé par les ventes ressourcerie (compté aussi dans byMethod).' },
				publicDiscountCents: { type: 'integer', description: 'Remises données aux ventes ressourcerie.' }
			}
		},
		TillSession: {
			type: 'object',
			required: ['id', 'status', 'openedBy', 'openedAt', 'floatCents', 'totals'],
			properties: {
				id: uuid,
				status: { type: 'string', enum: ['open', 'closed'] },
				deviceName: { type: ['string', 'null'], description: 'La tablette ; null pour une caisse ouverte par l’API.' },
				openedBy: { type: 'string' },
				openedAt: dateTime,
				closedBy: { type: ['string', 'null'] },
				closedAt: { type: ['string', 'null'], format: 'date-time' },
				zNumber: { type: ['integer', 'null'], description: 'Numéro du ticket Z, donné à la fermeture.' },
				floatCents: { type: 'integer' },
				note: { type: ['string', 'null'] },
				totals: ref('ZReport')
			}
		},
		TillSessionSummary: {
			type: 'object',
			required: ['id', 'status', 'openedAt', 'openedBy'],
			properties: {
				id: uuid,
				status: { type: 'string', enum: ['open', 'closed'] },
				zNumber: { type: ['integer', 'null'] },
				openedAt: dateTime,
				closedAt: { type: ['string', 'null'], format: 'date-time' },
				deviceName: { type: ['string', 'null'] },
				openedBy: { type: 'string' },
				zReport: { anyOf: [ref('ZReport'), { type: 'null' }], description: 'Le ticket Z tel qu’imprimé ; null tant que la caisse est ouverte.' }
			}
		},
		NewReturn: {
			type: 'object',
			required: ['reason', 'lines'],
			properties: {
				idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$', description: 'Voir l’en-tête Idempotency-Key (l’un ou l’autre).' },
				reason: { type: 'string', minLength: 3, maxLength: 300 },
				lines: {
					type: 'array',
					minItems: 1,
					maxItems: MAX_SALE_LINES,
					items: {
						type: 'object',
						required: ['saleLineId', 'quantity', 'disposition'],
						properties: {
							saleLineId: { ...uuid, description: 'Le `id` d’une ligne de la vente (`GET /sales/{id}`).' },
							quantity: { type: 'integer', minimum: 1, description: 'Pièces, grammes ou millilitres ; au plus ce qui reste à rendre.' },
							disposition: {
								type: 'string',
								enum: ['stock', 'loss'],
								description: 'stock : remis en stock (refusé pour un lot bloqué ou dont la DLC est passée) ; loss : repris puis sorti en perte.'
							}
						}
					}
				}
			}
		},
		Refunds: {
			type: 'array',
			description: 'Ce qu’il faut rendre, par mode, dans l’ordre où la vente a été payée.',
			items: {
				type: 'object',
				required: ['method', 'amountCents'],
				properties: { method: { type: 'string', enum: methods }, amountCents: { type: 'integer' } }
			}
		},
		ReturnLines: {
			type: 'array',
			items: {
				type: 'object',
				required: ['saleLineId', 'product', 'unit', 'quantity', 'disposition', 'refundCents', 'referenceCents', 'budgetCents'],
				properties: {
					saleLineId: uuid,
					product: { type: 'string' },
					unit: { type: 'string', enum: ['piece', 'kg', 'litre'] },
					quantity: { type: 'integer' },
					disposition: { type: 'string', enum: ['stock', 'loss'] },
					refundCents: { type: 'integer' },
					referenceCents: { type: 'integer' },
					budgetCents: { type: 'integer' }
				}
			}
		},
		SaleReturn: {
			type: 'object',
			required: ['id', 'saleId', 'saleNumber', 'at', 'reason', 'by', 'refundCents', 'referenceCents', 'budgetRestoredCents', 'refunds', 'lines'],
			properties: {
				id: uuid,
				saleId: uuid,
				saleNumber: { type: 'string' },
				at: dateTime,
				reason: { type: 'string' },
				by: { type: 'string', description: 'Prénom de la personne qui a fait le retour.' },
				refundCents: cents('Rendu au foyer.'),
				referenceCents: cents('Valeur de référence reprise.'),
				budgetRestoredCents: cents('Rendu au budget du mois de la vente.'),
				refunds: ref('Refunds'),
				lines: ref('ReturnLines')
			}
		}
	}
};
