// Parsing of single cell values, shared by the CSV import (strings) and the ingest API (JSON
// values). Every parser returns a result instead of throwing, with a problem (a catalog key) that
// completes the sentence "column NAME …" and is put into words by whoever shows it.
import type { MessageKey } from '../../i18n/index.js';
import { assertNever } from '../../lib/assert-never.js';
import { checkFreeText, codePointLabel, type FreeTextFailure, type FreeTextProblem } from '../../lib/text/check-free-text.js';
import { readCalendarDate } from '../../lib/time/calendar.js';
import type { Problem } from './problem.js';

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: Problem };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (problem: Problem): ParseResult<never> => ({ ok: false, problem });

/** The problems without parameters. */
export const MESSAGES = {
  required: { key: 'import.required' },
  wholeNumber: { key: 'import.wholeNumber' },
  intRange: { key: 'import.intRange' },
  number: { key: 'import.number' },
  currencySymbol: { key: 'import.currencySymbol' },
  decimalPlaces: { key: 'import.decimalPlaces' },
  tooManyDigits: { key: 'import.tooManyDigits' },
  date: { key: 'import.date' },
  dateRange: { key: 'import.dateRange' },
  calendarDate: { key: 'import.calendarDate' },
  boolean: { key: 'import.boolean' },
  text: { key: 'import.text' },
  controlChars: { key: 'import.controlChars' },
  slackUser: { key: 'import.slackUser' },
  documentList: { key: 'import.documentList' },
  currency: { key: 'import.currency' },
} as const satisfies Record<string, Problem>;

// Numbers go in as text: a limit is written as the code checks it, in any language.
const maxLengthMessage = (max: number): Problem => ({ key: 'import.maxLength', params: { max: String(max) } });
const monthFirstMessage = (month: number): Problem => ({ key: 'import.monthFirst', params: { month: String(month) } });

const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
/** Decimal(14,2): 12 digits before the point. */
const MAX_INTEGER_DIGITS = 12;
const MAX_FRACTION_DIGITS = 2;
export const MAX_KEY_LENGTH = 64;

