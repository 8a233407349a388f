// The bot on a PostgreSQL server reached through a TCP proxy; the proxy cuts the connection while
// the watch job ticks every second. Nothing may end the process (no unhandled rejection), /healthz
// and the ingest API answer 503 promptly, a command gets a polite "try again shortly", and once the
// connection is back the next tick runs a full cycle and /healthz is 200 again.
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { isDatabaseUnavailable } from '../../src/lib/database-unavailable.js';
import { createLogger } from '../../src/lib/logger.js';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { proxiedUrl, startTcpProxy, urlTarget, type TcpProxy } from '../support/tcp-proxy.js';
import { createServerTestDatabase, describeOnServer, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-deps.js';

const TOKEN = 'ingest-token-0123456789';

describeOnServer('a database outage', () => {
  let server: TestDatabase;
  let proxy: TcpProxy;
  let viaProxy: Database;
  let bot: RunningBot;
  let baseUrl: string;
  const logs: Record<string, unknown>[] = [];
  const input = new PassThrough();
  let printed = '';
  const processFailures: unknown[] = [];
  const onRejection = (reason: unknown) => processFailures.push(reason);
  const onException = (error: unknown) => processFailures.push(error);

  const logged = (msg: string) => logs.filter((l) => l.msg === msg).length;
  const alerts = () => server.db.prisma.alert.count();

  beforeAll(async () => {
    server = await createServerTestDatabase();
    await seed(server.db, 'products', [{ sku: 'CAFE-500', name: 'Café', stock: 3, min_stock: 20 }]);
    proxy = await startTcpProxy(urlTarget(server.url!));
    viaProxy = databaseFromUrl(proxiedUrl(server.url!, proxy.port));
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    // Local mode (the console stands for any listener: both go through runCommand), cron ticks every second.
    const config = testConfig({ PORT: '0', LOG_LEVEL: 'info', BOT_LOCALE: 'en', WATCH_CRON: '*/1 * * * * *', STOCK_CHANNEL: 'C0STOCK001', INGEST_API_TOKEN: TOKEN });
    bot = await startBot({ config, logger: createLogger({ level: 'info', destination: sink }), clock: new FakeClock(), db: viaProxy, input, output, schedule: true, instanceId: 'outage' });
    baseUrl = `http://127.0.0.1:${bot.port}`;
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    await bot?.stop();
    await viaProxy?.close();
    await proxy?.close();
    await server?.close();
  });

  async function type(line: string): Promise<string> {
    const before = printed.length;
    input.write(`${line}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    await bot.console?.idle();
    return printed.slice(before);
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = Date.now();
    const value = await work();
    return { value, ms: Date.now() - started };
  }

  const ingest = (rows: unknown[]) =>
    fetch(`${baseUrl}/api/v1/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    });

  it('keeps running through the outage and resumes on the next tick', async () => {
    // Before: the start-up run or a tick has watched, and all is well.
    await expect.poll(alerts, { timeout: 10_000 }).toBe(1);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);

    await proxy.cut();
    // Ticks go on failing their claim: two of them, one second apart.
    const failedBefore = logged('job claim failed: database unavailable');
    await expect.poll(() => logged('job claim failed: database unavailable') - failedBefore, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    // The same path on demand: the claim fails, classified as an outage.
    await expect(bot.runWatchCycle()).rejects.toSatisfy(isDatabaseUnavailable);

    const health = await timed(() => fetch(`${baseUrl}/healthz`));
    expect(health.value.status).toBe(503);
    expect(await health.value.json()).toMatchObject({ status: 'degraded', db: 'down' });
    expect(health.ms).toBeLessThan(3_000);

    const refused = await ingest([{ sku: 'ARROZ-5KG', name: 'Arroz', stock: 40, min_stock: 10 }]);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toEqual({ error: 'database unavailable, try again shortly' });

    expect(await type('/stock list')).toContain('The database is unavailable right now; please try again shortly.');
    expect(logged('command failed: database unavailable')).toBe(1);

    // Meanwhile another product ran low (written straight to the server, not through the proxy).
    await seed(server.db, 'products', [{ sku: 'ACUCAR-1KG', name: 'Açúcar', stock: 1, min_stock: 10 }]);
    expect(processFailures).toEqual([]);

    await proxy.restore();
    // The next tick watches again and finds it.
    await expect.poll(alerts, { timeout: 5_000 }).toBe(2);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const accepted = await ingest([{ sku: 'ARROZ-5KG', name: 'Arroz', stock: 40, min_stock: 10 }]);
    expect(accepted.status).toBe(200);
    expect(await type('/stock list')).toContain('ACUCAR-1KG');

    expect(processFailures).toEqual([]);
    expect(logs.filter((l) => l.msg === 'unhandled promise rejection (a bug): kept running')).toEqual([]);
  }, 30_000);
});
