// The channel message of one alert, in every state. Posted when the alert opens and updated in
// place (chat.update) on every change, so it always shows the current state: who acknowledged,
// snoozed or resolved it, and the buttons that still make sense.
//
// Layout (phone-friendly, at most 4 blocks): header · body lines · context line · buttons.
import type { Button } from '@slack/types';
import type { AlertActivity, AlertView } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { assertNever } from '../../lib/assert-never.js';
import { ALERT_ACTIONS, encodeAlertButton } from '../action-ids.js';
import { ALERT_KIND_VIEWS, viewOf } from '../kinds/index.js';
import { actions, button, context, escapeClip, escapeFit, header, LIMITS, section, type KnownBlock } from '../kit.js';
import { alertEmoji, byActor, CLIP, isSystemActor, RESOLVED_EMOJI, severityMark, statusLabel } from './alert-format.js';

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
    section(viewOf(alert.details).bodyLines(i18n, alert.details, alert.status === 'resolved').join('\n')),
    context(contextLine(i18n, alert)),
  ];
  const buttons = alertButtons(i18n, alert);
  if (buttons.length > 0) blocks.push(actions(buttons));
  return { text: alertFallback(i18n, alert), blocks };
}

/** The plain one-line summary: "#42 · Critical · Out of stock: CAFE-500 Café torrado: 0 un (minimum 10)". */
export function alertFallback(i18n: I18n, alert: AlertView): string {
  const view = viewOf(alert.details);
  const summary = view.summary(i18n, alert.details, view.title(i18n, alert.details));
  let text = i18n.t('alert.fallback', { id: String(alert.id), severity: i18n.t(`alert.severity.${alert.severity}`), summary });
  if (alert.status !== 'open') text = i18n.t('alert.fallbackStatus', { text, status: statusLabel(i18n, alert.status) });
  return escapeFit(text, FALLBACK_MAX);
}

function alertHeader(i18n: I18n, alert: AlertView): string {
  const title = viewOf(alert.details).title(i18n, alert.details);
  const withStatus =
    alert.status === 'resolved' || alert.status === 'snoozed' ? i18n.t('alert.titleWithStatus', { title, status: statusLabel(i18n, alert.status) }) : title;
  return escapeFit(`${alertEmoji(alert)} ${withStatus}`, LIMITS.headerText);
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
    default:
      return assertNever(alert.status, 'alert status');
  }
}

/** "resolved by <@U1>: note" / "resolved automatically: stock now 45 un". */
export function resolvedReason(i18n: I18n, alert: AlertView, phrase: string, automatic: boolean): string {
  if (alert.resolutionNote?.trim()) return withNote(phrase, alert.resolutionNote);
  // Why the bot resolved it when the domain left no note: "stock now 45 un".
  const reason = automatic ? viewOf(alert.details).autoReason(i18n, alert.details) : null;
  return reason ? `${phrase}: ${reason}` : phrase;
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
    case 'woke':
      return `:alarm_clock: ${i18n.t('alert.activity.woke', { when })}`;
    case 'refused':
      return i18n.t('alert.activity.refused', { when });
    case 'escalated':
      // told in the thread and the DM copies, not on the message
      return undefined;
    case 'migrated':
    case 'updated':
      // the figures were restated (an upgrade, or a change within the step): the body shows them
      return undefined;
    case 'opened':
    case 'acknowledged':
    case 'snoozed':
    case 'resolved':
    case 'auto_resolved':
    case 'reopened':
      // shown by the state
      return undefined;
    default:
      return assertNever(activity.type, 'alert event type');
  }
}

/** Domain action first, then Acknowledge (until acknowledged), Snooze, Resolve. None once resolved. */
function alertButtons(i18n: I18n, alert: AlertView): Button[] {
  if (alert.status === 'resolved') return [];
  const value = encodeAlertButton({ alertId: alert.id, version: alert.version });
  const list: Button[] = ALERT_KIND_VIEWS[alert.kind].fixButtons.map((b) => button(i18n.t(b.label), b.actionId, value, b.style));
  if (alert.status === 'open') list.push(button(i18n.t('alert.button.acknowledge'), ALERT_ACTIONS.acknowledge, value));
  list.push(button(i18n.t('alert.button.snooze'), ALERT_ACTIONS.snooze, value), button(i18n.t('alert.button.resolve'), ALERT_ACTIONS.resolve, value));
  return list;
}
