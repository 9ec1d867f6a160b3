import { PERIOD_KINDS } from '$lib/reports/period';
import { READ_STOCK_REPORTS } from '$lib/permissions';
import { audienceRoles, REPORTS } from '../../reports/registry';
import { errors, jsonResponse, ref, uuid, type ApiFeature, type PathItem } from '../oas';

/** Every report of the registry (server/reports/registry.ts) as `GET /reports/{name}` (issue 12; docs/reports.md). */
const COMMON = [
	{
		name: 'period',
		in: 'query',
		required: false,
		description: 'month (par défaut), quarter, year ou custom (dates choisies).',
		schema: { type: 'string', enum: [...PERIOD_KINDS] }
	},
	{
		name: 'from',
		in: 'query',
		required: false,
		description:
			"AAAA-MM-JJ : un jour du mois, du trimestre ou de l'année voulus (aujourd'hui par défaut, dans le fuseau de l'organisation) ; le premier jour pour custom.",
		schema: { type: 'string', format: 'date' }
	},
	{
		name: 'to',
		in: 'query',
		required: false,
		description: 'AAAA-MM-JJ : le dernier jour, inclus (custom seulement ; dix ans au plus).',
		schema: { type: 'string', format: 'date' }
	},
	{ name: 'site', in: 'query', required: false, description: "Un site de l'organisation (tous par défaut).", schema: uuid }
];

const paths: Record<string, PathItem> = {};
for (const r of REPORTS) {
	paths[`/reports/${r.name}`] = {
		get: {
			operationId: `report${r.name[0]!.toUpperCase()}${r.name.slice(1).replace(/-(.)/g, (_, c: string) => c.toUpperCase())}`,
			summary: r.title(),
			description: `${r.summary} Les mêmes chiffres que la page ${r.path} (et ses exports CSV et .xlsx).`,
			tags: ['reports'],
			'x-roles': audienceRoles(r.audience),
			parameters: [...COMMON, ...(r.params ?? []).map((p) => ({ name: p.name, in: 'query', required: false, description: p.description, schema: p.schema }))],
			responses: { '200': jsonResponse('Le rapport.', ref('Report')), ...errors(400, 404) }
		}
	};
}

// The dashboard is not a report of the list (no page of its own under /rapports/…, no exports): its own path.
paths['/reports/dashboard'] = {
	get: {
		operationId: 'reportDashboard',
		summary: 'Tableau de bord',
		description:
			"Le mois de from comparé au mois d'avant (previous) et au même mois l'an dernier (lastYear), avec les 12 derniers mois (trend) et le rapport derrière chaque chiffre (href). Les encadrant·es reçoivent la partie stock seulement (kg reçus, pertes, lots à retirer) : les chiffres des foyers et des ventes n'y sont pas. Les mêmes chiffres que la page /rapports.",
		tags: ['reports'],
		'x-roles': READ_STOCK_REPORTS,
		parameters: [COMMON[1]!, COMMON[3]!],
		responses: { '200': jsonResponse('Le tableau de bord (la forme d’un rapport : figures seulement).', ref('Report')), ...errors(400, 404) }
	}
};

const cellTypes = ['text', 'count', 'grams', 'cents', 'bp', 'day', 'quantity'];
const figureTypes = ['count', 'grams', 'cents', 'bp'];
const cell = { type: ['string', 'number', 'null'] };

export const reportsApi: ApiFeature = {
	tag: {
		name: 'reports',
		description:
			'Rapports des responsables : chiffres tirés du registre de stock, des ventes et des droits. Types des nombres : grams (poids en grammes), cents (montant en centimes), bp (taux en points de base : 2000 = 20 %), count, quantity (unité de base du produit, voir la colonne nommée par unitKey). Les foyers y sont comptés, jamais nommés.'
	},
	paths,
	schemas: {
		Report: {
			type: 'object',
			required: ['name', 'title', 'description', 'period', 'periodLabel', 'siteId', 'figures', 'charts', 'tables', 'notes', 'generatedAt'],
			properties: {
				name: { type: 'string' },
				title: { type: 'string' },
				description: { type: 'string' },
				period: {
					type: 'object',
					required: ['kind', 'from', 'to'],
					properties: { kind: { type: 'string', enum: [...PERIOD_KINDS] }, from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } }
				},
				periodLabel: { type: 'string', examples: ['novembre 2026'] },
				siteId: { ...uuid, type: ['string', 'null'] },
				generatedAt: { type: 'string', format: 'date-time' },
				figures: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'label', 'type', 'value'],
						properties: {
							id: { type: 'string' },
							label: { type: 'string' },
							type: { type: 'string', enum: figureTypes },
							value: { type: ['number', 'null'] },
							previous: { type: ['number', 'null'] },
							lastYear: { type: ['number', 'null'] },
							href: { type: 'string' },
							trend: { type: 'array', items: { type: ['number', 'null'] } }
						}
					}
				},
				charts: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'title', 'kind', 'type', 'labels', 'series'],
						properties: {
							id: { type: 'string' },
							title: { type: 'string' },
							kind: { type: 'string', enum: ['bar', 'line', 'doughnut'] },
							type: { type: 'string', enum: figureTypes },
							labels: { type: 'array', items: { type: 'string' } },
							series: {
								type: 'array',
								items: {
									type: 'object',
									required: ['label', 'values'],
									properties: { label: { type: 'string' }, values: { type: 'array', items: { type: ['number', 'null'] } } }
								}
							},
							stacked: { type: 'boolean' },
							horizontal: { type: 'boolean' }
						}
					}
				},
				tables: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'title', 'columns', 'rows', 'empty'],
						properties: {
							id: { type: 'string', description: 'Le paramètre table= de l’export CSV.' },
							title: { type: 'string' },
							columns: {
								type: 'array',
								items: {
									type: 'object',
									required: ['key', 'label', 'type'],
									properties: {
										key: { type: 'string' },
										label: { type: 'string' },
										type: { type: 'string', enum: cellTypes },
										unitKey: { type: 'string' },
										hidden: { type: 'boolean' }
									}
								}
							},
							rows: { type: 'array', items: { type: 'object', additionalProperties: cell } },
							total: { type: 'object', additionalProperties: cell },
							empty: { type: 'string' },
							links: { type: 'object', additionalProperties: { type: 'string' } }
						}
					}
				},
				notes: {
					type: 'array',
					items: {
						type: 'object',
						required: ['text'],
						properties: {
							text: { type: 'string' },
							href: { type: 'string' },
							linkText: { type: 'string' },
							tone: { type: 'string', enum: ['info', 'warning'] }
						}
					}
				}
			}
		}
	}
};
