import { describe, expect, it } from 'vitest';
import { admissionDeadline, s2200Deadline } from '../../src/domain/watchers/admission-deadline.js';
import { holidayCalendar } from '../../src/lib/time/holidays.js';

const national = holidayCalendar();

describe('eSocial S-2200 deadline', () => {
  it('is the calendar day before the start date', () => {
    // Thursday 2026-12-03 start → Wednesday deadline, a business day.
    const d = admissionDeadline('2026-12-03', '2026-11-25', national);
    expect(d.deadline).toBe('2026-12-02');
    expect(d.sendBy).toBe('2026-12-02');
    expect(d.daysToStart).toBe(8);
    expect(d.severity).toBe('info');
  });

  it('moves "send by" to Friday when the deadline is a Sunday (Monday start)', () => {
    expect(national.lastBusinessDayOnOrBefore('2026-11-29')).toBe('2026-11-27'); // Sunday → Friday
    expect(national.lastBusinessDayOnOrBefore('2026-11-28')).toBe('2026-11-27'); // Saturday → Friday
    expect(national.lastBusinessDayOnOrBefore('2026-11-27')).toBe('2026-11-27');
    const monday = '2026-11-30';
    expect(admissionDeadline(monday, '2026-11-24', national).severity).toBe('info'); // Tue, D-6
    expect(admissionDeadline(monday, '2026-11-25', national).severity).toBe('warning'); // Wed: two days before Friday
    expect(admissionDeadline(monday, '2026-11-26', national).severity).toBe('warning'); // Thu
    expect(admissionDeadline(monday, '2026-11-27', national).severity).toBe('critical'); // Fri: the last business day
    expect(admissionDeadline(monday, '2026-11-29', national).severity).toBe('critical'); // Sun: the deadline itself
    expect(admissionDeadline(monday, '2026-11-30', national).severity).toBe('critical'); // the start day
    expect(admissionDeadline(monday, '2026-12-02', national).severity).toBe('critical'); // after the start
  });

  it('rises at D-3 and is critical from D-1 on a mid-week start', () => {
    const thursday = '2026-12-10';
    expect(admissionDeadline(thursday, '2026-12-06', national).severity).toBe('info'); // D-4 (Sunday)
    expect(admissionDeadline(thursday, '2026-12-07', national).severity).toBe('warning'); // D-3
    expect(admissionDeadline(thursday, '2026-12-08', national).severity).toBe('warning'); // D-2
    expect(admissionDeadline(thursday, '2026-12-09', national).severity).toBe('critical'); // D-1 = deadline
  });

  it('moves "send by" back over holidays: Natal, Ano Novo, Finados, Carnaval, Consciência Negra', () => {
    // Start Monday 2026-12-28: deadline Sunday 27, Saturday 26, Natal on Friday 25 → Thursday 24.
    expect(admissionDeadline('2026-12-28', '2026-12-14', national)).toMatchObject({ deadline: '2026-12-27', sendBy: '2026-12-24' });
    // Start Saturday 2027-01-02: deadline Friday 1 January (Ano Novo) → Thursday 31 December.
    expect(admissionDeadline('2027-01-02', '2026-12-20', national)).toMatchObject({ deadline: '2027-01-01', sendBy: '2026-12-31' });
    // Start Tuesday 2026-11-03: deadline Monday 2 November (Finados), Sunday, Saturday → Friday 30 October.
    expect(admissionDeadline('2026-11-03', '2026-10-20', national)).toMatchObject({ deadline: '2026-11-02', sendBy: '2026-10-30' });
    // Start Wednesday of Ashes 2026-02-18: Carnaval Tuesday 17 and Monday 16, the weekend → Friday 13.
    expect(admissionDeadline('2026-02-18', '2026-02-01', national)).toMatchObject({ deadline: '2026-02-17', sendBy: '2026-02-13' });
    // Consciência Negra: a holiday from 2024 only.
    expect(admissionDeadline('2026-11-21', '2026-11-01', national).sendBy).toBe('2026-11-19'); // Fri 20 Nov 2026
    expect(admissionDeadline('2023-11-21', '2023-11-01', national).sendBy).toBe('2023-11-20'); // Mon 20 Nov 2023, a business day
    // Critical from the moved "send by" on, though the calendar deadline is days away.
    expect(admissionDeadline('2026-12-28', '2026-12-24', national).severity).toBe('critical');
    expect(admissionDeadline('2026-12-28', '2026-12-22', national).severity).toBe('warning');
  });

  it('counts HOLIDAYS days too', () => {
    const saoPaulo = holidayCalendar([{ month: 1, day: 25, name: 'Aniversário de São Paulo' }]);
    // Start Tuesday 2027-01-26: deadline Monday 25 January, the city's anniversary → Friday 22.
    expect(admissionDeadline('2027-01-26', '2027-01-10', saoPaulo).sendBy).toBe('2027-01-22');
    expect(admissionDeadline('2027-01-26', '2027-01-10', national).sendBy).toBe('2027-01-25');
  });

  it('after the S-2190 (preliminary registration) is due the 15th of the following month', () => {
    expect(s2200Deadline('2026-12-10', false)).toBe('2026-12-09');
    expect(s2200Deadline('2026-12-10', true)).toBe('2027-01-15');
    expect(s2200Deadline('2026-01-31', true)).toBe('2026-02-15');
    const moved = admissionDeadline('2026-12-10', '2026-12-09', national, true);
    // 15 January 2027 is a Friday: send by that day; the start date no longer drives the severity.
    expect(moved).toMatchObject({ deadline: '2027-01-15', sendBy: '2027-01-15', severity: 'info' });
    expect(admissionDeadline('2026-12-10', '2027-01-13', national, true).severity).toBe('warning');
    expect(admissionDeadline('2026-12-10', '2027-01-15', national, true).severity).toBe('critical');
    // The 15th on a weekend: send by the Friday before (15 August 2026 is a Saturday).
    expect(admissionDeadline('2026-07-20', '2026-07-21', national, true)).toMatchObject({ deadline: '2026-08-15', sendBy: '2026-08-14' });
  });
});
