import type { Executor } from '../db';
import { workEvents } from '../db/schema';
import type { WorkEventType } from '$lib/training/events';

/** Who did the work: a person of the organisation (never an API token: a script learns nothing). */
export interface WorkWho {
	organisationId: string;
	userId: string;
	deviceId?: string | null;
}

export interface WorkEvent {
	type: WorkEventType;
	entity?: { type: string; id: string } | null;
	/** How much work the row stands for (labels printed…); 1 by default. */
	quantity?: number;
	/** A quality fact (cents of a till difference, units of a count difference). */
	signal?: number | null;
	details?: Record<string, unknown> | null;
}

/**
 * Writes one work event with the executor (the transaction) of the action it records. Sent at once, so that
 * it keeps its place among pipelined statements. Most callers go through `audit()`, which calls this for
 * audited actions that are work events; `stock.corrected` is written directly.
 */
export function recordWork(ex: Executor, who: WorkWho, event: WorkEvent): Promise<void> {
	return ex
		.insert(workEvents)
		.values({
			organisationId: who.organisationId,
			userId: who.userId,
			deviceId: who.deviceId ?? null,
			type: event.type,
			entityType: event.entity?.type ?? null,
			entityId: event.entity?.id ?? null,
			quantity: event.quantity ?? 1,
			signal: event.signal ?? null,
			details: event.details ?? null
		})
		.execute()
		.then(() => undefined);
}
