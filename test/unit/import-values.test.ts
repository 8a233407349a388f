import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber } from '../../src/i18n/format.js';
import {
  amountNotation,
  isBlank,
  keyOf,
  parseBoolean,
  parseChoice,
  parseCurrency,
  parseDate,
  parseDecimal,
  parseDocumentList,
  parseInteger,
  parseKey,
  parseSlackUserId,
  parseText,
  type KeyName,
} from '../../src/domain/import/values.js';
import { worded } from '../support/import-words.js';

const okValue = <T>(value: T) => ({ ok: true, value });
const error = (message: string) => ({ ok: false, message });
const W = 'must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)';

describe('parseInteger', () => {
  it.each<[unknown, number]>([
    ['0', 0],
    ['42', 42],
    [' 42 ', 42],
    ['-7', -7],
    ['007', 7],
    ['-0', 0],
    ['1.000', 1000], // a dot followed by exactly three digits groups thousands
    ['12.345.678', 12345678],
    ['-1.500', -1500],
    ['1.234,00', 1234], // as Excel writes a number with two decimals: the fraction is zero
    ['1234,0', 1234],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
    [40, 40],
    [-0, 0],
  ])('%j → %d', (raw, value) => {
    expect(parseInteger(raw)).toEqual(okValue(value));
  });

  it.each<[unknown, string]>([
    ['', 'is required'],
    ['   ', 'is required'],
    [undefined, 'is required'],
    [null, 'is required'],
    ['1.5', W],
    ['1.50', W],
    ['1.0000', W],
    ['12.0', W], // a dot that does not group thousands is never a decimal point here
    ['0.500', W], // a group never starts with 0
    ['1,5', W],
    ['1,000', W], // one, or a thousand? neither is guessed
    ['1.234,5', W],
    ['1.23.456', W],
    ['1234.567', W],
    ['abc', W],
    ['1e3', W],
    ['+5', W],
    ['1 000', W],
    ['0x10', W],
    [1.5, W],
    [Number.NaN, W],
    [Number.POSITIVE_INFINITY, W],
    [true, W],
    [{}, W],
    ['2147483648', 'must be between -2147483648 and 2147483647'],
    ['-2147483649', 'must be between -2147483648 and 2147483647'],
    ['99999999999999999999', 'must be between -2147483648 and 2147483647'],
    [2 ** 31, 'must be between -2147483648 and 2147483647'],
  ])('%j → %s', (raw, message) => {
    expect(worded(parseInteger(raw))).toEqual(error(message));
  });
});

