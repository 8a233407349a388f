// BUSINESS_HOURS: parsing, "is it open now", and "when does it open next", in a zone without
// daylight saving (São Paulo) and in two with it (New York, Lisbon), where the opening hour must
// follow the wall clock across the change.
import { describe, expect, it } from 'vitest';
import { isWithinBusinessHours, nextBusinessStart, parseBusinessHours, type BusinessHours } from '../../src/lib/time/business-hours.js';

const hours = (text: string): BusinessHours => {
  const parsed = parseBusinessHours(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
const OFFICE = hours('08:00-18:00 mon-fri');

describe('parseBusinessHours', () => {
  it('reads opening and closing times and days, ranges, lists and Portuguese day names', () => {
    expect(OFFICE).toEqual({ kind: 'weekly', opensAt: 8 * 60, closesAt: 18 * 60, days: [1, 2, 3, 4, 5] });
    expect(hours('09:00-17:30 mon-sat')).toEqual({ kind: 'weekly', opensAt: 9 * 60, closesAt: 17 * 60 + 30, days: [1, 2, 3, 4, 5, 6] });
    expect(hours(' 9:00 - 17:30  Mon,Wed,FRI ')).toMatchObject({ opensAt: 9 * 60, days: [1, 3, 5] });
    expect(hours('08:00-12:00 seg-sáb')).toMatchObject({ days: [1, 2, 3, 4, 5, 6] });
    expect(hours('08:00-12:00 fri-mon')).toMatchObject({ days: [0, 1, 5, 6] }); // wraps over the weekend
    expect(hours('00:00-24:00 sat, sun')).toEqual({ kind: 'weekly', opensAt: 0, closesAt: 24 * 60, days: [0, 6] });
  });

  it('turns quiet hours off with always or 24h', () => {
    for (const text of ['always', 'ALWAYS', '24h', '24/7']) expect(parseBusinessHours(text)).toEqual({ kind: 'always' });
  });

  it('says what is wrong with a bad value', () => {
    expect(parseBusinessHours('08:00-18:00')).toMatch(/^business hours like "08:00-18:00 mon-fri"/);
    expect(parseBusinessHours('8-18 mon-fri')).toMatch(/^business hours like/);
    expect(parseBusinessHours('25:00-18:00 mon-fri')).toMatch(/times are 00:00 to 24:00/);
    expect(parseBusinessHours('08:00-18:60 mon-fri')).toMatch(/times are 00:00 to 24:00/);
    expect(parseBusinessHours('24:00-24:00 mon')).toMatch(/times are 00:00 to 24:00/);
    expect(parseBusinessHours('18:00-08:00 mon-fri')).toMatch(/opening time must come before the closing time/);
    expect(parseBusinessHours('08:00-18:00 monday-friday')).toMatch(/"monday-friday" is not a day or a range of days/);
    expect(parseBusinessHours('08:00-18:00 mon-')).toMatch(/"mon-" is not a day/);
    expect(parseBusinessHours('08:00-18:00 mon-wed-fri')).toMatch(/is not a day/);
    expect(parseBusinessHours('08:00-18:00 mon,,fri')).toMatch(/"" is not a day/);
  });
});

describe('isWithinBusinessHours and nextBusinessStart', () => {
  const SP = 'America/Sao_Paulo';
  /** wall-clock time in São Paulo (UTC-3 all year) */
  const sp = (iso: string) => new Date(`${iso}-03:00`);

  it('is open from the opening minute until just before closing, on business days only', () => {
    expect(isWithinBusinessHours(sp('2025-03-10T08:00:00'), OFFICE, SP)).toBe(true); // Monday
    expect(isWithinBusinessHours(sp('2025-03-10T07:59:59'), OFFICE, SP)).toBe(false);
    expect(isWithinBusinessHours(sp('2025-03-10T17:59:59'), OFFICE, SP)).toBe(true);
    expect(isWithinBusinessHours(sp('2025-03-10T18:00:00'), OFFICE, SP)).toBe(false);
    expect(isWithinBusinessHours(sp('2025-03-15T10:00:00'), OFFICE, SP)).toBe(false); // Saturday
    expect(isWithinBusinessHours(sp('2025-03-15T03:00:00'), { kind: 'always' }, SP)).toBe(true);
  });

  it('opens next the same morning, the next morning, or on Monday after a weekend', () => {
    const open = sp('2025-03-11T10:00:00');
    expect(nextBusinessStart(open, OFFICE, SP)).toEqual(open); // already open
    expect(nextBusinessStart(sp('2025-03-11T06:00:00'), OFFICE, SP)).toEqual(sp('2025-03-11T08:00:00'));
    expect(nextBusinessStart(sp('2025-03-11T18:00:00'), OFFICE, SP)).toEqual(sp('2025-03-12T08:00:00'));
    expect(nextBusinessStart(sp('2025-03-14T18:30:00'), OFFICE, SP)).toEqual(sp('2025-03-17T08:00:00'));
    expect(nextBusinessStart(sp('2025-03-16T23:59:00'), OFFICE, SP)).toEqual(sp('2025-03-17T08:00:00'));
    expect(nextBusinessStart(sp('2025-03-16T23:59:00'), hours('00:00-24:00 sat,sun'), SP)).toEqual(sp('2025-03-16T23:59:00'));
    expect(nextBusinessStart(sp('2025-03-17T00:00:00'), hours('00:00-24:00 sat,sun'), SP)).toEqual(sp('2025-03-22T00:00:00'));
  });

  it('takes a holiday predicate: a holiday is closed all day', () => {
    const carnival = (date: string) => date === '2025-03-03' || date === '2025-03-04';
    expect(isWithinBusinessHours(sp('2025-03-03T10:00:00'), OFFICE, SP, carnival)).toBe(false);
    expect(nextBusinessStart(sp('2025-02-28T19:00:00'), OFFICE, SP, carnival)).toEqual(sp('2025-03-05T08:00:00'));
    expect(nextBusinessStart(sp('2025-02-28T19:00:00'), OFFICE, SP, () => true)).toBeUndefined();
  });

  it('keeps the wall-clock opening hour across a daylight-saving change (New York)', () => {
    const NY = 'America/New_York'; // clocks go forward on Sunday 2025-03-09 and back on Sunday 2025-11-02
    // Friday 08:00 EST is 13:00 UTC; Monday 08:00 EDT is 12:00 UTC.
    expect(isWithinBusinessHours(new Date('2025-03-07T13:00:00Z'), OFFICE, NY)).toBe(true);
    expect(isWithinBusinessHours(new Date('2025-03-07T12:59:00Z'), OFFICE, NY)).toBe(false);
    expect(nextBusinessStart(new Date('2025-03-07T23:00:00Z'), OFFICE, NY)).toEqual(new Date('2025-03-10T12:00:00Z'));
    expect(isWithinBusinessHours(new Date('2025-03-10T11:59:00Z'), OFFICE, NY)).toBe(false);
    expect(isWithinBusinessHours(new Date('2025-03-10T12:00:00Z'), OFFICE, NY)).toBe(true);
    // and back: Friday 18:00 EDT (22:00 UTC) → Monday 08:00 EST (13:00 UTC)
    expect(nextBusinessStart(new Date('2025-10-31T22:00:00Z'), OFFICE, NY)).toEqual(new Date('2025-11-03T13:00:00Z'));
  });

  it('keeps the wall-clock opening hour across a daylight-saving change (Lisbon)', () => {
    const LISBON = 'Europe/Lisbon'; // WEST (UTC+1) until Sunday 2025-10-26, then WET (UTC+0)
    expect(nextBusinessStart(new Date('2025-10-24T17:00:00Z'), OFFICE, LISBON)).toEqual(new Date('2025-10-27T08:00:00Z'));
    expect(isWithinBusinessHours(new Date('2025-10-24T07:00:00Z'), OFFICE, LISBON)).toBe(true); // 08:00 WEST
    expect(isWithinBusinessHours(new Date('2025-10-27T07:30:00Z'), OFFICE, LISBON)).toBe(false); // 07:30 WET
    // a closing time of 24:00 ends at the next midnight, whatever the offset
    const weekend = hours('00:00-24:00 sat,sun');
    expect(isWithinBusinessHours(new Date('2025-10-26T23:59:00Z'), weekend, LISBON)).toBe(true); // Sunday 23:59 WET
    expect(isWithinBusinessHours(new Date('2025-10-27T00:00:00Z'), weekend, LISBON)).toBe(false);
    expect(isWithinBusinessHours(new Date('2025-10-24T23:00:00Z'), weekend, LISBON)).toBe(true); // Saturday 00:00 WEST
  });
});
