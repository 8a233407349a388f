// The DATA_DIR lock names its holder by pid and start time (issue 7, item 6): a pid now used by an
// unrelated live process is a stale lock, taken over; the holder itself still refuses others.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../src/db/data-dir-lock.js';

const work = mkdtempSync(join(tmpdir(), 'retaguarda-lock-'));
let sleeper: ChildProcess | undefined;

/** A live process that is not a bot, and its start time as Linux gives it (/proc/<pid>/stat field 22). */
async function unrelatedProcess(): Promise<{ pid: number; started: string }> {
  sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  await new Promise((resolve) => sleeper!.once('spawn', resolve));
  const stat = readFileSync(`/proc/${sleeper.pid}/stat`, 'utf8');
  const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
  const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  return { pid: sleeper.pid!, started: `${bootId}:${ticks}` };
}

function writeLock(dataDir: string, holder: Record<string, unknown>): void {
  writeFileSync(join(dataDir, 'retaguarda.lock'), JSON.stringify({ purpose: 'bot', port: 3000, since: '2026-01-01T00:00:00.000Z', ...holder }));
}

describe.skipIf(process.platform !== 'linux')('DATA_DIR lock [linux: /proc start times]', () => {
  afterEach(() => {
    sleeper?.kill();
    sleeper = undefined;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('takes over a lock whose pid now belongs to an unrelated live process', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    const other = await unrelatedProcess();
    // Left by a bot that died; its pid was reused by `sleep`, which started at another time.
    writeLock(dataDir, { pid: other.pid, started: `${other.started.split(':')[0]}:1` });
    const lock = acquireDataDirLock(dataDir, 'import');
    try {
      expect(JSON.parse(readFileSync(join(dataDir, 'retaguarda.lock'), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'import' });
    } finally {
      lock.release();
    }
  });

  it('refuses while the process that wrote the lock still runs', async () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    const holder = await unrelatedProcess();
    writeLock(dataDir, { pid: holder.pid, started: holder.started });
    expect(() => acquireDataDirLock(dataDir, 'import')).toThrow(`in use by the running bot (pid ${holder.pid})`);
  });

  it('records its own start time, so that the real holder is recognised', () => {
    const dataDir = mkdtempSync(join(work, 'data-'));
    const lock = acquireDataDirLock(dataDir, 'bot', 3000);
    try {
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
      expect(JSON.parse(readFileSync(join(dataDir, 'retaguarda.lock'), 'utf8')).started).toMatch(new RegExp(`:${ticks}$`));
    } finally {
      lock.release();
    }
  });
});
