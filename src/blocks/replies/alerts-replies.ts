// Replies of `/alerts` and of the alert buttons: the list (with the channel messages that could
// not be posted, each with a Retry button for admins) and the confirmation of what a person just
// did to an alert or to a failed message. The digest is src/blocks/digest.
import type { AlertView } from '../../domain/alerts/alert-types.js';
import type { AlertList } from '../../domain/alerts/list-alerts.js';
import type { FailedMessage, FailedMessages } from '../../domain/alerts/list-failed-messages.js';
import type { RetriedMessage } from '../../domain/alerts/retry-failed-message.js';
import type { I18n } from '../../i18n/index.js';
import { assertNever } from '../../lib/assert-never.js';
import { FAILED_MESSAGE_ACTIONS } from '../action-ids.js';
import { byActor, CLIP, kindLabel, RESOLVED_EMOJI, SEVERITY_EMOJI, statusLabel } from '../alerts/alert-format.js';
import { alertLine } from '../alerts/alert-line.js';
import { button, context, escapeClip, header, section, sectionsFromLines, type KnownBlock } from '../kit.js';
import type { Reply } from '../reply.js';

/** Slack error codes are short; the sender's own reasons can be a sentence. */
const ERROR_CLIP = 200;

// ---------------------------------------------------------------------------------------------
// /alerts list

/** `canRetry`: the viewer may retry failed messages (an admin): each one gets a Retry button. */
export function renderAlertList(i18n: I18n, list: AlertList, failed: FailedMessages, options: { canRetry: boolean }): Reply {
  const title = i18n.t('alerts.list.title');
  const blocks: KnownBlock[] = [header(title)];
  if (list.total === 0) blocks.push(section(i18n.t('alerts.list.empty')));
  for (const group of list.kinds) {
    if (group.total === 0) continue;
    blocks.push(section(i18n.t('alerts.list.kind', { kind: kindLabel(i18n, group.kind), count: group.total })));
    blocks.push(...sectionsFromLines(group.alerts.map((alert) => alertLine(i18n, alert, listStatus(i18n, alert)))));
    const hidden = group.total - group.alerts.length;
    if (hidden > 0) blocks.push(context(i18n.plural('alerts.list.more', hidden)));
  }
  // Placed after the alerts but always present when there are failures: a message nobody saw is
  // exactly what this list exists to reveal.
  if (failed.total > 0) blocks.push(...failedBlocks(i18n, failed, options.canRetry));
  const text = [`${title}: ${list.total}`, ...(failed.total > 0 ? [i18n.plural('alerts.failed.title', failed.total)] : [])].join('\n');
  return { text, blocks, visibility: 'ephemeral' };
}

/** Where the alert stands: who acknowledged it, until when it sleeps, or since when it is open. */
function listStatus(i18n: I18n, alert: AlertView): string {
  switch (alert.status) {
    case 'acknowledged':
      return `:eyes: ${i18n.t('alert.activity.acknowledged', { by: byActor(i18n, alert.acknowledgedBy), when: i18n.dateTime(alert.acknowledgedAt ?? alert.openedAt) })}`;
    case 'snoozed':
      return `:zzz: ${i18n.t('alert.activity.snoozed', { by: byActor(i18n, alert.snoozedBy), until: alert.snoozedUntil ? i18n.dateTime(alert.snoozedUntil) : '…' })}`;
    case 'open':
    case 'resolved':
      return i18n.t('alerts.list.openSince', { when: i18n.dateTime(alert.openedAt) });
    default:
      return assertNever(alert.status, 'alert status');
  }
}

function failedBlocks(i18n: I18n, failed: FailedMessages, canRetry: boolean): KnownBlock[] {
  // Every failure is counted by reason, then the latest ones are shown one by one.
  const reasons = failed.reasons.map((r) => `• ${i18n.t('alerts.failed.reason', { error: codeText(r.error), channel: channelLabel(r.channel), count: r.count })}`);
  const blocks: KnownBlock[] = [section([`:warning: *${i18n.plural('alerts.failed.title', failed.total)}*`, ...reasons].join('\n'))];
  if (canRetry) {
    // One section per message, so its Retry button sits next to it.
    blocks.push(...failed.latest.map((m) => section(failedLine(i18n, m), button(i18n.t('alerts.failed.retry'), FAILED_MESSAGE_ACTIONS.retry, String(m.id)))));
  } else {
    blocks.push(...sectionsFromLines(failed.latest.map((m) => failedLine(i18n, m))));
  }
  const older = failed.total - failed.latest.length;
  blocks.push(context(...(older > 0 ? [i18n.plural('alerts.failed.more', older)] : []), i18n.t('alerts.failed.hint')));
  return blocks;
}

