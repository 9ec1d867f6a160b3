import { and, eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import type { Tx } from '../db';
import { memberships, organisations, users } from '../db/schema';

/** The demo's writes through the services are made as a demo person: their name and roles as the database has them. */
export async function demoActorOf(tx: Tx, organisationId: string, userId: string): Promise<Actor> {
	const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId));
	const [user] = await tx.select({ username: users.username, firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, userId));
	const roles = await tx
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
	return {
		kind: 'user',
		userId,
		organisationId,
		organisationName: org!.name,
		username: user!.username,
		firstName: user!.firstName,
		lastName: user!.lastName,
		roles: roles.map((r) => r.role),
		deviceId: null,
		sessionId: null,
		apiTokenId: null,
		method: 'password'
	};
}
