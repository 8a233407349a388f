// Announcing new alerts. More than STORM_THRESHOLD new alerts of one kind for one channel become
// one grouped message with the list in its thread, instead of hundreds of messages. The reconciler
// announces in its last transaction (announcePending); announceNewAlerts is the same in a
// transaction of its own, for what a pass that wrote nothing finds waiting (another writer's).
import type { SqlClient } from '../../db/database.js';
import type { Deps } from '../deps.js';
import { channelFor } from './alert-channels.js';
import { loadAlerts, toAlertRecord, type AlertRecord } from './alert-record.js';
import { SEVERITY_RANK, type AlertKind, type AlertStatus, type Severity } from './alert-types.js';
import { insertAlerts, insertAlertsReturningRows, type NewAlert } from './insert-alerts.js';
import { runKindTransaction } from './run-kind-transaction.js';

/** the grouped message shows this many of the worst */
export const GROUP_WORST = 5;
/**
 * the thread lists at most this many (the rest: "N more, see /alerts list"): a storm of 5,000 (and
 * twice that) stays readable in full in its thread, in about one reply per 1,250 alerts
 */
export const GROUP_LIST_LIMIT = 10_000;

/**
 * A storm's listed alerts are read, and rendered, this many at a time: one read of 10,000 held the
 * driver's rows, Prisma's and the records at once, ~10 MB more surviving into V8's old generation
 * per storm; and keeping all the records until the list was rendered put the 1M first cycle's peak
 * RSS at +103 to +114 MB over 10k, against +89 to +98 MB a page at a time (3 runs each).
 */
const LOAD_PAGE = 1_000;

/** the alerts of kind $1 waiting to be announced */
export const UNANNOUNCED = `SELECT id, severity FROM alerts
  WHERE kind = $1::text::"AlertKind" AND channel IS NULL AND group_id IS NULL AND status IN ('open', 'acknowledged')`;
/** the statuses UNANNOUNCED waits on: a new alert opened snoozed (a promise to pay) is announced when it wakes */
const WAITING: ReadonlySet<AlertStatus> = new Set(['open', 'acknowledged']);

export type AnnounceDeps = Pick<Deps, 'db' | 'clock' | 'logger' | 'config' | 'notifier'>;
export interface Announced {
  individually: number;
  grouped: number;
}

/**
 * Open or acknowledged alerts of `kind` not yet announced get their message(s) queued, in a
 * transaction of their own. `waiting`: whether any waits, when the caller already read it (the
 * reconciler, with its stored alerts).
 */
export async function announceNewAlerts(deps: AnnounceDeps, kind: AlertKind, waiting?: boolean): Promise<Announced> {
  if (!channelFor(deps.config, kind)) return { individually: 0, grouped: 0 };
  // Nearly every cycle has nothing to announce: say so with one unlocked read, not a transaction.
  waiting ??= (await deps.db.query<{ any: boolean }>(`SELECT EXISTS (${UNANNOUNCED} LIMIT 1) AS any`, [kind]))[0]?.any ?? false;
  if (!waiting) return { individually: 0, grouped: 0 };
  // Serialized with the kind's reconcile transactions (another instance's), which lock alerts they
  // re-read before the pending ones: without the kind's lock, the two lock orders could deadlock.
  const result = await runKindTransaction(deps.db, kind, (tx) => announcePending(tx, deps, kind));
  deps.notifier.afterCommit();
  return result;
}

/**
 * The same inside the caller's transaction (the reconciler's last one): inserts `opening`, the
 * alerts it opens, and announces them with every alert of `kind` already waiting, whoever opened
 * it — more than STORM_THRESHOLD as one grouped message. The new alerts are inserted with their
 * channel and group, not updated after: that update rewrote every index entry of each (it changes
 * an indexed column), ~6 ms per 100 alerts on PGlite (bench/watch-cycle.bench.ts). The caller
 * signals the notifier after its commit.
 */
