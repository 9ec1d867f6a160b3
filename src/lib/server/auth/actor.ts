import type { Role } from './roles';

/** Who is acting on a request: a signed-in person (password, PIN or badge) or an API token. */
export interface Actor {
	kind: 'user' | 'api';
	/** The person; for an API token, the manager who created it (writes are attributed to them). */
	userId: string;
	organisationId: string;
	organisationName: string;
	/** The organisation's time zone (setting `timeZone`, checked; Europe/Paris by default). Absent: the default. */
	timeZone?: string;
	username: string;
	firstName: string;
	lastName: string;
	roles: Role[];
	/** The enrolled tablet the person signed in on (PIN or badge), if any. */
	deviceId: string | null;
	sessionId: string | null;
	apiTokenId: string | null;
	method: 'password' | 'pin' | 'badge' | 'api_token';
	/**
	 * Signed in with a temporary password (set by someone else): every page leads to the account page
	 * and the API refuses the session's calls until the password is changed. Absent for API tokens.
	 */
	mustChangePassword?: boolean;
}
