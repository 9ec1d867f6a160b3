import { formatDateTime } from '$lib/format';
import { actorZone } from '../timeZone';
import { desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { devices, tillSessions, users, type ZTotals } from '../db/schema';
import { type CsvCell, csvMoney, formatCsv } from '../http/csv';
import { computeTotals, listSessions } from './sessions';
import { READ_Z_REPORTS } from '$lib/permissions';

/**
 * The managers' list of till sessions and its spreadsheet export. A closed session shows its Z report
 * as kept at closing; an open one ("en cours") its figures so far, computed now.
 */

export interface ZRow {
	id: string;
	status: 'open' | 'closed';
	zNumber: number | null;
	deviceName: string | null;
	openedAt: Date;
	closedAt: Date | null;
	openedBy: string;
	totals: ZTotals;
}

/** One page of till sessions, newest first, each with its figures. */
export async function zList(db: Database, actor: Actor, opts: { page?: number } = {}) {
	const list = await listSessions(db, actor, opts);
	const rows: ZRow[] = [];
	for (const r of list.rows) {
		rows.push({
			id: r.id,
			status: r.status,
			zNumber: r.zNumber,
			deviceName: r.deviceName,
			openedAt: r.openedAt,
			closedAt: r.closedAt,
			openedBy: r.openedByFirst,
			totals: r.zReport ?? (await computeTotals(db, actor.organisationId, r))
		});
	}
	return { total: list.total, page: list.page, pages: list.pages, rows };
}

export const Z_CSV_HEADER = [
	'numero_z',
	'etat',
	'tablette',
	'ouverture',
	'ouverte_par',
	'fermeture',
	'fermee_par',
	'ventes',
	'retours',
	'valeur_reference',
	'montant_paye',
	'economise',
	'valeur_fse',
	'rembourse',
	'encaisse_especes',
	'encaisse_carte',
	'encaisse_cheque',
	'fond_de_caisse',
	'entrees_especes',
	'sorties_especes',
	'especes_attendues',
	'especes_comptees',
	'ecart_especes',
	'carte_attendue',
	'carte_comptee',
	'ecart_carte',
	'cheque_attendu',
	'cheque_compte',
	'ecart_cheque'
];

/** Signed cents as a French decimal number cell: "-1,50". */
const money = csvMoney;

/**
 * Every till session of the organisation, newest first, as a French spreadsheet file (`;`, decimal
 * comma, UTF-8 with BOM). Counted amounts and differences are empty for a session still open.
 */
export async function exportZCsv(db: Database, actor: Actor): Promise<string> {
	requireRole(actor, READ_Z_REPORTS);
	const closer = alias(users, 'closer');
	const rows = await db
		.select({ s: tillSessions, deviceName: devices.name, openedBy: users.firstName, closedBy: closer.firstName })
		.from(tillSessions)
		.leftJoin(devices, eq(devices.id, tillSessions.deviceId))
		.innerJoin(users, eq(users.id, tillSessions.openedBy))
		.leftJoin(closer, eq(closer.id, tillSessions.closedBy))
		.where(eq(tillSessions.organisationId, actor.organisationId))
		.orderBy(desc(tillSessions.openedAt));
	const zone = actorZone(actor);
	const when = (d: Date | null) => formatDateTime(d, zone, 'fr', '');
	const out: CsvCell[][] = [Z_CSV_HEADER];
	for (const { s, deviceName, openedBy, closedBy } of rows) {
		const t = s.zReport ?? (await computeTotals(db, actor.organisationId, s));
		const closed = s.status === 'closed';
		const counted = (k: 'cash' | 'card' | 'cheque') => (closed ? money(t.counted[k]) : '');
		const diff = (k: 'cash' | 'card' | 'cheque') => (closed ? money(t.difference[k]) : '');
		out.push([
			s.zNumber,
			closed ? 'fermée' : 'en cours',
			deviceName ?? 'API',
			when(s.openedAt),
			openedBy,
			when(s.closedAt),
			closedBy ?? '',
			t.sales,
			t.returns,
			money(t.referenceCents),
			money(t.paidCents),
			money(t.savedCents),
			money(t.fseCents),
			money(t.refundedCents),
			money(t.byMethod.cash),
			money(t.byMethod.card),
			money(t.byMethod.cheque),
			money(t.floatCents),
			money(t.cashInCents),
			money(t.cashOutCents),
			money(t.expected.cash),
			counted('cash'),
			diff('cash'),
			money(t.expected.card),
			counted('card'),
			diff('card'),
			money(t.expected.cheque),
			counted('cheque'),
			diff('cheque')
		]);
	}
	return formatCsv(out);
}