/** Absent, null, or only whitespace: an optional column left empty. */
export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** How SKUs, order numbers and employee codes are compared: case-insensitively, NFC. */
export function keyOf(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Numbers, as Brazilian spreadsheets and people write them (README, "Numbers and dates"). A value
// is read, never guessed: when text could mean two numbers and nothing says which, it is refused
// with both readings, because a silent 1000× error is the worst bug this product can have.
// - Whole numbers: a dot followed by exactly three digits groups thousands (1.000 = 1000); any
//   other dot, or decimals that are not zero, are refused, never rounded.
// - Money: a comma is the decimal mark and dots group thousands (1.234,56; R$ 1.234,56); a dot
//   that cannot be a thousands separator is a decimal point (1234.56, 0.5). `1.234` reads two
//   ways: a file's convention decides (`MoneyOptions`), and without one it is refused.

/** A number split into its digits, never passed through floating point. */
interface DecimalParts {
  readonly negative: boolean;
  /** Integer digits without leading zeros ('' for zero). */
  readonly int: string;
  /** Fraction digits as written (may have trailing zeros). */
  readonly frac: string;
}

/** How a text number was written, before deciding what it means. */
type WrittenNumber =
  /** 1.234,56 · 1234,5 · -0,50: the comma is the decimal mark, any dots group thousands */
  | { readonly form: 'comma'; readonly parts: DecimalParts }
  /** 1.234 · 12.345.678: dots that can group thousands; with one group, also a decimal point */
  | { readonly form: 'grouped'; readonly parts: DecimalParts; readonly groups: number; readonly asDecimal: DecimalParts }
  /** 1234 · 1234.56 · 0.500: no comma, and the dot (if any) cannot group thousands */
  | { readonly form: 'plain'; readonly parts: DecimalParts };

// A leading group never starts with 0: `0.500` is a fraction, not five hundred.
const COMMA_DECIMAL = /^(-?)([1-9]\d{0,2}(?:\.\d{3})+|\d+),(\d+)$/;
const GROUPED = /^(-?)([1-9]\d{0,2}(?:\.\d{3})+)$/;
const DOT_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
// `R$ 1.234,56`, `R$1234,56`, `-R$ 5,00`, `R$ -5,00` (\s includes the no-break space of Intl's `R$ `).
const REAIS = /^(-?)\s*R\$\s*(-?)(?=\d)/;
const CURRENCY_HINT = /[$€£¥¢]|^-?[a-z]{3}\s|\s[a-z]{3}$/i;

const decimalParts = (sign: string, int: string, frac: string): DecimalParts => ({
  negative: sign === '-',
  int: int.replaceAll('.', '').replace(/^0+/, ''),
  frac,
});

function readWritten(text: string): WrittenNumber | null {
  let match = COMMA_DECIMAL.exec(text);
  if (match) return { form: 'comma', parts: decimalParts(match[1] ?? '', match[2] ?? '', match[3] ?? '') };
  match = GROUPED.exec(text);
  if (match) {
    const [, sign = '', digits = ''] = match;
    const dot = digits.indexOf('.');
    return {
      form: 'grouped',
      parts: decimalParts(sign, digits, ''),
      groups: digits.split('.').length - 1,
      asDecimal: decimalParts(sign, digits.slice(0, dot), digits.slice(dot + 1)),
    };
  }
  match = DOT_DECIMAL.exec(text);
  return match ? { form: 'plain', parts: decimalParts(match[1] ?? '', match[2] ?? '', match[3] ?? '') } : null;
}

/** A JSON number via its shortest round-trip decimal form (String(n)): no separators to read. */
function numberParts(n: number): DecimalParts | Problem {
  if (!Number.isFinite(n)) return MESSAGES.number;
  const text = String(n);
  if (/e/i.test(text)) {
    // String() only uses exponents below 1e-6 or from 1e21 on: far out of range either way.
    return Math.abs(n) >= 1 ? MESSAGES.tooManyDigits : MESSAGES.decimalPlaces;
  }
  const match = DOT_DECIMAL.exec(text);
  return match ? decimalParts(match[1] ?? '', match[2] ?? '', match[3] ?? '') : MESSAGES.number;
}

const isZeros = (digits: string): boolean => /^0*$/.test(digits);

/** Whole number in the 32-bit signed range (quantities, stock levels, minimums). */
export function parseInteger(raw: unknown): ParseResult<number> {
  let parts: DecimalParts;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return fail(MESSAGES.wholeNumber);
    if (raw < INT32_MIN || raw > INT32_MAX) return fail(MESSAGES.intRange);
    return ok(raw === 0 ? 0 : raw); // no -0
  }
  if (typeof raw !== 'string') return isBlank(raw) ? fail(MESSAGES.required) : fail(MESSAGES.wholeNumber);
  const text = raw.trim();
  if (text === '') return fail(MESSAGES.required);
  // Most cells are plain digits: up to 9 of them are always in range, and Number() reads them
  // exactly (leading zeros included), without trying the written forms one by one.
  if (PLAIN_DIGITS.test(text)) return ok(Number(text));
  const written = readWritten(text);
  if (!written) return fail(MESSAGES.wholeNumber);
  if (written.form === 'grouped') parts = written.parts;
  // `1.234,00` is whole (as Excel writes a number with two decimals); `1,000` is not (one, or a thousand?).
  else if (written.form === 'comma' && written.parts.frac.length <= 2 && isZeros(written.parts.frac)) parts = written.parts;
  else if (written.form === 'plain' && written.parts.frac === '') parts = written.parts;
  else return fail(MESSAGES.wholeNumber);
  // More than 10 digits is out of range; below that Number() is exact.
  if (parts.int.length > 10) return fail(MESSAGES.intRange);
  const magnitude = Number(parts.int === '' ? '0' : parts.int);
  const value = parts.negative ? -magnitude : magnitude;
  if (value < INT32_MIN || value > INT32_MAX) return fail(MESSAGES.intRange);
  return ok(value === 0 ? 0 : value);
}

