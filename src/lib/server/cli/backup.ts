// `npm run admin -- backup | restore FILE | list-backups` (issue 11, item 1). See docs/backups.md.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { backupNow, describeBackup, listBackups, planRestore, restoreBackup } from '../backup';
import { config } from '../config';
import { startDatabase, stopDatabase } from '../db/app';

export const BACKUP_HELP = `  backup           Fait une sauvegarde de la base maintenant, la vérifie et la range dans BACKUP_DIR
                   (défaut : le dossier backups à côté de DATA_DIR). L'application en fait déjà une
                   à chaque fermeture de caisse et toutes les BACKUP_INTERVAL_HOURS heures (défaut 6).
  list-backups     Liste les sauvegardes de BACKUP_DIR, la plus récente d'abord.
  restore FICHIER  Remplace la base par une sauvegarde (après vérification de sa somme de contrôle).
                   L'application doit être arrêtée. La base intégrée actuelle est gardée de côté
                   (dossier pglite.avant-restauration-<date>), pas effacée.
                   --yes                                   (ne demande pas de taper OUI : pour les scripts)`;

export const BACKUP_COMMANDS = ['backup', 'restore', 'list-backups'];

/** Runs one of BACKUP_COMMANDS; returns the exit code. */
export async function backupCommand(command: string, args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		options: { yes: { type: 'boolean', default: false } },
		allowPositionals: command === 'restore',
		strict: true
	});
	if (command === 'list-backups') {
		const all = listBackups(config.backupDir);
		console.log(`Sauvegardes dans ${config.backupDir} :`);
		if (all.length === 0) console.log('Aucune sauvegarde.');
		for (const b of all) console.log(`${b.state === 'ok' ? 'OK    ' : 'ÉCHEC '} ${describeBackup(b)}  ${b.file ?? ''}${b.error ? ` — ${b.error}` : ''}`);
		return 0;
	}
	if (command === 'backup') {
		process.env.SEED_DEMO = 'false';
		let handle;
		try {
			handle = await startDatabase();
		} catch (e) {
			console.error(`Erreur : ${e instanceof Error ? e.message : String(e)}`);
			if (!config.databaseUrl)
				console.error(
					"Si l'application tourne, elle sauvegarde elle-même : bouton « Sauvegarder maintenant » de la page Sauvegardes (/sauvegardes), ou POST /api/v1/backups."
				);
			return 1;
		}
		try {
			const m = await backupNow('manual', { handle });
			if (m.state !== 'ok') {
				console.error(`Sauvegarde échouée : ${m.error}`);
				return 1;
			}
			console.log(`Sauvegarde faite et vérifiée : ${config.backupDir}/${m.file} (${describeBackup(m)}, ${m.durationMs} ms)`);
			return 0;
		} finally {
			await stopDatabase();
		}
	}
	// restore
	const file = positionals[0];
	if (!file || positionals.length > 1) {
		console.error('restore : donnez le fichier de sauvegarde, par exemple : npm run admin -- restore backups/sauvegarde-….tar.gz');
		return 2;
	}
	const plan = await planRestore(file);
	for (const line of plan.lines) console.log(line);
	if (!values.yes) {
		if (!process.stdin.isTTY) {
			console.error('Pas de terminal pour confirmer : relancez avec --yes pour restaurer sans question.');
			return 2;
		}
		const rl = createInterface({ input: process.stdin, output: process.stdout });
		const answer = await rl.question('Tapez OUI pour remplacer la base par cette sauvegarde : ');
		rl.close();
		if (answer.trim() !== 'OUI') {
			console.log('Restauration annulée : rien n’a changé.');
			return 1;
		}
	}
	for (const line of await restoreBackup(plan)) console.log(line);
	return 0;
}
