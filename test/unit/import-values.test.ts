import { describe, expect, it } from 'vitest';
import {
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
} from '../../src/domain/import/values.js';

const okValue = <T>(value: T) => ({ ok: true, value });
const error = (message: string) => ({ ok: false, message });

describe('parseInteger', () => {
  it.each<[unknown, number]>([
    ['0', 0],
    ['42', 42],
    [' 42 ', 42],
    ['-7', -7],
    ['007', 7],
    ['-0', 0],
    ['1.234,00', 1234], // comma present: dots group thousands, the fraction is zero
    ['1234,0', 1234],
    ['12.0', 12],
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
    ['1.234', 'must be a whole number'], // no comma: the dot is a decimal point → 1.234
    ['1,5', 'must be a whole number'],
    ['1.5', 'must be a whole number'],
    ['abc', 'must be a whole number'],
    ['1e3', 'must be a whole number'],
    ['+5', 'must be a whole number'],
    ['1 000', 'must be a whole number'],
    ['0x10', 'must be a whole number'],
    [1.5, 'must be a whole number'],
    [Number.NaN, 'must be a whole number'],
    [Number.POSITIVE_INFINITY, 'must be a whole number'],
    [true, 'must be a whole number'],
    [{}, 'must be a whole number'],
    ['2147483648', 'must be between -2147483648 and 2147483647'],
    ['-2147483649', 'must be between -2147483648 and 2147483647'],
    ['99999999999999999999', 'must be between -2147483648 and 2147483647'],
    [2 ** 31, 'must be between -2147483648 and 2147483647'],
  ])('%j → %s', (raw, message) => {
    expect(parseInteger(raw)).toEqual(error(message));
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
    ['1.500', '1.50'], // trailing zeros past 2 places lose nothing
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
    ['1.234.567', 'must be a number like 1234.56 or 1.234,56'],
    ['12.34,5', 'must be a number like 1234.56 or 1.234,56'],
    ['1.2345,6', 'must be a number like 1234.56 or 1.234,56'],
    [',5', 'must be a number like 1234.56 or 1.234,56'],
    ['5,', 'must be a number like 1234.56 or 1.234,56'],
    ['1,2,3', 'must be a number like 1234.56 or 1.234,56'],
    ['1e3', 'must be a number like 1234.56 or 1.234,56'],
    ['abc', 'must be a number like 1234.56 or 1.234,56'],
    ['R$ 1.234,56', 'must be a plain number, without a currency symbol or code'],
    ['$10', 'must be a plain number, without a currency symbol or code'],
    ['10 BRL', 'must be a plain number, without a currency symbol or code'],
    ['12.3456', 'must have at most 2 decimal places'],
    ['1.234', 'must have at most 2 decimal places'], // no comma: 1.234, not 1234
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
    expect(parseDecimal(raw)).toEqual(error(message));
  });
});

describe('parseDate', () => {
  it.each(['2026-01-05', '2028-02-29', '2000-02-29', '1900-01-01', '2200-12-31', ' 2026-12-31 '])(
    '%s is valid',
    (raw) => {
      expect(parseDate(raw)).toEqual(okValue(raw.trim()));
    },
  );

  it.each<[unknown, string]>([
    ['', 'is required'],
    [undefined, 'is required'],
    ['2026-02-29', 'must be a real calendar date (YYYY-MM-DD)'],
    ['1900-02-29', 'must be a real calendar date (YYYY-MM-DD)'],
    ['2026-04-31', 'must be a real calendar date (YYYY-MM-DD)'],
    ['2026-13-01', 'must be a real calendar date (YYYY-MM-DD)'],
    ['2026-00-10', 'must be a real calendar date (YYYY-MM-DD)'],
    ['2026-01-00', 'must be a real calendar date (YYYY-MM-DD)'],
    ['1899-12-31', 'must be a date between 1900-01-01 and 2200-12-31'],
    ['2201-01-01', 'must be a date between 1900-01-01 and 2200-12-31'],
    ['05/01/2026', 'must be a date YYYY-MM-DD'],
    ['2026-1-5', 'must be a date YYYY-MM-DD'],
    ['2026-01-05T00:00:00Z', 'must be a date YYYY-MM-DD'],
    [20260105, 'must be a date YYYY-MM-DD'],
  ])('%j → %s', (raw, message) => {
    expect(parseDate(raw)).toEqual(error(message));
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
    expect(parseBoolean(raw)).toEqual(error(message));
  });
});

