// Slash-command acknowledgement under load: 50 concurrent clients sending signed `/stock show SKU`
// over HTTP for 20 s (BENCH_ACK_CLIENTS, BENCH_ACK_SECONDS) to the bot in HTTP mode (the fake Slack
// answers its Web API calls), on a database of 100,000 products — the server's when reachable, else
// PGlite. Floor: a bare Bolt app on the same machine whose handler only acks, under the same load.
// The clients run in this process, as for the floor. Targets (issue 11, item 2): p99 ≤ 250 ms and
// the ratio of medians ≤ 3 (Slack gives up at 3,000 ms).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import { databaseFromUrl, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { withDatabaseName } from '../test/support/database-names.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { dropDatabase, recreateDatabase } from '../test/support/global-setup.js';
import { sendSlashCommand } from '../test/support/slack-requests.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, startTestBot } from '../test/support/test-bot.js';
import { median, openBenchPglite, type BenchModule } from './harness.js';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const PRODUCTS = 100_000;
const CLIENTS = Number(process.env.BENCH_ACK_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_ACK_SECONDS ?? 20);
const MAX_P99_MS = 250;
const MAX_MEDIAN_RATIO = 3;

interface Load {
  latenciesMs: number[];
  failures: number;
  /** this process's CPU (server and clients together) per request answered */
  cpuMsPerRequest: number;
}

/** CLIENTS loops, each sending the next request when the last was answered, for SECONDS. */
async function load(baseUrl: string, expect: (body: string) => boolean): Promise<Load> {
  const latenciesMs: number[] = [];
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; performance.now() < until; i++) {
        const sku = `SKU-${1 + ((client * 7919 + i * 104_729) % PRODUCTS)}`;
        const started = performance.now();
        try {
          const response = await sendSlashCommand(baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: `show ${sku}`, user_id: `U0LOAD${client}` });
          latenciesMs.push(performance.now() - started);
          if (response.status !== 200 || !expect(response.body)) failures++;
        } catch {
          failures++;
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { latenciesMs, failures, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / latenciesMs.length };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function withDatabase<T>(fn: (db: Database, engine: string) => Promise<T>): Promise<T> {
  const name = `retaguarda_bench_ack_${randomBytes(4).toString('hex')}`;
  try {
    await recreateDatabase(SERVER_URL, name);
  } catch {
    const dir = await mkdtemp(join(tmpdir(), 'retaguarda-bench-ack-'));
    const db = await openBenchPglite(join(dir, 'data'));
    try {
      return await fn(db, 'PGlite');
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  const db = databaseFromUrl(withDatabaseName(SERVER_URL, name));
  try {
    await migrate(db);
    return await fn(db, 'server');
  } finally {
    await db.close();
    await dropDatabase(SERVER_URL, name);
  }
}

const bench: BenchModule = {
  title: `slash-command acknowledgement: ${CLIENTS} clients × ${SECONDS} s of /stock show, ${PRODUCTS.toLocaleString('en-US')} products`,
  async run(report) {
    const fake = await startFakeSlack({ tokens: [TEST_BOT_TOKEN] });
    try {
      const floorApp = new App({
        token: TEST_BOT_TOKEN,
        signingSecret: TEST_SIGNING_SECRET,
        logLevel: LogLevel.ERROR,
        clientOptions: { slackApiUrl: fake.apiUrl },
      });
      floorApp.command('/stock', async ({ ack }) => ack());
      const server = await floorApp.start({ port: 0, host: '127.0.0.1' });
      const floor = await load(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => true);
      await floorApp.stop();

      const { engine, bot } = await withDatabase(async (db, engine) => {
        await db.withSession((s) =>
          s.query(
            `INSERT INTO products (sku, sku_key, name, stock, min_stock, unit)
             SELECT 'SKU-' || g, 'sku-' || g, 'Produto ' || g, 100 + g % 50, 20, 'un' FROM generate_series(1, $1::int) g`,
            [PRODUCTS],
          ),
        );
        await db.withSession((s) => s.exec('ANALYZE'));
        const running = await startTestBot(db, { fake });
        try {
          return { engine, bot: await load(running.baseUrl, (body) => body.includes('SKU-')) };
        } finally {
          await running.stop();
        }
      });

      const floorMedian = median(floor.latenciesMs);
      const notes = (l: Load) => [
        `${l.latenciesMs.length.toLocaleString('en-US')} requests (${Math.round(l.latenciesMs.length / SECONDS)}/s)`,
        `p99 ${percentile(l.latenciesMs, 99).toFixed(0)} ms`,
        `CPU ${l.cpuMsPerRequest.toFixed(2)} ms/request`,
        `${l.failures} failed`,
      ];
      report({
        name: `ack /stock show (${engine}): median`,
        figure: median(bot.latenciesMs),
        unit: 'ms',
        floor: floorMedian,
        maxRatio: MAX_MEDIAN_RATIO,
        check: { target: 'no failure', ok: bot.failures === 0 },
        notes: [...notes(bot), `floor: bare Bolt, ${notes(floor).join(', ')}`],
      });
      report({
        name: `ack /stock show (${engine}): p99`,
        figure: percentile(bot.latenciesMs, 99),
        unit: 'ms',
        floor: percentile(floor.latenciesMs, 99),
        limit: MAX_P99_MS,
      });
    } finally {
      await fake.close();
    }
  },
};

export default bench;
