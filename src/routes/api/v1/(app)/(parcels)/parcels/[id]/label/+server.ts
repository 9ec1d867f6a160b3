import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { parcelLabel } from '$lib/server/parcels/prepare';
import type { RequestHandler } from './$types';

/** GET /parcels/{id}/label — the label's data: code and QR, reference and first name only, day, FROID, persons. */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await parcelLabel(getDb(), locals.actor!, params.id)));
