// `npm run admin -- <command> [options]`: administration from the server's command line.
// Built into build/cli/admin.js by `npm run build` (see vite.cli.config.ts).
import { parseArgs } from 'node:util';
import { config } from '../config';
import { describeDatabase, startDatabase, stopDatabase } from '../db/app';
import { isAppError } from '../errors';
import { bootstrapResetPassword, bootstrapUser } from '../people/bootstrap';
import { organisations } from '../db/schema';
import { runScheduledRetention } from '../households/privacy';
import { BACKUP_COMMANDS, BACKUP_HELP, backupCommand } from './backup';
import { hidePassword, moveToPostgres } from '../db/move';
import { formatDoctor, runDoctor } from '../ops/doctor';

const HELP = `Utilisation : npm run admin -- <commande> [options]

Commandes :
  create-user      Crée une personne (et son organisation si elle n'existe pas encore).
                   --organisation "Nom de l'association"  (obligatoire)
                   --username identifiant                  (obligatoire)
                   --first-name Prénom                     (obligatoire)
                   --last-name Nom
                   --role admin[,manager,…]                (défaut : admin)
                   --password motdepasse                   (sinon un mot de passe est tiré au hasard et affiché)
  reset-password   Donne un nouveau mot de passe à une personne (et réactive son compte).
                   --username identifiant [--password motdepasse]
  list-organisations  Liste les organisations.
  move-to-postgres URL  Copie toute la base embarquée (DATA_DIR) dans une base PostgreSQL vide
                   (postgres://utilisateur:motdepasse@serveur:5432/base), vérifie les nombres de lignes
                   et le stock, puis dit quoi régler (DATABASE_URL). L'application doit être arrêtée.
  retention        Anonymise les dossiers des foyers dont la durée de conservation est passée,
                   pour chaque organisation (à lancer chaque nuit par cron, voir README).
                   --dry-run                               (affiche ce qui serait anonymisé, sans rien changer)
  doctor           Vérifie l'installation (base, migrations, dossier des données, HTTPS/ORIGIN, fuseaux,
                   comptes de démonstration…) et dit quoi corriger. Code de sortie 1 s'il y a une erreur.
                   Avec PGlite, peut tourner pendant que l'application tourne (il interroge alors /healthz).
${BACKUP_HELP}

Base de données : DATABASE_URL (PostgreSQL) ou, sinon, PGlite dans DATA_DIR (défaut ./data).
Avec PGlite, arrêtez l'application avant (une seule application à la fois peut ouvrir ce dossier).`;

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (!command || command === 'help' || command === '--help') {
		console.log(HELP);
		return command ? 0 : 1;
	}
	// Backups: their own options, and restore must not open the database it replaces (see ./backup.ts).
	if (BACKUP_COMMANDS.includes(command)) return backupCommand(command, rest);
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: command === 'move-to-postgres',
		options: {
			organisation: { type: 'string' },
			username: { type: 'string' },
			'first-name': { type: 'string' },
			'last-name': { type: 'string' },
			role: { type: 'string', default: 'admin' },
			password: { type: 'string' },
			'dry-run': { type: 'boolean', default: false }
		},
		strict: true
	});
	// doctor: opens the database itself (never migrates, never takes a running app's PGlite), see ops/doctor.ts.
	if (command === 'doctor') {
		const report = await runDoctor();
		console.log(formatDoctor(report));
		return report.exitCode;
	}

	process.env.SEED_DEMO = 'false';
	if (command === 'move-to-postgres') return moveCommand(positionals);
	const handle = await startDatabase();
	try {
		if (command === 'create-user') {
			if (!values.organisation || !values.username || !values['first-name']) {
				console.error('create-user : --organisation, --username et --first-name sont obligatoires.\n\n' + HELP);
				return 2;
			}
			const r = await bootstrapUser(handle.db, {
				organisation: values.organisation,
				username: values.username,
				firstName: values['first-name'],
				lastName: values['last-name'],
				roles: values.role!.split(','),
				password: values.password
			});
			if (r.createdOrganisation) console.log(`Organisation créée : ${values.organisation}`);
			console.log(`Personne créée : ${values.username.toLowerCase()} (${values.role})`);
			if (!values.password) console.log(`Mot de passe (à changer à la première connexion) : ${r.password}`);
			return 0;
		}
		if (command === 'reset-password') {
			if (!values.username) {
				console.error('reset-password : --username est obligatoire.');
				return 2;
			}
			const pwd = await bootstrapResetPassword(handle.db, values.username, values.password);
			console.log(`Nouveau mot de passe pour ${values.username} : ${values.password ? '(celui donné)' : pwd}`);
			return 0;
		}
		if (command === 'list-organisations') {
			const rows = await handle.db.select({ name: organisations.name, slug: organisations.slug }).from(organisations);
			if (rows.length === 0) console.log('Aucune organisation.');
			for (const r of rows) console.log(`${r.name} (${r.slug})`);
			return 0;
		}
		if (command === 'retention') {
			const dryRun = !!values['dry-run'];
			const rows = await runScheduledRetention(handle.db, { dryRun });
			let total = 0;
			// French plurals: 0 and 1 take the singular ("0 dossier anonymisé", "2 dossiers anonymisés").
			const files = (n: number) => `${n} ${n > 1 ? 'dossiers' : 'dossier'}`;
			const done = (n: number) => (dryRun ? 'à anonymiser' : n > 1 ? 'anonymisés' : 'anonymisé');
			for (const r of rows) {
				const n = r.references.length;
				total += n;
				console.log(
					`${r.organisation} (${r.slug}) : ${files(n)} ${done(n)} (conservation ${r.retentionMonths} mois)${n ? ' — ' + r.references.join(', ') : ''}`
				);
			}
			console.log(dryRun ? `Essai sans rien changer : ${files(total)} à anonymiser.` : `Conservation appliquée : ${files(total)} ${done(total)}.`);
			return 0;
		}
		console.error(`Commande inconnue : ${command}\n\n${HELP}`);
		return 2;
	} finally {
		await stopDatabase();
	}
}

