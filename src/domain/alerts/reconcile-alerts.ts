// The reconciler: each cycle, for each watcher, merges what is wrong now with the alerts not yet
// resolved (both streamed in fingerprint order, in pages) and applies one transition per
// fingerprint — open, refresh, remind, wake, auto-resolve, re-open — a page per transaction, with
// the outbox messages queued in that same transaction. The last of those transactions also
// announces the new alerts (as one grouped message when there are more than STORM_THRESHOLD of a
// kind), so a first cycle opens and announces a kind's few alerts in one transaction.
import type { Database, SqlClient } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { assertNever } from '../../lib/assert-never.js';
import { dateInZone, zonedInstant } from '../../lib/time/calendar.js';
import { recordAudits, type AuditEntry } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import { compareKeys, type Clearance, type Finding, type WatchContext, type Watcher } from '../watchers/watcher.js';
import type { AlertChange } from './alert-notifier.js';
import { loadAlerts, type AlertRecord } from './alert-record.js';
import type { AlertDetails, AlertEventType, AlertKind, AlertStatus, Severity } from './alert-types.js';
import { announceNewAlerts, announcePending, UNANNOUNCED, type Announced } from './announce-alerts.js';
import { insertAlertEvents, insertAlerts, type NewAlert, type NewAlertEvent } from './insert-alerts.js';
import { decide, stateOf, type AlertState, type DecideContext, type Decision } from './decide-transition.js';
import { runKindTransaction } from './run-kind-transaction.js';
import { updateAlerts, type AlertUpdate } from './update-alerts.js';

export type ReconcileDeps = Pick<Deps, 'db' | 'clock' | 'logger' | 'i18n' | 'config' | 'notifier'>;

/** stored alerts per page, and fingerprints per transaction */
export const PAGE_SIZE = 500;
/**
 * Findings per page. Each page of a watcher costs a scan of its table (and, for low stock, the
 * aggregate of recent stock movements), so pages are large: at 1M products with 1% in alert, 5,000
 * meant two scans and a steady cycle 2.6× its one-query floor; 25,000 is one scan (1.3×) for about
 * the same peak memory in a steady cycle (bench/watch-cycle.bench.ts). Still a bound: a page, never
 * all findings, is held at once.
 */
export const FINDINGS_PAGE_SIZE = 25_000;
export const SYSTEM_ACTOR = 'system';
/** a snooze to a date (or a promise to pay) ends at this hour in BOT_TIMEZONE */
export const SNOOZE_UNTIL_HOUR = 9;

export type TransitionCounts = Partial<Record<Decision['action'], number>>;

export interface KindReport {
  kind: AlertKind;
  findings: number;
  transitions: TransitionCounts;
  announced: { individually: number; grouped: number };
}

export function watchContext(deps: Pick<Deps, 'clock' | 'config' | 'i18n'>): WatchContext {
  const now = deps.clock.now();
  return { now, today: dateInZone(now, deps.config.timezone), config: deps.config, i18n: deps.i18n };
}

export interface ReconcileOptions {
  /** only this subject's key (after a command changed it) */
  onlyKey?: string;
  /** who caused it: recorded as the resolver when the change clears the alert (a restock, a payment) */
  actor?: string;
}

