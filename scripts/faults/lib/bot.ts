// A real bot process, its TypeScript sources through tsx (`node --import tsx src/main.ts`; `npm start`
// runs the same compiled to JavaScript), in HTTP mode against the fake Slack of the script, on a
// PostgreSQL database, on 127.0.0.1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnScript, type Spawned } from '../../../test/support/child-process.js';
import type { FakeSlack } from '../../../test/support/fake-slack.js';

export const BOT_TOKEN = 'xoxb-faults-0000-token';
export const SIGNING_SECRET = 'faultssigningsecret0123456789';
export const INGEST_TOKEN = 'faults-ingest-token-0123456789';
export const CHANNELS = { stock: 'C0FLTSTOCK', finance: 'C0FLTFINANCE', hr: 'C0FLTHR', digest: 'C0FLTDIGEST' } as const;
export const DEFAULT_WATCH_CRON = '*/2 * * * * *';

// Without a .env of the developer's: the bot reads one from its working directory.
const WORK_DIR = mkdtempSync(join(tmpdir(), 'retaguarda-faults-'));

/** One pino JSON line of the bot's stdout. */
export interface LogRecord {
  level: number;
  time: number;
  msg?: string;
  [field: string]: unknown;
}

export interface BotOptions {
  name: string;
  databaseUrl: string;
  fake: FakeSlack;
  /** extra or overriding environment (WATCH_CRON, LOG_LEVEL, …) */
  env?: Record<string, string>;
  /** called for every JSON log line */
  onLog?: (record: LogRecord) => void;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface BotProcess {
  name: string;
  pid: number;
  port: number;
  url: string;
  /** when the process was spawned (epoch ms) */
  startedAt: number;
  /** warnings and errors it logged (level ≥ 40) */
  problems: LogRecord[];
  exited: Promise<number | null>;
  alive(): boolean;
  /** it ended without being told to (kill or stop): a crash */
  crashed(): boolean;
  /** the last lines it printed, for a failure report */
  tail(lines?: number): string;
  /** GET /healthz: the status, or undefined when nothing answered */
  health(timeoutMs?: number): Promise<number | undefined>;
  waitHealthy(timeoutMs: number): Promise<void>;
  ingest(kind: 'products' | 'orders' | 'employees', rows: unknown[]): Promise<HttpAnswer>;
  /** SIGKILL, resolved once the process is gone */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code */
  stop(timeoutMs?: number): Promise<number | null>;
}

export function botEnvironment(options: Pick<BotOptions, 'databaseUrl' | 'fake' | 'env'>, port: number): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.fake.apiUrl,
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    STOCK_CHANNEL: CHANNELS.stock,
    FINANCE_CHANNEL: CHANNELS.finance,
    HR_CHANNEL: CHANNELS.hr,
    DIGEST_CHANNEL: CHANNELS.digest,
    WATCH_CRON: DEFAULT_WATCH_CRON,
    BOT_TIMEZONE: 'UTC',
    BOT_LOCALE: 'en',
    INGEST_API_TOKEN: INGEST_TOKEN,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
}

export async function spawnBot(options: BotOptions): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  const spawned: Spawned = spawnScript('src/main.ts', [], botEnvironment(options, port), WORK_DIR, { runner: 'node' });
  const problems: LogRecord[] = [];
  let partial = '';
  spawned.child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        continue;
      }
      if (record.level >= 40) problems.push(record);
      options.onLog?.(record);
    }
  });
  let exitCode: number | null | undefined;
  let told = false;
  void spawned.exited.then((code) => (exitCode = code));
  const alive = () => exitCode === undefined && spawned.child.exitCode === null && spawned.child.signalCode === null;

  const bot: BotProcess = {
    name: options.name,
    pid: spawned.child.pid ?? -1,
    port,
    url,
    startedAt,
    problems,
    exited: spawned.exited,
    alive,
    crashed: () => !told && !alive(),
    tail(lines = 20) {
      return `${spawned.stdout()}${spawned.stderr()}`.trimEnd().split('\n').slice(-lines).join('\n');
    },
    async health(timeoutMs = 2_000) {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return undefined;
      }
    },
    async waitHealthy(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!alive()) throw new Error(`${options.name} exited (code ${String(exitCode ?? spawned.child.exitCode)}) before it was healthy:\n${bot.tail()}`);
        if ((await bot.health(1_000)) === 200) return;
        await sleep(100);
      }
      throw new Error(`${options.name} was not healthy within ${timeoutMs} ms:\n${bot.tail()}`);
    },
    async ingest(kind, rows) {
      const res = await fetch(`${url}/api/v1/${kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(rows),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: res.status, headers: res.headers, body };
    },
    async kill() {
      told = true;
      if (alive()) spawned.child.kill('SIGKILL');
      await spawned.exited;
    },
    async stop(timeoutMs = 15_000) {
      told = true;
      if (!alive()) return spawned.exited;
      spawned.child.kill('SIGTERM');
      const timer = setTimeout(() => spawned.child.kill('SIGKILL'), timeoutMs);
      try {
        return await spawned.exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return bot;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
