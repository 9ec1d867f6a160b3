import { OWN_TRAINING_RECORD, READ_SKILLS, READ_TRAINING_RECORDS } from '$lib/permissions';
import { EXIT_KINDS, FRAMEWORKS, LEVELS } from '$lib/training/framework';
import { QUALITY_SIGNALS, WORK_EVENT_TYPES } from '$lib/training/events';
import { dateTime, errors, jsonResponse, pageResponse, ref, uuid, type ApiFeature, type JsonSchema } from '../oas';

/** The training record (issue 13, docs/training.md), read only: the people followed, a record, its work events, the framework, one's own. */
const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const day: JsonSchema = { type: 'string', format: 'date' };
const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
const span = {
	times: { type: 'integer' },
	first: nullable(dateTime),
	last: nullable(dateTime),
	weeks: { type: 'integer', description: 'Semaines (du lundi au dimanche, fuseau de l’organisation) avec au moins une action.' },
	newSince: { type: 'integer', description: 'Actions depuis le dernier point avec l’encadrant·e.' }
};
const signals: JsonSchema = { type: 'object', properties: Object.fromEntries(QUALITY_SIGNALS.map((q) => [q, { type: 'integer' }])) };
const validation: JsonSchema = {
	type: 'object',
	required: ['id', 'skillId', 'level', 'day', 'validatedBy', 'at'],
	properties: {
		id: uuid,
		skillId: uuid,
		level: { type: 'string', enum: [...LEVELS] },
		day,
		comment: nullable({ type: 'string' }),
		reason: nullable({ type: 'string', description: 'La raison d’un niveau plus bas.' }),
		validatedById: uuid,
		validatedBy: { type: 'string' },
		at: dateTime
	}
};
const record: JsonSchema = {
	type: 'object',
	required: ['person', 'contracts', 'skills', 'signals', 'total', 'events', 'own'],
	properties: {
		person: {
			type: 'object',
			required: ['id', 'name'],
			properties: {
				id: uuid,
				firstName: { type: 'string' },
				lastName: { type: 'string' },
				name: { type: 'string' },
				roles: { type: 'array', items: ref('Role') },
				active: { type: 'boolean' },
				erased: { type: 'boolean' }
			}
		},
		contracts: {
			type: 'array',
			items: {
				type: 'object',
				required: ['id', 'startDate', 'endDate', 'weeklyMinutes'],
				properties: {
					id: uuid,
					startDate: day,
					endDate: day,
					weeklyMinutes: { type: 'integer', description: 'Heures par semaine, en minutes (26 h = 1560).' },
					referentId: nullable(uuid),
					referentName: nullable({ type: 'string' }),
					counsellor: { type: 'string' },
					exitKind: nullable({ type: 'string', enum: [...EXIT_KINDS] }),
					exitDate: nullable(day),
					exitNote: nullable({ type: 'string' })
				}
			}
		},
		lastReview: nullable({ type: 'object', properties: { at: dateTime, by: { type: 'string' } } }),
		own: { type: 'boolean', description: 'Le parcours est celui de la personne qui le lit.' },
		total: { type: 'object', properties: span },
		signals,
		events: {
			type: 'array',
			description: 'Par type d’action : combien de fois, première et dernière fois, semaines.',
			items: {
				type: 'object',
				properties: {
					type: { type: 'string', enum: [...WORK_EVENT_TYPES] },
					label: { type: 'string' },
					quantity: { type: 'integer' },
					nonZero: { type: 'integer' },
					...span
				}
			}
		},
		skills: {
			type: 'array',
			items: {
				type: 'object',
				required: ['skill', 'evidence', 'current', 'history'],
				properties: {
					skill: ref('TrainingSkill'),
					evidence: nullable({ type: 'object', properties: { skillId: uuid, signals, ...span } }),
					current: nullable(validation),
					history: { type: 'array', items: validation, description: 'Toutes les validations, la plus récente d’abord.' }
				}
			}
		}
	}
};

