/**
 * The picking screen's memory of the last scans, per parcel (issue 14, item 4): what each scan gave
 * (the product put in, or the French refusal), newest first, kept while the tablet moves between parcels
 * so that coming back to a parcel shows what was just done. Browser state only: written from the scan
 * form's result in the browser, never on the server (a module's state there would be shared by every
 * request); the server renders an empty list and the page works without it (no JavaScript: the form's
 * own message says the same).
 */

export interface ScanEntry {
	ok: boolean;
	text: string;
	/** Increasing number, for the list's keys. */
	n: number;
}

/** How many scans each parcel remembers. */
export const KEPT_SCANS = 5;

export class PreparationLog {
	#byParcel: Record<string, ScanEntry[]> = $state({});
	#n = 0;

	/** Remembers a scan's outcome (the newest first, at most KEPT_SCANS). */
	add(parcelId: string, ok: boolean, text: string): void {
		const entry: ScanEntry = { ok, text, n: ++this.#n };
		this.#byParcel[parcelId] = [entry, ...(this.#byParcel[parcelId] ?? [])].slice(0, KEPT_SCANS);
	}

	/** The parcel's last scans, newest first. */
	recent(parcelId: string): ScanEntry[] {
		return this.#byParcel[parcelId] ?? [];
	}

	/** Forgets a parcel (once it is ready). */
	forget(parcelId: string): void {
		delete this.#byParcel[parcelId];
	}
}

/** The one log of the tablet's browser tab. */
export const preparationLog = new PreparationLog();
