import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR } from '../../lib/time/holidays.js';
import { verb, type CommandSpec } from './command-spec.js';

export type HolidaysAction =
  /** `year` undefined: this year in BOT_TIMEZONE */
  | { command: 'holidays'; verb: 'list'; year: number | undefined }
  | { command: 'holidays'; verb: 'help' };

const yearArg = z.string().transform((text, ctx) => {
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) {
    ctx.addIssue({ code: 'custom', message: 'holidays.arg.year' });
    return z.NEVER;
  }
  return year;
});

// Read-only: open to everyone. `/holidays` alone lists this year, `/holidays 2027` that year.
export const holidaysCommand: CommandSpec<HolidaysAction> = {
  name: 'holidays',
  summary: 'command.holidays.summary',
  defaultVerb: 'list',
  verbs: [
    verb({
      verb: 'list',
      pt: ['listar'],
      args: '[{year}]',
      summary: 'holidays.help.list',
      permission: 'read',
      parse: (r) => ({ command: 'holidays', verb: 'list', year: r.optionalArg('year', yearArg) }),
    }),
    verb({ verb: 'help', pt: ['ajuda'], args: '', summary: 'stock.help.help', permission: 'read', parse: () => ({ command: 'holidays', verb: 'help' }) }),
  ],
};
