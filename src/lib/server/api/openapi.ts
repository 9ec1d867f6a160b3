import { reportsApi } from './features/reports';
import { rescuesApi } from './features/rescues';
import { backupsApi } from './features/backups';
import { catalogueApi } from './features/catalogue';
import { coreApi } from './features/core';
import { householdsApi } from './features/households';
import { organisationApi } from './features/organisation';
import { peopleApi } from './features/people';
import { placesApi } from './features/places';
import { stockApi } from './features/stock';
import { tillApi } from './features/till';
import { trainingApi } from './features/training';
import { parcelRightsApi } from './features/parcelRights';
import { parcelTemplatesApi } from './features/parcelTemplates';
import { distributionsApi } from './features/distributions';
import { parcelPrepareApi } from './features/parcelPrepare';
import { reuseItemsApi } from './features/reuseItems';
import { reuseIntakesApi } from './features/reuseIntakes';
import { reuseExitsApi } from './features/reuseExits';
import { publicSalesApi } from './features/publicSales';
import type { ApiFeature, JsonSchema, PathItem } from './oas';

/**
 * The registry of the API's features, and the OpenAPI 3.1 document built from it
 * (served at GET /api/v1/openapi.json).
 *
 * To add endpoints: write `src/lib/server/api/features/<feature>.ts` exporting an ApiFeature (its
 * paths relative to /api/v1, with `errors(...)`, `ref(...)`, `jsonResponse(...)` from ./oas), and
 * add it to API_FEATURES below. A test checks that every $ref resolves and operation ids are unique.
 */
export const API_FEATURES: ApiFeature[] = [
	coreApi,
	placesApi,
	catalogueApi,
	organisationApi,
	householdsApi,
	peopleApi,
	stockApi,
	tillApi,
	backupsApi,
	reportsApi,
	rescuesApi,
	trainingApi,
	parcelRightsApi,
	parcelTemplatesApi,
	distributionsApi,
	parcelPrepareApi,
	reuseItemsApi,
	reuseIntakesApi,
	reuseExitsApi,
	publicSalesApi
];

const API_VERSION = '1.0.0';

const errorResponse = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});

/** The whole document. Paths of two features may not collide (an Error is thrown: a programming mistake). */
export function buildOpenApi(features: readonly ApiFeature[] = API_FEATURES): Record<string, unknown> {
	const paths: Record<string, PathItem> = {};
	const schemas: Record<string, JsonSchema> = {
		Error: {
			type: 'object',
			required: ['error'],
			properties: {
				error: {
					type: 'object',
					required: ['code', 'message'],
					properties: {
						code: { type: 'string', description: 'Code stable, pour les programmes (ex. invalid_input, forbidden).' },
						message: { type: 'string', description: 'Message pour les personnes, en français (ou en anglais).' },
						field: { type: 'string', description: 'Le champ concerné, le cas échéant.' },
						errors: {
							type: 'object',
							additionalProperties: { type: 'string' },
							description: 'Tous les champs invalides et leur message, quand plusieurs le sont (par exemple un produit sans nom et au prix illisible).'
						}
					}
				}
			}
		}
	};
	for (const f of features) {
		for (const [path, item] of Object.entries(f.paths)) {
			if (path in paths) throw new Error(`API path ${path} is declared twice`);
			paths[path] = item;
		}
		for (const [name, schema] of Object.entries(f.schemas ?? {})) {
			if (name in schemas) throw new Error(`API schema ${name} is declared twice`);
			schemas[name] = schema;
		}
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Épicerie solidaire — API',
			version: API_VERSION,
			description:
				"API JSON de l'application. Authentification : jeton d'API (`Authorization: Bearer esk_…`, créé par un·e responsable) " +
				'ou cookie de session. Avec le cookie de session, une écriture (POST, PUT, PATCH, DELETE) doit porter l’en-tête `Origin` du site ' +
				'(sinon 403 `cross_origin`) ; avec un jeton, pas besoin. Corps JSON de 1 Mo au plus (413 `too_large`, même envoyé par morceaux) ; ' +
				'aucun caractère nul ni demi-paire UTF-16 dans le texte (400 `invalid_characters`). ' +
				'Chaque erreur répond `{"error": {"code", "message"}}`, aussi pour une adresse mal codée (400 `bad_path`). ' +
				'Un jeton agit au nom de la personne qui l’a créé, avec au plus ses rôles actuels.'
		},
		servers: [{ url: '/api/v1' }],
		tags: features.map((f) => f.tag),
		security: [{ bearerAuth: [] }, { cookieAuth: [] }],
		paths,
		components: {
			schemas,
			securitySchemes: {
				bearerAuth: {
					type: 'http',
					scheme: 'bearer',
					bearerFormat: 'esk_…',
					description: "Jeton d'API créé sur la page « Jetons d'API » (commence par esk_). Montré une seule fois."
				},
				cookieAuth: {
					type: 'apiKey',
					in: 'cookie',
					name: 'session',
					description:
						"Cookie de session de l'application (navigateur). Une session ouverte avec un mot de passe provisoire reçoit " +
						'403 `password_change_required` tant que la personne ne l’a pas changé (page « Mon compte »).'
				}
			},
			responses: {
				InvalidInput: errorResponse('Données invalides (code invalid_input, invalid_json, invalid_characters, bad_path…).'),
				Unauthenticated: errorResponse('Pas de session ni de jeton valide (unauthenticated, invalid_token).'),
				Forbidden: errorResponse('Le rôle ne permet pas cette action (forbidden), ou écriture avec le cookie de session venue d’un autre site (cross_origin).'),
				NotFound: errorResponse('Introuvable dans votre organisation (not_found).'),
				Conflict: errorResponse("Conflit avec l'état actuel (ex. nom déjà pris)."),
				TooLarge: errorResponse('Corps de requête de plus de 1 Mo, même sans Content-Length (too_large).'),
				UnsupportedMediaType: errorResponse('Corps attendu en JSON (unsupported_media_type).'),
				Unavailable: errorResponse('Base de données indisponible, réessayer (db_unavailable).'),
				Error: errorResponse('Erreur.')
			}
		}
	};
}
