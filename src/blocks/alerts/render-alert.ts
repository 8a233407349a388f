// The channel message of one alert, in every state. Posted when the alert opens and updated in
// place (chat.update) on every change, so it always shows the current state: who acknowledged,
// snoozed or resolved it, and the buttons that still make sense.
//
// Layout (phone-friendly, at most 4 blocks): header · body lines · context line · buttons.
import type { Button } from '@slack/types';
import type {
  AlertActivity,
  AlertView,
  LowStockDetails,
  MissingDocumentsDetails,
  UnpaidOrderDetails,
} from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { ALERT_ACTIONS, encodeAlertButton } from '../action-ids.js';
import { actions, button, context, escapeClip, escapeFit, header, LIMITS, section, truncateChars, type KnownBlock } from '../kit.js';
import {
  alertEmoji,
  byActor,
  CLIP,
  daysOverdue,
  documentList,
  isSystemActor,
  money,
  rawTitle,
  RESOLVED_EMOJI,
  severityMark,
  statusLabel,
  userMention,
} from './alert-format.js';

/** What an outbox row stores for a channel message (MessagePayload). */
export interface AlertMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack shows the fallback in notifications; keep it one short line. */
export const FALLBACK_MAX = 280;

export function renderAlertMessage(i18n: I18n, alert: AlertView): AlertMessage {
  const blocks: KnownBlock[] = [
    header(alertHeader(i18n, alert)),
    section(bodyLines(i18n, alert).join('\n')),
    context(contextLine(i18n, alert)),
  ];
  const buttons = alertButtons(i18n, alert);
  if (buttons.length > 0) blocks.push(actions(buttons));
  return { text: alertFallback(i18n, alert), blocks };
}

/** The plain one-line summary: "#42 · Critical · Out of stock: CAFE-500 Café torrado: 0 un (minimum 10)". */
export function alertFallback(i18n: I18n, alert: AlertView): string {
  let text = i18n.t('alert.fallback', { id: String(alert.id), severity: i18n.t(`alert.severity.${alert.severity}`), summary: rawSummary(i18n, alert) });
  if (alert.status !== 'open') text = i18n.t('alert.fallbackStatus', { text, status: statusLabel(i18n, alert.status) });
  return escapeFit(text, FALLBACK_MAX);
}

function alertHeader(i18n: I18n, alert: AlertView): string {
  const title = rawTitle(i18n, alert.details);
  const withStatus =
    alert.status === 'resolved' || alert.status === 'snoozed' ? i18n.t('alert.titleWithStatus', { title, status: statusLabel(i18n, alert.status) }) : title;
  return escapeFit(`${alertEmoji(alert)} ${withStatus}`, LIMITS.headerText);
}

/** Raw (unescaped) summary of the alert's details; escaped once by the caller. */
function rawSummary(i18n: I18n, alert: AlertView): string {
  const d = alert.details;
  const title = rawTitle(i18n, d);
  const clip = (text: string) => truncateChars(text, 60);
  switch (d.kind) {
    case 'low_stock':
      return i18n.t('alert.lowStock.summary', { title, name: clip(d.name), stock: d.stock, unit: clip(d.unit), min: d.minStock });
    case 'unpaid_order':
      return i18n.t('alert.unpaidOrder.summary', { title, customer: clip(d.customer), amount: money(i18n, d.total, d.currency), overdue: daysOverdue(i18n, d) });
    case 'missing_documents':
      return i18n.t('alert.missingDocuments.summary', { title, missing: d.missing.length, required: d.required, date: i18n.date(d.startDate) });
  }
}

function bodyLines(i18n: I18n, alert: AlertView): string[] {
  const d = alert.details;
  switch (d.kind) {
    case 'low_stock':
      return lowStockLines(i18n, d, alert.status === 'resolved');
    case 'unpaid_order':
      return unpaidOrderLines(i18n, d);
    case 'missing_documents':
      return missingDocumentsLines(i18n, d);
  }
}