describe('parseDecimal', () => {
  it.each<[unknown, string]>([
    ['1234.56', '1234.56'],
    ['1234,56', '1234.56'],
    ['1.234,56', '1234.56'],
    ['1.234.567,89', '1234567.89'],
    ['0,5', '0.50'],
    ['0.5', '0.50'],
    ['10', '10.00'],
  ])('%j → %s', (raw, value) => {
    expect(parseDecimal(raw)).toEqual(okValue(value));
  });

  it.each<[unknown, string]>([
    ['  99,90  ', '99.90'],
    ['-1.234,56', '-1234.56'],
    ['-0,00', '0.00'],
    ['007,10', '7.10'],
    ['R$ 1.234,56', '1234.56'],
    ['R$\u00a01.234,56', '1234.56'], // as Intl formats it
    ['R$1234,56', '1234.56'],
    ['-R$ 5,00', '-5.00'],
    ['R$ -5,00', '-5.00'],
    ['12.345.678', '12345678.00'], // two groups: dots can only be thousands
    ['1.234.567', '1234567.00'],
    ['999999999999.99', '999999999999.99'],
    [1234.56, '1234.56'],
    [0.1, '0.10'],
    [100, '100.00'],
    [-5.5, '-5.50'],
    [-0, '0.00'],
  ])('%j → %s', (raw, value) => {
    expect(parseDecimal(raw)).toEqual(okValue(value));
  });

  it.each<[unknown, string]>([
    ['', 'is required'],
    [null, 'is required'],
    ['1,234.56', 'must be a number like 1234.56 or 1.234,56'],
    ['-R$ -5', 'must be a number like 1234.56 or 1.234,56'],
    ['12.34,5', 'must be a number like 1234.56 or 1.234,56'],
    ['1.2345,6', 'must be a number like 1234.56 or 1.234,56'],
    [',5', 'must be a number like 1234.56 or 1.234,56'],
    ['5,', 'must be a number like 1234.56 or 1.234,56'],
    ['1,2,3', 'must be a number like 1234.56 or 1.234,56'],
    ['1e3', 'must be a number like 1234.56 or 1.234,56'],
    ['abc', 'must be a number like 1234.56 or 1.234,56'],
    ['US$ 10', 'must be a plain number or an amount in reais (R$ 1.234,56): no other currency symbol or code'],
    ['$10', 'must be a plain number or an amount in reais (R$ 1.234,56): no other currency symbol or code'],
    ['10 BRL', 'must be a plain number or an amount in reais (R$ 1.234,56): no other currency symbol or code'],
    ['12.3456', 'must have at most 2 decimal places'],
    ['0.500', 'must have at most 2 decimal places'], // 0.5 written with three decimals, not five hundred
    ['1,500', 'must have at most 2 decimal places'], // never 1.5 silently (nor 1500)
    ['0,001', 'must have at most 2 decimal places'],
    ['1000000000000.00', 'is too large (at most 12 digits before the decimal point)'],
    [0.30000000000000004, 'must have at most 2 decimal places'], // 0.1 + 0.2
    [0.1 + 0.2, 'must have at most 2 decimal places'],
    [1e21, 'is too large (at most 12 digits before the decimal point)'],
    [1e-7, 'must have at most 2 decimal places'],
    [Number.NaN, 'must be a number like 1234.56 or 1.234,56'],
    [Number.POSITIVE_INFINITY, 'must be a number like 1234.56 or 1.234,56'],
    [false, 'must be a number like 1234.56 or 1.234,56'],
  ])('%j → %s', (raw, message) => {
    expect(worded(parseDecimal(raw))).toEqual(error(message));
  });
});

describe('parseDate', () => {
  it.each(['2026-01-05', '2028-02-29', '2000-02-29', '1900-01-01', '2200-12-31', ' 2026-12-31 '])(
    '%s is valid',
    (raw) => {
      expect(parseDate(raw)).toEqual(okValue(raw.trim()));
    },
  );

  it.each<[string, string]>([
    ['31/12/2026', '2026-12-31'],
    [' 05/01/2026 ', '2026-01-05'], // day first: 5 January, never 1 May
    ['5/1/2026', '2026-01-05'],
    ['29/02/2028', '2028-02-29'],
    ['01/01/1900', '1900-01-01'],
  ])('DD/MM/AAAA %j → %s', (raw, value) => {
    expect(parseDate(raw)).toEqual(okValue(value));
  });

  it.each<[unknown, string]>([
    ['', 'is required'],
    [undefined, 'is required'],
    ['2026-02-29', 'must be a real calendar date (that day does not exist)'],
    ['1900-02-29', 'must be a real calendar date (that day does not exist)'],
    ['2026-04-31', 'must be a real calendar date (that day does not exist)'],
    ['2026-13-01', 'must be a real calendar date (that day does not exist)'],
    ['2026-00-10', 'must be a real calendar date (that day does not exist)'],
    ['2026-01-00', 'must be a real calendar date (that day does not exist)'],
    ['31/02/2026', 'must be a real calendar date (that day does not exist)'],
    ['29/02/2026', 'must be a real calendar date (that day does not exist)'],
    ['00/01/2026', 'must be a real calendar date (that day does not exist)'],
    ['32/13/2026', 'must be a real calendar date (that day does not exist)'],
    ['12/31/2026', 'month 31 does not exist: dates are DD/MM/AAAA'],
    ['1/13/2026', 'month 13 does not exist: dates are DD/MM/AAAA'],
    ['1899-12-31', 'must be a date between 01/01/1900 and 31/12/2200'],
    ['31/12/1899', 'must be a date between 01/01/1900 and 31/12/2200'],
    ['2201-01-01', 'must be a date between 01/01/1900 and 31/12/2200'],
    ['31/12/26', 'must be a date DD/MM/AAAA or YYYY-MM-DD'], // the century would be a guess
    ['31-12-2026', 'must be a date DD/MM/AAAA or YYYY-MM-DD'],
    ['2026/12/31', 'must be a date DD/MM/AAAA or YYYY-MM-DD'],
    ['2026-1-5', 'must be a date DD/MM/AAAA or YYYY-MM-DD'],
    ['2026-01-05T00:00:00Z', 'must be a date DD/MM/AAAA or YYYY-MM-DD'],
    [20260105, 'must be a date DD/MM/AAAA or YYYY-MM-DD'],
  ])('%j → %s', (raw, message) => {
    expect(worded(parseDate(raw))).toEqual(error(message));
  });
});

