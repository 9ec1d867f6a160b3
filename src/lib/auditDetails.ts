/**
 * One short line from an audit row's details, for the journal: changes as "name: A → B", other
 * values as "key: value", joined by " · " and cut at `max` characters.
 * Changes are written either as `{ before: {…}, after: {…} }`, or (with `pairs`, as user.update
 * does) as `{ field: [before, after] }`.
 */
export function compactDetails(details: Record<string, unknown> | null | undefined, opts: { pairs?: boolean; max?: number } = {}): string {
	const max = opts.max ?? 160;
	if (!details || typeof details !== 'object') return '';
	const parts: string[] = [];
	const { before, after, ...rest } = details as { before?: unknown; after?: unknown } & Record<string, unknown>;
	if (isRecord(before) && isRecord(after)) {
		for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
			const a = show(before[key]);
			const b = show(after[key]);
			if (a !== b) parts.push(`${key}: ${a} → ${b}`);
		}
	} else {
		if (before !== undefined) rest.before = before;
		if (after !== undefined) rest.after = after;
	}
	for (const [key, value] of Object.entries(rest)) {
		if (opts.pairs && Array.isArray(value) && value.length === 2) parts.push(`${key}: ${show(value[0])} → ${show(value[1])}`);
		else parts.push(`${key}: ${show(value)}`);
	}
	const line = parts.join(' · ');
	return line.length > max ? line.slice(0, max - 1).trimEnd() + '…' : line;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function show(v: unknown): string {
	if (v === null || v === undefined || v === '') return '—';
	if (typeof v === 'boolean') return v ? '✓' : '✗';
	if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(show).join(', ');
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}