function lowStockLines(i18n: I18n, d: LowStockDetails, resolved: boolean): string[] {
  const unit = escapeClip(d.unit, CLIP.unit);
  const lines = [`*${escapeClip(d.name, CLIP.name)}*`, i18n.t('alert.lowStock.stock', { stock: d.stock, unit, min: d.minStock })];
  // Forecast and reorder advice only while there is something to do.
  if (resolved) return lines;
  if (d.stock > 0 && d.daysOfCover !== null) {
    let cover = d.daysOfCover <= 0 ? i18n.t('alert.lowStock.coverToday') : i18n.plural('alert.lowStock.cover', d.daysOfCover);
    if (d.dailyUsage !== null && d.dailyUsage > 0) {
      cover += ` ${i18n.t('alert.lowStock.usage', { usage: Math.round(d.dailyUsage * 10) / 10, unit })}`;
    }
    lines.push(cover);
  }
  if (d.reorderQty !== null && d.reorderQty > 0) lines.push(i18n.t('alert.lowStock.reorder', { qty: d.reorderQty, unit }));
  return lines;
}

function unpaidOrderLines(i18n: I18n, d: UnpaidOrderDetails): string[] {
  const lines = [
    i18n.t('alert.unpaidOrder.customer', { customer: escapeClip(d.customer, CLIP.name) }),
    i18n.t('alert.unpaidOrder.amount', { amount: money(i18n, d.total, d.currency) }),
    i18n.t('alert.unpaidOrder.due', { date: i18n.date(d.dueDate), overdue: daysOverdue(i18n, d) }),
  ];
  if (d.promisedDate) lines.push(`:calendar: ${i18n.t('alert.unpaidOrder.promised', { date: i18n.date(d.promisedDate) })}`);
  return lines;
}

function missingDocumentsLines(i18n: I18n, d: MissingDocumentsDetails): string[] {
  const name = `*${escapeClip(d.name, CLIP.name)}*`;
  const lines = [d.role ? `${name} · ${escapeClip(d.role, CLIP.role)}` : name];
  const mention = userMention(d.slackUser);
  if (mention) lines.push(i18n.t('alert.missingDocuments.newHire', { user: mention }));
  lines.push(startLine(i18n, d));
  let deadline = i18n.t('alert.missingDocuments.deadline', { date: i18n.date(d.deadline) });
  if (d.sendBy !== d.deadline) deadline += ` · ${i18n.t('alert.missingDocuments.sendBy', { date: i18n.date(d.sendBy) })}`;
  lines.push(deadline);
  lines.push(
    d.missing.length > 0
      ? i18n.t('alert.missingDocuments.progress', { missing: d.missing.length, required: d.required, documents: documentList(i18n, d.missing) })
      : i18n.t('alert.missingDocuments.none', { required: d.required }),
  );
  return lines;
}

export function startLine(i18n: I18n, d: MissingDocumentsDetails): string {
  const date = i18n.date(d.startDate);
  if (d.daysToStart === 0) return i18n.t('alert.missingDocuments.startToday', { date });
  if (d.daysToStart === 1) return i18n.t('alert.missingDocuments.startTomorrow', { date });
  if (d.daysToStart < 0) return i18n.plural('alert.missingDocuments.startedAgo', -d.daysToStart, { date });
  return i18n.plural('alert.missingDocuments.startIn', d.daysToStart, { date });
}

/** "#42 · :red_circle: Critical · opened … · acknowledged by <@U1> · …" */
function contextLine(i18n: I18n, alert: AlertView): string {
  const parts = [`#${alert.id}`, severityMark(i18n, alert.severity), i18n.t('alert.context.opened', { when: i18n.dateTime(alert.openedAt) })];
  const status = statusPhrase(i18n, alert);
  if (status) parts.push(status);
  if (alert.reopenCount > 0 && alert.status !== 'resolved') {
    parts.push(`:repeat: ${i18n.plural('alert.activity.reopened', alert.reopenCount)}`);
  }
  const activity = activityPhrase(i18n, alert.lastActivity);
  if (activity) parts.push(activity);
  return parts.join(' · ');
}

/** The current state, from the alert's own fields (they outlive the last activity). */
function statusPhrase(i18n: I18n, alert: AlertView): string | undefined {
  switch (alert.status) {
    case 'open':
      return undefined;
    case 'acknowledged':
      return `:eyes: ${i18n.t('alert.activity.acknowledged', {
        by: byActor(i18n, alert.acknowledgedBy),
        when: i18n.dateTime(alert.acknowledgedAt ?? alert.lastActivity?.at ?? alert.openedAt),
      })}`;
    case 'snoozed': {
      const until = alert.snoozedUntil ? i18n.dateTime(alert.snoozedUntil) : '…';
      const text = i18n.t('alert.activity.snoozed', { by: byActor(i18n, alert.snoozedBy), until });
      return `:zzz: ${withNote(text, alert.snoozeReason)}`;
    }
    case 'resolved': {
      // A change a person made (a payment, a restock) clears it "automatically" but is theirs to credit.
      const automatic = isSystemActor(alert.resolvedBy) || !alert.resolvedBy;
      const by = automatic ? i18n.t('alert.by.system') : byActor(i18n, alert.resolvedBy);
      const when = i18n.dateTime(alert.resolvedAt ?? alert.lastActivity?.at ?? alert.openedAt);
      return `${RESOLVED_EMOJI} ${resolvedReason(i18n, alert, i18n.t('alert.activity.resolved', { by }), automatic)} · ${when}`;
    }
  }
}

