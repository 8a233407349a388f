// The AlertNotifier the domain calls, implemented with outbox rows rendered from Block Kit. Every
// row is written in the caller's transaction; keys are derived from alert/event/group ids, so a
// retried transaction cannot queue the same message twice.
import {
  renderAlertGroup,
  renderAlertGroupChanges,
  renderAlertGroupListLines,
  type AlertChangeType,
} from '../blocks/alerts/render-alert-group.js';
import { alertLine } from '../blocks/alerts/alert-line.js';
import { renderAlertNote } from '../blocks/alerts/render-alert-note.js';
import { renderAlertMessage } from '../blocks/alerts/render-alert.js';
import { renderEscalationDm, renderEscalationNote } from '../blocks/alerts/render-escalation.js';
import type { SqlClient } from '../db/database.js';
import type { AlertChange, AlertNotifier } from '../domain/alerts/alert-notifier.js';
import { loadAlerts } from '../domain/alerts/alert-record.js';
import type { AlertKind, AlertStatus, AlertView, Severity } from '../domain/alerts/alert-types.js';
import { escalationSteps } from '../domain/alerts/escalation-steps.js';
import { formatDurationText, formatElapsedText } from '../i18n/format.js';
import type { I18n } from '../i18n/index.js';
import { enqueueMessages, type NewOutboxMessage, type OutboxSignal } from './enqueue.js';

/** A grouped message's changes in one cycle: at most this many thread replies. */
export const GROUP_THREAD_MESSAGES = 4;
/**
 * The list of a new group's alerts: enough thread replies for GROUP_LIST_LIMIT alerts (about 1,250
 * per reply), so a storm of thousands is listed in full; with the group post, 11 messages at most.
 */
export const GROUP_LIST_MESSAGES = 10;

export const alertPostKey = (alertId: number) => `alert:${alertId}:post`;
export const groupPostKey = (groupId: number) => `group:${groupId}:post`;
/** The DM copy of an alert sent to `userId` at one escalation step of one episode (its reopen count). */
export const escalationDmKey = (alertId: number, episode: number, level: number, userId: string) => `alert:${alertId}:esc:${episode}:${level}:${userId}`;

export interface OutboxNotifierOptions {
  i18n: I18n;
  remindAfterMs: number;
  signal?: OutboxSignal;
}

export function createOutboxNotifier({ i18n, remindAfterMs, signal }: OutboxNotifierOptions): AlertNotifier {
  const remindAfterText = formatDurationText(remindAfterMs, i18n.locale);

  return {
    async changed(tx, changes) {
      const rows: NewOutboxMessage[] = [];
      const grouped = new Map<number, { channel: string; kind: AlertKind; changes: AlertChange[] }>();
      for (const change of changes) {
        const { alert } = change;
        if (!alert.channel) continue; // not announced yet: its first post will show the current state
        if (alert.groupId !== null) {
          const entry = grouped.get(alert.groupId) ?? { channel: alert.channel, kind: alert.view.kind, changes: [] };
          entry.changes.push(change);
          grouped.set(alert.groupId, entry);
          continue;
        }
        rows.push(...alertChangeRows(i18n, change, alert.channel, remindAfterText));
      }
      for (const [groupId, entry] of grouped) rows.push(...(await groupChangeRows(tx, i18n, groupId, entry.channel, entry.kind, entry.changes)));
      rows.push(...(await dmCopyRows(tx, i18n, changes)));
      await enqueueMessages(tx, rows);
    },

    async announce(tx, channel, alerts) {
      await enqueueMessages(
        tx,
        alerts.map((alert) => ({ key: alertPostKey(alert.view.id), channel, op: 'post', payload: renderAlertMessage(i18n, alert.view), alertId: alert.view.id })),
      );
    },

    async announceGroup(tx, channel, group) {
      const postKey = groupPostKey(group.id);
      const counts = { open: 0, acknowledged: 0, snoozed: 0, resolved: 0, bySeverity: group.bySeverity };
      // Only each alert's line outlives its page.
      const lines: string[] = [];
      for await (const page of group.listed()) {
        for (const alert of page) {
          counts[alert.status]++;
          lines.push(alertLine(i18n, alert));
        }
      }
      // Alerts beyond the listed ones are new and open, like every announced alert.
      counts.open += group.total - lines.length;
      const lists = renderAlertGroupListLines(i18n, group.kind, lines, { maxMessages: GROUP_LIST_MESSAGES });
      await enqueueMessages(tx, [
        {
          key: postKey,
          channel,
          op: 'post',
          payload: renderAlertGroup(i18n, { id: group.id, kind: group.kind, counts, total: group.total, worst: group.worst, openedAt: group.openedAt }),
          groupId: group.id,
        },
        ...lists.map((payload, i) => ({ key: `group:${group.id}:list:${i + 1}`, channel, op: 'reply' as const, payload, groupId: group.id, threadKey: postKey })),
      ]);
    },

    async escalated(tx, { alert, level, reason, users, groups }) {
      const id = alert.view.id;
      const episode = alert.view.reopenCount;
      const rows: NewOutboxMessage[] = users.map((user) => ({
        key: escalationDmKey(id, episode, level, user),
        // A user ID: the sender opens the DM (conversations.open) and keeps its D… ID.
        channel: user,
        op: 'post',
        payload: renderEscalationDm(i18n, alert.view, { level, reason }),
        alertId: id,
      }));
      // One mention of everyone paged, in the alert's thread (its group's, when it was grouped).
      if (alert.channel) {
        rows.push({
          key: `alert:${id}:esc:${episode}:${level}:note`,
          channel: alert.channel,
          op: 'reply',
          payload: renderEscalationNote(i18n, alert.view, { level, reason, paged: [...users, ...groups] }),
          alertId: id,
          threadKey: alert.groupId === null ? alertPostKey(id) : groupPostKey(alert.groupId),
        });
      }
      await enqueueMessages(tx, rows);
    },

    afterCommit() {
      signal?.notify();
    },
  };
}

