import { both, MANAGE_ORGANISATION, MANAGE_PARCEL_TEMPLATES, PLAN_DISTRIBUTIONS, PREPARE_PARCELS } from '$lib/permissions';
import { LINE_SCALINGS, LINE_UNITS, MAX_LINE_QUANTITY } from '$lib/parcels/composition';
import { dateTime, errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/** Parcel templates (compositions) and the parcels' settings (issue 14, docs/parcels.md). */
const tag = 'parcel-templates';
const readers = [...new Set([...MANAGE_PARCEL_TEMPLATES, ...PLAN_DISTRIBUTIONS, ...PREPARE_PARCELS])];
const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const qty = (description: string): JsonSchema => nullable({ type: 'integer', minimum: 0, maximum: MAX_LINE_QUANTITY.kg, description });

const lineProps: Record<string, JsonSchema> = {
	categoryId: { ...uuid, description: 'Une catégorie (ou sous-catégorie) en service de l’organisation.' },
	unit: { type: 'string', enum: [...LINE_UNITS], description: '`piece` : des pièces ; `kg` : des grammes (1,5 kg = 1500).' },
	scaling: {
		type: 'string',
		enum: [...LINE_SCALINGS],
		description:
			'`fixed` : `quantity` ; `per_person` : `quantity` × personnes ; `bands` : `band1` (1 personne), `band2` (2), `band3` (3–4), `band5` (5 et plus).'
	},
	quantity: qty(`fixed et per_person : pièces (max ${MAX_LINE_QUANTITY.piece}) ou grammes (max ${MAX_LINE_QUANTITY.kg}), plus que 0.`),
	band1: qty('bands : pour 1 personne (0 ou plus).'),
	band2: qty('bands : pour 2 personnes.'),
	band3: qty('bands : pour 3 ou 4 personnes.'),
	band5: qty('bands : pour 5 personnes et plus.'),
	cold: { type: 'boolean', description: 'Produits frais ou surgelés : préparés en dernier.' }
};

const templateBody: JsonSchema = {
	type: 'object',
	required: ['name', 'lines'],
	properties: {
		name: { type: 'string', minLength: 2, maxLength: 80 },
		note: nullable({ type: 'string', maxLength: 500 }),
		lines: {
			type: 'array',
			minItems: 1,
			maxItems: 40,
			description:
				'Toutes les lignes, dans l’ordre. Une ligne envoyée avec son `id` est gardée ; une ligne absente est retirée (refusé, 409, si des colis ont été préparés avec elle).',
			items: { type: 'object', required: ['categoryId', 'unit', 'scaling'], properties: { id: nullable(uuid), ...lineProps } }
		}
	}
};

export const parcelTemplatesApi: ApiFeature = {
	tag: {
		name: tag,
		description:
			'Modèles de colis (compositions par catégorie, selon le nombre de personnes) et réglages des colis. Les responsables écrivent ; qui planifie les distributions et qui prépare les colis lit.'
	},
	paths: {
		'/parcel-templates': {
			get: {
				operationId: 'listParcelTemplates',
				summary: 'Les modèles de colis (`?inactive=1` : aussi ceux retirés)',
				tags: [tag],
				'x-roles': readers,
				parameters: [{ name: 'inactive', in: 'query', required: false, schema: { type: 'string', enum: ['1'] } }],
				responses: {
					'200': jsonResponse('Les modèles, par nom.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('ParcelTemplateSummary') } }
					}),
					...errors()
				}
			},
			post: {
				operationId: 'createParcelTemplate',
				summary: 'Créer un modèle de colis avec ses lignes',
				tags: [tag],
				'x-roles': MANAGE_PARCEL_TEMPLATES,
				requestBody: jsonBody(templateBody),
				responses: { '201': jsonResponse('Le modèle créé.', ref('ParcelTemplate')), ...errors(400, 409, 413, 415) }
			}
		},
		'/parcel-templates/{id}': {
			get: {
				operationId: 'getParcelTemplate',
				summary: 'Un modèle de colis et ses lignes',
				tags: [tag],
				'x-roles': readers,
				parameters: [idParam],
				responses: { '200': jsonResponse('Le modèle.', ref('ParcelTemplate')), ...errors(404) }
			},
			put: {
				operationId: 'updateParcelTemplate',
				summary: 'Remplacer le nom, la note et toutes les lignes d’un modèle',
				tags: [tag],
				'x-roles': MANAGE_PARCEL_TEMPLATES,
				parameters: [idParam],
				requestBody: jsonBody(templateBody),
				responses: { '200': jsonResponse('Le modèle enregistré.', ref('ParcelTemplate')), ...errors(400, 404, 409, 413, 415) }
			},
			patch: {
				operationId: 'setParcelTemplateActive',
				summary: 'Retirer un modèle ou le remettre en service',
				description: 'Refusé (409) tant qu’une distribution prévue (pas clôturée) utilise le modèle.',
				tags: [tag],
				'x-roles': MANAGE_PARCEL_TEMPLATES,
				parameters: [idParam],
				requestBody: jsonBody({ type: 'object', required: ['active'], properties: { active: { type: 'boolean' } } }),
				responses: { '200': jsonResponse('Le modèle.', ref('ParcelTemplate')), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/settings/parcels': {
			get: {
				operationId: 'getParcelSettings',
				summary: 'Les réglages des colis',
				tags: [tag],
				'x-roles': both(MANAGE_ORGANISATION, MANAGE_PARCEL_TEMPLATES),
				responses: { '200': jsonResponse('Les réglages.', ref('ParcelSettings')), ...errors() }
			},
			put: {
				operationId: 'updateParcelSettings',
				summary: 'Remplacer les réglages des colis',
				description: '`ddmGraceMonths` (le réglage de la caisse) est seulement lu ici.',
				tags: [tag],
				'x-roles': both(MANAGE_ORGANISATION, MANAGE_PARCEL_TEMPLATES),
				requestBody: jsonBody({
					type: 'object',
					required: ['participationCents', 'nearDays', 'defaultFrequency'],
					properties: {
						participationCents: { type: 'integer', minimum: 0, maximum: 10000 },
						nearDays: { type: 'integer', minimum: 0, maximum: 30 },
						defaultFrequency: { type: 'string', enum: ['weekly', 'biweekly', 'monthly'] }
					}
				}),
				responses: { '200': jsonResponse('Les réglages enregistrés.', ref('ParcelSettings')), ...errors(400, 413, 415) }
			}
		}
	},
	schemas: {
		ParcelTemplateSummary: {
			type: 'object',
			required: ['id', 'name', 'active', 'lines', 'coldLines', 'updatedAt'],
			properties: {
				id: uuid,
				name: { type: 'string' },
				note: nullable({ type: 'string' }),
				active: { type: 'boolean' },
				lines: { type: 'integer' },
				coldLines: { type: 'integer' },
				updatedAt: dateTime
			}
		},
		ParcelTemplate: {
			type: 'object',
			required: ['id', 'name', 'active', 'lines', 'plannedDays'],
			properties: {
				id: uuid,
				name: { type: 'string' },
				note: nullable({ type: 'string' }),
				active: { type: 'boolean' },
				plannedDays: { type: 'integer', description: 'Distributions prévues (pas clôturées) faites avec ce modèle.' },
				createdAt: dateTime,
				updatedAt: dateTime,
				lines: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'position', 'categoryId', 'categoryName', 'unit', 'scaling', 'cold'],
						properties: { id: uuid, position: { type: 'integer' }, categoryName: { type: 'string' }, ...lineProps }
					}
				}
			}
		},
		ParcelSettings: {
			type: 'object',
			required: ['participationCents', 'nearDays', 'defaultFrequency', 'ddmGraceMonths'],
			properties: {
				participationCents: {
					type: 'integer',
					description: 'Participation demandée à chaque remise par les nouveaux droits colis, en centimes (0 : gratuit).'
				},
				nearDays: { type: 'integer', description: 'Jours : les lots dont la date arrive dans ce délai sont proposés en premier.' },
				defaultFrequency: { type: 'string', enum: ['weekly', 'biweekly', 'monthly'] },
				ddmGraceMonths: { type: 'integer', description: 'Mois de tolérance après une DDM (réglage de la caisse).' }
			}
		}
	}
};
