// What reached the fake Slack, compared with what the database says should have: the `lost` and
// `duplicates` figures every script reports, and the pace of posts per channel.
import type { FakeSlack, StoredMessage } from '../../../test/support/fake-slack.js';
import { sleep } from './bot.js';
import type { FaultsDatabase } from './database.js';
import { TODAY } from './workload.js';

export interface DeliveryReport {
  outboxRows: number;
  /** rows still pending, or failed for good */
  undelivered: number;
  /** rows recorded as sent whose message the fake does not hold */
  notInSlack: number;
  /** messages whose text is not the last update recorded as sent for them */
  staleUpdates: number;
  /** problems in the data (low stock, overdue orders) without an alert whose message reached Slack */
  unannounced: number;
  /** messages beyond the first that carry the same outbox key */
  duplicates: number;
  /** messages without an outbox key in their metadata (nothing but the outbox posts) */
  unkeyed: number;
  lost: number;
  /** a few examples of each problem, for the report */
  examples: string[];
}

interface OutboxRow extends Record<string, unknown> {
  key: string;
  channel: string;
  op: 'post' | 'update' | 'reply';
  status: 'pending' | 'sent' | 'failed' | 'superseded';
  ts: string | null;
  thread_key: string | null;
  last_error: string | null;
  attempts: number;
  text: string | null;
}

interface ExpectedRow extends Record<string, unknown> {
  fingerprint: string;
  alert_id: number | null;
  channel: string | null;
  message_ts: string | null;
}

// What the watchers must find in the scripts' data: products at or below their minimum, pending
// orders past due (the scripts never use promises to pay, hires or consumption forecasts).
const EXPECTED_SQL = `
WITH expected AS (
  SELECT 'low_stock:' || sku_key AS fingerprint FROM products WHERE active AND stock <= min_stock
  UNION ALL
  SELECT 'unpaid_order:' || number_key FROM orders WHERE active AND status = 'pending' AND due_date < ${TODAY}
)
SELECT e.fingerprint, a.id AS alert_id,
       coalesce(g.channel, a.channel) AS channel,
       CASE WHEN a.group_id IS NULL THEN a.message_ts ELSE g.message_ts END AS message_ts
FROM expected e
LEFT JOIN alerts a ON a.fingerprint = e.fingerprint AND a.status <> 'resolved'
LEFT JOIN alert_groups g ON g.id = a.group_id`;

function keyOf(message: StoredMessage): string | undefined {
  const key = message.metadata?.event_payload.key;
  return typeof key === 'string' ? key : undefined;
}

export async function checkDelivery(db: FaultsDatabase, fake: FakeSlack): Promise<DeliveryReport> {
  const rows = await db.query<OutboxRow>(
    `SELECT key, channel, op, status, ts, thread_key, last_error, attempts, payload->>'text' AS text FROM outbox_messages ORDER BY id`,
  );
  const expected = await db.query<ExpectedRow>(EXPECTED_SQL);
  const examples: string[] = [];
  const note = (what: string) => {
    if (examples.length < 8) examples.push(what);
  };

  const channels = new Set([...rows.map((r) => r.channel), ...expected.flatMap((e) => (e.channel ? [e.channel] : []))]);
  const byKey = new Map<string, StoredMessage[]>();
  const byTs = new Map<string, StoredMessage>();
  let unkeyed = 0;
  for (const channel of channels) {
    for (const message of fake.messages(channel)) {
      byTs.set(`${channel}/${message.ts}`, message);
      const key = keyOf(message);
      if (key === undefined) {
        unkeyed++;
        note(`message ${channel}/${message.ts} has no outbox key`);
        continue;
      }
      byKey.set(key, [...(byKey.get(key) ?? []), message]);
    }
  }

  let duplicates = 0;
  for (const [key, messages] of byKey) {
    if (messages.length < 2) continue;
    duplicates += messages.length - 1;
    note(`${key} posted ${messages.length} times (${messages.map((m) => m.ts).join(', ')})`);
  }

  let undelivered = 0;
  let notInSlack = 0;
  let staleUpdates = 0;
  const lastUpdate = new Map<string, OutboxRow>();
  for (const row of rows) {
    if (row.status === 'pending' || row.status === 'failed') {
      undelivered++;
      note(`${row.key} ${row.status} after ${row.attempts} attempts${row.last_error ? ` (${row.last_error})` : ''}`);
    } else if (row.status === 'sent' && row.op !== 'update' && !byKey.has(row.key)) {
      notInSlack++;
      note(`${row.key} recorded as sent (ts ${row.ts}) but not in Slack`);
    }
    if (row.status === 'sent' && row.op === 'update' && row.thread_key) lastUpdate.set(row.thread_key, row);
  }
  for (const row of rows) {
    if (row.op !== 'post' || row.status !== 'sent' || !row.ts) continue;
    const message = byTs.get(`${row.channel}/${row.ts}`);
    const want = lastUpdate.get(row.key)?.text ?? row.text;
    if (message && want !== null && message.text !== want) {
      staleUpdates++;
      note(`${row.key}: Slack shows an older version of the message`);
    }
  }

  let unannounced = 0;
  for (const e of expected) {
    if (e.alert_id !== null && e.channel && e.message_ts && byTs.has(`${e.channel}/${e.message_ts}`)) continue;
    unannounced++;
    note(e.alert_id === null ? `${e.fingerprint}: no open alert` : `${e.fingerprint}: alert #${e.alert_id} not in Slack`);
  }

  return {
    outboxRows: rows.length,
    undelivered,
    notInSlack,
    staleUpdates,
    unannounced,
    duplicates,
    unkeyed,
    lost: undelivered + notInSlack + staleUpdates + unannounced,
    examples,
  };
}

/**
 * Checks until nothing is lost (the outbox drained, every problem announced), the time is up, or
 * `canProgress` says nothing can change any more (no bot left running).
 */
export async function waitForDelivery(db: FaultsDatabase, fake: FakeSlack, timeoutMs: number, canProgress: () => boolean): Promise<DeliveryReport & { waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const report = await checkDelivery(db, fake);
    const waitedMs = Date.now() - started;
    if (report.lost === 0 || waitedMs >= timeoutMs || !canProgress()) return { ...report, waitedMs };
    await sleep(1_000);
  }
}

export interface PaceReport {
  posts: number;
  /** shortest time between two chat.postMessage calls to one channel */
  minGapMs: number | undefined;
  /** pairs of consecutive posts to one channel less than `minGapMs` apart */
  violations: number;
}

/** Slack's pace: at most one chat.postMessage per second per channel (the fake's arrival times). */
export function paceReport(fake: FakeSlack, since = 0, toleranceMs = 50): PaceReport {
  const perChannel = new Map<string, number[]>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const at = call.at.getTime();
    if (at < since) continue;
    const channel = String(call.body.channel);
    perChannel.set(channel, [...(perChannel.get(channel) ?? []), at]);
  }
  let posts = 0;
  let minGapMs: number | undefined;
  let violations = 0;
  for (const times of perChannel.values()) {
    posts += times.length;
    for (let i = 1; i < times.length; i++) {
      const gap = times[i]! - times[i - 1]!;
      minGapMs = minGapMs === undefined ? gap : Math.min(minGapMs, gap);
      if (gap < 1_000 - toleranceMs) violations++;
    }
  }
  return { posts, minGapMs, violations };
}
