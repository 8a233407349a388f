// A property-based fuzz (fast-check) of the one command router, runCommand — what Slack's slash
// commands and the local console both call — against a real PGlite holding seeded products,
// orders, a new hire, open alerts and an on-call rotation. Thousands of generated lines for every
// command and verb: real and junk words, keys, numbers, dates, durations, mentions, Slack markup,
// SQL fragments, quotes, random Unicode (lone surrogates and control characters included) and very
// long text. Whatever comes in: no exception, never the internal-error reply, always a non-empty
// reply within Slack's limits, and a refused line leaves the data exactly as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run-command.js';
import type { Actor } from '../../src/domain/actor.js';
import { runWatchCycle } from '../../src/domain/alerts/run-watch-cycle.js';
import { COMMANDS } from '../../src/domain/commands/parse-command.js';
import { setRotation } from '../../src/domain/oncall/set-rotation.js';
import { validateBlocks, validateMessageText } from '../support/block-kit-limits.js';
import { FakeClock } from '../support/fake-clock.js';
import { ALL_DOCUMENTS, seed } from '../support/seed.js';
import { createPgliteTestDatabase, type TestDatabase } from '../support/test-database.js';
import { makeTestDeps, type TestDeps } from '../support/test-deps.js';

const NOW = '2026-11-25T15:00:00Z';
const ADMIN = 'U0ADMIN001';
const CLERK = 'U0STOCK001';
const OUTSIDER = 'U0SALES001';
const ANA = 'U0ANA00001';

/** Everything a command may change, as one hash. Refused attempts are audited on purpose: left out. */
const CHECKSUM_SQL = `SELECT md5(concat_ws('|',
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM products t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM stock_movements t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM orders t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM employees t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM admission_documents t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM alerts t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM alert_events t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM outbox_messages t),
  (SELECT string_agg(t::text, ',' ORDER BY t.position) FROM oncall_members t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM oncall_overrides t),
  (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM audit_events t WHERE outcome = 'ok')
)) AS sum`;
/**
 * The next transaction id to be assigned. PostgreSQL assigns one to every transaction that writes
 * (even one rolled back), so while it stays put nothing was written and the checksum, which costs
 * more, need not be taken again.
 */
const NEXT_XID_SQL = 'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid';

// ---------------------------------------------------------------------------------------------
// Generators

const unicode = fc.string({ unit: 'binary', maxLength: 30 });
const graphemes = fc.string({ unit: 'grapheme', maxLength: 30 });
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const hidden = fc.constantFrom('\u0000', '\u0007', '\u001b[2J', '\u007f', '\u0085', '\u202e', '\u2066', '\u200b', '\u2060', '\ufeff', '\u{e0041}', '\r', '\r\n', '\t', '\n');
const sql = fc.constantFrom(
  "'; DROP TABLE products; --",
  '" OR 1=1 --',
  "1' OR '1'='1",
  '$1',
  '\\',
  '%_%',
  "O'Brien",
  '); DELETE FROM alerts; --',
  "E'\\x00'",
  '/* */',
);
const markup = fc.constantFrom(
  '<@U0ANA00001>',
  '<@U0ANA00001|ana>',
  '<@W0TEST0001>',
  '<@U999ZZZZ9>',
  '<@UNKNOWN>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<#C0GERAL01|geral>',
  '<#C1|x>',
  '<!subteam^S0TEAM001|@estoque>',
  '<https://example.com|click>',
  '&lt;!channel&gt;',
  '&amp;lt;',
  '<@U0ANA00001',
  '@ana',
  '*bold* _it_ ~st~ `code` ```block```',
  '> quote',
  ':warning:',
);
const longText = fc.tuple(fc.constantFrom('x', 'ção ', '👩‍💻', 'a b ', '\u200b', '&lt;'), fc.integer({ min: 40, max: 12_000 })).map(([piece, n]) => piece.repeat(n));
const freeText = fc.oneof(
  { arbitrary: unicode, weight: 3 },
  { arbitrary: graphemes, weight: 3 },
  { arbitrary: fc.array(fc.oneof(graphemes, hidden, loneSurrogate, sql, markup), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' ')), weight: 4 },
  { arbitrary: sql, weight: 1 },
  { arbitrary: markup, weight: 1 },
  { arbitrary: longText, weight: 1 },
);