describe('parseBoolean', () => {
  it.each<[unknown, boolean]>([
    ['true', true],
    ['TRUE', true],
    [' Yes ', true],
    ['sim', true],
    ['SIM', true],
    ['1', true],
    [true, true],
    [1, true],
    ['false', false],
    ['No', false],
    ['não', false],
    ['NÃO', false],
    ['na\u0303o', false], // decomposed ã
    ['nao', false],
    ['0', false],
    [false, false],
    [0, false],
  ])('%j → %s', (raw, value) => {
    expect(parseBoolean(raw)).toEqual(okValue(value));
  });

  it.each<[unknown, string]>([
    ['', 'is required'],
    ['maybe', 'must be true or false (also accepted: yes/no, sim/não, 1/0)'],
    ['2', 'must be true or false (also accepted: yes/no, sim/não, 1/0)'],
    [2, 'must be true or false (also accepted: yes/no, sim/não, 1/0)'],
    ['y', 'must be true or false (also accepted: yes/no, sim/não, 1/0)'],
  ])('%j → %s', (raw, message) => {
    expect(worded(parseBoolean(raw))).toEqual(error(message));
  });
});

describe('parseKey', () => {
  it('trims and keeps the value as given, with a lower-cased key for matching', () => {
    expect(parseKey('  SKU-1 ', 'sku')).toEqual(okValue({ value: 'SKU-1', key: 'sku-1' }));
    expect(parseKey('Ação-É1')).toEqual(okValue({ value: 'Ação-É1', key: 'ação-é1' }));
  });

  it('normalizes to NFC so that both forms of an accent match', () => {
    const decomposed = parseKey('Cafe\u0301');
    expect(decomposed).toEqual(okValue({ value: 'Café', key: 'café' }));
    expect(keyOf('CAFE\u0301')).toBe(keyOf('café'));
  });

  it('accepts a JSON integer (an order number sent as a number)', () => {
    expect(parseKey(1001, 'orderNumber')).toEqual(okValue({ value: '1001', key: '1001' }));
  });

  it('accepts exactly 64 characters', () => {
    expect(parseKey('A'.repeat(64)).ok).toBe(true);
  });

  it.each<[unknown, KeyName, string]>([
    ['', 'sku', 'is required'],
    [null, 'sku', 'is required'],
    ['SKU 1', 'sku', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['PED\t1', 'orderNumber', 'must not contain spaces or invisible characters (an order number is a single word)'],
    ['A\u00a0B', 'sku', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['A\u200bB', 'sku', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['A\u0000B', 'sku', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['A'.repeat(65), 'sku', 'must be at most 64 characters'],
    [1.5, 'sku', 'must be text'],
    [true, 'sku', 'must be text'],
  ])('%j → %s', (raw, what, message) => {
    expect(worded(parseKey(raw, what))).toEqual(error(message));
  });
});

describe('parseText', () => {
  it('trims and keeps any Unicode, normalized to NFC', () => {
    expect(parseText('  José Ação 🙂 ', { max: 200 })).toEqual(okValue('José Ação 🙂'));
    expect(parseText('Jose\u0301', { max: 200 })).toEqual(okValue('José'));
  });

  it('keeps SQL- and markup-looking text as plain data', () => {
    const name = "'; DROP TABLE products; --";
    expect(parseText(name, { max: 200 })).toEqual(okValue(name));
    expect(parseText('<b>&amp;</b> "x"', { max: 200 })).toEqual(okValue('<b>&amp;</b> "x"'));
  });

  it('counts characters, not UTF-16 units', () => {
    expect(parseText('🙂'.repeat(5), { max: 5 })).toEqual(okValue('🙂'.repeat(5)));
    expect(worded(parseText('🙂'.repeat(6), { max: 5 }))).toEqual(error('must be at most 5 characters'));
  });

  it('a blank optional value is the empty string', () => {
    expect(parseText('  ', { max: 10, required: false })).toEqual(okValue(''));
    expect(parseText(undefined, { max: 10, required: false })).toEqual(okValue(''));
  });

  it.each<[unknown, string]>([
    ['', 'is required'],
    [undefined, 'is required'],
    ['a'.repeat(201), 'must be at most 200 characters'],
    ['line 1\nline 2', 'must not contain control characters such as line breaks or tabs'],
    ['a\tb', 'must not contain control characters such as line breaks or tabs'],
    ['line 1\r\nline 2', 'must not contain control characters such as line breaks or tabs'],
    ['a\u0000b', 'must not contain control characters (found U+0000 at character 2)'],
    ['a\u007fb', 'must not contain control characters (found U+007F at character 2)'],
    ['a\u0085b', 'must not contain control characters (found U+0085 at character 2)'],
    ['Caneta \u202eazul', 'must not contain text-direction overrides (found U+202E at character 8)'],
    ['Caneta\u200bazul', 'must not contain invisible characters (found U+200B at character 7)'],
    ['Caneta\ud800azul', 'must not contain broken characters (found U+D800 at character 7)'],
    [42, 'must be text'],
  ])('%j → %s', (raw, message) => {
    expect(worded(parseText(raw, { max: 200 }))).toEqual(error(message));
  });
});

describe('parseSlackUserId', () => {
  it.each<[string, string]>([
    ['U012AB3CD', 'U012AB3CD'],
    [' W0123ABCDEF ', 'W0123ABCDEF'],
    ['<@U012AB3CD>', 'U012AB3CD'],
    ['<@U012AB3CD|maria>', 'U012AB3CD'],
  ])('%s → %s', (raw, value) => {
    expect(parseSlackUserId(raw)).toEqual(okValue(value));
  });

  it.each<[unknown, string]>([
    ['', 'is required'],
    ['@maria', 'must be a Slack user ID like U012AB3CD (not a name or @handle)'],
    ['u012ab3cd', 'must be a Slack user ID like U012AB3CD (not a name or @handle)'],
    ['C012AB3CD', 'must be a Slack user ID like U012AB3CD (not a name or @handle)'],
    ['S012AB3CD', 'must be a Slack user ID like U012AB3CD (not a name or @handle)'],
    ['<@maria>', 'must be a Slack user ID like U012AB3CD (not a name or @handle)'],
    ['U', 'must be a Slack user ID like U012AB3CD (not a name or @handle)'],
    [123, 'must be a Slack user ID like U012AB3CD (not a name or @handle)'],
  ])('%j → %s', (raw, message) => {
    expect(worded(parseSlackUserId(raw))).toEqual(error(message));
  });
});

describe('parseCurrency and parseChoice', () => {
  it('accepts 3-letter codes, upper-cased', () => {
    expect(parseCurrency('BRL')).toEqual(okValue('BRL'));
    expect(parseCurrency(' usd ')).toEqual(okValue('USD'));
  });

  it.each(['R$', 'REAL', 'B1L', 'US'])('refuses %s', (raw) => {
    expect(worded(parseCurrency(raw))).toEqual(error('must be a 3-letter currency code like BRL'));
  });

  it('matches a choice case-insensitively', () => {
    expect(parseChoice(' Paid ', ['pending', 'paid'])).toEqual(okValue('paid'));
    expect(worded(parseChoice('open', ['pending', 'paid']))).toEqual(error('must be one of: pending, paid'));
    expect(worded(parseChoice('', ['pending']))).toEqual(error('is required'));
  });
});

describe('parseDocumentList', () => {
  const known = ['cpf', 'rg', 'aso', 'military_service'];

  it('splits on |, trims, lower-cases, ignores empty entries and collapses duplicates', () => {
    expect(parseDocumentList(' CPF | rg||cpf|ASO| ', known)).toEqual(okValue(['cpf', 'rg', 'aso']));
  });

  it('accepts a JSON array of strings', () => {
    expect(parseDocumentList(['RG', 'military_service', 'rg'], known)).toEqual(
      okValue(['rg', 'military_service']),
    );
  });

  it('a blank value is an empty list', () => {
    expect(parseDocumentList('', known)).toEqual(okValue([]));
    expect(parseDocumentList(undefined, known)).toEqual(okValue([]));
    expect(parseDocumentList([], known)).toEqual(okValue([]));
  });

  it('names the unknown codes and lists the known ones', () => {
    expect(worded(parseDocumentList('cpf|passport', known))).toEqual(
      error('has unknown document code "passport" (known codes: cpf, rg, aso, military_service)'),
    );
    expect(worded(parseDocumentList('x|cpf|y', known))).toEqual(
      error('has unknown document codes "x", "y" (known codes: cpf, rg, aso, military_service)'),
    );
  });

  it.each<[unknown]>([[['cpf', 1]], [42], [{ cpf: true }]])('refuses %j', (raw) => {
    expect(worded(parseDocumentList(raw, known))).toEqual(
      error('must be a list of document codes separated by |'),
    );
  });
});

describe('isBlank', () => {
  it('treats absent, null and whitespace as blank, and nothing else', () => {
    expect([undefined, null, '', ' \t'].map(isBlank)).toEqual([true, true, true, true]);
    expect([0, false, 'x', []].map(isBlank)).toEqual([false, false, false, false]);
  });
});

describe('money that reads two ways', () => {
  // Every string that could be two numbers, with both readings: refused unless the file decides.
  it.each<[string, string]>([
    ['1.234', '1.234 could be 1234 or 1.234 (a dot may group thousands or mark decimals): write 1.234,00 for 1234 or 1,234 for 1.234'],
    ['1.500', '1.500 could be 1500 or 1.5 (a dot may group thousands or mark decimals): write 1.500,00 for 1500 or 1,50 for 1.5'],
    ['R$ 1.000', '1.000 could be 1000 or 1 (a dot may group thousands or mark decimals): write 1.000,00 for 1000 or 1,00 for 1'],
    ['-1.250', '-1.250 could be -1250 or -1.25 (a dot may group thousands or mark decimals): write -1.250,00 for -1250 or -1,25 for -1.25'],
  ])('%j without a convention is refused naming both readings', (raw, message) => {
    expect(worded(parseDecimal(raw))).toEqual(error(message));
  });

  it('in a file, the message says how the column could settle it', () => {
    expect(worded(parseDecimal('1.234', { inFile: true }))).toEqual(
      error('1.234 could be 1234 or 1.234 (a dot may group thousands or mark decimals): write 1.234,00 for 1234 or 1,234 for 1.234; a decimal comma anywhere in this column settles it for the whole column'),
    );
  });

  it.each<[string, string]>([
    ['1.234', '1234.00'],
    ['1.500', '1500.00'],
    ['R$ 1.000', '1000.00'],
    ['1234.56', '1234.56'], // two decimals after the dot cannot be thousands: still a decimal point
    ['0.5', '0.50'],
    ['1.234,56', '1234.56'],
  ])('%j where dots group thousands (a ; file, or a decimal comma in the column) → %s', (raw, value) => {
    expect(parseDecimal(raw, { dotsGroupThousands: true })).toEqual(okValue(value));
  });

  it('a JSON number is never ambiguous', () => {
    expect(parseDecimal(1.5)).toEqual(okValue('1.50'));
    expect(parseDecimal(1500)).toEqual(okValue('1500.00'));
    expect(worded(parseDecimal(1.234))).toEqual(error('must have at most 2 decimal places'));
  });

  it.each<[string, string]>([
    ['1,5', 'decimalComma'],
    ['1.234,56', 'decimalComma'],
    ['R$ 10,00', 'decimalComma'],
    ['1.234', 'ambiguous'],
    ['R$ 1.500', 'ambiguous'],
    ['1234.56', 'other'],
    ['12.345.678', 'other'],
    ['1234', 'other'],
    ['abc', 'other'],
    ['1,234.56', 'other'],
  ])('amountNotation(%j) → %s', (raw, notation) => {
    expect(amountNotation(raw)).toBe(notation);
  });
});

describe('properties: Brazilian numbers', () => {
  it('a whole number formatted the Brazilian way (1.234.567) reads back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), (n) => {
        expect(parseInteger(formatNumber(n, 'pt-BR').replace('\u2212', '-'))).toEqual(okValue(n));
        expect(parseInteger(String(n))).toEqual(okValue(n));
      }),
    );
  });

  it('an amount formatted the Brazilian way (R$ 1.234,56 or 1.234,56) reads back as itself, with or without a convention', () => {
    const cents = fc.bigInt({ min: 0n, max: 10n ** 14n - 1n });
    fc.assert(
      fc.property(cents, fc.boolean(), (c, dotsGroupThousands) => {
        const canonical = `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
        const plain = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(canonical as unknown as number);
        expect(parseDecimal(plain, { dotsGroupThousands })).toEqual(okValue(canonical));
        expect(parseDecimal(canonical, { dotsGroupThousands })).toEqual(okValue(canonical));
        if (c < 10n ** 13n) expect(parseDecimal(formatMoney(canonical, 'BRL', 'pt-BR'), { dotsGroupThousands })).toEqual(okValue(canonical));
      }),
    );
  });

  // The readings of a text, independent of the parser: Brazilian (dots group thousands, comma is
  // the decimal mark) and plain/English (commas group thousands, dot is the decimal point).
  const brazilian = (t: string) => (/^-?(\d{1,3}(\.\d{3})*|\d+)(,\d+)?$/.test(t) ? t.replaceAll('.', '').replace(',', '.') : null);
  const english = (t: string) => (/^-?(\d{1,3}(,\d{3})*|\d+)(\.\d+)?$/.test(t) ? t.replaceAll(',', '') : null);
  /** "-007.50" → "-7.5": a number's value as a string, so that readings compare exactly. */
  const value = (t: string) => {
    const [, sign = '', int = '', frac = ''] = /^(-?)(\d*)(?:\.(\d*))?$/.exec(t)!;
    const i = int.replace(/^0+/, '') || '0';
    const f = frac.replace(/0+$/, '');
    return i === '0' && f === '' ? '0' : `${sign}${i}${f ? `.${f}` : ''}`;
  };
  const numberText = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', ',', '-'), minLength: 1, maxLength: 12 });

  it('no text reads as a value that is not one of its readings, and two different readings are never picked from silently', () => {
    fc.assert(
      fc.property(numberText, fc.constantFrom(undefined, true), (text, dotsGroupThousands) => {
        const readings = [brazilian(text), english(text)].filter((r): r is string => r !== null).map(value);
        const money = parseDecimal(text, { dotsGroupThousands });
        if (money.ok) expect(readings).toContain(value(money.value));
        if (money.ok && dotsGroupThousands === undefined) expect(new Set(readings).size).toBe(1);
        const whole = parseInteger(text);
        // Whole numbers follow the Brazilian reading, always.
        if (whole.ok) expect(value(String(whole.value))).toBe(value(brazilian(text) ?? 'NaN'));
      }),
      { numRuns: 5_000 },
    );
  });
});
