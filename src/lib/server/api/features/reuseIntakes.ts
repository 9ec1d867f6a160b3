import { both, MANAGE_REUSE, WORK_REUSE, CORRECT_REUSE, READ_REUSE_REPORTS, SELL_PUBLIC } from '$lib/permissions';
import { REUSE_FLUXES } from '$lib/reuse/flux';
import { MAX_COUNT, MAX_SCALE_GRAMS } from '$lib/reuse/weighing';
import { dateTime, errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/** The ressourcerie's categories, containers, settings and weighed intakes (issue 15, docs/ressourcerie.md). */
const tag = 'reuse-intakes';
const readers = [...new Set([...WORK_REUSE, ...MANAGE_REUSE, ...READ_REUSE_REPORTS, ...SELL_PUBLIC])];
const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const flux: JsonSchema = { type: 'string', enum: [...REUSE_FLUXES] };
const inactive = { name: 'inactive', in: 'query', required: false, schema: { type: 'string', enum: ['1'] } };
const activeBody = jsonBody({ type: 'object', required: ['active'], properties: { active: { type: 'boolean' } } });

const categoryBody: JsonSchema = {
	type: 'object',
	required: ['flux', 'name', 'averageWeightGrams'],
	properties: {
		flux,
		name: { type: 'string', minLength: 2, maxLength: 80 },
		ecoCategory: nullable({
			type: 'string',
			maxLength: 80,
			description:
				'La catégorie de l’éco-organisme (mobilier : Assise, Couchage, Rangement, Plan de pose, Décoration textile ; DEEE : les sept catégories officielles).'
		}),
		averageWeightGrams: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Poids moyen d’un objet, en grammes.' },
		priceGrid: {
			type: 'array',
			maxItems: 12,
			items: {
				type: 'object',
				required: ['label', 'priceCents'],
				properties: { label: { type: 'string', minLength: 1, maxLength: 40 }, priceCents: { type: 'integer', minimum: 0, maximum: 1_000_000 } }
			}
		},
		position: { type: 'integer', minimum: 0, maximum: 9999, description: 'Ordre sur la tablette (0 d’abord).' }
	}
};
const containerBody: JsonSchema = {
	type: 'object',
	required: ['name', 'tareGrams'],
	properties: { name: { type: 'string', minLength: 2, maxLength: 60 }, tareGrams: { type: 'integer', minimum: 0, maximum: 1_000_000 } }
};

export const reuseIntakesApi: ApiFeature = {
	tag: {
		name: tag,
		description:
			'Ressourcerie : catégories d’objets par flux, contenants (tare), réglages, arrivages pesés. Les responsables écrivent les catégories, contenants et réglages ; l’équipe de la ressourcerie pèse.'
	},
	paths: {
		'/reuse/categories': {
			get: {
				operationId: 'listReuseCategories',
				summary: 'Les catégories d’objets, par flux (`?inactive=1` : aussi celles retirées)',
				tags: [tag],
				'x-roles': readers,
				parameters: [inactive],
				responses: {
					'200': jsonResponse('Les catégories.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('ReuseCategory') } }
					}),
					...errors()
				}
			},
			post: {
				operationId: 'createReuseCategory',
				summary: 'Créer une catégorie d’objets',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				requestBody: jsonBody(categoryBody),
				responses: { '201': jsonResponse('La catégorie créée.', ref('ReuseCategory')), ...errors(400, 409, 413, 415) }
			}
		},
		'/reuse/categories/{id}': {
			put: {
				operationId: 'updateReuseCategory',
				summary: 'Remplacer une catégorie d’objets',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				parameters: [idParam],
				requestBody: jsonBody(categoryBody),
				responses: { '200': jsonResponse('La catégorie.', ref('ReuseCategory')), ...errors(400, 404, 409, 413, 415) }
			},
			patch: {
				operationId: 'setReuseCategoryActive',
				summary: 'Retirer une catégorie ou la remettre en service',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				parameters: [idParam],
				requestBody: activeBody,
				responses: { '200': jsonResponse('La catégorie.', ref('ReuseCategory')), ...errors(400, 404, 413, 415) }
			}
		},
		'/reuse/containers': {
			get: {
				operationId: 'listReuseContainers',
				summary: 'Les contenants et leur tare (`?inactive=1` : aussi ceux retirés)',
				tags: [tag],
				'x-roles': readers,
				parameters: [inactive],
				responses: {
					'200': jsonResponse('Les contenants.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('ReuseContainer') } }
					}),
					...errors()
				}
			},
			post: {
				operationId: 'createReuseContainer',
				summary: 'Créer un contenant (tare en grammes)',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				requestBody: jsonBody(containerBody),
				responses: { '201': jsonResponse('Le contenant créé.', ref('ReuseContainer')), ...errors(400, 409, 413, 415) }
			}
		},
		'/reuse/containers/{id}': {
			put: {
				operationId: 'updateReuseContainer',
				summary: 'Renommer un contenant ou changer sa tare',
				description: 'Les pesées déjà faites gardent la tare de leur moment.',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				parameters: [idParam],
				requestBody: jsonBody(containerBody),
				responses: { '200': jsonResponse('Le contenant.', ref('ReuseContainer')), ...errors(400, 404, 409, 413, 415) }
			},
			patch: {
				operationId: 'setReuseContainerActive',
				summary: 'Retirer un contenant ou le remettre en service',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				parameters: [idParam],
				requestBody: activeBody,
				responses: { '200': jsonResponse('Le contenant.', ref('ReuseContainer')), ...errors(400, 404, 413, 415) }
			}
		},
		'/settings/reuse': {
			get: {
				operationId: 'getReuseSettings',
				summary: 'Les réglages de la ressourcerie',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				responses: { '200': jsonResponse('Les réglages.', ref('ReuseSettings')), ...errors() }
			},
			put: {
				operationId: 'updateReuseSettings',
				summary: 'Remplacer les réglages de la ressourcerie',
				tags: [tag],
				'x-roles': MANAGE_REUSE,
				requestBody: jsonBody(ref('ReuseSettings')),
				responses: { '200': jsonResponse('Les réglages enregistrés.', ref('ReuseSettings')), ...errors(400, 413, 415) }
			}
		},
		'/reuse/intakes': {
			get: {
				operationId: 'listReuseIntakes',
				summary: 'Les arrivages, du plus récent au plus ancien (20 par page)',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
				responses: { '200': pageResponse('Une page d’arrivages.', 'ReuseIntakeSummary'), ...errors() }
			},
			post: {
				operationId: 'createReuseIntake',
				summary: 'Ouvrir un arrivage',
				description: '`siteId` peut manquer quand l’organisation a une seule ressourcerie.',
				tags: [tag],
				'x-roles': WORK_REUSE,
				requestBody: jsonBody({
					type: 'object',
					required: ['source'],
					properties: {
						siteId: nullable(uuid),
						source: { type: 'string', enum: ['apport', 'collecte', 'dechetterie', 'partenaire'] },
						commune: nullable({ type: 'string', maxLength: 80 }),
						partner: nullable({ type: 'string', maxLength: 120 }),
						note: nullable({ type: 'string', maxLength: 500 })
					}
				}),
				responses: { '201': jsonResponse('L’arrivage ouvert.', ref('ReuseIntake')), ...errors(400, 413, 415) }
			}
		},
		'/reuse/intakes/{id}': {
			get: {
				operationId: 'getReuseIntake',
				summary: 'Un arrivage, ses lignes et ses totaux par flux',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [idParam],
				responses: { '200': jsonResponse('L’arrivage.', ref('ReuseIntake')), ...errors(404) }
			}
		},
		'/reuse/intakes/{id}/lines': {
			post: {
				operationId: 'addReuseIntakeLine',
				summary: 'Ajouter une pesée ou un comptage',
				description:
					'`weighed` : `grossGrams` lu sur la balance, `containerId` (sa tare est déduite) ; refusé au-dessus du maximum de la balance ou si le poids ne dépasse pas la tare. `counted` : `count` × le poids moyen de `categoryId` (obligatoire). Rien n’est enregistré quand c’est refusé.',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					properties: {
						flux: { ...flux, description: 'Peut manquer quand `categoryId` est donné.' },
						categoryId: nullable(uuid),
						method: { type: 'string', enum: ['weighed', 'counted'], default: 'weighed' },
						grossGrams: { type: 'integer', minimum: 1, maximum: MAX_SCALE_GRAMS },
						containerId: nullable(uuid),
						count: { type: 'integer', minimum: 1, maximum: MAX_COUNT }
					}
				}),
				responses: { '201': jsonResponse('La ligne ajoutée.', ref('ReuseIntakeLine')), ...errors(400, 404, 413, 415) }
			}
		},
		'/reuse/intakes/{id}/lines/{lineId}/cancel': {
			post: {
				operationId: 'cancelReuseIntakeLine',
				summary: 'Annuler une ligne saisie par erreur',
				description: 'Ajoute une ligne inverse (`correctionOf`) ; la ligne elle-même ne change jamais. Sans corps. Une ligne déjà annulée : 409.',
				tags: [tag],
				'x-roles': both(WORK_REUSE, CORRECT_REUSE),
				parameters: [idParam, { name: 'lineId', in: 'path', required: true, schema: { type: 'integer' } }],
				responses: { '201': jsonResponse('La ligne d’annulation.', ref('ReuseIntakeLine')), ...errors(404, 409) }
			}
		}
	},
	schemas: {
		ReuseCategory: {
			type: 'object',
			required: ['id', 'flux', 'name', 'averageWeightGrams', 'priceGrid', 'position', 'active'],
			properties: {
				id: uuid,
				flux,
				name: { type: 'string' },
				ecoCategory: nullable({ type: 'string' }),
				averageWeightGrams: { type: 'integer' },
				priceGrid: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, priceCents: { type: 'integer' } } } },
				position: { type: 'integer' },
				active: { type: 'boolean' }
			}
		},
		ReuseContainer: {
			type: 'object',
			required: ['id', 'name', 'tareGrams', 'active'],
			properties: { id: uuid, name: { type: 'string' }, tareGrams: { type: 'integer' }, active: { type: 'boolean' } }
		},
		ReuseSettings: {
			type: 'object',
			required: ['scaleMaxGrams', 'maxDiscountPercent'],
			properties: {
				scaleMaxGrams: { type: 'integer', minimum: 1000, maximum: MAX_SCALE_GRAMS, description: 'Maximum de la balance, en grammes.' },
				maxDiscountPercent: { type: 'integer', minimum: 0, maximum: 100, description: 'Plus grande remise sur une ligne à la caisse de la ressourcerie.' }
			}
		},
		ReuseIntakeLine: {
			type: 'object',
			required: ['id', 'flux', 'method', 'tareGrams', 'netGrams', 'cancelled', 'at'],
			properties: {
				id: { type: 'integer' },
				flux,
				categoryId: nullable(uuid),
				categoryName: nullable({ type: 'string' }),
				method: { type: 'string', enum: ['weighed', 'counted', 'item'] },
				grossGrams: nullable({ type: 'integer' }),
				containerName: nullable({ type: 'string' }),
				tareGrams: { type: 'integer' },
				count: nullable({ type: 'integer' }),
				netGrams: { type: 'integer', description: 'Net (négatif pour une annulation).' },
				correctionOf: nullable({ type: 'integer' }),
				cancelled: { type: 'boolean' },
				userName: { type: 'string' },
				at: dateTime
			}
		},
		ReuseIntakeSummary: {
			type: 'object',
			required: ['id', 'number', 'source', 'siteName', 'createdAt', 'lines', 'totalGrams'],
			properties: {
				id: uuid,
				number: { type: 'string', examples: ['A-000012'] },
				source: { type: 'string' },
				commune: nullable({ type: 'string' }),
				partner: nullable({ type: 'string' }),
				siteName: { type: 'string' },
				createdByName: { type: 'string' },
				createdAt: dateTime,
				lines: { type: 'integer' },
				totalGrams: { type: 'integer' }
			}
		},
		ReuseIntake: {
			type: 'object',
			required: ['id', 'number', 'siteId', 'source', 'createdAt', 'lines', 'totals', 'totalGrams'],
			properties: {
				id: uuid,
				number: { type: 'string' },
				siteId: uuid,
				siteName: { type: 'string' },
				source: { type: 'string' },
				commune: nullable({ type: 'string' }),
				partner: nullable({ type: 'string' }),
				note: nullable({ type: 'string' }),
				createdByName: { type: 'string' },
				createdAt: dateTime,
				lines: { type: 'array', items: ref('ReuseIntakeLine') },
				totals: { type: 'array', items: { type: 'object', properties: { flux, netGrams: { type: 'integer' } } } },
				totalGrams: { type: 'integer' }
			}
		}
	}
};
