// Quantities and dates in slash commands as Brazilians type them: `1.000` is a thousand, never one;
// `31/12/2026` is a date; `12/31/2026` is refused saying why — in both languages.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/commands/parse-command.js';
import { createI18n, type I18n } from '../../src/i18n/index.js';
import { AppError } from '../../src/lib/errors.js';

const en = createI18n('en', 'America/Sao_Paulo');
const pt = createI18n('pt-BR', 'America/Sao_Paulo');

const action = (command: string, text: string) => parseCommand(en, command, text).action as unknown as Record<string, unknown>;
const refusal = (command: string, text: string, i18n: I18n): string => {
  try {
    parseCommand(i18n, command, text);
  } catch (error) {
    if (error instanceof AppError) return error.userMessage;
    throw error;
  }
  throw new Error(`${command} ${text} was accepted`);
};

describe('quantities in commands', () => {
  it.each<[string, number]>([
    ['restock CAFE-500 1.000', 1000],
    ['restock CAFE-500 12.345', 12345],
    ['restock CAFE-500 40', 40],
  ])('/stock %s → %d', (text, quantity) => {
    expect(action('/stock', text)).toMatchObject({ verb: 'restock', sku: 'CAFE-500', quantity });
  });

  it('a stock level and a minimum too', () => {
    expect(action('/stock', 'set CAFE-500 2.500')).toMatchObject({ quantity: 2500 });
    expect(action('/stock', 'min CAFE-500 1.000')).toMatchObject({ quantity: 1000 });
  });

  it.each(['1.5', '1.50', '1.0000', '1,5', '1,000'])('refuses %s, in English and Portuguese', (qty) => {
    expect(refusal('/stock', `restock CAFE-500 ${qty}`, en)).toBe(
      `QTY \`${qty}\` must be a whole number of units, 1 or more (a dot groups thousands: 1.000 is 1000).`,
    );
    expect(refusal('/stock', `restock CAFE-500 ${qty}`, pt)).toContain(
      `\`${qty}\` deve ser um número inteiro de unidades, 1 ou mais (o ponto separa milhares: 1.000 é mil).`,
    );
  });
});

describe('dates in commands', () => {
  it.each<[string, string]>([
    ['promise PED-1 31/12/2026', '2026-12-31'],
    ['promise PED-1 5/1/2027', '2027-01-05'],
    ['promise PED-1 2026-12-31', '2026-12-31'],
  ])('/orders %s → %s', (text, date) => {
    expect(action('/orders', text)).toMatchObject({ verb: 'promise', date });
  });

  it('a snooze until a DD/MM/AAAA date', () => {
    expect(action('/alerts', 'snooze 42 31/12/2026')).toMatchObject({ until: { date: '2026-12-31' } });
  });

  it('refuses a month-first date, naming the month that does not exist', () => {
    expect(refusal('/orders', 'promise PED-1 12/31/2026', en)).toContain('`12/31/2026` is not a date: month 31 does not exist (dates are DD/MM/AAAA).');
    expect(refusal('/orders', 'promise PED-1 12/31/2026', pt)).toContain('`12/31/2026` não é uma data: o mês 31 não existe (as datas são DD/MM/AAAA).');
    expect(refusal('/alerts', 'snooze 42 12/31/2026', en)).toContain('month 31 does not exist');
  });

  it('refuses a date that does not exist, and text that is not a date', () => {
    expect(refusal('/orders', 'promise PED-1 31/02/2026', en)).toContain('`31/02/2026` is not a real date: that day does not exist.');
    expect(refusal('/orders', 'promise PED-1 31/02/2026', pt)).toContain('`31/02/2026` não é uma data real: esse dia não existe.');
    expect(refusal('/orders', 'promise PED-1 amanhã', pt)).toContain('`amanhã` deve ser uma data no formato DD/MM/AAAA ou AAAA-MM-DD.');
  });
});
