// What `npm start` prints for an error that stops the bot at start. Expected problems — a bad
// environment, a token Slack refuses, a busy DATA_DIR, a taken port — are one readable line and exit
// code 2; anything else is a crash (exit 1, logged with its stack).
import { ConfigError } from '../config.js';
import { AppError } from '../lib/errors.js';

export function startupFailureLine(error: unknown, port: number): string | undefined {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  if (error instanceof AppError && (error.code === 'busy' || error.code === 'conflict')) return error.message;
  if ((error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE') return `PORT ${port} is already in use; set PORT to a free port.`;
  return undefined;
}
