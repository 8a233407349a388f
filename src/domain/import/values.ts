// Parsing of single cell values, shared by the CSV import (strings) and the ingest API (JSON
// values). Every parser returns a result instead of throwing, with a short English message that
// completes the sentence "column NAME …" and is translated later.
import { checkFreeText, codePointLabel, type FreeTextFailure, type FreeTextProblem } from '../../lib/text/check-free-text.js';

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (message: string): ParseResult<never> => ({ ok: false, message });

export const MESSAGES = {
  required: 'is required',
  wholeNumber: 'must be a whole number',
  intRange: 'must be between -2147483648 and 2147483647',
  number: 'must be a number like 1234.56 or 1.234,56',
  currencySymbol: 'must be a plain number, without a currency symbol or code',
  decimalPlaces: 'must have at most 2 decimal places',
  tooManyDigits: 'is too large (at most 12 digits before the decimal point)',
  date: 'must be a date YYYY-MM-DD',
  dateRange: 'must be a date between 1900-01-01 and 2200-12-31',
  calendarDate: 'must be a real calendar date (YYYY-MM-DD)',
  boolean: 'must be true or false (also accepted: yes/no, sim/não, 1/0)',
  text: 'must be text',
  controlChars: 'must not contain control characters such as line breaks or tabs',
  slackUser: 'must be a Slack user ID like U012AB3CD (not a name or @handle)',
  documentList: 'must be a list of document codes separated by |',
  currency: 'must be a 3-letter currency code like BRL',
} as const;

export const maxLengthMessage = (max: number): string => `must be at most ${max} characters`;

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
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
// Numbers

/** A number split into its digits, never passed through floating point. */
interface DecimalParts {
  readonly negative: boolean;
  /** Integer digits without leading zeros ('' for zero). */
  readonly int: string;
  /** Fraction digits as written (may have trailing zeros). */
  readonly frac: string;
}

// With a comma: the comma is the decimal separator and dots may group thousands (1.234,56).
const COMMA_DECIMAL = /^(-?)(\d{1,3}(?:\.\d{3})+|\d+),(\d+)$/;
// Without a comma: the dot is the decimal separator (1234.56).
const DOT_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const CURRENCY_HINT = /[$€£¥¢]|^-?[a-z]{3}\s|\s[a-z]{3}$/i;

function splitNumber(text: string): DecimalParts | null {
  const match = COMMA_DECIMAL.exec(text) ?? DOT_DECIMAL.exec(text);
  if (!match) return null;
  const [, sign = '', int = '', frac = ''] = match;
  return {
    negative: sign === '-',
    int: int.replaceAll('.', '').replace(/^0+/, ''),
    frac,
  };
}

/** Parts of a JSON number via its shortest round-trip decimal form (String(n)). */
function numberParts(n: number): DecimalParts | string {
  if (!Number.isFinite(n)) return MESSAGES.number;
  const text = String(n);
  if (/e/i.test(text)) {
    // String() only uses exponents below 1e-6 or from 1e21 on: far out of range either way.
    return Math.abs(n) >= 1 ? MESSAGES.tooManyDigits : MESSAGES.decimalPlaces;
  }
  return splitNumber(text) ?? MESSAGES.number;
}

function stringParts(raw: string): DecimalParts | string {
  const text = raw.trim();
  if (text === '') return MESSAGES.required;
  const parts = splitNumber(text);
  if (parts) return parts;
  return CURRENCY_HINT.test(text) ? MESSAGES.currencySymbol : MESSAGES.number;
}

const isZeros = (digits: string): boolean => /^0*$/.test(digits);

/** Whole number in the 32-bit signed range (quantities, stock levels). */
export function parseInteger(raw: unknown): ParseResult<number> {
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return fail(MESSAGES.wholeNumber);
    if (raw < INT32_MIN || raw > INT32_MAX) return fail(MESSAGES.intRange);
    return ok(raw === 0 ? 0 : raw); // no -0
  }
  if (typeof raw !== 'string') return isBlank(raw) ? fail(MESSAGES.required) : fail(MESSAGES.wholeNumber);
  const parts = stringParts(raw);
  if (typeof parts === 'string') {
    return fail(parts === MESSAGES.required ? parts : MESSAGES.wholeNumber);
  }
  // "1.234" is 1.234 (dot = decimal point without a comma), so it is not whole.
  if (!isZeros(parts.frac)) return fail(MESSAGES.wholeNumber);
  // More than 10 digits is out of range; below that Number() is exact.
  if (parts.int.length > 10) return fail(MESSAGES.intRange);
  const magnitude = Number(parts.int === '' ? '0' : parts.int);
  const value = parts.negative ? -magnitude : magnitude;
  if (value < INT32_MIN || value > INT32_MAX) return fail(MESSAGES.intRange);
  return ok(value === 0 ? 0 : value);
}

