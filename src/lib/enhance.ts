import type { SubmitFunction } from '@sveltejs/kit';

/**
 * For `use:enhance` on a form that keeps what was typed after the answer (a refusal shows beside the
 * fields) and whose button is disabled while it is sent (no double submit on a slow tablet).
 */
export function keepValuesWhileBusy(setBusy: (busy: boolean) => void): SubmitFunction {
	return () => {
		setBusy(true);
		return async ({ update }) => {
			await update({ reset: false });
			setBusy(false);
		};
	};
}

/**
 * For `use:enhance` on a form answered the usual way (cleared after a success), whose button is disabled
 * while it is sent: a double tap on a slow tablet records one weighing, one item — not two.
 */
export function whileBusy(setBusy: (busy: boolean) => void): SubmitFunction {
	return () => {
		setBusy(true);
		return async ({ update }) => {
			await update();
			setBusy(false);
		};
	};
}
