import { describe, expect, it } from 'vitest';
import { isValidTimeZone, todayIn } from './time-zone.ts';
import { InvalidTimeZoneError } from './errors.ts';

const at = (iso: string) => new Date(iso);
const justBefore = (iso: string) => new Date(new Date(iso).getTime() - 1);

describe('todayIn around DST changes', () => {
  it('America/New_York, spring forward on 2025-03-09 (EST → EDT)', () => {
    // Local midnight starting Mar 9 is 00:00 EST = 05:00Z.
    expect(todayIn(justBefore('2025-03-09T05:00:00Z'), 'America/New_York')).toBe('2025-03-08');
    expect(todayIn(at('2025-03-09T05:00:00Z'), 'America/New_York')).toBe('2025-03-09');
    // Around the skipped hour (02:00 EST → 03:00 EDT at 07:00Z) the date stays.
    expect(todayIn(at('2025-03-09T07:30:00Z'), 'America/New_York')).toBe('2025-03-09');
    // Local midnight starting Mar 10 is 00:00 EDT = 04:00Z: the offset has changed.
    expect(todayIn(justBefore('2025-03-10T04:00:00Z'), 'America/New_York')).toBe('2025-03-09');
    expect(todayIn(at('2025-03-10T04:00:00Z'), 'America/New_York')).toBe('2025-03-10');
    expect(todayIn(at('2025-03-10T04:30:00Z'), 'UTC')).toBe('2025-03-10');
  });

  it('America/New_York, fall back on 2025-11-02 (EDT → EST)', () => {
    // Local midnight starting Nov 2 is 00:00 EDT = 04:00Z.
    expect(todayIn(justBefore('2025-11-02T04:00:00Z'), 'America/New_York')).toBe('2025-11-01');
    expect(todayIn(at('2025-11-02T04:00:00Z'), 'America/New_York')).toBe('2025-11-02');
    // The repeated 01:00 hour (05:00Z and 06:00Z) is still Nov 2.
    expect(todayIn(at('2025-11-02T05:30:00Z'), 'America/New_York')).toBe('2025-11-02');
    expect(todayIn(at('2025-11-02T06:30:00Z'), 'America/New_York')).toBe('2025-11-02');
    // Local midnight starting Nov 3 is 00:00 EST = 05:00Z.
    expect(todayIn(justBefore('2025-11-03T05:00:00Z'), 'America/New_York')).toBe('2025-11-02');
    expect(todayIn(at('2025-11-03T05:00:00Z'), 'America/New_York')).toBe('2025-11-03');
    // At 04:30Z it is already Nov 3 in UTC but still Nov 2 in New York.
    expect(todayIn(at('2025-11-03T04:30:00Z'), 'UTC')).toBe('2025-11-03');
    expect(todayIn(at('2025-11-03T04:30:00Z'), 'America/New_York')).toBe('2025-11-02');
  });

  it('Europe/Berlin, spring forward on 2025-03-30 (CET → CEST)', () => {
    // Local midnight starting Mar 30 is 00:00 CET = Mar 29 23:00Z.
    expect(todayIn(justBefore('2025-03-29T23:00:00Z'), 'Europe/Berlin')).toBe('2025-03-29');
    expect(todayIn(at('2025-03-29T23:00:00Z'), 'Europe/Berlin')).toBe('2025-03-30');
    // Local midnight starting Mar 31 is 00:00 CEST = Mar 30 22:00Z.
    expect(todayIn(justBefore('2025-03-30T22:00:00Z'), 'Europe/Berlin')).toBe('2025-03-30');
    expect(todayIn(at('2025-03-30T22:00:00Z'), 'Europe/Berlin')).toBe('2025-03-31');
  });
});

describe('time zone validation', () => {
  it('accepts IANA names, UTC and offsets', () => {
    for (const tz of ['America/New_York', 'Europe/Berlin', 'UTC', 'Etc/UTC', '+05:30']) expect(isValidTimeZone(tz)).toBe(true);
  });

  it('refuses unknown names and non-strings', () => {
    for (const tz of ['', ' ', 'Mars/Olympus', 'New York', null, 42]) expect(isValidTimeZone(tz)).toBe(false);
  });

  it('todayIn throws InvalidTimeZoneError for a bad zone and RangeError for a bad Date', () => {
    expect(() => todayIn(at('2025-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(InvalidTimeZoneError);
    expect(() => todayIn(at('2025-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow('Time zone "Mars/Olympus" is not a valid IANA time zone');
    expect(() => todayIn(new Date('nope'), 'UTC')).toThrow(RangeError);
  });
});
