import { describe, expect, it } from 'vitest';
import { KEPT_SCANS, PreparationLog } from './preparation.svelte';

describe('the picking screen’s last scans', () => {
	it('keeps each parcel’s newest scans first, at most KEPT_SCANS, and forgets a parcel', () => {
		const log = new PreparationLog();
		for (let i = 1; i <= KEPT_SCANS + 2; i++) log.add('a', i % 2 === 0, `scan ${i}`);
		log.add('b', true, 'autre colis');
		expect(log.recent('a').map((e) => e.text)).toEqual(Array.from({ length: KEPT_SCANS }, (_, i) => `scan ${KEPT_SCANS + 2 - i}`));
		expect(log.recent('a')[0]!.ok).toBe(false);
		expect(log.recent('b')).toHaveLength(1);
		log.forget('a');
		expect(log.recent('a')).toEqual([]);
		expect(log.recent('b')).toHaveLength(1);
	});
});