/**
 * Money amount as a canonical string with exactly 2 decimals ("1234.56", "-0.50"). Trailing zeros
 * past the second decimal are accepted ("1.500" → "1.50"): they lose nothing.
 */
export function parseDecimal(raw: unknown): ParseResult<string> {
  let parts: DecimalParts | string;
  if (typeof raw === 'number') parts = numberParts(raw);
  else if (typeof raw === 'string') parts = stringParts(raw);
  else parts = isBlank(raw) ? MESSAGES.required : MESSAGES.number;
  if (typeof parts === 'string') return fail(parts);

  if (!isZeros(parts.frac.slice(MAX_FRACTION_DIGITS))) return fail(MESSAGES.decimalPlaces);
  if (parts.int.length > MAX_INTEGER_DIGITS) return fail(MESSAGES.tooManyDigits);
  const frac = parts.frac.slice(0, MAX_FRACTION_DIGITS).padEnd(MAX_FRACTION_DIGITS, '0');
  const int = parts.int === '' ? '0' : parts.int;
  const isZero = int === '0' && frac === '00';
  return ok(`${parts.negative && !isZero ? '-' : ''}${int}.${frac}`);
}

// ---------------------------------------------------------------------------------------------
// Dates and booleans

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Calendar date `YYYY-MM-DD`, returned as the same string: dates are calendar dates and never go
 * through a Date object or a time zone here.
 */
export function parseDate(raw: unknown): ParseResult<string> {
  if (isBlank(raw)) return fail(MESSAGES.required);
  if (typeof raw !== 'string') return fail(MESSAGES.date);
  const text = raw.trim();
  const match = ISO_DATE.exec(text);
  if (!match) return fail(MESSAGES.date);
  const [, y = '', m = '', d = ''] = match;
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(MESSAGES.dateRange);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail(MESSAGES.calendarDate);
  }
  return ok(text);
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

/**
 * SKU, order number or employee code. `what` names it in the one message that needs it ("an order
 * number is a single word"). JSON integers are accepted (an order number sent as 1001).
 */
export function parseKey(raw: unknown, what = 'key'): ParseResult<ParsedKey> {
  if (isBlank(raw)) return fail(MESSAGES.required);
  let text: string;
  if (typeof raw === 'string') text = raw.trim().normalize('NFC');
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) text = String(raw);
  else return fail(MESSAGES.text);
  if (KEY_FORBIDDEN.test(text)) {
    return fail(`must not contain spaces or invisible characters (${withArticle(what)} is a single word)`);
  }
  if (codePointLength(text) > MAX_KEY_LENGTH) return fail(maxLengthMessage(MAX_KEY_LENGTH));
  return ok({ value: text, key: keyOf(text) });
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
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

const FOUND: Record<Exclude<FreeTextProblem, 'tooLong' | 'lineBreak'>, string> = {
  control: 'must not contain control characters',
  bidi: 'must not contain text-direction overrides',
  invisible: 'must not contain invisible characters',
  unpaired: 'must not contain broken characters',
};

/** "must not contain invisible characters (found U+200B at character 5)" */
function freeTextProblem(failure: FreeTextFailure): string {
  if (failure.problem === 'tooLong') return maxLengthMessage(failure.max);
  if (failure.problem === 'lineBreak') return MESSAGES.controlChars;
  return `${FOUND[failure.problem]} (found ${codePointLabel(failure.codePoint)} at character ${failure.position})`;
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
  return found === undefined ? fail(`must be one of: ${choices.join(', ')}`) : ok(found);
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

function unknownDocumentsMessage(unknown: readonly string[], known: readonly string[]): string {
  const list = unknown.map((code) => `"${code}"`).join(', ');
  const noun = unknown.length === 1 ? 'unknown document code' : 'unknown document codes';
  return `has ${noun} ${list} (known codes: ${known.join(', ')})`;
}