export const trainingApi: ApiFeature = {
	tag: {
		name: 'training',
		description:
			'Parcours de formation des salarié·es en insertion : compétences prouvées par le travail réel, validées par un·e encadrant·e (jamais par la machine). Lecture seule. Les encadrant·es et responsables lisent les parcours de leur organisation (chaque lecture du parcours d’une autre personne est inscrite au journal) ; un·e salarié·e lit le sien (/me/training).'
	},
	paths: {
		'/training/people': {
			get: {
				operationId: 'listTrainees',
				summary: 'Les personnes suivies (salarié·es en insertion, personnes avec un contrat)',
				tags: ['training'],
				'x-roles': READ_TRAINING_RECORDS,
				parameters: [
					{
						name: 'filter',
						in: 'query',
						schema: { type: 'string', enum: ['all', 'mine', 'ending'], default: 'all' },
						description: 'mine : dont je suis référent·e ; ending : contrat qui finit dans les 60 jours.'
					},
					{ name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'Une partie du nom.' }
				],
				responses: {
					'200': jsonResponse('Les personnes.', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Trainee') } } }),
					...errors()
				}
			}
		},
		'/training/people/{id}': {
			get: {
				operationId: 'getTrainingRecord',
				summary: 'Le parcours d’une personne',
				description: 'Contrats, compétences avec leurs preuves, niveau actuel et historique, signaux. La lecture est inscrite au journal (training.read).',
				tags: ['training'],
				'x-roles': READ_TRAINING_RECORDS,
				parameters: [idParam],
				responses: { '200': jsonResponse('Le parcours.', ref('TrainingRecord')), ...errors(404) }
			}
		},
		'/training/people/{id}/events': {
			get: {
				operationId: 'listWorkEvents',
				summary: 'Les actions de travail d’une personne (50 par page, la plus récente d’abord)',
				description: 'La lecture est inscrite au journal (training.read).',
				tags: ['training'],
				'x-roles': READ_TRAINING_RECORDS,
				parameters: [
					idParam,
					{ name: 'from', in: 'query', schema: day, description: 'Premier jour (inclus), fuseau de l’organisation.' },
					{ name: 'to', in: 'query', schema: day, description: 'Dernier jour (inclus).' },
					{ name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } }
				],
				responses: { '200': pageResponse('Une page d’actions.', 'WorkEvent'), ...errors(400, 404) }
			}
		},
		'/training/skills': {
			get: {
				operationId: 'listSkills',
				summary: 'Le référentiel de compétences',
				description:
					'CAP Équipier polyvalent du commerce (RNCP34947), CléA et les compétences propres à la structure, chacune avec les actions qui la prouvent.',
				tags: ['training'],
				'x-roles': READ_SKILLS,
				responses: {
					'200': jsonResponse('Les compétences.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('TrainingSkill') } }
					}),
					...errors()
				}
			}
		},
		'/me/training': {
			get: {
				operationId: 'getMyTrainingRecord',
				summary: 'Mon parcours',
				description: 'Le parcours de la personne connectée (salarié·e en insertion).',
				tags: ['training'],
				'x-roles': OWN_TRAINING_RECORD,
				responses: { '200': jsonResponse('Mon parcours.', ref('TrainingRecord')), ...errors() }
			}
		}
	},
	schemas: {
		TrainingSkill: {
			type: 'object',
			required: ['id', 'framework', 'code', 'block', 'name', 'description', 'active', 'events'],
			properties: {
				id: uuid,
				framework: { type: 'string', enum: [...FRAMEWORKS] },
				code: { type: 'string', examples: ['CAP-B1-1', 'CLEA-2', 'OWN-1'] },
				block: { type: 'string' },
				name: { type: 'string' },
				description: { type: 'string' },
				position: { type: 'integer' },
				active: { type: 'boolean' },
				events: { type: 'array', items: { type: 'string', enum: [...WORK_EVENT_TYPES] } }
			}
		},
		Trainee: {
			type: 'object',
			required: ['id', 'name', 'active', 'contract', 'mine', 'daysLeft', 'newSince', 'validated'],
			properties: {
				id: uuid,
				name: { type: 'string' },
				active: { type: 'boolean' },
				contract: nullable({
					type: 'object',
					properties: {
						id: uuid,
						startDate: day,
						endDate: day,
						referentId: nullable(uuid),
						referentName: nullable({ type: 'string' }),
						exitKind: nullable({ type: 'string', enum: [...EXIT_KINDS] }),
						exitDate: nullable(day)
					}
				}),
				mine: { type: 'boolean' },
				daysLeft: nullable({ type: 'integer' }),
				newSince: { type: 'integer' },
				lastReview: nullable(dateTime),
				validated: { type: 'integer' },
				lastWork: nullable(dateTime)
			}
		},
		TrainingRecord: record,
		WorkEvent: {
			type: 'object',
			required: ['id', 'type', 'label', 'at', 'quantity', 'signal'],
			properties: {
				id: { type: 'integer' },
				type: { type: 'string', enum: [...WORK_EVENT_TYPES] },
				label: { type: 'string' },
				area: nullable({ type: 'string', enum: ['reception', 'stock', 'count', 'till'] }),
				at: dateTime,
				entity: nullable({ type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' } } }),
				quantity: { type: 'integer' },
				signal: nullable({ type: 'integer', description: 'Écart de caisse en centimes, écart d’inventaire.' })
			}
		}
	}
};