/** Reconciles every fingerprint of one watcher's kind, or just one subject. */
export async function reconcileKind(deps: ReconcileDeps, watcher: Watcher, options: ReconcileOptions = {}): Promise<KindReport> {
  const ctx = watchContext(deps);
  const report: KindReport = { kind: watcher.kind, findings: 0, transitions: {}, announced: { individually: 0, grouped: 0 } };
  // The first page of stored alerts says whether any alert of the kind waits to be announced. It is
  // read before the findings, not beside them: beside them it took each kind a second connection,
  // and a 10k first cycle, on backends still loading their catalogs, took 59–61 ms against 51–53 ms
  // (bench/watch-cycle.bench.ts, three runs each way); a steady cycle waits ~1 ms more for it.
  const firstAlerts = await storedAlerts(deps.db, watcher.kind, null, PAGE_SIZE, options.onlyKey);
  const findings = pages((after) => watcher.findings(deps.db, ctx, { after, limit: FINDINGS_PAGE_SIZE, onlyKey: options.onlyKey }), (f) => f.key, FINDINGS_PAGE_SIZE);
  const alerts = pages(
    async (after) => (after === null ? firstAlerts.alerts : (await storedAlerts(deps.db, watcher.kind, after, PAGE_SIZE, options.onlyKey)).alerts),
    (a) => a.key,
    PAGE_SIZE,
  );

  const resolver = options.actor ?? SYSTEM_ACTOR;
  let chunk: Pair[] = [];
  let wrote = false;
  for await (const pair of mergeByKey(findings, alerts)) {
    // A full chunk is applied once the next pair shows it is not the last: the last one announces.
    if (chunk.length >= PAGE_SIZE) {
      wrote = (await applyChunk(deps, watcher, ctx, chunk, report, resolver, false)) !== undefined || wrote;
      chunk = [];
    }
    if (pair.finding) report.findings++;
    chunk.push(pair);
  }
  // The last transaction announces what waits (mostly what this pass opened) before it commits:
  // no second transaction, and no message-less alert in between. Without one, what the first read
  // said still holds when nothing was written (another writer announces its own).
  const last = await applyChunk(deps, watcher, ctx, chunk, report, resolver, true);
  report.announced = last?.announced ?? (await announceNewAlerts(deps, watcher.kind, wrote ? undefined : firstAlerts.unannounced));
  return report;
}

// ---------------------------------------------------------------------------------------------
// Streaming both sides in key order

/** A stored alert as the merge sees it: enough to decide, without locks. */
interface StoredAlert extends AlertState {
  key: string;
}

interface Pair {
  key: string;
  finding?: Finding;
  alert?: StoredAlert;
}

async function* pages<T>(fetch: (after: string | null) => Promise<T[]>, keyOf: (item: T) => string, size: number): AsyncGenerator<T> {
  let after: string | null = null;
  for (;;) {
    const page = await fetch(after);
    yield* page;
    if (page.length < size) return;
    after = keyOf(page[page.length - 1]!);
  }
}

interface StoredAlertRow {
  unannounced: boolean;
  key: string | null;
  status: AlertStatus;
  severity: Severity;
  details: AlertDetails;
  snoozed_until: Date | null;
  opened_at: Date;
  acknowledged_at: Date | null;
  last_reminded_at: Date | null;
  verify_resolution: boolean;
}

// One row even when no alert is stored (the LEFT JOIN), carrying the announce check.
const STORED_ALERTS_SQL = `
SELECT w.unannounced, page.* FROM (SELECT $3::text IS NULL AND EXISTS (${UNANNOUNCED} LIMIT 1) AS unannounced) w
LEFT JOIN (
  SELECT * FROM (
    SELECT DISTINCT ON (fingerprint) substr(fingerprint, $2::int + 1) AS key, fingerprint,
           status, severity, details, snoozed_until, opened_at, acknowledged_at, last_reminded_at, verify_resolution
    FROM alerts
    WHERE kind = $1::text::"AlertKind" AND (status <> 'resolved' OR verify_resolution)
      AND ($3::text IS NULL OR fingerprint COLLATE "C" > $3::text)
      AND ($5::text IS NULL OR fingerprint = $5::text)
    ORDER BY fingerprint, (status <> 'resolved') DESC, id DESC
  ) latest
  ORDER BY fingerprint COLLATE "C"
  LIMIT $4
) page ON true
ORDER BY page.fingerprint COLLATE "C"`;

/**
 * Per fingerprint, the alert the reconciler works with: the unresolved one, else a resolved one
 * awaiting verification — in key order, without locks (each chunk re-reads them locked if it acts).
 * With the first page (`after` null), whether any alert of the kind waits to be announced.
 */
