// What `npm run import` and `npm run db:migrate` share: exit codes, and turning an error into one
// line on stderr, in the bot's language. Operators read these messages; they never see a stack trace.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createI18n, type I18n } from '../i18n/index.js';
import { AppError } from '../lib/errors.js';
import { maskSecrets } from '../lib/logger.js';

/**
 * Exit codes (README.md, "Commands"). `failed` is ours: 1 already means "the data is invalid", so
 * anything else that goes wrong — the database unreachable, a migration refused, a bug — is 3.
 */
export const EXIT = {
  ok: 0,
  invalidData: 1,
  usage: 2,
  failed: 3,
  /** 128 + SIGINT, as shells report a process stopped by Ctrl-C */
  interrupted: 130,
} as const;

/** A wrong command line, a missing file, … : the message is shown as is, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** further lines, e.g. the usage */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Thrown (as an abort reason) when the operator presses Ctrl-C. */
export class InterruptedError extends Error {
  constructor(readonly signal: string) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

/** Prisma and pg messages can span several lines; an operator gets one. */
export function oneLine(text: string): string {
  return maskSecrets(text)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/** The exit code and the lines to print for an error that reached the top of a command. */
export function describeFailure(i18n: I18n, command: string, error: unknown): { code: number; lines: string[] } {
  if (error instanceof UsageError) return { code: EXIT.usage, lines: [error.message, ...(error.hint ? [error.hint] : [])] };
  if (error instanceof ConfigError) return { code: EXIT.usage, lines: [oneLine(error.message)] };
  if (error instanceof InterruptedError) return { code: EXIT.interrupted, lines: [i18n.t('cli.interrupted', { command, signal: error.signal })] };
  if (error instanceof AppError) {
    // 'busy': the embedded database is held by the bot or another command.
    return { code: error.code === 'busy' ? EXIT.usage : EXIT.failed, lines: [oneLine(error.message)] };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT.failed, lines: [i18n.t('cli.failed', { command, reason: oneLine(message) })] };
}

/** The language a command speaks in; English when the configuration (BOT_LOCALE with it) is unreadable. */
export function cliI18n(io: CliIo): I18n {
  let config: Config;
  try {
    config = io.config();
  } catch {
    return createI18n('en', 'UTC');
  }
  return createI18n(config.locale, config.timezone);
}

/** What a command reads and writes: the process's own, or (tests) an environment and buffers. */
export interface CliIo {
  /** the configuration (read when the command line has been checked) */
  config(): Config;
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CliIo = {
  config: () => loadConfig(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs a command's main function; resolves with its exit code, an error printed as its lines. */
export async function runCommand(command: string, main: (io: CliIo) => Promise<number>, io: CliIo): Promise<number> {
  try {
    return await main(io);
  } catch (error) {
    const { code, lines } = describeFailure(cliI18n(io), command, error);
    for (const line of lines) io.stderr(`${line}\n`);
    return code;
  }
}

/** Runs a command in this process and sets the exit code; output is left to flush normally. */
export function runCli(command: string, main: (io: CliIo) => Promise<number>): void {
  void runCommand(command, main, processIo).then((code) => {
    process.exitCode = code;
  });
}

// One Ctrl-C under `npm run` can arrive twice: the terminal signals the whole process group and
// npm forwards it to its child as well. Only a signal this long after the first means "quit now".
const REPEAT_MEANS_FORCE_AFTER_MS = 1_000;

/**
 * Ctrl-C (or SIGTERM) aborts the returned signal instead of killing the process, so that the
 * command can roll back and close the database (which releases the DATA_DIR lock). Another one
 * a second later stops at once.
 */
export function abortOnSignals(onFirst?: (signal: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let firstAt = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (Date.now() - firstAt >= REPEAT_MEANS_FORCE_AFTER_MS) process.exit(EXIT.interrupted);
      return;
    }
    firstAt = Date.now();
    onFirst?.(signal);
    controller.abort(new InterruptedError(signal));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
