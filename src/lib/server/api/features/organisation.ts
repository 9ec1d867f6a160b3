import { MANAGE_ORGANISATION, ROLES } from '$lib/permissions';
import { dateTime, errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature } from '../oas';

const tag = 'organisation';
const roles = MANAGE_ORGANISATION;
const int = (description?: string) => ({ type: 'integer', ...(description ? { description } : {}) });
const day = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', format: 'date' } });
const journalFilters = [
	{
		name: 'q',
		in: 'query',
		required: false,
		description: 'Partie du prénom, du nom ou de l’identifiant de la personne.',
		schema: { type: 'string', maxLength: 100 }
	},
	{
		name: 'action',
		in: 'query',
		required: false,
		description: 'Une famille d’actions (`site`) ou une action (`site.create`).',
		schema: { type: 'string', maxLength: 60 }
	},
	day('from', 'Premier jour (AAAA-MM-JJ, jour de la boutique dans son fuseau horaire), compris.'),
	day('to', 'Dernier jour, compris.')
];

/** The organisation's settings, API tokens and journal: the managers' pages (route group (manage)). */
export const organisationApi: ApiFeature = {
	tag: { name: tag, description: "Réglages de l'organisation, jetons d'API, journal. Responsables et administrateurs." },
	paths: {
		'/settings/households': {
			get: {
				operationId: 'getHouseholdSettings',
				summary: 'Les règles des foyers (seuil, taux, durée des droits, barème, conservation)',
				tags: [tag],
				'x-roles': roles,
				responses: { '200': jsonResponse('Les règles.', ref('HouseholdSettings')), ...errors() }
			},
			put: {
				operationId: 'updateHouseholdSettings',
				summary: 'Remplacer les règles des foyers (vérifiées en entier)',
				description: 'Taux en points de base (2000 = 20 %), montants en centimes. Il faut taux minimum ≤ taux par défaut ≤ taux maximum.',
				tags: [tag],
				'x-roles': roles,
				requestBody: jsonBody(ref('HouseholdSettings')),
				responses: { '200': jsonResponse('Les règles enregistrées.', ref('HouseholdSettings')), ...errors(400, 413, 415) }
			}
		},
		'/settings/households/retention': {
			post: {
				operationId: 'runRetention',
				summary: 'Anonymiser maintenant les dossiers dont la durée de conservation est passée',
				description: 'Répond leur nombre (jamais leurs noms).',
				tags: [tag],
				'x-roles': roles,
				responses: {
					'200': jsonResponse('Fait.', { type: 'object', required: ['anonymised'], properties: { anonymised: int('Nombre de dossiers anonymisés.') } }),
					...errors()
				}
			}
		},
		'/settings/till': {
			get: {
				operationId: 'getTillSettings',
				summary: 'Les réglages de la caisse',
				tags: [tag],
				'x-roles': roles,
				responses: { '200': jsonResponse('Les réglages.', ref('TillSettings')), ...errors() }
			},
			put: {
				operationId: 'updateTillSettings',
				summary: 'Remplacer les réglages de la caisse',
				tags: [tag],
				'x-roles': roles,
				requestBody: jsonBody(ref('TillSettings')),
				responses: { '200': jsonResponse('Les réglages enregistrés.', ref('TillSettings')), ...errors(400, 413, 415) }
			}
		},
		'/settings/time-zone': {
			get: {
				operationId: 'getTimeZone',
				summary: "Le fuseau horaire de l'organisation (jours et heures sont montrés et comptés dans ce fuseau)",
				tags: [tag],
				'x-roles': roles,
				responses: { '200': jsonResponse('Le fuseau.', ref('TimeZone')), ...errors() }
			},
			put: {
				operationId: 'updateTimeZone',
				summary: "Changer le fuseau horaire de l'organisation",
				tags: [tag],
				'x-roles': roles,
				requestBody: jsonBody(ref('TimeZone')),
				responses: { '200': jsonResponse('Le fuseau enregistré.', ref('TimeZone')), ...errors(400, 413, 415) }
			}
		},
		'/settings/stock': {
			get: {
				operationId: 'getStockSettings',
				summary: 'Les réglages du stock',
				tags: [tag],
				'x-roles': roles,
				responses: { '200': jsonResponse('Les réglages.', ref('StockSettings')), ...errors() }
			},
			patch: {
				operationId: 'updateStockSettings',
				summary: 'Changer le nombre de jours des alertes DLC',
				tags: [tag],
				'x-roles': roles,
				requestBody: jsonBody({ type: 'object', required: ['dlcAlertDays'], properties: { dlcAlertDays: { type: 'integer', minimum: 0, maximum: 60 } } }),
				responses: { '200': jsonResponse('Les réglages.', ref('StockSettings')), ...errors(400, 413, 415) }
			}
		},
		'/api-tokens': {
			get: {
				operationId: 'listApiTokens',
				summary: "Les jetons d'API de l'organisation (jamais leur secret)",
				tags: [tag],
				'x-roles': roles,
				responses: {
					'200': jsonResponse('Les jetons, les plus récents d’abord.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('ApiToken') } }
					}),
					...errors()
				}
			},
			post: {
				operationId: 'createApiToken',
				summary: "Créer un jeton d'API (le secret est dans cette réponse seulement)",
				description:
					'Au plus les rôles de qui le crée (un·e responsable ne crée pas de jeton administrateur) ; créé avec un jeton, au plus les rôles de ce jeton. ' +
					'Un rôle de trop : 403 `forbidden_role`, rien enregistré.',
				tags: [tag],
				'x-roles': roles,
				requestBody: jsonBody({
					type: 'object',
					required: ['name', 'roles'],
					properties: {
						name: { type: 'string', minLength: 2, maxLength: 80 },
						roles: { type: 'array', minItems: 1, items: { type: 'string', enum: [...ROLES] } }
					}
				}),
				responses: {
					'201': jsonResponse('Le jeton créé, avec son secret `token` (montré une seule fois).', {
						allOf: [ref('ApiToken'), { type: 'object', required: ['token'], properties: { token: { type: 'string', examples: ['esk_…'] } } }]
					}),
					...errors(400, 413, 415)
				}
			}
		},
		'/api-tokens/{id}': {
			delete: {
				operationId: 'revokeApiToken',
				summary: "Révoquer un jeton d'API de l'organisation (tout de suite)",
				description: "Déjà révoqué, ou pas de l'organisation : 404.",
				tags: [tag],
				'x-roles': roles,
				parameters: [{ name: 'id', in: 'path', required: true, description: 'Le jeton.', schema: uuid }],
				responses: { '200': jsonResponse('Le jeton, révoqué.', ref('ApiToken')), ...errors(404) }
			}
		},
		'/audit-events': {
			get: {
				operationId: 'listAuditEvents',
				summary: "Le journal de l'organisation : qui a fait quoi, le plus récent d'abord (50 par page)",
				description: 'Les mêmes filtres que la page « Journal ». Un jour mal écrit : 400.',
				tags: [tag],
				'x-roles': roles,
				parameters: [...journalFilters, { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
				responses: { '200': pageResponse('Une page du journal.', 'AuditEvent'), ...errors(400) }
			}
		},
		'/audit-events/export': {
			get: {
				operationId: 'exportAuditEvents',
				summary: 'Le journal en fichier de tableur (CSV français), avec les mêmes filtres',
				tags: [tag],
				'x-roles': roles,
				parameters: journalFilters,
				responses: { '200': { description: 'Le fichier CSV (UTF-8, « ; »).', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(400) }
			}
		}
	},
	schemas: {
		HouseholdSettings: {
			type: 'object',
			required: [
				'thresholdCents',
				'rateMinBp',
				'rateMaxBp',
				'rateDefaultBp',
				'durationMonths',
				'maxRenewals',
				'grid',
				'budgetBasis',
				'anonymousCommittee',
				'retentionMonths'
			],
			properties: {
				thresholdCents: int('Reste à vivre par personne et par jour, au plus (centimes).'),
				rateMinBp: int('Taux de participation minimum (points de base : 1000 = 10 %).'),
				rateMaxBp: int(),
				rateDefaultBp: int(),
				durationMonths: { type: 'integer', minimum: 1, maximum: 24 },
				maxRenewals: { type: 'integer', minimum: 0, maximum: 20 },
				grid: {
					type: 'object',
					required: ['singleCents', 'coupleCents', 'perDependantCents', 'capCents'],
					properties: { singleCents: int(), coupleCents: int(), perDependantCents: int(), capCents: int() }
				},
				budgetBasis: { type: 'string', enum: ['reference_value', 'amount_paid'] },
				anonymousCommittee: { type: 'boolean' },
				retentionMonths: { type: 'integer', minimum: 1, maximum: 120 }
			}
		},
		TillSettings: {
			type: 'object',
			required: ['ddmGraceMonths'],
			properties: {
				ddmGraceMonths: { type: 'integer', minimum: 0, maximum: 24, description: 'Mois pendant lesquels un produit à DDM passée peut encore être vendu.' }
			}
		},
		TimeZone: { type: 'object', required: ['timeZone'], properties: { timeZone: { type: 'string', examples: ['Europe/Paris'] } } },
		StockSettings: {
			type: 'object',
			required: ['dlcAlertDays', 'countCheckPercent', 'countCheckUnits', 'ddmGraceMonths'],
			properties: {
				dlcAlertDays: int('Jours avant la DLC où un lot apparaît dans les alertes.'),
				countCheckPercent: int(),
				countCheckUnits: int(),
				ddmGraceMonths: int()
			}
		},
		ApiToken: {
			type: 'object',
			required: ['id', 'name', 'tokenPrefix', 'roles', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt'],
			properties: {
				id: uuid,
				name: { type: 'string' },
				tokenPrefix: { type: 'string', description: 'Les premiers caractères, pour le reconnaître.' },
				roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
				createdBy: { type: 'string' },
				createdAt: dateTime,
				lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
				revokedAt: { type: ['string', 'null'], format: 'date-time' }
			}
		},
		AuditEvent: {
			type: 'object',
			required: ['id', 'at', 'action', 'sentence'],
			properties: {
				id: { type: 'integer' },
				at: dateTime,
				action: { type: 'string', examples: ['site.create'] },
				sentence: { type: 'string', description: 'La phrase du journal, en français.' },
				person: { type: ['string', 'null'] },
				device: { type: ['string', 'null'] },
				apiToken: { type: ['string', 'null'] },
				entityType: { type: ['string', 'null'] },
				entityId: { type: ['string', 'null'] },
				entityName: { type: ['string', 'null'] },
				details: { type: ['object', 'null'] }
			}
		}
	}
};