/** up to 9 ASCII digits: always within range */
const PLAIN_DIGITS = /^[0-9]{1,9}$/;

export interface MoneyOptions {
  /**
   * Dots can only group thousands: the file is `;`-delimited or has a decimal comma in this column.
   * Without it, `1.234` is refused naming both readings.
   */
  readonly dotsGroupThousands?: boolean;
  /** The value comes from a CSV column, whose own convention could settle it (named in the message). */
  readonly inFile?: boolean;
}

/**
 * Money amount as a canonical string with exactly 2 decimals ("1234.56", "-0.50"). More than 2
 * decimals is refused, even zeros: `1,500` could be one and a half or a thousand five hundred.
 */
export function parseDecimal(raw: unknown, options: MoneyOptions = {}): ParseResult<string> {
  let parts: DecimalParts | Problem;
  if (typeof raw === 'number') parts = numberParts(raw);
  else if (typeof raw === 'string') parts = moneyParts(raw, options);
  else parts = isBlank(raw) ? MESSAGES.required : MESSAGES.number;
  if (!isDecimalParts(parts)) return fail(parts);

  if (parts.frac.length > MAX_FRACTION_DIGITS) return fail(MESSAGES.decimalPlaces);
  if (parts.int.length > MAX_INTEGER_DIGITS) return fail(MESSAGES.tooManyDigits);
  return ok(canonical(parts));
}

const isDecimalParts = (parts: DecimalParts | Problem): parts is DecimalParts => 'int' in parts;

function canonical(parts: DecimalParts): string {
  const frac = parts.frac.padEnd(MAX_FRACTION_DIGITS, '0');
  const int = parts.int === '' ? '0' : parts.int;
  const isZero = int === '0' && isZeros(frac);
  return `${parts.negative && !isZero ? '-' : ''}${int}.${frac}`;
}

/** The number of a money text without its `R$`, or null when the sign is given twice. */
function withoutReais(text: string): { readonly number: string; readonly reais: boolean } | null {
  const reais = REAIS.exec(text);
  if (!reais) return { number: text, reais: false };
  if (reais[1] === '-' && reais[2] === '-') return null;
  return { number: `${reais[1] || reais[2]}${text.slice(reais[0].length)}`, reais: true };
}

function moneyParts(raw: string, options: MoneyOptions): DecimalParts | Problem {
  const trimmed = raw.trim();
  if (trimmed === '') return MESSAGES.required;
  const amount = withoutReais(trimmed);
  const written = amount && readWritten(amount.number);
  if (!amount || !written) return amount && !amount.reais && CURRENCY_HINT.test(trimmed) ? MESSAGES.currencySymbol : MESSAGES.number;
  if (isAmbiguous(written) && options.dotsGroupThousands !== true) {
    return ambiguousMessage(amount.number, written.parts, written.asDecimal, options.inFile === true);
  }
  return written.parts;
}

const isAmbiguous = (written: WrittenNumber): written is Extract<WrittenNumber, { form: 'grouped' }> =>
  written.form === 'grouped' && written.groups === 1;

/**
 * What a money text tells about its column: a decimal comma (`1,5`, `1.234,56`) settles that dots
 * group thousands; `1.234` needs the column's convention to be read.
 */
export function amountNotation(raw: string): 'decimalComma' | 'ambiguous' | 'other' {
  const amount = withoutReais(raw.trim());
  const written = amount && readWritten(amount.number);
  if (!written) return 'other';
  if (written.form === 'comma') return 'decimalComma';
  return isAmbiguous(written) ? 'ambiguous' : 'other';
}

