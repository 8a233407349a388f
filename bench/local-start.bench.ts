// Local mode as a newcomer meets it: what `npm start` runs (package.json's start script, in a child
// process), with no Slack variables, on an empty DATA_DIR and then again on the same one. Measured:
// the time from spawn to the "running in local mode" line, and the resident size once the start-up
// jobs (watch cycle, digest, hand-off) have run. Floor: a bare `node` process that does the least a
// bot on that DATA_DIR must do — copy the migrated template (or open the data directory) with
// PGlite's defaults, answer one query, print a line. Targets (issue 11, item 5): ready ≤ 3 s on an
// empty DATA_DIR, ≤ 2 s after, ≤ 300 MB resident once running.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInitialized, templatePath } from '../src/db/pglite-template.js';
import { freePort, REPO_ROOT } from '../test/support/child-process.js';
import { RUNS, median, type BenchModule } from './harness.js';

const READY = /running in local mode/;
// On an empty DATA_DIR the start-up jobs print the demo alerts (on the next start they are already
// open: nothing new is printed); then the process gets a moment to settle.
const STARTED = /#hr · new message/;
const SETTLE_MS = 3_000;
const TIMEOUT_MS = 60_000;

interface Run {
  readySeconds: number;
  /** resident size once running (MB) */
  rssMb: number;
  /** the process's highest resident size (MB) */
  peakMb: number;
}

function residentMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Spawns `argv`, times the line matching `ready`, waits for `started` and measures memory, stops it. */
function measureProcess(argv: string[], env: Record<string, string>, ready: RegExp, started: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let out = '';
    let readySeconds: number | undefined;
    let result: Run | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (readySeconds === undefined && ready.test(out)) readySeconds = (performance.now() - t0) / 1000;
      if (readySeconds !== undefined && !result && started.test(out)) {
        result = { readySeconds, rssMb: 0, peakMb: 0 };
        setTimeout(() => {
          const { rss, peak } = residentMb(child.pid!);
          result = { readySeconds: readySeconds!, rssMb: rss, peakMb: peak };
          child.kill('SIGINT');
        }, SETTLE_MS);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (result?.rssMb && code === 0) resolve(result);
      else reject(new Error(`${argv.join(' ')} exited ${code} before it was measured:\n${out.slice(-2000)}`));
    });
  });
}

async function startCommand(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...argv] = scripts.start.split(' ');
  if (node !== 'node') throw new Error(`the start script no longer starts with node: ${scripts.start}`);
  return argv;
}

// The floor: copy the template when the directory is empty (else open it), one query, one line.
const FLOOR_SCRIPT = `
import { cpSync, existsSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
const [dataDir, template] = process.argv.slice(1);
if (!existsSync(dataDir + '/PG_VERSION') && existsSync(template + '/PG_VERSION')) cpSync(template, dataDir, { recursive: true });
const db = await PGlite.create(dataDir);
await db.query('SELECT count(*) FROM products');
console.log('ready');
process.on('SIGINT', () => db.close().then(() => process.exit(0)));
`;

async function series(runs: number, make: (dataDir: string, started: RegExp) => Promise<Run>): Promise<{ empty: Run[]; again: Run[] }> {
  const empty: Run[] = [];
  const again: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'retaguarda-bench-start-'));
    try {
      empty.push(await make(join(dir, 'data'), STARTED));
      again.push(await make(join(dir, 'data'), READY));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { empty, again };
}

const bench: BenchModule = {
  title: 'local mode start (npm start, embedded database)',
  async run(report) {
    const template = await templatePath();
    const hasTemplate = isInitialized(template);
    if (!hasTemplate) process.stderr.write('  no PGlite template for the current migrations (run npm install): the empty start runs initdb\n');
    const argv = await startCommand();
    const bot = await series(RUNS, async (dataDir, started) =>
      measureProcess(argv, { DATA_DIR: dataDir, PORT: String(await freePort()), BOT_LOCALE: 'en' }, READY, started),
    );
    const floor = await series(RUNS, async (dataDir) => measureProcess(['--input-type=module', '-e', FLOOR_SCRIPT, dataDir, template], {}, /ready/, /ready/));
    const med = (runs: Run[], key: keyof Run) => median(runs.map((r) => r[key]));
    const runsNote = `median of ${RUNS}`;
    report({
      name: 'local start, empty DATA_DIR: ready',
      figure: med(bot.empty, 'readySeconds'),
      unit: 's',
      floor: med(floor.empty, 'readySeconds'),
      limit: 3,
      notes: [runsNote, hasTemplate ? 'from the template' : 'no template: initdb + migrations', `peak RSS ${med(bot.empty, 'peakMb').toFixed(0)} MB`],
    });
    report({
      name: 'local start, existing DATA_DIR: ready',
      figure: med(bot.again, 'readySeconds'),
      unit: 's',
      floor: med(floor.again, 'readySeconds'),
      limit: 2,
      notes: [runsNote, `peak RSS ${med(bot.again, 'peakMb').toFixed(0)} MB`],
    });
    report({
      name: 'local mode: resident size once running',
      figure: Math.max(med(bot.empty, 'rssMb'), med(bot.again, 'rssMb')),
      unit: 'MB',
      floor: med(floor.again, 'rssMb'),
      limit: 300,
      notes: [runsNote, `after the start-up jobs + ${SETTLE_MS / 1000} s`, 'floor: PGlite opened with its defaults'],
    });
  },
};

export default bench;
