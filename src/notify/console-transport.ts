// Local mode's transport: each channel message is printed to the terminal as text rendered from the
// same Block Kit Slack would get. Nothing can be lost or duplicated, so findPosted finds nothing.
// A DM (the channel is a user ID) is printed as "DM to @U123" — or "DM to @ana" for a person the
// console knows by name (`names`).
import type { Writable } from 'node:stream';
import { renderBlocksAsText, type UserNames } from '../blocks/render-text.js';
import type { I18n } from '../i18n/index.js';
import { isSlackUserId } from '../lib/slack-ids.js';
import type { MessagePayload, MessageTransport, PostRequest } from './message-transport.js';

export interface ConsoleTransportOptions {
  output: Writable;
  /** the headlines' language */
  i18n: I18n;
  /** clock for the fake ts values (epoch ms); Date.now by default */
  now?: () => number;
  /** names for user IDs, in mentions and DM headlines */
  names?: UserNames;
}

/** `local-stock` → `#stock`, a user ID → `@U123` (a DM; `@ana` when named), anything else → `#name`. */
export function displayChannel(channel: string, names?: UserNames): string {
  if (channel.startsWith('#') || channel.startsWith('@')) return channel;
  if (isSlackUserId(channel)) return `@${names?.(channel) ?? channel}`;
  return `#${channel.replace(/^local-/, '')}`;
}

/** "#stock" or, for a DM, "DM to @U123". */
function where(i18n: I18n, channel: string, names?: UserNames): string {
  const name = displayChannel(channel, names);
  return isSlackUserId(channel) ? i18n.t('console.dm', { user: name }) : name;
}

function body(payload: MessagePayload, names?: UserNames): string {
  const rendered = payload.blocks.length > 0 ? renderBlocksAsText(payload.blocks, names) : '';
  return rendered.trim() === '' ? payload.text : rendered;
}

export function createConsoleTransport(options: ConsoleTransportOptions): MessageTransport {
  const { output, i18n, names } = options;
  const now = options.now ?? Date.now;
  let lastMicros = 0;

  // Increasing, unique, Slack-shaped: "1700000000.000100".
  const nextTs = (): string => {
    lastMicros = Math.max(Math.floor(now()) * 1000, lastMicros + 100);
    return `${Math.floor(lastMicros / 1_000_000)}.${String(lastMicros % 1_000_000).padStart(6, '0')}`;
  };

  const print = (headline: string, payload: MessagePayload): void => {
    output.write(`── ${headline} ──\n${body(payload, names)}\n\n`);
  };

  return {
    async post(request: PostRequest): Promise<string> {
      const headline = request.threadTs ? 'console.threadReply' : 'console.newMessage';
      print(i18n.t(headline, { where: where(i18n, request.channel, names) }), request.payload);
      return nextTs();
    },
    async update(channel: string, ts: string, payload: MessagePayload): Promise<void> {
      print(i18n.t('console.updated', { where: where(i18n, channel, names), ts }), payload);
    },
    async findPosted(): Promise<string | undefined> {
      return undefined;
    },
    async join(): Promise<void> {},
  };
}
