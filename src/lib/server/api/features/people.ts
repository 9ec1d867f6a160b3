import { MANAGE_ORGANISATION, SUPERVISE_STAFF } from '$lib/permissions';
import { dateTime, errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature } from '../oas';

const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const ok = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean', const: true } } };
const RULE =
	'Seulement pour une personne dont chaque rôle est couvert par les vôtres (une administratrice par une administratrice, un·e travailleur·se social·e par un·e travailleur·se social·e) : sinon 403, inscrit au journal (`user.change_refused`).';

/** People's accounts (the people pages) and the tablets (listing and revoking; enrolling stays on the tablet). */
export const peopleApi: ApiFeature = {
	tag: { name: 'people', description: 'Comptes des personnes (bénévoles, salarié·es) et tablettes.' },
	paths: {
		'/people': {
			get: {
				operationId: 'listPeople',
				summary: 'Les personnes de l’organisation (25 par page)',
				description: 'Aucun secret : seulement si un mot de passe, un code PIN ou un badge existe.',
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				parameters: [
					{ name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'Prénom, nom ou identifiant.' },
					{ name: 'status', in: 'query', schema: { type: 'string', enum: ['active', 'inactive', 'all'], default: 'active' } },
					{ name: 'role', in: 'query', schema: ref('Role') },
					{ name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } }
				],
				responses: { '200': pageResponse('Une page de personnes.', 'Person'), ...errors() }
			},
			post: {
				operationId: 'createPerson',
				summary: 'Créer une personne',
				description:
					'Responsables et administrateur·ices : des rôles que vous couvrez seulement (403 `forbidden_role` sinon). Un mot de passe donné est provisoire : la personne le change à sa première connexion. Identifiant déjà pris : 409.',
				tags: ['people'],
				'x-roles': MANAGE_ORGANISATION,
				requestBody: jsonBody({
					type: 'object',
					required: ['username', 'firstName'],
					properties: {
						username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{1,39}$' },
						firstName: { type: 'string', maxLength: 60 },
						lastName: { type: 'string', maxLength: 60 },
						email: { type: 'string' },
						roles: { type: 'array', items: ref('Role') },
						password: { type: 'string', description: 'Provisoire.' },
						pin: { type: 'string', pattern: '^[0-9]{4,6}$' }
					}
				}),
				responses: { '201': jsonResponse('La personne.', ref('Person')), ...errors(400, 409, 413, 415) }
			}
		},
		'/people/{id}': {
			get: {
				operationId: 'getPerson',
				summary: 'Une personne et ce qui a été fait sur son compte',
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				parameters: [idParam],
				responses: {
					'200': jsonResponse('La personne.', {
						allOf: [
							ref('Person'),
							{
								type: 'object',
								properties: {
									history: {
										type: 'array',
										items: {
											type: 'object',
											properties: { at: dateTime, action: { type: 'string' }, by: { type: ['string', 'null'] }, details: { type: ['object', 'null'] } }
										}
									}
								}
							}
						]
					}),
					...errors(404)
				}
			},
			put: {
				operationId: 'updatePerson',
				summary: 'Modifier les noms, l’e-mail et les rôles',
				description: `Responsables et administrateur·ices. ${RULE} Personne ne change ses propres rôles. La personne en est prévenue à sa prochaine page.`,
				tags: ['people'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['firstName', 'lastName', 'email', 'roles'],
					properties: {
						firstName: { type: 'string', maxLength: 60 },
						lastName: { type: 'string', maxLength: 60 },
						email: { type: 'string', description: 'Vide : aucun.' },
						roles: { type: 'array', items: ref('Role') }
					}
				}),
				responses: { '200': jsonResponse('La personne.', ref('Person')), ...errors(400, 404, 413, 415) }
			}
		},
		'/people/{id}/active': {
			post: {
				operationId: 'setPersonActive',
				summary: 'Désactiver ou réactiver une personne',
				description: `Responsables et administrateur·ices. ${RULE} Désactivée : ses sessions finissent. Personne ne se désactive soi-même.`,
				tags: ['people'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [idParam],
				requestBody: jsonBody({ type: 'object', required: ['active'], properties: { active: { type: 'boolean' } } }),
				responses: { '200': jsonResponse('Fait.', ok), ...errors(400, 404, 413, 415) }
			}
		},
		'/people/{id}/unlock': {
			post: {
				operationId: 'unlockPersonPin',
				summary: 'Débloquer le code PIN',
				description: RULE,
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				parameters: [idParam],
				responses: { '200': jsonResponse('Débloqué.', ok), ...errors(404) }
			}
		},
		'/people/{id}/password': {
			post: {
				operationId: 'setPersonPassword',
				summary: 'Donner un mot de passe provisoire',
				description: `Responsables et administrateur·ices. ${RULE} La personne le change à sa prochaine connexion ; ses sessions finissent. Pour son propre compte, \`current\` (le mot de passe actuel) est demandé.`,
				tags: ['people'],
				'x-roles': MANAGE_ORGANISATION,
				parameters: [idParam],
				requestBody: jsonBody({ type: 'object', required: ['password'], properties: { password: { type: 'string' }, current: { type: 'string' } } }),
				responses: {
					'200': jsonResponse('Fait.', {
						type: 'object',
						required: ['ok', 'temporary'],
						properties: { ok: { type: 'boolean' }, temporary: { type: 'boolean' } }
					}),
					...errors(400, 404, 413, 415)
				}
			}
		},
		'/people/{id}/pin': {
			post: {
				operationId: 'setPersonPin',
				summary: 'Donner un code PIN (débloque aussi)',
				description: `${RULE} Pour son propre compte, \`current\` (le code actuel) est demandé.`,
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				parameters: [idParam],
				requestBody: jsonBody({
					type: 'object',
					required: ['pin'],
					properties: { pin: { type: 'string', pattern: '^[0-9]{4,6}$' }, current: { type: 'string' } }
				}),
				responses: { '200': jsonResponse('Fait.', ok), ...errors(400, 404, 413, 415) }
			}
		},
		'/people/{id}/badge': {
			post: {
				operationId: 'issuePersonBadge',
				summary: 'Faire un badge (ou le remplacer)',
				description: `${RULE} Le code du badge est donné cette fois seulement (seule son empreinte est gardée). Si la personne a déjà un badge : 409 \`badge_exists\`, sauf \`replace: true\` (l’ancien ne marche plus, ses sessions finissent). Personne désactivée : 409.`,
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				parameters: [idParam],
				requestBody: jsonBody({ type: 'object', properties: { replace: { type: 'boolean' } } }, false),
				responses: {
					'201': jsonResponse('Le badge.', {
						type: 'object',
						required: ['code', 'qrSvg', 'firstName', 'lastName'],
						properties: { code: { type: 'string' }, qrSvg: { type: 'string' }, firstName: { type: 'string' }, lastName: { type: 'string' } }
					}),
					...errors(400, 404, 409, 413, 415)
				}
			},
			delete: {
				operationId: 'revokePersonBadge',
				summary: 'Retirer le badge',
				description: `${RULE} Le badge ne marche plus ; les sessions ouvertes avec lui finissent.`,
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				parameters: [idParam],
				responses: { '200': jsonResponse('Retiré.', ok), ...errors(404) }
			}
		},
		'/devices': {
			get: {
				operationId: 'listDevices',
				summary: 'Les tablettes enregistrées',
				description:
					'Enregistrer une tablette se fait sur la tablette elle-même (page Tablettes) : cela pose un cookie durable dans son navigateur, ce qu’un appel d’API ne peut pas faire.',
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				responses: {
					'200': jsonResponse('Les tablettes, actives d’abord.', {
						type: 'object',
						required: ['items'],
						properties: {
							items: {
								type: 'array',
								items: {
									type: 'object',
									required: ['id', 'name'],
									properties: {
										id: uuid,
										name: { type: 'string' },
										siteName: { type: ['string', 'null'] },
										enrolledBy: { type: 'string' },
										createdAt: dateTime,
										lastSeenAt: { type: ['string', 'null'], format: 'date-time' },
										revokedAt: { type: ['string', 'null'], format: 'date-time' }
									}
								}
							}
						}
					}),
					...errors()
				}
			}
		},
		'/devices/{id}/revoke': {
			post: {
				operationId: 'revokeDevice',
				summary: 'Retirer une tablette (perdue, volée)',
				description: 'Son cookie ne marche plus ; toutes les sessions ouvertes dessus finissent. Inscrit au journal (`device.revoke`). Déjà retirée : 404.',
				tags: ['people'],
				'x-roles': SUPERVISE_STAFF,
				parameters: [idParam],
				responses: { '200': jsonResponse('Retirée.', ok), ...errors(404) }
			}
		}
	},
	schemas: {
		Person: {
			type: 'object',
			required: ['id', 'username', 'firstName', 'lastName', 'active', 'roles', 'hasPassword', 'hasPin', 'pinLocked', 'hasBadge'],
			properties: {
				id: uuid,
				username: { type: 'string' },
				firstName: { type: 'string' },
				lastName: { type: 'string' },
				email: { type: ['string', 'null'] },
				active: { type: 'boolean' },
				roles: { type: 'array', items: ref('Role') },
				hasPassword: { type: 'boolean' },
				hasPin: { type: 'boolean' },
				pinLocked: { type: 'boolean' },
				hasBadge: { type: 'boolean' },
				createdAt: dateTime,
				deactivatedAt: { type: ['string', 'null'], format: 'date-time' }
			}
		}
	}
};
