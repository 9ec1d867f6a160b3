import { describe, expect, test } from 'vitest';
import { fileStamp } from './manifest';

describe('fileStamp: backup and set-aside names carry the time the backups page shows (Europe/Paris)', () => {
	test('winter (UTC+1) and summer (UTC+2), seconds kept', () => {
		expect(fileStamp(new Date('2026-12-01T18:40:32.491Z'))).toBe('2026-12-01-19h40m32');
		expect(fileStamp(new Date('2026-07-01T18:40:05Z'))).toBe('2026-07-01-20h40m05');
	});
	test('the day is the Paris day, not the UTC one', () => {
		expect(fileStamp(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01-00h30m00');
	});
});