async function storedAlerts(
  db: Database,
  kind: AlertKind,
  after: string | null,
  limit: number,
  onlyKey?: string,
): Promise<{ alerts: StoredAlert[]; unannounced: boolean }> {
  const prefix = `${kind}:`;
  // Not through Prisma (Database.query): a steady cycle is this read and the findings'.
  const rows = await db.query<StoredAlertRow>(STORED_ALERTS_SQL, [
    kind,
    prefix.length,
    after === null ? null : prefix + after,
    limit,
    onlyKey === undefined ? null : prefix + onlyKey,
  ]);
  const alerts: StoredAlert[] = [];
  for (const r of rows) {
    if (r.key === null) continue;
    alerts.push({
      key: r.key,
      status: r.status,
      severity: r.severity,
      details: r.details,
      snoozedUntil: r.snoozed_until,
      openedAt: r.opened_at,
      acknowledgedAt: r.acknowledged_at,
      lastRemindedAt: r.last_reminded_at,
      verifyResolution: r.verify_resolution,
    });
  }
  return { alerts, unannounced: rows[0]?.unannounced ?? false };
}

/**
 * Merges both streams by key. Alert pages are read lazily, after earlier chunks were applied, so a
 * later page can contain an alert this cycle just opened: keys at or before the last one yielded
 * are skipped, or that alert would look like a problem that went away.
 */
export async function* mergeByKey(findings: AsyncGenerator<Finding>, alerts: AsyncGenerator<StoredAlert>): AsyncGenerator<Pair> {
  let f = await findings.next();
  let a = await alerts.next();
  let last: string | undefined;
  while (!f.done || !a.done) {
    if (!a.done && last !== undefined && compareKeys(a.value.key, last) <= 0) {
      a = await alerts.next();
      continue;
    }
    const order = f.done ? 1 : a.done ? -1 : compareKeys(f.value.key, a.value.key);
    let pair: Pair;
    if (order < 0) {
      pair = { key: f.value!.key, finding: f.value! };
      f = await findings.next();
    } else if (order > 0) {
      pair = { key: a.value!.key, alert: a.value! };
      a = await alerts.next();
    } else {
      pair = { key: f.value!.key, finding: f.value!, alert: a.value! };
      f = await findings.next();
      a = await alerts.next();
    }
    last = pair.key;
    yield pair;
  }
}

// ---------------------------------------------------------------------------------------------
// One page of transitions, in one transaction

// Reconciling one kind is serialized across the cycle and commands that reconcile one subject
// (the kind's lockId). Undefined when the chunk needed no transaction; else, with `announce`, what
// that transaction announced.
async function applyChunk(
  deps: ReconcileDeps,
  watcher: Watcher,
  ctx: WatchContext,
  chunk: Pair[],
  report: KindReport,
  resolver: string,
  announce: boolean,
): Promise<{ announced?: Announced } | undefined> {
  const { config } = deps;
  const decideContext: DecideContext = {
    now: ctx.now,
    remindAfterMs: config.remindAfterMs,
    remindAckedAfterMs: config.remindAckedAfterMs,
    businessHours: config.businessHours,
    timezone: config.timezone,
    isHoliday: config.holidays.isHoliday,
    step: watcher.step,
    figures: watcher.figures,
  };
  // Most fingerprints need nothing in a steady state: decide from the unlocked read first, and
  // open a transaction (locks, fresh reads) only for those that need something.
  const pairs = chunk.filter((pair) => {
    const { action } = decide(pair.finding, pair.alert, decideContext);
    const quiet = action === 'none' || action === 'hold';
    if (quiet) report.transitions[action] = (report.transitions[action] ?? 0) + 1;
    return !quiet;
  });
  if (pairs.length === 0) return undefined;
  const fingerprints = pairs.map((p) => `${watcher.kind}:${p.key}`);
  // Everything inside uses `tx`: PGlite has a single connection, another client would wait forever.
  const announced = await runKindTransaction(deps.db, watcher.kind, async (tx) => {
    const current = await currentAlerts(tx, fingerprints);
    const decisions = pairs.map((pair, i) => {
      const alert = current.get(fingerprints[i]!);
      const decision = decide(pair.finding, alert && stateOf(alert), decideContext);
      report.transitions[decision.action] = (report.transitions[decision.action] ?? 0) + 1;
      return { pair, alert, decision };
    });
    const resolving = decisions.filter((d) => d.decision.action === 'auto-resolve').map((d) => ({ subjectId: d.alert!.subjectId, details: d.alert!.view.details }));
    const clearances = resolving.length > 0 ? await watcher.clearances(tx, resolving, ctx) : new Map<number, Clearance>();
    const { changes, opening } = await applyDecisions(tx, deps, ctx, watcher.kind, decisions, clearances, resolver);
    await deps.notifier.changed(tx, changes);
    // The last transaction inserts the new alerts as it announces them; the others, unannounced.
    if (announce) return announcePending(tx, deps, watcher.kind, opening);
    await insertAlerts(tx, opening);
    return undefined;
  });
  deps.notifier.afterCommit();
  return { announced };
}

