// Runs the project's entry points as real child processes, the way an operator would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
// For `node --import <loader>`; resolved here because the child runs in another directory.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * An environment without any of the bot's variables from the developer's shell, in English unless
 * `extra` chooses BOT_LOCALE (`''` for the bot's default, pt-BR).
 */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '', BOT_LOCALE: 'en' };
  return { ...env, ...extra };
}

export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** resolves when stdout+stderr match, rejects after timeoutMs with what was printed */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /**
   * 'tsx' (default) runs `tsx script`, as `npm start` does; 'node' runs `node --import tsx script`
   * in one process, as `npm run import` does, so that signals reach the script itself (tsx's
   * wrapper SIGKILLs a child that does not react to a relayed signal within 30 ms); 'plain' runs
   * `node script`, for JavaScript entry points (`npm start`'s scripts/start.mjs).
   */
  runner?: 'tsx' | 'node' | 'plain';
}

export function spawnScript(script: string, args: string[], env: Record<string, string>, cwd: string, options: SpawnOptions = {}): Spawned {
  const path = join(REPO_ROOT, script);
  const [command, argv] =
    options.runner === 'node'
      ? [process.execPath, ['--import', TSX_LOADER, path, ...args]]
      : options.runner === 'plain'
        ? [process.execPath, [path, ...args]]
        : [TSX, [path, ...args]];
  const child = spawn(command, argv, { cwd, env: cleanEnv(env) });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  // 'close', not 'exit': by then everything the child printed has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (pattern.test(out + err)) {
            clearInterval(poll);
            resolve();
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`timed out waiting for ${pattern}\n--- stdout\n${out}\n--- stderr\n${err}`));
          }
        }, 50);
      });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script to its end. */
export async function runScript(script: string, args: string[], env: Record<string, string>, cwd: string, options: SpawnOptions = {}): Promise<Finished> {
  const spawned = spawnScript(script, args, env, cwd, options);
  const code = await spawned.exited;
  return { code, stdout: spawned.stdout(), stderr: spawned.stderr() };
}

/**
 * For a test whose child process opens a database: creating a PGlite data directory takes 4–7 s
 * alone, and much longer on a busy two-core machine running other test files.
 */
export const CHILD_WITH_DATABASE_TIMEOUT_MS = 120_000;
