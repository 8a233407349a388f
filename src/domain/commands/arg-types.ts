// zod schemas for command arguments. Issue messages are i18n keys, translated by ArgReader.
import { z } from 'zod';
import { readCalendarDate, type CalendarDate } from '../../lib/time/calendar.js';
import { parseDuration } from '../../lib/time/duration.js';
import { INT32_MAX, MESSAGES, parseInteger, parseKey } from '../import/values.js';
import { userIdFromMention } from './tokenize.js';

/** SKU, order number or employee code: one word, matched case-insensitively. */
export const keyArg = z.string().transform((text, ctx) => {
  const parsed = parseKey(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: 'arg.key' });
    return z.NEVER;
  }
  return parsed.value.value;
});

const wholeNumber = (min: number, message: string) =>
  z.string().transform((text, ctx) => {
    const parsed = parseInteger(text);
    // A number too large for the column is a whole number all the same: say what the maximum is.
    if (!parsed.ok && parsed.problem === MESSAGES.intRange && !text.trim().startsWith('-')) {
      ctx.addIssue({ code: 'custom', message: 'arg.tooLarge', params: { max: INT32_MAX } });
      return z.NEVER;
    }
    if (!parsed.ok || parsed.value < min) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return parsed.value;
  });

/** A quantity to add: at least 1. */
export const positiveQuantityArg = wholeNumber(1, 'arg.positiveQuantity');
/** A stock level or minimum: 0 or more. */
export const quantityArg = wholeNumber(0, 'arg.quantity');

/** A date as people type it (`31/12/2026` or `2026-12-31`) → `YYYY-MM-DD`; `key` is the message for any other text. */
function readDateArg(text: string, ctx: z.RefinementCtx, key: 'arg.date' | 'arg.until'): CalendarDate | undefined {
  const read = readCalendarDate(text);
  if (read.ok) return read.date;
  if (read.problem === 'monthFirst') ctx.addIssue({ code: 'custom', message: 'arg.monthFirst', params: { month: String(read.month) } });
  else if (read.problem === 'calendar') ctx.addIssue({ code: 'custom', message: 'arg.calendarDate' });
  else ctx.addIssue({ code: 'custom', message: key });
  return undefined;
}

export const dateArg = z.string().transform((text, ctx) => readDateArg(text, ctx, 'arg.date') ?? z.NEVER);

/** A number as the bot shows it, `#42` or `42`; `message` names what it numbers. */
const numberedArg = (message: 'arg.alertId' | 'arg.messageId') =>
  z.string().transform((text, ctx) => {
    const match = /^#?(\d{1,9})$/.exec(text);
    if (!match) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return Number(match[1]);
  });

/** `#42` or `42` */
export const alertIdArg = numberedArg('arg.alertId');

/** A channel message's number, as the failure listing of `/alerts list` shows it: `17` (or `#17`). */
export const messageIdArg = numberedArg('arg.messageId');

export const durationArg = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'arg.duration' });
    return z.NEVER;
  }
  return ms;
});

/** Until when: a duration from now (`4h`) or a date (`01/12/2026` or `2026-12-01`, ending 09:00 in the bot's zone). */
export const untilArg = z.string().transform((text, ctx): { durationMs: number } | { date: string } => {
  const ms = parseDuration(text);
  if (ms !== undefined) return { durationMs: ms };
  const date = readDateArg(text, ctx, 'arg.until');
  return date === undefined ? z.NEVER : { date };
});

export const userArg = z.string().transform((text, ctx) => {
  const id = userIdFromMention(text);
  if (!id) {
    ctx.addIssue({ code: 'custom', message: 'arg.user' });
    return z.NEVER;
  }
  return id;
});

/** A document type code such as `aso` or `proof_of_address`. */
export const documentArg = z
  .string()
  .transform((text) => text.toLowerCase())
  .refine((text) => /^[a-z][a-z_]{1,40}$/.test(text), { message: 'arg.document' });

/** A fixed word, e.g. `low` in `/stock list low`. */
export const wordArg = <W extends string>(...words: W[]) =>
  z
    .string()
    .transform((text) => text.toLowerCase())
    .refine((text): text is W => (words as string[]).includes(text), { message: 'arg.word' });
