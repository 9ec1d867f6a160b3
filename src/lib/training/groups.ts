/**
 * Skills grouped by framework then block, keeping the order they come in (the framework's order): the
 * review page, the booklet page and the booklet PDF show them the same way.
 */
export function groupByBlock<T>(
	items: readonly T[],
	of: (item: T) => { framework: string; block: string }
): { key: string; framework: string; block: string; items: T[] }[] {
	const groups: { key: string; framework: string; block: string; items: T[] }[] = [];
	const byKey = new Map<string, (typeof groups)[number]>();
	for (const item of items) {
		const { framework, block } = of(item);
		const key = `${framework}\u0000${block}`;
		let g = byKey.get(key);
		if (!g) {
			g = { key, framework, block, items: [] };
			byKey.set(key, g);
			groups.push(g);
		}
		g.items.push(item);
	}
	return groups;
}

/** A block's title with its framework's name, unless the block already begins with it ("CléA — …"). */
export const blockTitle = (frameworkLabel: string, block: string): string => (block.startsWith(frameworkLabel) ? block : `${frameworkLabel} — ${block}`);
