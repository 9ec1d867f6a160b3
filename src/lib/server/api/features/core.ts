import { ROLES } from '../../auth/roles';
import { errors, jsonResponse, ref, uuid, type ApiFeature } from '../oas';

/** The API's own description and who is calling. */
export const coreApi: ApiFeature = {
	tag: { name: 'core', description: "Description de l'API et identité de l'appelant." },
	paths: {
		'/openapi.json': {
			get: {
				operationId: 'getOpenApi',
				summary: 'Ce document (OpenAPI 3.1)',
				tags: ['core'],
				'x-roles': 'any',
				security: [],
				responses: { '200': jsonResponse('Le document OpenAPI.', { type: 'object' }) }
			}
		},
		'/me': {
			get: {
				operationId: 'getMe',
				summary: "La personne connectée (ou le créateur du jeton d'API) et ses rôles",
				description: "Avec un jeton d'API, les rôles sont ceux du jeton limités aux rôles actuels de la personne qui l'a créé.",
				tags: ['core'],
				'x-roles': 'any',
				responses: { '200': jsonResponse('La personne et son organisation.', ref('Me')), ...errors() }
			}
		}
	},
	schemas: {
		Role: { type: 'string', enum: [...ROLES] },
		Me: {
			type: 'object',
			required: ['id', 'username', 'firstName', 'lastName', 'organisation', 'roles', 'via'],
			properties: {
				id: uuid,
				username: { type: 'string' },
				firstName: { type: 'string' },
				lastName: { type: 'string' },
				organisation: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } },
				roles: { type: 'array', items: ref('Role') },
				via: { type: 'string', enum: ['session', 'api_token'], description: 'Cookie de session ou jeton API.' }
			}
		}
	}
};