/**
 * For each fingerprint, the alert the reconciler works with (locked): the unresolved one, else a
 * resolved one awaiting verification. Every candidate is locked (in id order, like every lock on
 * alerts) by the statement that finds them, so the choice is made on their current state.
 */
async function currentAlerts(tx: SqlClient, fingerprints: string[]): Promise<Map<string, AlertRecord>> {
  const rows = await tx.$queryRawUnsafe<{ id: number; fingerprint: string; unresolved: boolean }[]>(
    `SELECT id, fingerprint, status <> 'resolved' AS unresolved FROM alerts
     WHERE fingerprint = ANY($1::text[]) AND (status <> 'resolved' OR verify_resolution)
     ORDER BY id FOR UPDATE`,
    fingerprints,
  );
  const chosen = new Map<string, { id: number; unresolved: boolean }>();
  for (const row of rows) {
    const best = chosen.get(row.fingerprint);
    // rows come in id order: a later one wins unless it would replace an unresolved one by a resolved one
    if (!best || row.unresolved || !best.unresolved) chosen.set(row.fingerprint, row);
  }
  const records = await loadAlerts(tx, [...chosen.values()].map((c) => c.id));
  const byFingerprint = new Map<string, AlertRecord>();
  for (const [fingerprint, { id }] of chosen) {
    const record = records.get(id);
    if (record) byFingerprint.set(fingerprint, record);
  }
  return byFingerprint;
}

interface Decided {
  pair: Pair;
  alert: AlertRecord | undefined;
  decision: Decision;
}

interface PlannedEvent {
  type: AlertEventType;
  note?: string;
  data?: Prisma.InputJsonValue;
}