const key = fc.oneof(
  fc.constantFrom('CAFE-500', 'cafe-500', 'ARROZ-5KG', 'PED-1001', 'ped-1002', 'EMP-7', 'EMP-8', 'NOPE-1', 'CAFE\u200b-500', 'CAFÉ-500', 'x'.repeat(70)),
  graphemes,
);
const number = fc.oneof(
  fc.constantFrom('0', '1', '3', '40', '-1', '+2', '1.000', '1,5', '1e3', 'dez', '٣', '2147483647', '2147483648', '99999999999', '0x10', ' '),
  fc.integer({ min: -5, max: 100 }).map(String),
);
const date = fc.constantFrom('2026-12-01', '2026-11-26', '2026-02-30', '2037-11-30', '01/12/2026', '2026-13-01', '1899-01-01', 'amanhã', '2026-11-25');
const duration = fc.constantFrom('1h', '30m', '2d', '1w', '45s', '0h', '-1h', '1h30m', '999w', '4', 'h', '30d', '31d');
const alertId = fc.oneof(fc.constantFrom('#1', '1', '2', '#3', '#0', '#999999999', '#1234567890', '#-1', '##1', '#1.5'), fc.integer({ min: 0, max: 8 }).map((n) => `#${n}`));
/** One alert, several (some repeated or unknown), or filters — valid, misspelt or mixed with numbers. */
const alertSelection = fc.oneof(
  { arbitrary: alertId, weight: 3 },
  { arbitrary: fc.array(alertId, { minLength: 2, maxLength: 6 }).map((ids) => ids.join(' ')), weight: 2 },
  {
    arbitrary: fc
      .array(
        fc.constantFrom('kind:stock', 'tipo:pedidos', 'kind:RH', 'kind:vendas', 'customer:"Padaria Pão Quente"', 'cliente:“Bar do Zé”', 'customer:"aberto', 'customer:', 'group:1', 'grupo:#999', 'group:x', 'foo:bar'),
        { minLength: 1, maxLength: 3 },
      )
      .map((words) => words.join(' ')),
    weight: 2,
  },
  { arbitrary: fc.tuple(alertId, fc.constantFrom('kind:stock', 'customer:"Bar do Zé"')).map(([id, filter]) => `${id} ${filter}`), weight: 1 },
);
const documentCode = fc.constantFrom('aso', 'cpf', 'rg', 'proof_of_address', 'ASO', 'ctps', 'military_service', 'xyz', 'a', 'proof-of-address');
const mention = fc.oneof(markup, fc.constantFrom('<@U0ANA00001>', '<@U0BRUNO001|bruno>', 'U0ANA00001', '<@U0CARLA001>', '<@U0ANA00001>'));

/** Arguments shaped for each verb (each one sometimes wrong), plus anything at all. */
const ARGS: Record<string, fc.Arbitrary<string>[]> = {
  list: [fc.constantFrom('', 'low', 'overdue', 'LOW', 'all')],
  show: [key],
  restock: [key, number, freeText],
  set: [key, number],
  min: [key, number],
  paid: [key, freeText],
  promise: [key, date],
  cancel: [key],
  received: [key, documentCode],
  waive: [key, documentCode, freeText],
  ack: [alertSelection],
  resolve: [alertId, freeText],
  snooze: [alertSelection, fc.oneof(duration, date), freeText],
  digest: [],
  help: [],
  who: [],
  set_oncall: [fc.array(mention, { maxLength: 5 }).map((m) => m.join(' '))],
  override: [mention, duration],
};

const whitespace = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0');

function lineFor(command: string): fc.Arbitrary<string> {
  const verbs = COMMANDS.find((c) => c.name === command)!.verbs.map((v) => v.verb);
  const shaped = fc.constantFrom(...verbs).chain((verb) => {
    const args = ARGS[command === 'oncall' && verb === 'set' ? 'set_oncall' : verb] ?? [];
    const verbWord = fc.oneof({ arbitrary: fc.constant(verb), weight: 4 }, { arbitrary: fc.constant(verb.toUpperCase()), weight: 1 });
    return fc
      .tuple(
        verbWord,
        fc.tuple(...args.map((a) => fc.oneof({ arbitrary: a, weight: 5 }, { arbitrary: freeText, weight: 1 }))),
        fc.array(freeText, { maxLength: 1 }), // sometimes an extra word
        whitespace,
      )
      .map(([v, a, extra, sep]) => [v, ...a, ...extra].join(sep));
  });
  return fc.oneof({ arbitrary: shaped, weight: 8 }, { arbitrary: freeText, weight: 1 }, { arbitrary: fc.constant(''), weight: 1 });
}

const commandName = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMANDS.map((c) => `/${c.name}`)), weight: 20 },
  { arbitrary: fc.constantFrom('help', '/help', '/STOCK', 'stock', '/estoque', '/', ''), weight: 1 },
  { arbitrary: graphemes, weight: 1 },
);