function failedLine(i18n: I18n, message: FailedMessage): string {
  const op = i18n.t(`alerts.failed.op.${message.op}`);
  const what =
    message.alertId !== null
      ? i18n.t('alerts.failed.alert', { op, id: String(message.alertId), subject: escapeClip(message.alertSubject ?? '', CLIP.lineSubject) })
      : message.groupId !== null
        ? i18n.t('alerts.failed.group', { op, id: String(message.groupId) })
        : op;
  const line = i18n.t('alerts.failed.line', { id: String(message.id), when: i18n.dateTime(message.queuedAt), channel: channelLabel(message.channel), what, error: codeText(message.error) });
  return `• ${line}`;
}

/** A channel ID renders as a link to the channel, a user ID (a DM) as a mention; anything else as text. */
function channelLabel(channel: string): string {
  if (/^[CG][A-Z0-9]{2,}$/.test(channel)) return `<#${channel}>`;
  if (/^[UW][A-Z0-9]{2,}$/.test(channel)) return `<@${channel}>`;
  return escapeClip(channel, CLIP.lineSubject);
}

/** Error text inside `code`: clipped, escaped, and unable to close the code span early. */
function codeText(error: string): string {
  return escapeClip(error.replace(/`/g, "'"), ERROR_CLIP);
}

// ---------------------------------------------------------------------------------------------
// What a person just did (slash command, button, modal)

/** `/alerts retry N` or its button: queued again, or found already posted. */
export function renderMessageRetried(i18n: I18n, retried: RetriedMessage): Reply {
  const params = { id: String(retried.id), channel: channelLabel(retried.channel) };
  const message = retried.queued ? i18n.t('alerts.retry.done', params) : i18n.t('alerts.retry.alreadyPosted', params);
  return { text: message, blocks: [section(`:repeat: ${message}`)], visibility: 'ephemeral' };
}

/** "#42 acknowledged" / "#42 snoozed until …" / "#42 resolved", from the alert's new state. */
export function renderAlertChanged(i18n: I18n, alert: AlertView): Reply {
  const id = String(alert.id);
  const { mark, message, extra } = changedParts(i18n, alert, id);
  const blocks: KnownBlock[] = [section(`${mark} ${message}`), context(alertLine(i18n, alert), ...extra)];
  return { text: message, blocks, visibility: 'ephemeral' };
}

function changedParts(i18n: I18n, alert: AlertView, id: string): { mark: string; message: string; extra: string[] } {
  switch (alert.status) {
    case 'acknowledged':
      return { mark: ':eyes:', message: i18n.t('alerts.done.acknowledged', { id }), extra: [] };
    case 'snoozed':
      return {
        mark: ':zzz:',
        message: i18n.t('alerts.done.snoozed', { id, until: alert.snoozedUntil ? i18n.dateTime(alert.snoozedUntil) : '…' }),
        extra: alert.snoozeReason ? [i18n.t('alerts.done.reason', { note: escapeClip(alert.snoozeReason, CLIP.note) })] : [],
      };
    case 'resolved':
      return {
        mark: RESOLVED_EMOJI,
        message: i18n.t('alerts.done.resolved', { id }),
        extra: [...(alert.resolutionNote ? [i18n.t('alerts.done.note', { note: escapeClip(alert.resolutionNote, CLIP.note) })] : []), i18n.t('alerts.done.recheck')],
      };
    case 'open':
      // No person's action leaves an alert open; show where it stands rather than fail.
      return { mark: SEVERITY_EMOJI[alert.severity], message: `#${id} ${statusLabel(i18n, 'open')}`, extra: [] };
    default:
      return assertNever(alert.status, 'alert status');
  }
}
