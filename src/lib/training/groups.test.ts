import { describe, expect, it } from 'vitest';
import { blockTitle, groupByBlock } from './groups';

describe('skills grouped by framework and block', () => {
	it('keeps the order the skills come in, one group per framework and block', () => {
		const skills = [
			{ framework: 'cap_epc', block: 'Bloc 1', n: 1 },
			{ framework: 'cap_epc', block: 'Bloc 2', n: 2 },
			{ framework: 'cap_epc', block: 'Bloc 1', n: 3 },
			{ framework: 'own', block: 'Bloc 1', n: 4 }
		];
		const groups = groupByBlock(skills, (s) => s);
		expect(groups.map((g) => [g.framework, g.block, g.items.map((s) => s.n)])).toEqual([
			['cap_epc', 'Bloc 1', [1, 3]],
			['cap_epc', 'Bloc 2', [2]],
			['own', 'Bloc 1', [4]]
		]);
	});

	it("names the framework once, even when the block's name already begins with it", () => {
		expect(blockTitle('CAP EPC', 'Bloc 1 — Recevoir')).toBe('CAP EPC — Bloc 1 — Recevoir');
		expect(blockTitle('CléA', 'CléA — Socle')).toBe('CléA — Socle');
	});
});