const input = commandName.chain((command) => {
  const known = COMMANDS.find((c) => `/${c.name}` === command.toLowerCase() || c.name === command.toLowerCase());
  return fc.record({
    command: fc.constant(command),
    text: known ? lineFor(known.name) : freeText,
    actor: fc.oneof(
      { arbitrary: fc.constant<Actor>({ userId: ADMIN }), weight: 6 },
      { arbitrary: fc.constant<Actor>({ userId: CLERK }), weight: 2 },
      { arbitrary: fc.constant<Actor>({ userId: OUTSIDER }), weight: 2 },
      { arbitrary: fc.constant<Actor>({ userId: 'local', local: true }), weight: 1 },
    ),
  });
});

// ---------------------------------------------------------------------------------------------

describe('command router fuzz [pglite]', () => {
  let database: TestDatabase;
  let deps: TestDeps;

  beforeAll(async () => {
    database = await createPgliteTestDatabase();
    deps = makeTestDeps(database.db, { env: { ADMIN_USERS: ADMIN, STOCK_TEAM: CLERK, FINANCE_TEAM: ADMIN, HR_TEAM: ADMIN, LOG_LEVEL: 'info' }, clock: new FakeClock(NOW) });
    await seed(database.db, 'products', [
      { sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 3, min_stock: 20, reorder_qty: 40 },
      { sku: 'ARROZ-5KG', name: 'Arroz 5 kg', stock: 40, min_stock: 10 },
      { sku: 'ZERO-1', name: 'Açúcar 1 kg', stock: 0, min_stock: 5 },
    ]);
    await seed(database.db, 'orders', [
      { number: 'PED-1001', customer: 'Padaria Pão Quente', total: '1234.56', due_date: '2026-10-01', status: 'pending' },
      { number: 'PED-1002', customer: 'Mercado Bom Preço', total: '99.90', due_date: '2026-11-20', status: 'pending' },
      { number: 'PED-1003', customer: 'Bar do Zé', total: '10.00', due_date: '2026-11-01', status: 'paid', paid_at: '2026-11-02' },
    ]);
    await seed(database.db, 'employees', [
      { code: 'EMP-7', name: 'Ana Souza', start_date: '2026-11-30', received_documents: 'cpf|rg' },
      { code: 'EMP-8', name: 'Bruno Lima', start_date: '2026-12-20', received_documents: ALL_DOCUMENTS },
    ]);
    await setRotation({ db: database.db, i18n: deps.i18n, clock: deps.clock }, { userId: 'local', local: true }, [ANA, 'U0BRUNO001']);
    await runWatchCycle(deps);
    expect(await database.db.prisma.alert.count()).toBeGreaterThanOrEqual(4);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers every generated command line with a clear reply, and writes nothing for a refused one', async () => {
    const internal = deps.i18n.t('error.internal');
    const query = async <T>(sql: string) => (await database.db.prisma.$queryRawUnsafe<T[]>(sql))[0]!;
    /** The data's checksum now, reusing `previous` when no transaction has written since. */
    const dataState = async (previous?: { xid: string; sum: string }) => {
      const { xid } = await query<{ xid: string }>(NEXT_XID_SQL);
      if (previous?.xid === xid) return previous;
      return { xid, sum: (await query<{ sum: string }>(CHECKSUM_SQL)).sum };
    };
    let last = await dataState();
    const seen = { refused: 0, answered: 0, changed: 0 };

    await fc.assert(
      fc.asyncProperty(input, async ({ command, text, actor }) => {
        const logged = deps.logs.length;
        const reply = await runCommand(deps, { command, text, actor });

        expect(typeof reply.text).toBe('string');
        expect(reply.text.trim()).not.toBe('');
        expect(reply.text).not.toContain(internal);
        expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
        expect(validateMessageText(reply.text)).toEqual([]);
        const logs = deps.logs.slice(logged);
        expect(logs.filter((l) => (l.level as number) >= 50)).toEqual([]);

        // Every refusal goes through reportError, which logs 'command refused' once.
        const refused = logs.some((l) => l.msg === 'command refused');
        const now = await dataState(last);
        if (refused) {
          seen.refused++;
          expect(now.sum, `a refused ${command} ${JSON.stringify(text.slice(0, 200))} changed the data`).toBe(last.sum);
        } else {
          seen.answered++;
          if (now.sum !== last.sum) seen.changed++;
        }
        last = now;
      }),
      { numRuns: 2000 },
    );
    // The generators reach both sides: many refusals, and valid commands that did change data.
    expect(seen.refused).toBeGreaterThan(500);
    expect(seen.answered).toBeGreaterThan(200);
    expect(seen.changed).toBeGreaterThan(0);
  });
});
