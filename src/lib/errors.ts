// One error type for everything the bot expects to go wrong. `message` is for logs; `userMessage`
// is safe to show a person (no SQL, no stack, no secrets). Unknown errors are converted in one place
// (toAppError) by whoever reports them — never try/catch in each handler.
import { isDatabaseUnavailable } from './database-unavailable.js';

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'stale'
  | 'busy'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  /** extra lines to show after the message, e.g. a command's usage */
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: { userMessage?: string; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? message;
    this.hint = options.hint;
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // An outage is not a bug: the person (or the HTTP client) is told to try again shortly.
  if (isDatabaseUnavailable(error)) {
    return new AppError('unavailable', `database unavailable: ${message}`, { userMessage: 'The database is unavailable; please try again shortly.', cause: error });
  }
  return new AppError('internal', message, { userMessage: 'Something went wrong on our side; it has been logged.', cause: error });
}
