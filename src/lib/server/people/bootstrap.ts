import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import { hashSecret } from '../auth/password';
import { normaliseUsername } from '../auth/login';
import { ROLES, type Role } from '../auth/roles';
import { invalidateUserSessions } from '../auth/sessions';
import { generateToken } from '../auth/tokens';
import type { Database } from '../db';
import { memberships, organisations, users } from '../db/schema';
import { AppError, isUniqueViolation } from '../errors';
import { checkPassword, invalidPerson, newPersonSchema } from './people';

/** A URL-safe identifier from an organisation's name ("Épicerie Les Lilas" → "epicerie-les-lilas"). */
function slugify(name: string): string {
	return (
		name
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'organisation'
	);
}

/** A readable random password for a first sign-in (the person changes it in "Mon compte"). */
function randomPassword(): string {
	const t = generateToken(12);
	return `${t.slice(0, 5)}-${t.slice(5, 10)}-${t.slice(10, 15)}`;
}

export interface BootstrapInput {
	organisation: string;
	username: string;
	firstName: string;
	lastName?: string;
	roles: string[];
	password?: string;
}

/**
 * The way into a fresh install without demo data (npm run admin -- create-user): creates the
 * organisation if it does not exist yet, then a person with the given roles. Recorded in the audit
 * log as done from the command line (no acting user).
 */
export async function bootstrapUser(
	db: Database,
	input: BootstrapInput
): Promise<{ organisationId: string; userId: string; password: string; createdOrganisation: boolean }> {
	const orgName = input.organisation.trim();
	if (orgName.length < 2 || orgName.length > 120) throw new AppError('invalid_input', m.cli_organisation_invalid(), 400, 'organisation');
	const roles = input.roles.map((r) => r.trim()).filter(Boolean);
	const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
	if (roles.length === 0 || unknown.length > 0) throw new AppError('invalid_input', m.cli_roles_invalid({ roles: ROLES.join(', ') }), 400, 'roles');
	const password = input.password || randomPassword();
	const parsed = newPersonSchema.safeParse({ username: input.username, firstName: input.firstName, lastName: input.lastName ?? '', roles, password });
	if (!parsed.success) throw invalidPerson(parsed.error.issues);
	checkPassword(password);
	const passwordHash = await hashSecret(password);
	try {
		return await db.transaction(async (tx) => {
			let createdOrganisation = false;
			let [org] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, orgName));
			if (!org) {
				[org] = await tx
					.insert(organisations)
					.values({ name: orgName, slug: slugify(orgName) + '-' + generateToken(3) })
					.returning({ id: organisations.id });
				createdOrganisation = true;
				await audit(tx, { organisationId: org!.id }, 'organisation.create', { type: 'organisation', id: org!.id }, { name: orgName, via: 'cli' });
			}
			const [user] = await tx
				.insert(users)
				.values({ organisationId: org!.id, username: parsed.data.username, firstName: parsed.data.firstName, lastName: parsed.data.lastName, passwordHash })
				.returning({ id: users.id });
			await tx.insert(memberships).values((parsed.data.roles as Role[]).map((role) => ({ organisationId: org!.id, userId: user!.id, role })));
			await audit(
				tx,
				{ organisationId: org!.id },
				'user.create',
				{ type: 'user', id: user!.id },
				{ username: parsed.data.username, roles: parsed.data.roles, via: 'cli' }
			);
			return { organisationId: org!.id, userId: user!.id, password, createdOrganisation };
		});
	} catch (e) {
		if (isUniqueViolation(e, 'users_username_unique')) throw new AppError('username_taken', m.person_username_taken(), 409, 'username');
		throw e;
	}
}

/** Resets a person's password from the command line (a locked-out admin); their sessions end. */
export async function bootstrapResetPassword(db: Database, username: string, password?: string): Promise<string> {
	const next = password || randomPassword();
	checkPassword(next);
	const passwordHash = await hashSecret(next);
	await db.transaction(async (tx) => {
		const [user] = await tx
			.select({ id: users.id, organisationId: users.organisationId })
			.from(users)
			.where(eq(users.username, normaliseUsername(username)));
		if (!user) throw new AppError('not_found', m.person_not_found(), 404);
		await tx.update(users).set({ passwordHash, active: true, deactivatedAt: null, updatedAt: new Date() }).where(eq(users.id, user.id));
		await invalidateUserSessions(tx, user.id);
		await audit(tx, { organisationId: user.organisationId }, 'user.password_set', { type: 'user', id: user.id }, { via: 'cli' });
	});
	return next;
}
