import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import { maskSecrets, type Logger } from './logger.js';

/**
 * Bolt, the Socket Mode client and the Web API client log through our pino logger (and so through
 * its redaction), as a child tagged with `component`. `quietWarnings`: their warnings go to debug,
 * for callers that log every failure they act on themselves.
 *
 * At debug these libraries log whole request and response bodies — message text, blocks, modal
 * values, acks: employees' names — so their debug lines are cut down to what is safe to keep: the
 * API method and channel of each call, and the wording of other lines without what they quote.
 */
export function slackLogger(logger: Logger, component: string, options: { quietWarnings?: boolean } = {}): SlackLogger {
  const child = logger.child({ component });
  const text = (args: unknown[]) =>
    maskSecrets(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' '));
  return {
    debug: (...args: unknown[]) => debugWithoutContent(child, args),
    info: (...args: unknown[]) => child.info(text(args)),
    warn: (...args: unknown[]) => (options.quietWarnings ? debugWithoutContent(child, args) : child.warn(text(args))),
    error: (...args: unknown[]) => child.error(text(args)),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

// The Web API client's own lines: `apiCall('chat.postMessage') start`, `http request body: {…}`.
const API_CALL = /^apiCall\('([\w.]+)'\) (start|end)$/;
const REQUEST_BODY = /^http request body: (.*)$/s;
// Its other per-call lines would say nothing more once their content is cut.
const CALL_DETAILS = /^http request (url|headers|result):/;
// Where quoted content starts in other lines: `…: <body>`, `(body: …)`, a JSON object or array.
const CONTENT_START = /\s*\(body:|:\s|[{[]/;

function debugWithoutContent(logger: Logger, args: unknown[]): void {
  if (!logger.isLevelEnabled('debug')) return;
  const first = typeof args[0] === 'string' ? args[0] : '';
  const call = API_CALL.exec(first);
  if (call) return logger.debug({ method: call[1] }, `slack api call ${call[2]}`);
  const body = REQUEST_BODY.exec(first);
  if (body) return logger.debug({ channel: channelOf(body[1]!) }, 'slack api request');
  if (CALL_DETAILS.test(first)) return;
  const wording = maskSecrets(first.split(CONTENT_START, 1)[0]!.trim());
  if (wording) logger.debug(wording);
}

function channelOf(json: string): string | undefined {
  try {
    const channel = (JSON.parse(json) as { channel?: unknown }).channel;
    return typeof channel === 'string' && /^[A-Z0-9]{1,24}$/.test(channel) ? channel : undefined;
  } catch {
    return undefined;
  }
}
