import { PLAN_DISTRIBUTIONS, PREPARE_PARCELS } from '$lib/permissions';
import { dateTime, errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature } from '../oas';

const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, schema: uuid, description: what });
const STATUSES = ['expected', 'preparing', 'prepared', 'handed_over', 'absent', 'not_collected'];

/** Distribution days, the handover and the sign-off sheet (issue 14, docs/parcels.md). */
export const distributionsApi: ApiFeature = {
	tag: {
		name: 'distributions',
		description:
			'Distributions de colis : journées (foyers attendus selon leur droit colis et sa fréquence), ajout, absents, clôture (ce qui n’est pas retiré revient en stock), remise signée, feuille d’émargement FSE+.'
	},
	paths: {
		'/distribution-days': {
			get: {
				operationId: 'listDistributionDays',
				summary: 'Les journées de distribution, les plus récentes d’abord',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				parameters: [
					{ name: 'status', in: 'query', schema: { type: 'string', enum: ['planned', 'closed'] } },
					{ name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } }
				],
				responses: { '200': pageResponse('Une page de journées (20 par page).', 'DistributionDayListItem'), ...errors() }
			},
			post: {
				operationId: 'planDistributionDay',
				summary: 'Planifier une distribution : les foyers attendus sont listés',
				description:
					'Une par site et par jour (409 `dd_day_exists`), aujourd’hui ou plus tard, composition en service, créneaux « 09:00-10:00 ». Les foyers attendus : un droit colis actif couvrant le jour, dû selon sa fréquence (hebdomadaire : pas de colis remis la même semaine ISO ; tous les 15 jours : aucun dans les 13 jours avant ; mensuel : aucun le même mois). Codes COLIS-000001…, créneaux attribués à tour de rôle. Audité `distribution.plan`.',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				requestBody: jsonBody({
					type: 'object',
					required: ['siteId', 'day', 'templateId', 'slots'],
					properties: {
						siteId: uuid,
						day: { type: 'string', format: 'date' },
						templateId: uuid,
						slots: {
							oneOf: [
								{ type: 'array', items: { type: 'string', pattern: '^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$' } },
								{ type: 'string', description: 'Séparés par des virgules.' }
							]
						}
					}
				}),
				responses: {
					'201': jsonResponse('La journée et le nombre de foyers attendus.', {
						type: 'object',
						required: ['id', 'expected'],
						properties: { id: uuid, expected: { type: 'integer' } }
					}),
					...errors(400, 409, 415)
				}
			}
		},
		'/distribution-days/{id}': {
			get: {
				operationId: 'getDistributionDay',
				summary: 'Une journée : ses colis (référence et prénom du foyer seulement), les comptes, le bilan',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				parameters: [idParam('La journée.')],
				responses: { '200': jsonResponse('La journée.', ref('DistributionDay')), ...errors(404) }
			}
		},
		'/distribution-days/{id}/households': {
			post: {
				operationId: 'addDistributionHousehold',
				summary: 'Ajouter un foyer (carte ou référence)',
				description:
					'Refusé sans droit colis actif couvrant le jour (409 `dd_no_right`), ou déjà sur la liste (409 `dd_already_listed`), ou journée clôturée (409 `dd_day_closed`). Audité `distribution.add_household`.',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				parameters: [idParam('La journée.')],
				requestBody: jsonBody({ type: 'object', required: ['code'], properties: { code: { type: 'string', description: 'CARTE-… ou FOY-0001.' } } }),
				responses: {
					'201': jsonResponse('Le colis ajouté.', {
						type: 'object',
						required: ['parcelId', 'code', 'reference', 'firstName'],
						properties: { parcelId: uuid, code: { type: 'string' }, reference: { type: 'string' }, firstName: { type: 'string' } }
					}),
					...errors(400, 404, 409, 415)
				}
			}
		},
		'/distribution-days/{id}/close': {
			post: {
				operationId: 'closeDistributionDay',
				summary: 'Clôturer la journée (une seule fois)',
				description:
					'Chaque colis préparé mais pas remis revient en stock (mouvements `move`, raison `parcel_return`) et devient `not_collected` ; les foyers encore attendus deviennent `absent` ; le bilan est calculé et gardé. Une deuxième clôture : 409 `dd_already_closed`, rien ne change. Audité `distribution.close`.',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				parameters: [idParam('La journée.')],
				responses: {
					'200': jsonResponse('Le bilan et le nombre de colis remis en stock.', {
						type: 'object',
						required: ['summary', 'returned'],
						properties: { summary: ref('DistributionSummary'), returned: { type: 'integer' } }
					}),
					...errors(404, 409)
				}
			}
		},
		'/distribution-days/{id}/signoff': {
			get: {
				operationId: 'getDistributionSignoff',
				summary: 'La feuille d’émargement (FSE+) : foyers servis, produits FSE+ (0 €), signatures',
				description: 'Chaque lecture est auditée (`distribution.signoff_read`). Les signatures sont des URL `data:image/png;base64,…`.',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				parameters: [idParam('La journée.')],
				responses: {
					'200': jsonResponse('La feuille.', {
						type: 'object',
						required: ['day', 'rows'],
						properties: { day: ref('DistributionDay'), rows: { type: 'array', items: ref('SignoffRow') } }
					}),
					...errors(404)
				}
			}
		},
		'/parcels/{id}/absent': {
			post: {
				operationId: 'markParcelAbsent',
				summary: 'Marquer le foyer absent',
				description: 'Seulement un colis pas encore préparé (409 `dd_absent_prepared` sinon : la clôture le remettra en stock). Audité `distribution.absent`.',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				parameters: [idParam('Le colis.')],
				responses: {
					'200': jsonResponse('Le nouvel état.', { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: STATUSES } } }),
					...errors(404, 409)
				}
			}
		},
		'/parcels/{id}/present': {
			post: {
				operationId: 'markParcelPresent',
				summary: 'Le foyer marqué absent est de nouveau attendu',
				tags: ['distributions'],
				'x-roles': PLAN_DISTRIBUTIONS,
				parameters: [idParam('Le colis.')],
				responses: {
					'200': jsonResponse('Le nouvel état.', { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: STATUSES } } }),
					...errors(404, 409)
				}
			}
		},
		'/handover/lookup': {
			get: {
				operationId: 'handoverLookup',
				summary: 'Les colis du jour d’un foyer (carte ou référence), prêts ou pourquoi pas',
				description: 'La recherche est enregistrée comme à la caisse (`till.lookup` ; les références tapées sont limitées par personne).',
				tags: ['distributions'],
				'x-roles': PREPARE_PARCELS,
				parameters: [{ name: 'code', in: 'query', required: true, schema: { type: 'string' } }],
				responses: {
					'200': jsonResponse('Le foyer (référence, prénom) et ses colis du jour.', {
						type: 'object',
						required: ['reference', 'firstName', 'parcels'],
						properties: {
							reference: { type: 'string' },
							firstName: { type: 'string' },
							parcels: {
								type: 'array',
								items: {
									type: 'object',
									required: ['id', 'code', 'status', 'ready'],
									properties: {
										id: uuid,
										code: { type: 'string' },
										status: { type: 'string', enum: STATUSES },
										cold: { type: 'boolean' },
										persons: { type: 'integer' },
										slot: { type: ['string', 'null'] },
										siteName: { type: 'string' },
										ready: { type: 'boolean' },
										why: { type: ['string', 'null'] },
										handedAt: { oneOf: [dateTime, { type: 'null' }] }
									}
								}
							}
						}
					}),
					...errors(404, 429)
				}
			}
		},
		'/parcels/{id}/handover': {
			post: {
				operationId: 'handOverParcel',
				summary: 'Remettre un colis prêt, avec la signature du foyer (ou la raison)',
				description:
					'Seulement un colis `prepared` d’une journée prévue aujourd’hui. `signaturePng` : une URL `data:image/png;base64,…` d’un vrai PNG (200 ko au plus) ; sinon `noSignatureReason` (3 à 200 caractères). Une seule transaction : mouvement `distribution` (raison `parcel`) de chaque lot du colis, colis remis, participation du droit enregistrée. Une deuxième remise (ou un double appui) : 409 `dd_already_handed`, rien ne change — sauf avec la même `idempotencyKey` (ou l’en-tête `Idempotency-Key`), qui renvoie la première remise. DLC passée : 409 `dd_dlc_past`. Audité `parcel.handover` (activité de formation).',
				tags: ['distributions'],
				'x-roles': PREPARE_PARCELS,
				parameters: [idParam('Le colis.')],
				requestBody: jsonBody({
					type: 'object',
					properties: {
						signaturePng: { type: 'string', description: 'data:image/png;base64,…' },
						noSignatureReason: { type: 'string', minLength: 3, maxLength: 200 },
						idempotencyKey: { type: 'string', maxLength: 100 }
					}
				}),
				responses: {
					'200': jsonResponse('Le colis remis.', {
						type: 'object',
						required: ['id', 'code', 'handedAt', 'participationCents', 'replayed'],
						properties: { id: uuid, code: { type: 'string' }, handedAt: dateTime, participationCents: { type: 'integer' }, replayed: { type: 'boolean' } }
					}),
					...errors(400, 404, 409, 415)
				}
			}
		}
	},
	schemas: {
		DistributionDayListItem: {
			type: 'object',
			required: ['id', 'day', 'siteName', 'templateName', 'status', 'parcels', 'handedOver'],
			properties: {
				id: uuid,
				day: { type: 'string', format: 'date' },
				siteName: { type: 'string' },
				templateName: { type: 'string' },
				status: { type: 'string', enum: ['planned', 'closed'] },
				parcels: { type: 'integer' },
				handedOver: { type: 'integer' }
			}
		},
		DistributionSummary: {
			type: 'object',
			properties: {
				given: { type: 'integer' },
				notCollected: { type: 'integer' },
				absent: { type: 'integer' },
				households: { type: 'integer' },
				persons: { type: 'integer' },
				byOrigin: {
					type: 'array',
					items: { type: 'object', properties: { origin: { type: 'string' }, fse: { type: 'boolean' }, kg: { type: 'number' } } }
				},
				fseKg: { type: 'number' },
				otherKg: { type: 'number' },
				unweighedLines: { type: 'integer' },
				participationCents: { type: 'integer' }
			}
		},
		DistributionDay: {
			type: 'object',
			required: ['id', 'day', 'siteId', 'templateId', 'slots', 'status'],
			properties: {
				id: uuid,
				day: { type: 'string', format: 'date' },
				siteId: uuid,
				siteName: { type: 'string' },
				templateId: uuid,
				templateName: { type: 'string' },
				slots: { type: 'array', items: { type: 'string' } },
				status: { type: 'string', enum: ['planned', 'closed'] },
				closedAt: { oneOf: [dateTime, { type: 'null' }] },
				summary: { oneOf: [ref('DistributionSummary'), { type: 'null' }] },
				parcels: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'code', 'reference', 'firstName', 'persons', 'status'],
						properties: {
							id: uuid,
							code: { type: 'string' },
							reference: { type: 'string' },
							firstName: { type: 'string' },
							persons: { type: 'integer' },
							slot: { type: ['string', 'null'] },
							status: { type: 'string', enum: STATUSES },
							cold: { type: 'boolean' },
							addedByHand: { type: 'boolean' },
							handedAt: { oneOf: [dateTime, { type: 'null' }] }
						}
					}
				},
				counts: { type: 'object', additionalProperties: { type: 'integer' } }
			}
		},
		SignoffRow: {
			type: 'object',
			required: ['parcelId', 'code', 'reference', 'firstName', 'persons', 'handedAt', 'fse'],
			properties: {
				parcelId: uuid,
				code: { type: 'string' },
				reference: { type: 'string' },
				firstName: { type: 'string' },
				persons: { type: 'integer' },
				handedAt: dateTime,
				signature: { type: ['string', 'null'], description: 'data:image/png;base64,…' },
				noSignatureReason: { type: ['string', 'null'] },
				fse: {
					type: 'array',
					items: {
						type: 'object',
						properties: {
							product: { type: 'string' },
							unit: { type: 'string', enum: ['piece', 'kg', 'litre'] },
							quantity: { type: 'integer', description: 'Unité de base (pièces, grammes, millilitres). Prix : 0 €.' },
							quantityText: { type: 'string' },
							lotNumber: { type: ['string', 'null'] },
							lotCode: { type: 'string' }
						}
					}
				}
			}
		}
	}
};
