import { MANAGE_ORGANISATION } from '$lib/permissions';
import { BACKUP_REASONS } from '../../backup/manifest';
import { dateTime, errors, jsonBody, jsonResponse, ref, type ApiFeature } from '../oas';

/** Backups of the installation's database (issue 11, item 1; docs/backups.md). */
export const backupsApi: ApiFeature = {
	tag: { name: 'backups', description: "Sauvegardes de la base de données de l'installation (toutes les organisations qu'elle héberge)." },
	paths: {
		'/backups': {
			get: {
				operationId: 'listBackups',
				summary: 'Les dernières sauvegardes, leur état et où elles sont gardées',
				description:
					"Les 50 plus récentes, la plus récente d'abord. `health.ok` est faux quand la dernière sauvegarde réussie a plus d'un jour, qu'il n'y en a aucune, ou que pg_dump manque (PostgreSQL).",
				tags: ['backups'],
				'x-roles': MANAGE_ORGANISATION,
				responses: {
					'200': jsonResponse('Les sauvegardes.', {
						type: 'object',
						required: ['items', 'directory', 'database', 'intervalHours', 'keepDaily', 'keepWeekly', 'restoreCommand', 'health'],
						properties: {
							items: { type: 'array', items: ref('Backup') },
							directory: { type: 'string', description: 'Le dossier des sauvegardes (BACKUP_DIR) sur le serveur.' },
							database: { type: 'string', enum: ['pglite', 'postgres'] },
							intervalHours: { type: 'number', description: 'Heures entre deux sauvegardes automatiques (0 : seulement aux fermetures de caisse).' },
							keepDaily: { type: 'integer' },
							keepWeekly: { type: 'integer' },
							restoreCommand: { type: 'string', description: 'La commande qui restaure la dernière sauvegarde réussie (application arrêtée).' },
							health: {
								type: 'object',
								required: ['ok', 'problem', 'lastGoodAt', 'lastFailure'],
								properties: {
									ok: { type: 'boolean' },
									problem: { type: 'string', enum: ['none', 'no_backup', 'too_old', 'no_pg_dump'] },
									lastGoodAt: { ...dateTime, type: ['string', 'null'] },
									lastFailure: { type: ['string', 'null'] }
								}
							}
						}
					}),
					...errors()
				}
			},
			post: {
				operationId: 'createBackup',
				summary: 'Sauvegarder maintenant',
				description:
					"Fait une sauvegarde, la vérifie (la relit et compte ses lignes) et répond quand elle est prête ; une sauvegarde déjà en cours passe d'abord. Corps : `{}`. Une sauvegarde qui échoue répond 503 avec la raison.",
				tags: ['backups'],
				'x-roles': MANAGE_ORGANISATION,
				requestBody: jsonBody({ type: 'object', additionalProperties: false, properties: {} }),
				responses: { '201': jsonResponse('La sauvegarde faite et vérifiée.', ref('Backup')), ...errors(400, 415) }
			}
		}
	},
	schemas: {
		Backup: {
			type: 'object',
			required: ['name', 'file', 'createdAt', 'reason', 'state', 'sizeBytes', 'error', 'durationMs'],
			properties: {
				name: { type: 'string', examples: ['sauvegarde-2026-12-01T18-00-00-000Z-ab12'] },
				file: { type: ['string', 'null'], description: 'Le fichier dans le dossier des sauvegardes (null pour un échec).' },
				createdAt: dateTime,
				reason: { type: 'string', enum: [...BACKUP_REASONS], description: 'closing : fermeture de caisse ; automatic : minuterie ; manual : demandée.' },
				state: { type: 'string', enum: ['ok', 'failed'], description: 'ok : écrite et vérifiée.' },
				sizeBytes: { type: ['integer', 'null'] },
				error: { type: ['string', 'null'], description: "La raison d'un échec, en français." },
				durationMs: { type: ['integer', 'null'] }
			}
		}
	}
};