/** "resolved by <@U1>: note" / "resolved automatically: stock now 45 un". */
export function resolvedReason(i18n: I18n, alert: AlertView, phrase: string, automatic: boolean): string {
  if (alert.resolutionNote?.trim()) return withNote(phrase, alert.resolutionNote);
  const reason = automatic ? autoReason(i18n, alert) : null;
  return reason ? `${phrase}: ${reason}` : phrase;
}

/** Why the bot resolved it when the domain left no note: "stock now 45 un". Already escaped. */
export function autoReason(i18n: I18n, alert: AlertView): string | null {
  const d = alert.details;
  switch (d.kind) {
    case 'low_stock':
      return i18n.t('alert.autoReason.low_stock', { stock: d.stock, unit: escapeClip(d.unit, CLIP.unit) });
    case 'unpaid_order':
      return i18n.t('alert.autoReason.unpaid_order');
    case 'missing_documents':
      return d.missing.length === 0 ? i18n.t('alert.autoReason.missing_documents') : null;
  }
}

/** Appends ": note", the note being data: escaped and clipped. */
export function withNote(text: string, note: string | null | undefined): string {
  if (!note || !note.trim()) return text;
  return `${text}: ${escapeClip(note.trim(), CLIP.note)}`;
}

/** Events that the status phrase does not already tell. */
function activityPhrase(i18n: I18n, activity: AlertActivity | null): string | undefined {
  if (!activity) return undefined;
  const when = i18n.dateTime(activity.at);
  switch (activity.type) {
    case 'worsened':
      return `:chart_with_downwards_trend: ${i18n.t('alert.activity.worsened', { when })}`;
    case 'improved':
      return i18n.t('alert.activity.improved', { when });
    case 'reminded':
      return `:bell: ${i18n.t('alert.activity.reminded', { when })}`;
    case 'escalated':
      return `:rotating_light: ${i18n.t('alert.activity.escalated', { when })}`;
    case 'woke':
      return `:alarm_clock: ${i18n.t('alert.activity.woke', { when })}`;
    case 'refused':
      return i18n.t('alert.activity.refused', { when });
    default:
      // opened, acknowledged, snoozed, resolved, auto_resolved, reopened: shown by the state
      return undefined;
  }
}

/** Domain action first, then Acknowledge (until acknowledged), Snooze, Resolve. None once resolved. */
function alertButtons(i18n: I18n, alert: AlertView): Button[] {
  if (alert.status === 'resolved') return [];
  const value = encodeAlertButton({ alertId: alert.id, version: alert.version });
  const list: Button[] = [];
  switch (alert.kind) {
    case 'low_stock':
      list.push(button(i18n.t('alert.button.restock'), ALERT_ACTIONS.restock, value, 'primary'));
      break;
    case 'unpaid_order':
      list.push(
        button(i18n.t('alert.button.markPaid'), ALERT_ACTIONS.markPaid, value, 'primary'),
        button(i18n.t('alert.button.promiseToPay'), ALERT_ACTIONS.promiseToPay, value),
      );
      break;
    case 'missing_documents':
      list.push(
        button(i18n.t('alert.button.documentReceived'), ALERT_ACTIONS.documentReceived, value, 'primary'),
        button(i18n.t('alert.button.waiveDocument'), ALERT_ACTIONS.waiveDocument, value),
      );
      break;
  }
  if (alert.status === 'open') list.push(button(i18n.t('alert.button.acknowledge'), ALERT_ACTIONS.acknowledge, value));
  list.push(button(i18n.t('alert.button.snooze'), ALERT_ACTIONS.snooze, value), button(i18n.t('alert.button.resolve'), ALERT_ACTIONS.resolve, value));
  return list;
}
