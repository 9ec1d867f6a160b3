import { both, LOOK_UP_CARDS, READ_HOUSEHOLD_FILES, RUN_TILL } from '$lib/permissions';
import { errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature } from '../oas';

const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const ok = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean', const: true } } };
const created = { type: 'object', required: ['id'], properties: { id: uuid } };

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
			},
			put: {
				operationId: 'updateHousehold',
				summary: 'Modifier le dossier (comme le formulaire du dossier)',
				description:
					'Remplace les champs du dossier : un champ absent est vidé (`consent` absent : false). Inscrit au journal (`household.update`, avec les noms des champs changés). Dossier effacé : 409.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody(ref('HouseholdUpdate')),
				responses: { '200': jsonResponse('Enregistré.', ok), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/households/{id}/members': {
			get: {
				operationId: 'listHouseholdMembers',
				summary: 'Les autres membres du foyer (lu dans le dossier : ouverture inscrite au journal)',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				responses: {
					'200': jsonResponse('Les membres et le nombre de personnes (la personne de référence comprise).', {
						type: 'object',
						required: ['items', 'persons'],
						properties: { items: { type: 'array', items: ref('HouseholdMember') }, persons: { type: 'integer' } }
					}),
					...errors(404)
				}
			},
			post: {
				operationId: 'addHouseholdMember',
				summary: 'Ajouter un membre',
				description: '`relation` : conjoint, enfant, parent, autre. Année de naissance de 1900 à cette année.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['birthYear', 'relation'],
					properties: { birthYear: { type: 'integer', examples: [2014] }, relation: { type: 'string', enum: ['conjoint', 'enfant', 'parent', 'autre'] } }
				}),
				responses: { '201': jsonResponse('Ajouté.', created), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/households/{id}/members/{memberId}': {
			delete: {
				operationId: 'removeHouseholdMember',
				summary: 'Retirer un membre',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam, { name: 'memberId', in: 'path', required: true, schema: uuid }],
				responses: { '200': jsonResponse('Retiré.', ok), ...errors(404, 409) }
			}
		},
		'/households/{id}/budget-lines': {
			get: {
				operationId: 'listHouseholdBudgetLines',
				summary: 'Ressources et charges, et le reste à vivre (lu dans le dossier : ouverture inscrite au journal)',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				responses: { '200': jsonResponse('Les lignes et le calcul du budget, comme sur le dossier.', ref('HouseholdBudget')), ...errors(404) }
			},
			post: {
				operationId: 'addHouseholdBudgetLine',
				summary: 'Ajouter une ressource ou une charge par mois',
				description:
					'Ressources : salaire, chomage, rsa, prestations_caf, pension, aah, autre. Charges : loyer, energie, eau, assurance, transport, credit, pension_versee, autre. Montant en centimes, de 0 à 1 000 000 €.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['kind', 'type', 'monthlyCents'],
					properties: {
						kind: { type: 'string', enum: ['resource', 'charge'] },
						type: { type: 'string', examples: ['rsa', 'loyer'] },
						monthlyCents: { type: 'integer', minimum: 0, examples: [52000] }
					}
				}),
				responses: { '201': jsonResponse('Ajoutée.', created), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/households/{id}/budget-lines/{lineId}': {
			delete: {
				operationId: 'removeHouseholdBudgetLine',
				summary: 'Retirer une ressource ou une charge',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam, { name: 'lineId', in: 'path', required: true, schema: uuid }],
				responses: { '200': jsonResponse('Retirée.', ok), ...errors(404, 409) }
			}
		},
		'/households/{id}/card': {
			get: {
				operationId: 'getHouseholdCard',
				summary: 'La carte en cours du foyer (lu dans le dossier : ouverture inscrite au journal)',
				description: 'Seulement sa date : le code de la carte n’est jamais gardé (seulement son empreinte).',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				responses: {
					'200': jsonResponse('La carte, ou null.', {
						type: 'object',
						required: ['card'],
						properties: { card: { type: ['object', 'null'], properties: { issuedAt: { type: 'string', format: 'date-time' } } } }
					}),
					...errors(404)
				}
			},
			post: {
				operationId: 'issueHouseholdCard',
				summary: 'Faire la carte (ou une nouvelle : l’ancienne ne marche plus)',
				description:
					'Le code (ce que contient le QR) est donné cette fois seulement, comme à l’écran : imprimez-le. Inscrit au journal (`household.card_issue` ou `household.card_reissue`). Dossier effacé : 409.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				responses: {
					'201': jsonResponse('La carte.', {
						type: 'object',
						required: ['code', 'qrSvg', 'reference', 'firstName'],
						properties: {
							code: { type: 'string', examples: ['CARTE-…'] },
							qrSvg: { type: 'string', description: 'Le QR code en SVG.' },
							reference: { type: 'string' },
							firstName: { type: 'string' }
						}
					}),
					...errors(404, 409)
				}
			}
		},
		'/households/{id}/erase': {
			post: {
				operationId: 'eraseHousehold',
				summary: 'Effacer le dossier à la demande de la personne (RGPD)',
				description:
					'Comme à l’écran, `confirm` doit être la référence du dossier (FOY-0001) : sinon 400 et rien n’est effacé. Le dossier est anonymisé (statistiques anonymes gardées), ses droits finis. Inscrit au journal (`household.erase`).',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody({ type: 'object', required: ['confirm'], properties: { confirm: { type: 'string', examples: ['FOY-0001'] } } }),
				responses: { '200': jsonResponse('Effacé.', ok), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/households/{id}/applications': {
			post: {
				operationId: 'submitApplication',
				summary: 'Présenter le dossier au comité',
				description: 'Refusé (409) si une demande attend déjà, ou si un droit court encore au-delà de ses 14 derniers jours.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['assessment'],
					properties: { assessment: { type: 'string', minLength: 3, maxLength: 2000, description: 'L’évaluation sociale.' } }
				}),
				responses: { '201': jsonResponse('La demande.', created), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/committee': {
			get: {
				operationId: 'getCommitteeSession',
				summary: 'La séance du comité : les demandes qui attendent',
				description:
					'Les plus anciennes d’abord ; sans nom ni référence si l’organisation a choisi un comité anonyme. Inscrit au journal (`household.committee`, le nombre seulement).',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				responses: {
					'200': jsonResponse('La séance.', {
						type: 'object',
						required: ['anonymous', 'items'],
						properties: { anonymous: { type: 'boolean' }, items: { type: 'array', items: ref('CommitteeItem') } }
					}),
					...errors()
				}
			}
		},
		'/applications/{id}/decision': {
			post: {
				operationId: 'decideApplication',
				summary: 'Enregistrer la décision du comité',
				description:
					'`outcome` : accepted (le droit est ouvert dans la même transaction, avec `right`), refused ou postponed (ces deux demandent `reason`). `decidedOn` : aujourd’hui par défaut, jamais dans le futur. Déjà décidée : 409.',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['outcome'],
					properties: {
						outcome: { type: 'string', enum: ['accepted', 'refused', 'postponed'] },
						decidedOn: { type: 'string', format: 'date' },
						reason: { type: 'string' },
						right: {
							type: 'object',
							properties: {
								validFrom: { type: 'string', format: 'date' },
								rateBp: { type: 'integer' },
								monthlyBudgetCents: { type: 'integer' },
								overrideReason: { type: 'string' },
								categoryLimits: { type: 'object', additionalProperties: { type: 'integer', minimum: 1, maximum: 999 }, maxProperties: 20 }
							}
						},
						grants: {
							type: 'object',
							description:
								'Ce que le comité accorde (accepted) : le droit à l’épicerie (`epicerie`, avec `right`), le droit au colis (`parcel` : true pour ses valeurs par défaut, ou ses valeurs), ou les deux. Absent : l’épicerie seulement. Au moins un.',
							properties: {
								epicerie: { type: 'boolean' },
								parcel: {
									oneOf: [
										{ type: 'boolean' },
										{
											type: 'object',
											properties: {
												validFrom: { type: 'string', format: 'date' },
												frequency: { type: 'string', enum: ['weekly', 'biweekly', 'monthly'] },
												persons: { type: ['integer', 'null'], minimum: 1, maximum: 30 },
												free: { type: 'boolean' }
											}
										}
									]
								}
							}
						}
					}
				}),
				responses: {
					'201': jsonResponse('La décision (et les droits ouverts).', {
						type: 'object',
						required: ['decisionId', 'rightId', 'parcelRightId'],
						properties: {
							decisionId: uuid,
							rightId: { type: ['string', 'null'], format: 'uuid' },
							parcelRightId: { type: ['string', 'null'], format: 'uuid' }
						}
					}),
					...errors(400, 404, 409, 413, 415)
				}
			}
		},
		'/limit-categories': {
			get: {
				operationId: 'listLimitCategories',
				summary: 'Les catégories qu’une limite de droit peut nommer',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				responses: {
					'200': jsonResponse('Les catégories actives, par nom.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } } } }
					}),
					...errors()
				}
			}
		},
		'/rights/{id}/limits/{categoryId}': {
			put: {
				operationId: 'setRightLimit',
				summary: 'Limiter une catégorie sur un droit (quantité par mois)',
				description: 'De 1 à 999 par mois, 20 catégories au plus ; un droit retiré : 409. Inscrit au journal (`right.limits`).',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam, { name: 'categoryId', in: 'path', required: true, schema: uuid }],
				requestBody: jsonBody({ type: 'object', required: ['perMonth'], properties: { perMonth: { type: 'integer', minimum: 1, maximum: 999 } } }),
				responses: { '200': jsonResponse('Enregistré.', ok), ...errors(400, 404, 409, 413, 415) }
			},
			delete: {
				operationId: 'removeRightLimit',
				summary: 'Retirer la limite d’une catégorie',
				tags: ['households'],
				'x-roles': READ_HOUSEHOLD_FILES,
				parameters: [idParam, { name: 'categoryId', in: 'path', required: true, schema: uuid }],
				responses: { '200': jsonResponse('Retirée.', ok), ...errors(404, 409) }
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
		HouseholdUpdate: {
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
				notes: { type: 'string' }
			}
		},
		HouseholdMember: {
			type: 'object',
			required: ['id', 'birthYear', 'relation'],
			properties: { id: uuid, birthYear: { type: 'integer' }, relation: { type: 'string', enum: ['conjoint', 'enfant', 'parent', 'autre'] } }
		},
		HouseholdBudget: {
			type: 'object',
			required: ['items', 'resourcesCents', 'chargesCents', 'persons', 'resteAVivreCents', 'thresholdCents', 'underThreshold', 'gridBudgetCents'],
			properties: {
				items: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'kind', 'type', 'monthlyCents'],
						properties: { id: uuid, kind: { type: 'string', enum: ['resource', 'charge'] }, type: { type: 'string' }, monthlyCents: { type: 'integer' } }
					}
				},
				resourcesCents: { type: 'integer' },
				chargesCents: { type: 'integer' },
				persons: { type: 'integer' },
				resteAVivreCents: { type: 'integer', description: 'Reste à vivre par personne et par jour, en centimes.' },
				thresholdCents: { type: 'integer' },
				underThreshold: { type: 'boolean' },
				gridBudgetCents: { type: 'integer', description: 'Le budget par mois de la grille, pour cette composition.' }
			}
		},
		CommitteeItem: {
			type: 'object',
			required: ['applicationId', 'householdId', 'label', 'status', 'assessment', 'persons'],
			properties: {
				applicationId: uuid,
				householdId: uuid,
				reference: { type: ['string', 'null'], description: 'null : comité anonyme.' },
				name: { type: ['string', 'null'] },
				label: { type: 'string' },
				status: { type: 'string', enum: ['pending', 'postponed'] },
				assessment: { type: 'string' },
				persons: { type: 'integer' },
				adults: { type: 'integer' },
				children: { type: 'integer' },
				resteAVivreCents: { type: 'integer' },
				gridBudgetCents: { type: 'integer' }
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
