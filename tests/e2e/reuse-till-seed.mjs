// Items for tests/e2e/reuse-till.spec.ts (issue 15): the items' own screens are another part of the
// issue, so the spec's install gets two items by SQL, written into its stopped server's data folder.
// Usage: node tests/e2e/reuse-till-seed.mjs <DATA_DIR>
import { PGlite } from '@electric-sql/pglite';
import path from 'node:path';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: reuse-till-seed.mjs <DATA_DIR>');
const db = await PGlite.create(path.join(dataDir, 'pglite'));
try {
	await db.exec(`
		with who as (select u.organisation_id as org, u.id as uid from users u where u.username = 'karim'),
		     site as (select s.id from sites s, who where s.organisation_id = who.org order by s.name limit 1),
		     cat as (select c.id from reuse_categories c, who where c.organisation_id = who.org and c.flux = 'deco' order by c.position limit 1)
		insert into reuse_items (organisation_id, code, site_id, category_id, description, quantity, on_hand, price_cents, unit_weight_grams, weight_source, created_by)
		select who.org, x.code, (select id from site), (select id from cat), x.description, 1, 1, x.price, x.weight, 'weighed', who.uid
		  from who, (values ('O-900001', 'Lampe de chevet bleue', 1200, 2500), ('O-900002', 'Vase en verre', 400, 900)) as x(code, description, price, weight);
		insert into reuse_item_movements (organisation_id, item_id, kind, quantity, user_id)
		select i.organisation_id, i.id, 'creation', 1, i.created_by from reuse_items i where i.code in ('O-900001', 'O-900002');
	`);
	const r = await db.query(`select count(*)::int as n from reuse_items where code in ('O-900001', 'O-900002')`);
	if (r.rows[0].n !== 2) throw new Error('items not made');
} finally {
	await db.close();
}
