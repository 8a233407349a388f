import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { easterSunday, holidayCalendar, nationalHolidays, parseHolidays } from '../../src/lib/time/holidays.js';
import { addDays } from '../../src/lib/time/calendar.js';
import { testConfig } from '../support/test-deps.js';

const dates = (year: number) => nationalHolidays(year).map((h) => `${h.date} ${h.source === 'national' ? h.id : h.name}`);

describe('national holidays', () => {
  it('finds Easter by the anonymous Gregorian algorithm', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25'); // the latest possible
    expect(easterSunday(2285)).toBe('2285-03-22'); // the earliest possible
  });

  it('lists 2026 as published: Carnaval 16–17/02, Corpus Christi 04/06, Consciência Negra 20/11', () => {
    expect(dates(2026)).toEqual([
      '2026-01-01 new_year',
      '2026-02-16 carnival_monday',
      '2026-02-17 carnival_tuesday',
      '2026-04-03 good_friday',
      '2026-04-21 tiradentes',
      '2026-05-01 labour_day',
      '2026-06-04 corpus_christi',
      '2026-09-07 independence',
      '2026-10-12 aparecida',
      '2026-11-02 all_souls',
      '2026-11-15 republic',
      '2026-11-20 black_consciousness',
      '2026-12-25 christmas',
    ]);
  });

  it('lists 2027: Carnaval 08–09/02, Sexta-feira Santa 26/03, Corpus Christi 27/05', () => {
    const list = dates(2027);
    expect(list).toHaveLength(13);
    expect(list).toEqual(expect.arrayContaining(['2027-02-08 carnival_monday', '2027-02-09 carnival_tuesday', '2027-03-26 good_friday', '2027-05-27 corpus_christi', '2027-11-20 black_consciousness']));
  });

  it('has Consciência Negra from 2024 on (Lei 14.759/2023), not in 2023', () => {
    expect(dates(2023)).not.toContain('2023-11-20 black_consciousness');
    expect(dates(2023)).toHaveLength(12);
    expect(dates(2023)).toContain('2023-02-20 carnival_monday');
    expect(dates(2024)).toContain('2024-11-20 black_consciousness');
    expect(dates(2024)).toContain('2024-03-29 good_friday');
    expect(dates(2025)).toContain('2025-06-19 corpus_christi');
  });
});

describe('business days', () => {
  const calendar = holidayCalendar([{ month: 1, day: 25, name: 'Aniversário de São Paulo' }, { date: '2026-07-10', name: null }]);

  it('skips weekends, national holidays and configured ones', () => {
    expect(calendar.isBusinessDay('2026-02-13')).toBe(true); // Friday before Carnaval
    expect(calendar.isBusinessDay('2026-02-16')).toBe(false); // Carnaval
    expect(calendar.isBusinessDay('2026-02-14')).toBe(false); // Saturday
    expect(calendar.isHoliday('2026-02-14')).toBe(false);
    expect(calendar.isHoliday('2027-01-25')).toBe(true); // every year
    expect(calendar.isHoliday('2026-07-10')).toBe(true);
    expect(calendar.isHoliday('2027-07-10')).toBe(false); // that year only
    expect(calendar.nextBusinessDayOnOrAfter('2026-02-14')).toBe('2026-02-18');
    expect(calendar.lastBusinessDayOnOrBefore('2026-02-17')).toBe('2026-02-13');
  });

  it('puts the overdue cutoff after the last business day before today', () => {
    // Due Saturday 2026-01-10: payable Monday 12 → not overdue on Monday, overdue on Tuesday.
    expect(calendar.overdueCutoff('2026-01-12')).toBe('2026-01-10');
    expect(calendar.overdueCutoff('2026-01-13')).toBe('2026-01-13');
    // Due Carnaval Monday 2026-02-16: payable Wednesday 18.
    expect('2026-02-16' < calendar.overdueCutoff('2026-02-18')).toBe(false);
    expect('2026-02-16' < calendar.overdueCutoff('2026-02-19')).toBe(true);
  });

  it('selects by cutoff exactly the due dates at least N days overdue (the SQL and the count agree)', () => {
    expect(calendar.daysOverdue('2026-02-16', '2026-02-18')).toBe(0); // Carnaval: payable Wednesday 18
    expect(calendar.daysOverdue('2026-02-16', '2026-02-25')).toBe(7);
    expect(calendar.daysOverdue('2026-03-02', '2026-02-27')).toBe(-3);
    // Every due date and day around Carnaval and a few weekends, every step day of the default schedule.
    const days = Array.from({ length: 70 }, (_, i) => addDays('2026-01-25', i));
    const disagree: string[] = [];
    for (const step of [-3, 0, 1, 7, 15, 30]) {
      for (const today of days) {
        const cutoff = calendar.overdueCutoff(today, step);
        for (const due of days) if (due < cutoff !== calendar.daysOverdue(due, today) >= step) disagree.push(`due ${due}, today ${today}, step ${step}`);
      }
    }
    expect(disagree).toEqual([]);
  });

  it('lists a year with the configured days, one per date, national first', () => {
    const both = holidayCalendar([{ month: 11, day: 20, name: 'Zumbi' }, { month: 7, day: 9, name: 'Revolução Constitucionalista' }]);
    const year = both.holidaysIn(2026);
    expect(year.filter((h) => h.date === '2026-11-20')).toEqual([{ date: '2026-11-20', source: 'national', id: 'black_consciousness' }]);
    expect(year.find((h) => h.date === '2026-07-09')).toEqual({ date: '2026-07-09', source: 'configured', name: 'Revolução Constitucionalista' });
    // 2023 had no national 20 November: the configured one counts.
    expect(both.holidaysIn(2023).find((h) => h.date === '2023-11-20')).toMatchObject({ source: 'configured', name: 'Zumbi' });
  });
});

