import { CORRECT_REUSE, WORK_REUSE } from '$lib/permissions';
import { EXIT_CHANNELS, MAX_EXIT_NOTE, MAX_RECIPIENT } from '$lib/reuse/channels';
import { REUSE_FLUXES } from '$lib/reuse/flux';
import { MAX_COUNT } from '$lib/reuse/weighing';
import { dateTime, errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/** Exits by channel of the ressourcerie (issue 15, docs/ressourcerie.md « Sorties »). */
const tag = 'reuse-exits';
const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const channel: JsonSchema = { type: 'string', enum: [...EXIT_CHANNELS] };
const flux: JsonSchema = { type: 'string', enum: [...REUSE_FLUXES] };
const method: JsonSchema = { type: 'string', enum: ['weighed', 'counted', 'item'] };

export const reuseExitsApi: ApiFeature = {
	tag: {
		name: tag,
		description:
			'Sorties de la ressourcerie autres que la vente : don (à une personne ou un partenaire), convention avec un partenaire, recyclage par la filière d’un éco-organisme (Ecomaison, ecosystem, Refashion…), déchet (déchetterie, bennes). Chaque ligne est pesée par flux (tare du contenant déduite, maximum de la balance), comptée (nombre × poids moyen de la catégorie) ou un objet étiqueté qui sort du stock.'
	},
	paths: {
		'/reuse/exits': {
			get: {
				operationId: 'listReuseExits',
				summary: 'Les sorties, les plus récentes d’abord (20 par page)',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [
					{ name: 'channel', in: 'query', required: false, schema: channel },
					{ name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }
				],
				responses: { '200': pageResponse('Une page de sorties.', 'ReuseExitSummary'), ...errors() }
			},
			post: {
				operationId: 'createReuseExit',
				summary: 'Ouvrir une sortie',
				description:
					'`recipient` est demandé pour `partenaire` (le nom de la convention) et `recyclage` (la filière). `siteId` : une ressourcerie de l’organisation, facultatif quand il n’y en a qu’une.',
				tags: [tag],
				'x-roles': WORK_REUSE,
				requestBody: jsonBody({
					type: 'object',
					required: ['channel'],
					properties: {
						siteId: nullable(uuid),
						channel,
						recipient: nullable({ type: 'string', maxLength: MAX_RECIPIENT }),
						note: nullable({ type: 'string', maxLength: MAX_EXIT_NOTE })
					}
				}),
				responses: { '201': jsonResponse('La sortie ouverte.', ref('ReuseExit')), ...errors(400, 404, 413, 415) }
			}
		},
		'/reuse/exits/{id}': {
			get: {
				operationId: 'getReuseExit',
				summary: 'Une sortie, ses lignes et ses poids par flux',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [idParam],
				responses: { '200': jsonResponse('La sortie.', ref('ReuseExit')), ...errors(404) }
			}
		},
		'/reuse/exits/{id}/lines': {
			post: {
				operationId: 'addReuseExitLine',
				summary: 'Ajouter une ligne : pesée, comptée ou un objet étiqueté',
				description:
					'`weighed` : `flux` (ou `categoryId`), `grossGrams`, `containerId` facultatif (sa tare est déduite) ; refusé au-dessus du maximum de la balance ou si le poids n’est pas plus lourd que le contenant. `counted` : `categoryId`, `count` (poids = nombre × poids moyen). `item` : `code` de l’étiquette (O-000123), `quantity` facultative (par défaut les pièces qui restent) ; un objet déjà vendu ou sorti est refusé (409).',
				tags: [tag],
				'x-roles': WORK_REUSE,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['method'],
					properties: {
						method,
						flux: nullable(flux),
						categoryId: nullable(uuid),
						containerId: nullable(uuid),
						grossGrams: nullable({ type: 'integer', minimum: 1 }),
						count: nullable({ type: 'integer', minimum: 1, maximum: MAX_COUNT }),
						code: nullable({ type: 'string', pattern: '^O-\\d{6,9}$' }),
						quantity: nullable({ type: 'integer', minimum: 1, maximum: MAX_COUNT })
					}
				}),
				responses: {
					'201': jsonResponse('La ligne ajoutée et la sortie.', {
						type: 'object',
						required: ['line', 'exit'],
						properties: {
							line: {
								type: 'object',
								required: ['id', 'flux', 'method', 'netGrams'],
								properties: {
									id: { type: 'integer' },
									flux,
									method,
									netGrams: { type: 'integer' },
									itemCode: nullable({ type: 'string' }),
									itemLeft: nullable({ type: 'integer', description: 'Pièces de l’objet encore en stock.' })
								}
							},
							exit: ref('ReuseExit')
						}
					}),
					...errors(400, 404, 409, 413, 415)
				}
			}
		},
		'/reuse/exits/{id}/lines/{lineId}/cancel': {
			post: {
				operationId: 'cancelReuseExitLine',
				summary: 'Annuler une ligne (une ligne inverse ; un objet revient en stock)',
				description: 'Ajoute une ligne inverse (`correctionOf`) ; la ligne elle-même ne change jamais. Sans corps. Une ligne déjà annulée : 409.',
				tags: [tag],
				'x-roles': CORRECT_REUSE,
				parameters: [idParam, { name: 'lineId', in: 'path', required: true, schema: { type: 'integer' } }],
				responses: { '200': jsonResponse('La sortie.', ref('ReuseExit')), ...errors(404, 409) }
			}
		}
	},
	schemas: {
		ReuseExitSummary: {
			type: 'object',
			required: ['id', 'number', 'channel', 'siteName', 'createdAt', 'createdBy', 'lines', 'netGrams'],
			properties: {
				id: uuid,
				number: { type: 'string', description: 'S-000123' },
				channel,
				recipient: nullable({ type: 'string' }),
				siteName: { type: 'string' },
				createdAt: dateTime,
				createdBy: { type: 'string' },
				lines: { type: 'integer', description: 'Lignes (sans les annulations).' },
				netGrams: { type: 'integer', description: 'Poids net sorti (lignes annulées déduites).' }
			}
		},
		ReuseExit: {
			type: 'object',
			required: ['id', 'number', 'siteId', 'siteName', 'channel', 'createdAt', 'createdBy', 'lines', 'byFlux', 'netGrams'],
			properties: {
				id: uuid,
				number: { type: 'string' },
				siteId: uuid,
				siteName: { type: 'string' },
				channel,
				recipient: nullable({ type: 'string' }),
				note: nullable({ type: 'string' }),
				createdAt: dateTime,
				createdBy: { type: 'string' },
				netGrams: { type: 'integer' },
				byFlux: {
					type: 'array',
					items: { type: 'object', required: ['flux', 'netGrams'], properties: { flux, netGrams: { type: 'integer' } } }
				},
				lines: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'flux', 'method', 'tareGrams', 'netGrams', 'cancelled', 'by', 'at'],
						properties: {
							id: { type: 'integer' },
							flux,
							categoryName: nullable({ type: 'string' }),
							method,
							grossGrams: nullable({ type: 'integer' }),
							containerName: nullable({ type: 'string' }),
							tareGrams: { type: 'integer' },
							count: nullable({ type: 'integer' }),
							netGrams: { type: 'integer', description: 'Négatif pour une ligne qui en annule une autre (`correctionOf`).' },
							itemCode: nullable({ type: 'string' }),
							itemDescription: nullable({ type: 'string' }),
							correctionOf: nullable({ type: 'integer' }),
							cancelled: { type: 'boolean' },
							by: { type: 'string' },
							at: dateTime
						}
					}
				}
			}
		}
	}
};