/** `move-to-postgres URL`: the embedded database (DATA_DIR) into an empty PostgreSQL database. */
async function moveCommand(positionals: string[]): Promise<number> {
	const [url] = positionals;
	if (!url || positionals.length > 1) {
		console.error(
			'move-to-postgres : donnez une seule adresse, par exemple\n  npm run admin -- move-to-postgres postgres://epicerie:motdepasse@localhost:5432/epicerie'
		);
		return 2;
	}
	if (config.databaseUrl) {
		console.error("DATABASE_URL est déjà réglée : l'application utilise déjà PostgreSQL. Retirez-la pour copier la base embarquée (DATA_DIR).");
		return 2;
	}
	const source = await startDatabase();
	try {
		console.log(`Copie de la base embarquée vers ${hidePassword(url)}…`);
		const r = await moveToPostgres(source, url, config.migrationsDir, (line) => console.log(line));
		const rows = r.tables.reduce((n, t) => n + t.rows, 0);
		console.log(
			`\nCopie terminée en ${(r.ms / 1000).toFixed(1)} s : ${r.tables.length} tables, ${rows} lignes, ${r.sequences} compteurs.` +
				`\nVérifié : même nombre de lignes dans chaque table ; le stock est juste (${r.lots} lots, ${r.movements} mouvements).` +
				`\n\nPour utiliser PostgreSQL désormais :` +
				`\n  1. réglez DATABASE_URL=${hidePassword(url)} (avec le vrai mot de passe) dans l'environnement de l'application` +
				`\n     (fichier d'environnement du service, voir docs/deployment.md) ;` +
				`\n  2. redémarrez l'application ;` +
				`\n  3. gardez le dossier ${config.dataDir} quelques semaines comme copie : il n'est plus utilisé.`
		);
		return 0;
	} finally {
		await stopDatabase();
	}
}

try {
	console.log(`Base de données : ${describeDatabase()}${config.databaseUrl ? '' : ''}`);
	process.exitCode = await main(process.argv.slice(2));
} catch (e) {
	if (isAppError(e)) {
		console.error(`Erreur : ${e.message}`);
		process.exitCode = 1;
	} else if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
		console.error(`Erreur : ${e.message}\n\n${HELP}`);
		process.exitCode = 2;
	} else {
		console.error(e);
		process.exitCode = 1;
	}
}
