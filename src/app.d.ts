import type { Actor } from '$lib/server/auth/actor';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			/** Who is acting on this request (signed-in person or API token), or null. */
			actor: Actor | null;
			/** The enrolled tablet this request comes from, or null. */
			device: { id: string; organisationId: string; name: string } | null;
			/** A session cookie came with the request but its session had ended (expired or signed out). */
			sessionExpired: boolean;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
