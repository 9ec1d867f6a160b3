/**
 * Pipelining: on PostgreSQL, queries started without awaiting each other in a transaction are
 * sent together on its connection and run one after the other, in the order they were started, in
 * one round trip (PGlite runs them in the same order). Start each with `.execute()` in the order
 * they must run; await them together with `settled` so that every one is awaited, then read them
 * in that order with `valueOf`: after a failed statement, the next ones only report that the
 * transaction is aborted.
 */

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise's outcome, never a rejection. */
export const settled = <T>(p: Promise<T>): Promise<Settled<T>> =>
	p.then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error })
	);

/** The value, or the error thrown. */
export function valueOf<T>(s: Settled<T>): T {
	if (!s.ok) throw s.error;
	return s.value;
}