function alertChangeRows(i18n: I18n, change: AlertChange, channel: string, remindAfterText: string): NewOutboxMessage[] {
  const { alert, eventId, note } = change;
  const id = alert.view.id;
  const postKey = alertPostKey(id);
  const rows: NewOutboxMessage[] = [];
  if (!change.noteOnly) {
    rows.push({ key: `alert:${id}:update:${eventId}`, channel, op: 'update', payload: renderAlertMessage(i18n, alert.view), alertId: id, threadKey: postKey });
  }
  if (note) {
    const acked = alert.view.acknowledgedAt;
    const acknowledgedAgoText = note.at && acked ? formatElapsedText(note.at.getTime() - acked.getTime(), i18n.locale) : undefined;
    const payload = renderAlertNote(i18n, { type: note.type, alert: alert.view, previous: note.previous, previousSeverity: note.previousSeverity, remindAfterText, acknowledgedAgoText });
    rows.push({ key: `alert:${id}:note:${eventId}`, channel, op: 'reply', payload, alertId: id, threadKey: postKey });
  }
  return rows;
}

/** Every DM copy of a changed alert (all its escalation steps, every episode) is updated like its channel message. */
async function dmCopyRows(tx: SqlClient, i18n: I18n, changes: AlertChange[]): Promise<NewOutboxMessage[]> {
  const updating = changes.filter((c) => !c.noteOnly);
  const steps = await escalationSteps(tx, updating.map((c) => c.alert.view.id));
  return updating.flatMap(({ alert, eventId }) =>
    (steps.get(alert.view.id) ?? []).flatMap((step) =>
      step.users.map((user): NewOutboxMessage => {
        const postKey = escalationDmKey(alert.view.id, step.episode, step.level, user);
        return { key: `${postKey}:update:${eventId}`, channel: user, op: 'update', payload: renderEscalationDm(i18n, alert.view, step), alertId: alert.view.id, threadKey: postKey };
      }),
    ),
  );
}

/** Which line a grouped alert's change gets in the group's thread (improvements only move counts). */
function groupChangeType(change: AlertChange): AlertChangeType | undefined {
  if (change.note?.type === 'reminder') return 'reminder';
  if (change.note?.type === 'acked-reminder') return 'acked-reminder';
  if (change.note?.type === 'worsened') return 'worsened';
  if (change.note?.type === 'reopened') return 'reopened';
  if (change.note?.type === 'woke') return 'woke';
  const status: AlertStatus = change.alert.view.status;
  if (status === 'resolved') return 'resolved';
  if (status === 'acknowledged' && change.alert.view.lastActivity?.type === 'acknowledged') return 'acknowledged';
  if (status === 'snoozed') return 'snoozed';
  return undefined;
}

async function groupChangeRows(
  tx: SqlClient,
  i18n: I18n,
  groupId: number,
  channel: string,
  kind: AlertKind,
  changes: AlertChange[],
): Promise<NewOutboxMessage[]> {
  const postKey = groupPostKey(groupId);
  const version = Math.max(...changes.map((c) => c.eventId));
  const rows: NewOutboxMessage[] = [];
  if (changes.some((c) => !c.noteOnly)) {
    rows.push({ key: `group:${groupId}:update:${version}`, channel, op: 'update', payload: renderAlertGroup(i18n, await groupView(tx, groupId, kind)), groupId, threadKey: postKey });
  }
  const listed = changes.flatMap((c) => {
    const type = groupChangeType(c);
    return type ? [{ alert: c.alert.view, change: type }] : [];
  });
  const replies = renderAlertGroupChanges(i18n, kind, listed, { maxMessages: GROUP_THREAD_MESSAGES });
  replies.forEach((payload, i) => rows.push({ key: `group:${groupId}:changes:${version}:${i + 1}`, channel, op: 'reply', payload, groupId, threadKey: postKey }));
  return rows;
}

/** The group's current counts and its worst open alerts, for re-rendering the grouped message. */
async function groupView(tx: SqlClient, groupId: number, kind: AlertKind) {
  const rows = await tx.$queryRawUnsafe<{ created_at: Date; status: AlertStatus | null; severity: Severity | null; n: number }[]>(
    `SELECT g.created_at, c.status, c.severity, c.n FROM alert_groups g
     LEFT JOIN (SELECT status::text, severity::text, count(*)::int AS n FROM alerts WHERE group_id = $1 GROUP BY status, severity) c ON true
     WHERE g.id = $1`,
    groupId,
  );
  if (rows.length === 0) throw new Error(`alert group ${groupId} not found`);
  const counts = { open: 0, acknowledged: 0, snoozed: 0, resolved: 0, bySeverity: { info: 0, warning: 0, critical: 0 } as Record<Severity, number> };
  let total = 0;
  for (const row of rows) {
    if (row.status === null || row.severity === null) continue; // a group without alerts
    counts[row.status] += row.n;
    total += row.n;
    if (row.status !== 'resolved') counts.bySeverity[row.severity] += row.n;
  }
  const worstIds = await tx.$queryRawUnsafe<{ id: number }[]>(
    `SELECT id FROM alerts WHERE group_id = $1 AND status <> 'resolved'
     ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, id LIMIT 5`,
    groupId,
  );
  const records = await loadAlerts(tx, worstIds.map((r) => r.id));
  const worst: AlertView[] = worstIds.map((r) => records.get(r.id)!.view);
  return { id: groupId, kind, counts, total, worst, openedAt: rows[0]!.created_at };
}
