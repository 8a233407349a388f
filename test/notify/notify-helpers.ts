// Shared pieces of the outbox tests: a logger whose lines can be read back, payloads, rows.
import { Writable } from 'node:stream';
import type { KnownBlock } from '@slack/types';
import type { Database } from '../../src/db/database.js';
import { createLogger, type Logger } from '../../src/lib/logger.js';
import { enqueueMessages, type NewOutboxMessage } from '../../src/notify/enqueue.js';
import type { MessagePayload } from '../../src/notify/message-transport.js';
import type { FakeSlack, StoredMessage } from '../support/fake-slack.js';

export const TOKEN = 'xoxb-1234-5678-outboxtesttoken';

export interface CapturedLogger {
  logger: Logger;
  /** every line written, parsed */
  lines: Record<string, unknown>[];
  /** the raw text written */
  text(): string;
}

export function captureLogger(level = 'debug'): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8');
      chunks.push(text);
      for (const line of text.split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), lines, text: () => chunks.join('') };
}

export function payload(text: string, blocks?: KnownBlock[]): MessagePayload {
  return { text, blocks: blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function post(key: string, channel: string, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return { key, channel, op: 'post', payload: payload(`message ${key}`), ...extra };
}

export function update(key: string, channel: string, threadKey: string, text = `update ${key}`, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return { key, channel, op: 'update', threadKey, payload: payload(text), ...extra };
}

export function reply(key: string, channel: string, threadKey: string, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return { key, channel, op: 'reply', threadKey, payload: payload(`reply ${key}`), ...extra };
}

export async function enqueue(db: Database, ...rows: NewOutboxMessage[]): Promise<void> {
  await enqueueMessages(db.prisma, rows);
}

export async function outboxRow(db: Database, key: string) {
  const row = await db.prisma.outboxMessage.findUnique({ where: { key } });
  if (!row) throw new Error(`no outbox row ${key}`);
  return row;
}

export async function insertAlert(db: Database, subject = 'SKU-1'): Promise<number> {
  const at = new Date();
  const alert = await db.prisma.alert.create({
    data: {
      kind: 'low_stock',
      fingerprint: `low_stock:${subject.toLowerCase()}`,
      subjectId: 1,
      subject,
      severity: 'warning',
      details: { stock: 2, minStock: 10 },
      openedAt: at,
      lastChangedAt: at,
    },
  });
  return alert.id;
}

export async function insertGroup(db: Database, channel: string): Promise<number> {
  const group = await db.prisma.alertGroup.create({ data: { kind: 'low_stock', channel } });
  return group.id;
}

/** The outbox key a stored message carries in its metadata. */
export function keyOf(message: StoredMessage): unknown {
  return message.metadata?.event_payload.key;
}

/** chat.postMessage calls that carried this outbox key. */
export function postsWithKey(fake: FakeSlack, key: string) {
  return fake.callsTo('chat.postMessage').filter((call) => (call.body.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key === key);
}

/** Gaps in ms between consecutive chat.postMessage calls to `channel`, by the fake's arrival times. */
export function postGaps(fake: FakeSlack, channel: string): number[] {
  const times = fake
    .callsTo('chat.postMessage')
    .filter((call) => call.body.channel === channel)
    .map((call) => call.at.getTime());
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}
