// PGlite is a single-process database: two processes opening one data directory would corrupt it.
// The bot, `npm run import` and `npm run db:migrate` take this lock file before opening DATA_DIR.
// A lock names its process by pid and by that process's start time: after a crash and a reboot,
// the pid may belong to some unrelated process, and that must not pass for the lock's holder.
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../lib/errors.js';

export type LockPurpose = 'bot' | 'import' | 'migrate';

interface LockInfo {
  pid: number;
  /** the holder's start time (see processStartTime); absent where it cannot be read, or in old locks */
  started?: string;
  purpose: LockPurpose;
  port?: number;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'retaguarda.lock';

export function acquireDataDirLock(dataDir: string, purpose: LockPurpose, port?: number): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, started: processStartTime(process.pid), purpose, port, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      return { release: () => releaseIfOurs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isHeld(holder)) throw busyError(dataDir, holder);
      // Left behind by a process that died (its pid free, or reused by another process): take it over.
      unlinkSync(file);
    }
  }
  throw new AppError('busy', `could not lock ${dataDir}`, { userMessage: `Could not lock the embedded database in ${dataDir}; try again.` });
}

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

function isHeld(holder: LockInfo): boolean {
  if (!isAlive(holder.pid)) return false;
  if (holder.started === undefined) return true;
  const started = processStartTime(holder.pid);
  return started === undefined || started === holder.started;
}

/**
 * Linux: the boot id and the process's start time in clock ticks since boot (/proc/<pid>/stat,
 * field 22) — together unique for the machine's lifetime. Undefined elsewhere, or if it has gone.
 */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, is in parentheses and may contain spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = fields[22 - 3];
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTicks && /^\d+$/.test(startTicks) ? `${bootId}:${startTicks}` : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string): void {
  const holder = readLock(file);
  if (holder?.pid === process.pid) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}

function busyError(dataDir: string, holder: LockInfo): AppError {
  const by = holder.purpose === 'bot' ? `the running bot (pid ${holder.pid})` : `\`npm run ${holder.purpose === 'migrate' ? 'db:migrate' : 'import'}\` (pid ${holder.pid})`;
  const hint =
    holder.purpose === 'bot'
      ? ` Stop the bot first, or send the data to its ingest API instead: POST http://localhost:${holder.port ?? 3000}/api/v1/products|orders|employees with INGEST_API_TOKEN (see README).`
      : ' Try again when it has finished.';
  const message = `The embedded database in ${dataDir} is in use by ${by}.${hint}`;
  return new AppError('busy', message);
}
