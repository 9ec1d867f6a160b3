// docs/training.md's table of work events (issue 13, closing note) is the code's: each event type, its
// French label, its area and the seeded skills it feeds (EVENT_SKILLS). Regenerate it with
// `WRITE_DOCS=1 npx vitest run src/lib/training/events-doc.test.ts && npx prettier --write docs/training.md`
// when the code changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORK_EVENT_AREA, WORK_EVENT_TYPES, workEventLabel } from './events';
import { EVENT_SKILLS, SEED_SKILLS } from './framework';

const DOC = 'docs/training.md';
const START = '<!-- events-table -->';
const END = '<!-- /events-table -->';

function eventsTable(): string {
	const name = (code: string) => SEED_SKILLS.find((s) => s.code === code)!.name;
	const rows = WORK_EVENT_TYPES.map(
		(t) => `| \`${t}\` | ${workEventLabel(t)} | ${WORK_EVENT_AREA[t]} | ${EVENT_SKILLS[t].map((c) => `${c} ${name(c)}`).join(' ; ')} |`
	);
	return [
		START,
		'',
		'### Work events and the skills they feed',
		'',
		'Generated from the code (`WORK_EVENT_TYPES`, `WORK_EVENT_LABELS`, `WORK_EVENT_AREA`, `EVENT_SKILLS`); `src/lib/training/events-doc.test.ts` checks it.',
		'',
		'| event | label (fr) | area | skills of the seeded framework |',
		'|---|---|---|---|',
		...rows,
		'',
		END
	].join('\n');
}

/** Prettier aligns the table's columns: compare cells, not spaces. */
const cells = (md: string) =>
	md
		.split('\n')
		.map((l) =>
			l
				.trim()
				.replace(/\s*\|\s*/g, '|')
				.replace(/:?-{3,}:?/g, '---')
		)
		.join('\n');

describe('docs/training.md', () => {
	it('lists every work event with its label and the skills it feeds, as the code says', () => {
		const doc = readFileSync(DOC, 'utf8');
		const at = doc.indexOf(START);
		const end = doc.indexOf(END);
		expect(at, `${START} in ${DOC}`).toBeGreaterThanOrEqual(0);
		const current = end > at ? doc.slice(at, end + END.length) : START;
		if (process.env.WRITE_DOCS) writeFileSync(DOC, doc.replace(current, eventsTable()));
		else expect(cells(current)).toBe(cells(eventsTable()));
	});
});