async function applyDecisions(
  tx: SqlClient,
  deps: ReconcileDeps,
  ctx: WatchContext,
  kind: AlertKind,
  decided: Decided[],
  clearances: Map<number, Clearance>,
  resolver: string,
): Promise<{ changes: AlertChange[]; opening: NewAlert[] }> {
  const { now } = ctx;
  const events: NewAlertEvent[] = [];
  const audits: AuditEntry[] = [];
  const updates: AlertUpdate[] = [];
  const pendingChanges: { alertId: number; eventIndex: number; note?: AlertChange['note']; noteOnly?: boolean }[] = [];
  const addEvent = (alertId: number, event: PlannedEvent, actor = SYSTEM_ACTOR) => {
    events.push({ alertId, type: event.type, actor, note: event.note ?? null, data: event.data, createdAt: now });
    return events.length - 1;
  };

  // New alerts and their first events, for the caller to insert (one statement).
  const opening = decided.filter((d) => d.decision.action === 'open').map((d) => d.pair.finding!);
  const promised = deps.i18n.t('alert.snooze.promised');
  const newAlerts = opening.map((f): NewAlert => {
    const sleepUntil = f.sleepUntil ? zonedInstant(f.sleepUntil, SNOOZE_UNTIL_HOUR, 0, deps.config.timezone) : undefined;
    const openedEvent = { type: 'opened' as const, actor: SYSTEM_ACTOR, note: null };
    return {
      kind,
      fingerprint: f.fingerprint,
      subjectId: f.subjectId,
      subject: f.subject,
      severity: f.severity,
      status: sleepUntil ? 'snoozed' : 'open',
      details: f.details,
      openedAt: now,
      ...(sleepUntil
        ? { snoozedBy: SYSTEM_ACTOR, snoozedUntil: sleepUntil, snoozeReason: promised, events: [openedEvent, { type: 'snoozed', actor: SYSTEM_ACTOR, note: promised }] }
        : { events: [openedEvent] }),
    };
  });
  for (const { pair, alert, decision } of decided) {
    if (!alert) continue;
    const id = alert.view.id;
    const finding = pair.finding;
    switch (decision.action) {
      case 'none':
      case 'hold':
      case 'open':
        break;
      case 'confirm-resolution':
        updates.push({ id, action: 'confirm-resolution' });
        break;
      case 'auto-resolve': {
        const clearance = clearances.get(alert.subjectId);
        const note = clearance?.note ?? deps.i18n.t('alert.cleared.generic');
        updates.push({ id, action: 'auto-resolve', resolvedBy: resolver, note, ...(clearance?.details ? { details: clearance.details } : {}) });
        pendingChanges.push({ alertId: id, eventIndex: addEvent(id, { type: 'auto_resolved', note }, resolver) });
        break;
      }
      case 'reopen': {
        const previousResolver = alert.view.resolvedBy;
        updates.push({ id, action: 'reopen', severity: finding!.severity, details: finding!.details });
        const note = deps.i18n.t('alert.reopened.note');
        pendingChanges.push({ alertId: id, eventIndex: addEvent(id, { type: 'reopened', note, data: { previousResolver } }), note: { type: 'reopened' } });
        break;
      }
      case 'refresh': {
        updates.push({ id, action: 'refresh', severity: finding!.severity, details: finding!.details, wake: decision.wake });
        if (decision.wake) addEvent(id, { type: 'woke' });
        const eventIndex = addEvent(id, { type: decision.change, data: { from: alert.view.severity, to: finding!.severity } });
        const note =
          decision.change === 'worsened'
            ? { type: 'worsened' as const, previous: alert.view.details, previousSeverity: alert.view.severity }
            : decision.wake
              ? { type: 'woke' as const }
              : undefined;
        pendingChanges.push({ alertId: id, eventIndex, note });
        break;
      }
      case 'wake':
        updates.push({ id, action: 'wake' });
        pendingChanges.push({ alertId: id, eventIndex: addEvent(id, { type: 'woke' }), note: { type: 'woke' } });
        break;
      case 'remind':
      case 'remind-acknowledged': {
        const acknowledgedBy = decision.action === 'remind-acknowledged' ? alert.view.acknowledgedBy : null;
        updates.push({ id, action: 'remind' });
        const eventIndex = addEvent(id, { type: 'reminded', data: acknowledgedBy ? { acknowledgedBy } : undefined });
        const note = decision.action === 'remind' ? { type: 'reminder' as const } : { type: 'acked-reminder' as const, at: now };
        pendingChanges.push({ alertId: id, eventIndex, note, noteOnly: true });
        audits.push({
          actor: SYSTEM_ACTOR,
          action: 'alerts.remind',
          target: `#${id}`,
          outcome: 'ok',
          details: { kind, subject: alert.view.subject, severity: alert.view.severity, status: alert.view.status, ...(acknowledgedBy ? { acknowledgedBy } : {}) },
          at: now,
        });
        break;
      }
      default:
        assertNever(decision, 'decision');
    }
  }

  await updateAlerts(tx, now, updates);
  await recordAudits(tx, audits);
  const eventIds = await insertAlertEvents(tx, events);
  const records = await loadAlerts(tx, pendingChanges.map((c) => c.alertId));
  const changes = pendingChanges.map((c) => ({
    alert: records.get(c.alertId)!,
    eventId: eventIds[c.eventIndex]!,
    note: c.note,
    noteOnly: c.noteOnly,
  }));
  return { changes, opening: newAlerts };
}
