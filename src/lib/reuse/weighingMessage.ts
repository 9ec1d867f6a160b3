import { m } from '$lib/paraglide/messages';
import { kgText, MAX_COUNT, type WeighingProblem } from './weighing';

/** The French (or English) sentence of a weighing refused by `./weighing.ts`: the service's error and the tablet's preview say the same. */
export function weighingMessage(problem: WeighingProblem): string {
	switch (problem.code) {
		case 'over_scale':
			return m.ri_over_scale({ max: kgText(problem.maxGrams) });
		case 'not_above_tare':
			return problem.tareGrams > 0 ? m.ri_not_above_tare({ tare: kgText(problem.tareGrams) }) : m.ri_weight_zero();
		case 'count_invalid':
			return m.ri_count_invalid({ max: MAX_COUNT });
		case 'average_invalid':
			return m.ri_average_missing();
	}
}
