import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import { maskSecrets, type Logger } from '../logger.js';

/**
 * Bolt and the Web API client log through our pino logger (and so through its redaction), as a
 * child tagged with `component`. `quietWarnings`: their warnings go to debug, for callers that log
 * every failure they act on themselves.
 */
export function slackLogger(logger: Logger, component: string, options: { quietWarnings?: boolean } = {}): SlackLogger {
  const child = logger.child({ component });
  const text = (args: unknown[]) =>
    maskSecrets(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' '));
  return {
    debug: (...args: unknown[]) => child.debug(text(args)),
    info: (...args: unknown[]) => child.info(text(args)),
    warn: (...args: unknown[]) => (options.quietWarnings ? child.debug(text(args)) : child.warn(text(args))),
    error: (...args: unknown[]) => child.error(text(args)),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}