describe('HOLIDAYS', () => {
  it('reads dates (ISO, DD/MM/AAAA, DD/MM every year) with optional names', () => {
    expect(parseHolidays('2026-01-25 Aniversário de SP, 09/07 Revolução Constitucionalista, 20/01/2026')).toEqual([
      { date: '2026-01-25', name: 'Aniversário de SP' },
      { month: 7, day: 9, name: 'Revolução Constitucionalista' },
      { date: '2026-01-20', name: null },
    ]);
    expect(parseHolidays('')).toEqual([]);
  });

  it('reads a file of "date;name" or "date,name" lines, skipping blanks and comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
    writeFileSync(join(dir, 'feriados.csv'), '\uFEFF# feriados de São Paulo\n25/01;Aniversário de São Paulo\n\n2026-06-11,Ponte de Corpus Christi\r\n20/11/2023 ; Consciência Negra (municipal)\n');
    expect(parseHolidays('feriados.csv, 24/12/2026 Véspera de Natal', dir)).toEqual([
      { month: 1, day: 25, name: 'Aniversário de São Paulo' },
      { date: '2026-06-11', name: 'Ponte de Corpus Christi' },
      { date: '2023-11-20', name: 'Consciência Negra (municipal)' },
      { date: '2026-12-24', name: 'Véspera de Natal' },
    ]);
    writeFileSync(join(dir, 'bad.txt'), '25/01;ok\nferiado sem data\n');
    expect(parseHolidays('bad.txt', dir)).toMatch(/line 2 of "bad.txt" does not start with a date/);
  });

  it('is parsed once in the configuration, with one clear line when wrong', () => {
    const config = testConfig({ HOLIDAYS: '25/01 Aniversário de São Paulo' });
    expect(config.holidays.isHoliday('2027-01-25')).toBe(true);
    expect(testConfig().holidays.isHoliday('2027-01-25')).toBe(false);
    expect(testConfig().digestOnHolidays).toBe(false);
    expect(testConfig({ DIGEST_ON_HOLIDAYS: 'true' }).digestOnHolidays).toBe(true);
    for (const [value, problem] of [
      ['31/02/2026', /"31\/02\/2026" is neither a date nor an existing file/],
      ['12/31/2026', /"12\/31\/2026" is neither a date nor an existing file/],
      ['no-such-file.txt', /"no-such-file.txt" is neither a date nor an existing file/],
    ] as const) {
      try {
        testConfig({ HOLIDAYS: value });
        expect.unreachable(value);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).variable).toBe('HOLIDAYS');
        expect((error as Error).message).toMatch(/^HOLIDAYS must be dates \(DD\/MM\/AAAA/);
        expect((error as Error).message).toMatch(problem);
      }
    }
    expect(() => testConfig({ DIGEST_ON_HOLIDAYS: 'maybe' })).toThrow('DIGEST_ON_HOLIDAYS must be true or false');
  });
});
