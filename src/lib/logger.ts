import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export type { Logger };

// Anything that could carry a credential is censored wherever it appears in a log object.
const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'ingestApiToken',
  '*.ingestApiToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  'databaseUrl',
  '*.databaseUrl',
  'password',
  '*.password',
];

// Token-shaped strings inside free text (an error message quoting a request, say) are masked too.
const SECRET_PATTERN = /\b(xox[abposr]-|xapp-)[A-Za-z0-9-]+/g;
const URL_PASSWORD = /(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g;

export function maskSecrets(text: string): string {
  return text.replace(SECRET_PATTERN, '$1***').replace(URL_PASSWORD, '$1***@');
}

export interface LoggerOptions {
  level: string;
  /** local mode: short human-readable lines on stderr instead of JSON */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: '***' },
    formatters: {
      log: (object: Record<string, unknown>) => maskErrorObject(object),
    },
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a)));
      },
    },
  };
  const destination = options.destination ?? (options.pretty ? prettyStream(process.stderr) : process.stdout);
  return pino(base, destination as pino.DestinationStream);
}

function maskErrorObject(object: Record<string, unknown>): Record<string, unknown> {
  const err = object.err;
  if (err instanceof Error) {
    return { ...object, err: { type: err.name, message: maskSecrets(err.message), stack: err.stack ? maskSecrets(err.stack) : undefined } };
  }
  return object;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One readable line per log record, for a person watching the terminal in local mode. */
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { level, time, msg, pid: _pid, hostname: _host, err, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const clock = new Date(Number(time)).toTimeString().slice(0, 8);
          const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
          const error = err && typeof err === 'object' ? ` — ${(err as { message?: string }).message ?? ''}` : '';
          out.write(`${clock} ${LEVEL_NAMES[Number(level)] ?? level} ${msg ?? ''}${error}${extra}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      callback();
    },
  });
}
