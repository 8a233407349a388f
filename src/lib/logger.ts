import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

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
  /** local mode: one human-readable line per record (pino-pretty) instead of JSON */
  pretty?: boolean;
  /** default: stdout for JSON, stderr for pretty lines */
  destination?: NodeJS.WritableStream;
  /**
   * pretty lines show their time in this IANA zone (BOT_TIMEZONE: the zone of every time the
   * console shows); JSON records keep pino's epoch milliseconds, for machines. Default: the system's.
   */
  timezone?: string;
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
  const destination = options.pretty ? prettyStream(options.destination ?? 2, options.timezone) : (options.destination ?? process.stdout);
  return pino(base, destination as pino.DestinationStream);
}

function maskErrorObject(object: Record<string, unknown>): Record<string, unknown> {
  const err = object.err;
  if (err instanceof Error) {
    return { ...object, err: { type: err.name, message: maskSecrets(err.message), stack: err.stack ? maskSecrets(err.stack) : undefined } };
  }
  return object;
}

/**
 * One readable line per log record, for a person watching the terminal in local mode: time,
 * level, message, the error's message (not its stack) and the other fields as JSON. Synchronous,
 * like the JSON logs, so that nothing is lost when the process exits.
 */
function prettyStream(destination: NodeJS.WritableStream | number, timeZone: string | undefined): pretty.PrettyStream {
  // pino-pretty's translateTime knows only UTC and the system zone (UTC in most containers).
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return pretty({
    destination,
    sync: true,
    singleLine: true,
    translateTime: false,
    customPrettifiers: { time: (time) => `[${clock.format(new Date(Number(time)))}]` },
    ignore: 'pid,hostname,err',
    messageFormat: (log, messageKey) => {
      const message = typeof log[messageKey] === 'string' ? log[messageKey] : '';
      const err = log.err as { message?: unknown } | undefined;
      return typeof err?.message === 'string' ? `${message} — ${err.message}` : message;
    },
  });
}
