// Command verbs and argument names in both languages (issue 9, item 7): every verb works in English
// and Portuguese whatever BOT_LOCALE, accents optional; help, usage and argument errors speak the
// bot's language; and a bot configured without BOT_LOCALE speaks Brazilian Portuguese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommandHelp } from '../../src/blocks/replies/help-replies.js';
import { COMMANDS, findCommand, parseCommand } from '../../src/domain/commands/parse-command.js';
import { createI18n, type I18n } from '../../src/i18n/index.js';
import { AppError } from '../../src/lib/errors.js';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { startTestBot } from '../support/test-bot.js';
import { createPgliteTestDatabase, type TestDatabase } from '../support/test-database.js';

const en = createI18n('en', 'America/Sao_Paulo');
const pt = createI18n('pt-BR', 'America/Sao_Paulo');

function refusal(i18n: I18n, command: string, text: string): AppError {
  try {
    parseCommand(i18n, command, text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected ${command} ${text} to be refused`);
}

// [command, Portuguese line, English line, the verb both name]
const PAIRS = [
  ['/stock', 'listar baixo', 'list low', 'list'],
  ['/stock', 'mostrar CAFE-500', 'show CAFE-500', 'show'],
  ['/stock', 'ver CAFE-500', 'show CAFE-500', 'show'],
  ['/stock', 'repor CAFE-500 1.000 nota 12', 'restock CAFE-500 1.000 nota 12', 'restock'],
  ['/stock', 'definir CAFE-500 7', 'set CAFE-500 7', 'set'],
  ['/stock', 'mínimo CAFE-500 10', 'min CAFE-500 10', 'min'],
  ['/stock', 'minimo CAFE-500 10', 'min CAFE-500 10', 'min'],
  ['/stock', 'ajuda', 'help', 'help'],
  ['/orders', 'listar vencidos', 'list overdue', 'list'],
  ['/orders', 'pago PED-1 pix 123', 'paid PED-1 pix 123', 'paid'],
  ['/orders', 'promessa PED-1 31/12/2037', 'promise PED-1 31/12/2037', 'promise'],
  ['/orders', 'cancelar PED-1', 'cancel PED-1', 'cancel'],
  ['/admissions', 'recebido EMP-7 aso', 'received EMP-7 aso', 'received'],
  ['/admissions', 'dispensar EMP-7 aso não se aplica', 'waive EMP-7 aso não se aplica', 'waive'],
  ['/admissions', 'prelim EMP-7', 'prelim EMP-7', 'prelim'],
  ['/alerts', 'adiar 12 4h fornecedor', 'snooze 12 4h fornecedor', 'snooze'],
  ['/alerts', 'resolver 12 contado', 'resolve 12 contado', 'resolve'],
  ['/alerts', 'ciente 12 13', 'ack 12 13', 'ack'],
  ['/alerts', 'reconhecer 12', 'ack 12', 'ack'],
  ['/alerts', 'resumo', 'digest', 'digest'],
  ['/alerts', 'reenviar 17', 'retry 17', 'retry'],
  ['/oncall', 'quem', 'who', 'who'],
  ['/oncall', 'definir <@U0ANA0001> <@U0BIA0002>', 'set <@U0ANA0001> <@U0BIA0002>', 'set'],
  ['/oncall', 'substituir <@U0ANA0001> 2d', 'override <@U0ANA0001> 2d', 'override'],
  ['/holidays', 'listar 2027', 'list 2027', 'list'],
] as const;

describe('command verbs in both languages', () => {
  for (const i18n of [pt, en]) {
    it.each(PAIRS)(`${i18n.locale}: %s %s is the same action as in English`, (command, ptLine, enLine, verb) => {
      const fromPt = parseCommand(i18n, command, ptLine).action;
      expect(fromPt.verb).toBe(verb);
      expect(fromPt).toEqual(parseCommand(i18n, command, enLine).action);
    });
  }

  it('ignores case and accents in verbs and fixed words', () => {
    expect(parseCommand(pt, '/stock', 'MÍNIMO CAFE-500 3').action).toMatchObject({ verb: 'min', quantity: 3 });
    expect(parseCommand(en, '/stock', 'Minimo CAFE-500 3').action).toMatchObject({ verb: 'min', quantity: 3 });
    expect(parseCommand(en, '/stock', 'listar BAIXO').action).toEqual({ command: 'stock', verb: 'list', lowOnly: true });
  });

  it('ignores case and accents in filter names and kind words, in any Unicode form', () => {
    const selection = (text: string) => (parseCommand(pt, '/alerts', text).action as { selection: unknown }).selection;
    const admissions = { filter: { kinds: ['missing_documents'] } };
    expect(selection('ciente tipo:admissões')).toEqual(admissions);
    expect(selection('ciente TIPO:Admissoes')).toEqual(admissions);
    expect(selection('ciente tipo:ADMISSÕES'.normalize('NFD'))).toEqual(admissions);
    expect(selection('ciente Cliente:"Bar do Zé"')).toEqual({ filter: { customer: 'Bar do Zé' } });
  });

  it('gives each word to one verb only within a command', () => {
    for (const command of COMMANDS) {
      const words = command.verbs.flatMap((v) => [v.verb, ...v.pt].map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()));
      expect(new Set(words).size, command.name).toBe(words.length);
    }
  });
});

describe('help, usage and argument errors in the bot language', () => {
  it('pt-BR help lists the Portuguese words and arguments, with the English word after each', () => {
    const help = renderCommandHelp(pt, findCommand('stock')!).text;
    expect(help).toContain('`/stock repor SKU QTD [OBSERVAÇÃO]` — soma unidades recebidas');
    expect(help).toContain('ou `restock`');
    expect(help).toContain('`/stock mínimo SKU QTD`');
    expect(help).toContain('`/stock listar [baixo]`');
    expect(help).not.toMatch(/`\/stock (restock|list|show|set|min|help)\b/);
    expect(renderCommandHelp(pt, findCommand('orders')!).text).toContain('`/orders promessa NÚMERO DD/MM/AAAA`');
    expect(renderCommandHelp(pt, findCommand('alerts')!).text).toContain('`/alerts adiar ID…|FILTRO… DURAÇÃO|DD/MM/AAAA [MOTIVO]`');
    expect(renderCommandHelp(pt, findCommand('admissions')!).text).toContain('`/admissions dispensar CÓDIGO DOC MOTIVO`');
    expect(renderCommandHelp(pt, findCommand('oncall')!).text).toContain('`/oncall substituir @pessoa DURAÇÃO`');
  });

  it('en help lists the English words, with the Portuguese word after each', () => {
    const help = renderCommandHelp(en, findCommand('stock')!).text;
    expect(help).toContain('`/stock restock SKU QTY [note]` — add units received');
    expect(help).toContain('or `repor`');
    expect(help).not.toMatch(/`\/stock (repor|listar|mostrar|definir|mínimo|ajuda)\b/);
  });

  it('names arguments in Portuguese in errors and usage, whichever language the verb was typed in', () => {
    for (const line of ['repor CAFE-500', 'restock CAFE-500']) {
      const error = refusal(pt, '/stock', line);
      expect(error.userMessage).toBe('Falta QTD.');
      expect(error.hint).toBe('/stock repor SKU QTD [OBSERVAÇÃO]');
    }
    expect(refusal(pt, '/orders', 'promessa PED-1 amanhã').userMessage).toMatch(/^DD\/MM\/AAAA `amanhã` deve ser uma data/);
    expect(refusal(pt, '/alerts', 'adiar 12').userMessage).toBe('Falta DURAÇÃO|DD/MM/AAAA.');
    expect(refusal(pt, '/admissions', 'dispensar EMP-7 aso').userMessage).toBe('Falta MOTIVO.');
    expect(refusal(pt, '/orders', 'mostrar').userMessage).toBe('Falta NÚMERO.');
    expect(refusal(pt, '/admissions', 'ver').userMessage).toBe('Falta CÓDIGO.');
    expect(refusal(en, '/stock', 'repor CAFE-500').userMessage).toBe('Missing QTY.');
    expect(refusal(en, '/stock', 'repor CAFE-500').hint).toBe('/stock restock SKU QTY [note]');
  });

  it('lists the usage in the bot language for an unknown verb or command', () => {
    expect(refusal(pt, '/stock', 'vender CAFE-500').hint).toContain('/stock repor SKU QTD [OBSERVAÇÃO]');
    expect(refusal(pt, '/estoque', '').hint).toContain('/stock ajuda');
    expect(refusal(en, '/estoque', '').hint).toContain('/stock help');
  });
});

describe('a bot configured without BOT_LOCALE [pglite]', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createPgliteTestDatabase();
    await seed(database.db, 'products', [{ sku: 'CAFE-500', name: 'Café 500 g', stock: 3, min_stock: 20 }]);
  });
  afterAll(async () => {
    await database.close();
  });

  it('speaks Brazilian Portuguese at the console, and takes English verbs too', async () => {
    // BOT_LOCALE blank is unset: the product default, not the tests' English.
    const bot = await startTestBot(database.db, { env: { BOT_LOCALE: '' }, clock: new FakeClock(new Date('2037-11-24T12:00:00Z')) });
    try {
      expect(bot.deps.config.locale).toBe('pt-BR');
      expect(await bot.type('/stock repor CAFE-500 1.000')).toContain('O console local repôs CAFE-500 Café 500 g: +1.000 → 1.003');
      expect(await bot.type('/stock restock CAFE-500 2')).toContain('O console local repôs CAFE-500');
      const shown = await bot.type('/stock ver CAFE-500');
      expect(shown).toContain('reposição · o console local');
      expect(shown).not.toMatch(/· local\b/);
      expect(await bot.type('/stock repor')).toContain('Falta SKU.');
    } finally {
      await bot.stop();
    }
  });
});
