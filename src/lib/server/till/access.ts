/** Where a till runs: an enrolled tablet, or an API token (scripts, partner software). */
export type TillPoint = { deviceId: string; apiTokenId?: null } | { deviceId?: null; apiTokenId: string };