/** "1.500 could be 1500 or 1.5 (…): write 1.500,00 for 1500 or 1,50 for 1.5" */
function ambiguousMessage(text: string, thousands: DecimalParts, decimal: DecimalParts, inFile: boolean): Problem {
  const sign = thousands.negative ? '-' : '';
  const plainDecimal = `${decimal.int || '0'}.${decimal.frac.replace(/0+$/, '')}`.replace(/\.$/, '');
  const commaDecimal = `${decimal.int || '0'},${decimal.frac.replace(/0+$/, '').padEnd(2, '0')}`;
  const grouped = text.replace(/^-/, '');
  return {
    key: inFile ? 'import.ambiguousInFile' : 'import.ambiguous',
    params: {
      text,
      thousands: `${sign}${thousands.int}`,
      decimal: `${sign}${plainDecimal}`,
      asThousands: `${sign}${grouped},00`,
      asDecimal: `${sign}${commaDecimal}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Dates and booleans

const MIN_DATE = '1900-01-01';
const MAX_DATE = '2200-12-31';

/**
 * Calendar date `YYYY-MM-DD` or `DD/MM/AAAA`, returned as `YYYY-MM-DD`: dates are calendar dates
 * and never go through a time zone here.
 */
export function parseDate(raw: unknown): ParseResult<string> {
  if (isBlank(raw)) return fail(MESSAGES.required);
  if (typeof raw !== 'string') return fail(MESSAGES.date);
  const read = readCalendarDate(raw);
  if (!read.ok) {
    switch (read.problem) {
      case 'format':
        return fail(MESSAGES.date);
      case 'calendar':
        return fail(MESSAGES.calendarDate);
      case 'monthFirst':
        return fail(monthFirstMessage(read.month));
      default:
        return assertNever(read);
    }
  }
  // Same-width ISO strings compare like the dates they are.
  if (read.date < MIN_DATE || read.date > MAX_DATE) return fail(MESSAGES.dateRange);
  return ok(read.date);
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'sim']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'não', 'nao']);

export function parseBoolean(raw: unknown): ParseResult<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  if (raw === 1 || raw === 0) return ok(raw === 1);
  if (isBlank(raw)) return fail(MESSAGES.required);
  if (typeof raw !== 'string') return fail(MESSAGES.boolean);
  // NFC so that a decomposed "não" (n, a, combining tilde, o) matches too.
  const word = raw.trim().normalize('NFC').toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail(MESSAGES.boolean);
}

// ---------------------------------------------------------------------------------------------
// Text, keys and identifiers

// Keys are typed in slash commands: no whitespace of any kind, nothing invisible (Cf covers the
// bidi controls and zero-width characters), no lone surrogate: stricter than checkFreeText.
const KEY_FORBIDDEN = /[\s\p{Cc}\p{Cf}\p{Cs}]/u;

const codePointLength = (text: string): number => [...text].length;

export interface ParsedKey {
  /** As given (trimmed, NFC): how it is stored and shown. */
  readonly value: string;
  /** Lower-cased: how it is matched. */
  readonly key: string;
}

/** What a key is, named in the one message that needs it ("an order number is a single word"). */
export type KeyName = MessageKey extends infer K ? (K extends `import.keySpaces.${infer N}` ? N : never) : never;

/** SKU, order number or employee code. JSON integers are accepted (an order number sent as 1001). */
export function parseKey(raw: unknown, what: KeyName = 'key'): ParseResult<ParsedKey> {
  if (isBlank(raw)) return fail(MESSAGES.required);
  let text: string;
  if (typeof raw === 'string') text = raw.trim().normalize('NFC');
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) text = String(raw);
  else return fail(MESSAGES.text);
  if (KEY_FORBIDDEN.test(text)) {
    return fail({ key: `import.keySpaces.${what}` });
  }
  // A string never has more code points than UTF-16 units: only a long one needs counting.
  if (text.length > MAX_KEY_LENGTH && codePointLength(text) > MAX_KEY_LENGTH) return fail(maxLengthMessage(MAX_KEY_LENGTH));
  return ok({ value: text, key: keyOf(text) });
}

export interface TextOptions {
  readonly max: number;
  /** When false, a blank value is accepted as ''. Default true. */
  readonly required?: boolean;
}

/**
 * Single-line free text (names, roles, units, references), through the one free-text rule
 * (checkFreeText): any Unicode letter, accent or emoji is fine and stored NFC; quotes, semicolons
 * and SQL-looking text are plain data (the database layer binds parameters).
 */
export function parseText(raw: unknown, opts: TextOptions): ParseResult<string> {
  if (isBlank(raw)) return opts.required === false ? ok('') : fail(MESSAGES.required);
  if (typeof raw !== 'string') return fail(MESSAGES.text);
  const checked = checkFreeText(raw, { max: opts.max, singleLine: true });
  return checked.ok ? ok(checked.value) : fail(freeTextProblem(checked));
}

/** "must not contain invisible characters (found U+200B at character 5)" */
function freeTextProblem(failure: FreeTextFailure): Problem {
  if (failure.problem === 'tooLong') return maxLengthMessage(failure.max);
  if (failure.problem === 'lineBreak') return MESSAGES.controlChars;
  const found: FreeTextProblem = failure.problem;
  return { key: `import.freeText.${found}`, params: { codePoint: codePointLabel(failure.codePoint), position: String(failure.position) } };
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;
// What Slack sends for a mention in an escaped slash command: <@U123ABC> or <@U123ABC|name>.
const ESCAPED_MENTION = /^<@([^|>]+)(?:\|[^>]*)?>$/;

export function parseSlackUserId(raw: unknown): ParseResult<string> {
  if (isBlank(raw)) return fail(MESSAGES.required);
  if (typeof raw !== 'string') return fail(MESSAGES.slackUser);
  const text = raw.trim();
  const id = ESCAPED_MENTION.exec(text)?.[1] ?? text;
  return SLACK_USER_ID.test(id) ? ok(id) : fail(MESSAGES.slackUser);
}

const CURRENCY_CODE = /^[a-z]{3}$/i;

/** ISO 4217-shaped code; lower case is accepted and upper-cased ("brl" → "BRL"). */
export function parseCurrency(raw: unknown): ParseResult<string> {
  if (isBlank(raw)) return fail(MESSAGES.required);
  if (typeof raw !== 'string') return fail(MESSAGES.currency);
  const text = raw.trim();
  return CURRENCY_CODE.test(text) ? ok(text.toUpperCase()) : fail(MESSAGES.currency);
}

/** One of a fixed set of lower-case words, matched case-insensitively. */
export function parseChoice<T extends string>(
  raw: unknown,
  choices: readonly T[],
): ParseResult<T> {
  if (isBlank(raw)) return fail(MESSAGES.required);
  const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  const found = choices.find((choice) => choice === word);
  return found === undefined ? fail({ key: 'import.choice', params: { choices: choices.join(', ') } }) : ok(found);
}

/**
 * Document codes separated by `|` (or a JSON array of strings): trimmed, lower-cased, empty
 * entries ignored ("cpf|rg|"), duplicates collapsed in first-seen order. Blank is an empty list.
 */
export function parseDocumentList(
  raw: unknown,
  known: readonly string[],
): ParseResult<readonly string[]> {
  if (isBlank(raw)) return ok([]);
  let items: readonly unknown[];
  if (typeof raw === 'string') items = raw.split('|');
  else if (Array.isArray(raw)) items = raw;
  else return fail(MESSAGES.documentList);
  if (!items.every((item): item is string => typeof item === 'string')) {
    return fail(MESSAGES.documentList);
  }
  const codes = [...new Set(items.map((item) => item.trim().toLowerCase()).filter((c) => c !== ''))];
  const knownSet = new Set(known);
  const unknown = codes.filter((code) => !knownSet.has(code));
  if (unknown.length > 0) return fail(unknownDocumentsMessage(unknown, known));
  return ok(codes);
}

function unknownDocumentsMessage(unknown: readonly string[], known: readonly string[]): Problem {
  const codes = unknown.map((code) => `"${code}"`).join(', ');
  return { plural: 'import.unknownDocuments', count: unknown.length, params: { codes, known: known.join(', ') } };
}