describe('parseKey', () => {
  it('trims and keeps the value as given, with a lower-cased key for matching', () => {
    expect(parseKey('  SKU-1 ', 'SKU')).toEqual(okValue({ value: 'SKU-1', key: 'sku-1' }));
    expect(parseKey('Ação-É1')).toEqual(okValue({ value: 'Ação-É1', key: 'ação-é1' }));
  });

  it('normalizes to NFC so that both forms of an accent match', () => {
    const decomposed = parseKey('Cafe\u0301');
    expect(decomposed).toEqual(okValue({ value: 'Café', key: 'café' }));
    expect(keyOf('CAFE\u0301')).toBe(keyOf('café'));
  });

  it('accepts a JSON integer (an order number sent as a number)', () => {
    expect(parseKey(1001, 'order number')).toEqual(okValue({ value: '1001', key: '1001' }));
  });

  it('accepts exactly 64 characters', () => {
    expect(parseKey('A'.repeat(64)).ok).toBe(true);
  });

  it.each<[unknown, string, string]>([
    ['', 'SKU', 'is required'],
    [null, 'SKU', 'is required'],
    ['SKU 1', 'SKU', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['PED\t1', 'order number', 'must not contain spaces or invisible characters (an order number is a single word)'],
    ['A\u00a0B', 'SKU', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['A\u200bB', 'SKU', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['A\u0000B', 'SKU', 'must not contain spaces or invisible characters (a SKU is a single word)'],
    ['A'.repeat(65), 'SKU', 'must be at most 64 characters'],
    [1.5, 'SKU', 'must be text'],
    [true, 'SKU', 'must be text'],
  ])('%j → %s', (raw, what, message) => {
    expect(parseKey(raw, what)).toEqual(error(message));
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
    expect(parseText('🙂'.repeat(6), { max: 5 })).toEqual(error('must be at most 5 characters'));
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
    expect(parseText(raw, { max: 200 })).toEqual(error(message));
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
    expect(parseSlackUserId(raw)).toEqual(error(message));
  });
});

describe('parseCurrency and parseChoice', () => {
  it('accepts 3-letter codes, upper-cased', () => {
    expect(parseCurrency('BRL')).toEqual(okValue('BRL'));
    expect(parseCurrency(' usd ')).toEqual(okValue('USD'));
  });

  it.each(['R$', 'REAL', 'B1L', 'US'])('refuses %s', (raw) => {
    expect(parseCurrency(raw)).toEqual(error('must be a 3-letter currency code like BRL'));
  });

  it('matches a choice case-insensitively', () => {
    expect(parseChoice(' Paid ', ['pending', 'paid'])).toEqual(okValue('paid'));
    expect(parseChoice('open', ['pending', 'paid'])).toEqual(error('must be one of: pending, paid'));
    expect(parseChoice('', ['pending'])).toEqual(error('is required'));
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
    expect(parseDocumentList('cpf|passport', known)).toEqual(
      error('has unknown document code "passport" (known codes: cpf, rg, aso, military_service)'),
    );
    expect(parseDocumentList('x|cpf|y', known)).toEqual(
      error('has unknown document codes "x", "y" (known codes: cpf, rg, aso, military_service)'),
    );
  });

  it.each<[unknown]>([[['cpf', 1]], [42], [{ cpf: true }]])('refuses %j', (raw) => {
    expect(parseDocumentList(raw, known)).toEqual(
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