export async function announcePending(tx: SqlClient, deps: Omit<AnnounceDeps, 'db'>, kind: AlertKind, opening: readonly NewAlert[] = []): Promise<Announced> {
  const channel = channelFor(deps.config, kind);
  if (!channel) {
    await insertAlerts(tx, opening);
    return { individually: 0, grouped: 0 };
  }
  const now = deps.clock.now();
  const joining = opening.filter((a) => WAITING.has(a.status)).length;
  // One statement locks the alerts already waiting (in id order, like every lock on alerts), creates
  // the group when they and the new ones are a storm, and gives the waiting ones their channel (and group).
  const claimed = await tx.$queryRawUnsafe<{ group_id: number | null; id: number | null; severity: Severity | null }[]>(
    `WITH pending AS (${UNANNOUNCED} ORDER BY id FOR UPDATE),
          storm AS (
            INSERT INTO alert_groups (kind, channel, created_at)
            SELECT $1::text::"AlertKind", $2, $3 WHERE (SELECT count(*) FROM pending) + $5 > $4
            RETURNING id),
          claimed AS (
            UPDATE alerts a SET channel = $2, group_id = (SELECT id FROM storm) FROM pending p WHERE a.id = p.id
            RETURNING a.id, a.severity::text AS severity)
     SELECT (SELECT id FROM storm) AS group_id, c.id, c.severity FROM (SELECT 1) AS one LEFT JOIN claimed c ON true`,
    kind,
    channel,
    now,
    deps.config.stormThreshold,
    joining,
  );
  const groupId = claimed[0]?.group_id ?? null;
  // The new alerts as inserted, with their first events' last: current, as nobody else sees them
  // before this transaction commits, so they need not be read again.
  const rows = await insertAlertsReturningRows(tx, opening.map((a) => (WAITING.has(a.status) ? { ...a, channel, groupId } : a)));
  const openedHere = new Map<number, AlertRecord>();
  rows.forEach((row, i) => {
    const last = opening[i]!.events?.at(-1);
    if (row.channel !== null) openedHere.set(row.id, toAlertRecord(row, last ? { ...last, at: row.openedAt } : null));
  });
  const pending = [
    ...claimed.filter((c): c is { group_id: number | null; id: number; severity: Severity } => c.id !== null),
    ...[...openedHere.values()].map((r) => ({ id: r.view.id, severity: r.view.severity })),
  ];
  if (pending.length === 0) return { individually: 0, grouped: 0 };
  pending.sort((a, b) => a.id - b.id);
  const recordsOf = async (ids: number[]): Promise<AlertRecord[]> => {
    const rest = ids.filter((id) => !openedHere.has(id));
    const others = new Map<number, AlertRecord>();
    for (let i = 0; i < rest.length; i += LOAD_PAGE) for (const [id, record] of await loadAlerts(tx, rest.slice(i, i + LOAD_PAGE))) others.set(id, record);
    return ids.map((id) => openedHere.get(id) ?? others.get(id)!);
  };

  if (groupId === null) {
    await deps.notifier.announce(tx, channel, await recordsOf(pending.map((p) => p.id)));
    return { individually: pending.length, grouped: 0 };
  }

  const worstFirst = [...pending].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id - b.id);
  const listedIds = worstFirst.slice(0, GROUP_LIST_LIMIT).map((p) => p.id);
  const bySeverity: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
  for (const p of pending) bySeverity[p.severity]++;
  const firstPage = (await recordsOf(listedIds.slice(0, LOAD_PAGE))).map((r) => r.view);
  await deps.notifier.announceGroup(tx, channel, {
    id: groupId,
    kind,
    openedAt: now,
    total: pending.length,
    bySeverity,
    // The list's first page begins with the worst: read once for both.
    worst: firstPage.slice(0, GROUP_WORST),
    async *listed() {
      yield firstPage;
      for (let i = LOAD_PAGE; i < listedIds.length; i += LOAD_PAGE) yield (await recordsOf(listedIds.slice(i, i + LOAD_PAGE))).map((r) => r.view);
    },
  });
  deps.logger.info({ kind, channel, alerts: pending.length, group: groupId }, 'alert storm grouped into one message');
  return { individually: 0, grouped: pending.length };
}
