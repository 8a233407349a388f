// The collections schedule (ORDER_STEPS) as pure functions: the step of every day around the
// default schedule, the default severities, the parsing errors, and the digest's age bands.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { DEFAULT_ORDER_STEPS, overdueBands, parseOrderSteps, stepAt, type CollectionsSchedule } from '../../src/lib/collections-schedule.js';
import { stepLabel } from '../../src/blocks/kinds/unpaid-order.js';

const schedule = parseOrderSteps(DEFAULT_ORDER_STEPS) as CollectionsSchedule;

describe('collections schedule', () => {
  it('the default is -3,0,1,7,15,30,60,90: info up to the due day, warning when late, critical from 60 days', () => {
    expect(schedule.map((s) => `${s.day}:${s.severity}`)).toEqual(['-3:info', '0:info', '1:warning', '7:warning', '15:warning', '30:warning', '60:critical', '90:critical']);
    expect(parseConfig({}).orderSteps).toEqual(schedule);
  });

  it('gives the step of each day around the schedule', () => {
    const at = (days: number) => {
      const step = stepAt(schedule, days);
      return step && `${stepLabel(step.day)} ${step.number}/${step.of} ${step.severity}`;
    };
    const table: [number, string | undefined][] = [
      [-30, undefined], [-4, undefined],
      [-3, 'D-3 1/8 info'], [-2, 'D-3 1/8 info'], [-1, 'D-3 1/8 info'],
      [0, 'D0 2/8 info'],
      [1, 'D+1 3/8 warning'], [6, 'D+1 3/8 warning'],
      [7, 'D+7 4/8 warning'], [14, 'D+7 4/8 warning'],
      [15, 'D+15 5/8 warning'], [29, 'D+15 5/8 warning'],
      [30, 'D+30 6/8 warning'], [59, 'D+30 6/8 warning'],
      [60, 'D+60 7/8 critical'], [89, 'D+60 7/8 critical'],
      [90, 'D+90 8/8 critical'], [91, 'D+90 8/8 critical'], [3650, 'D+90 8/8 critical'],
    ];
    for (const [days, expected] of table) expect([days, at(days)]).toEqual([days, expected]);
  });

  it('takes a severity per step, and defaults the ones without', () => {
    expect(parseOrderSteps('-5:info, 0 , 10:critical')).toEqual([
      { day: -5, severity: 'info' },
      { day: 0, severity: 'info' },
      { day: 10, severity: 'critical' },
    ]);
    expect(parseOrderSteps('+1,30:Critical')).toEqual([{ day: 1, severity: 'warning' }, { day: 30, severity: 'critical' }]);
  });

  it('refuses a schedule it cannot follow, saying why', () => {
    const problem = (text: string) => {
      const parsed = parseOrderSteps(text);
      return typeof parsed === 'string' ? parsed : undefined;
    };
    expect(problem('')).toMatch(/^days from the due date in increasing order/);
    expect(problem('1,7,x')).toContain('"x" is not a step');
    expect(problem('1,7:urgent')).toContain('"urgent" is not info, warning or critical');
    expect(problem('1,15,7')).toContain('(7 comes after 15)');
    expect(problem('1,1')).toContain('(1 comes after 1)');
    expect(problem('1:critical,7:warning')).toContain('severities that never go down along the schedule (7:warning comes after 1:critical)');
    expect(problem('-400,0')).toContain('"-400" is out of range');
    expect(problem(Array.from({ length: 31 }, (_, i) => i).join(','))).toContain('at most 30 steps (got 31)');
    expect(() => parseConfig({ ORDER_STEPS: '1,15,7' })).toThrow(/^ORDER_STEPS must be days from the due date in increasing order.*\(7 comes after 15\) \(got "1,15,7"\)$/);
    expect(parseConfig({ ORDER_STEPS: '0:info,5:critical' }).orderSteps).toEqual([{ day: 0, severity: 'info' }, { day: 5, severity: 'critical' }]);
  });

  it('bands the digest by the overdue steps, 60–89 days apart from 90 and more', () => {
    expect(overdueBands(schedule)).toEqual([
      { from: 1, to: 6 }, { from: 7, to: 14 }, { from: 15, to: 29 }, { from: 30, to: 59 }, { from: 60, to: 89 }, { from: 90, to: null },
    ]);
    // overdue orders before the first overdue step still have a band
    expect(overdueBands(parseOrderSteps('0,5,10') as CollectionsSchedule)).toEqual([{ from: 1, to: 4 }, { from: 5, to: 9 }, { from: 10, to: null }]);
    expect(overdueBands(parseOrderSteps('-3,0') as CollectionsSchedule)).toEqual([{ from: 1, to: null }]);
  });
});
