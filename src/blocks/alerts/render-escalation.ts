// What paging someone about an unacknowledged critical alert looks like: the DM copy (the alert's
// own message, buttons included, under one line saying why they got it) and the mention in the
// alert's thread. The DM copy is re-rendered on every change of the alert, like the channel message.
import type { AlertView } from '../../domain/alerts/alert-types.js';
import type { EscalationReason } from '../../domain/alerts/decide-escalation.js';
import type { I18n } from '../../i18n/index.js';
import { isSlackUserId } from '../../lib/slack-ids.js';
import { context, escapeClip, LIMITS, section, truncateChars } from '../kit.js';
import { CLIP } from './alert-format.js';
import { alertFallback, renderAlertMessage, type AlertMessage } from './render-alert.js';

export interface EscalationStep {
  level: number;
  reason: EscalationReason;
}

export function renderEscalationDm(i18n: I18n, alert: AlertView, step: EscalationStep): AlertMessage {
  const message = renderAlertMessage(i18n, alert);
  let intro = i18n.t(`escalation.dm.${step.reason}`, { level: step.level });
  // Once someone acknowledged (or it was resolved), the copy tells what happened instead of urging.
  if (alert.status === 'open') intro += ` ${i18n.t('escalation.dm.stop')}`;
  return {
    text: truncateChars(i18n.t('escalation.fallback', { text: alertFallback(i18n, alert) }), LIMITS.messageText),
    blocks: [context(intro), ...message.blocks],
  };
}

/** `<@U1>` for a person, `<!subteam^S1>` for a user group. */
function principalMention(id: string): string {
  return isSlackUserId(id) ? `<@${id}>` : `<!subteam^${id}>`;
}

/** The thread reply of one step: "<@U1> paged — step 1, on call", mentioning everyone paged. */
export function renderEscalationNote(i18n: I18n, alert: AlertView, step: EscalationStep & { paged: readonly string[] }): AlertMessage {
  const sentence = i18n.t('escalation.thread', {
    who: step.paged.map(principalMention).join(', '),
    level: step.level,
    reason: i18n.t(`escalation.reason.${step.reason}`),
  });
  const subject = escapeClip(alert.subject, CLIP.lineSubject);
  // The fallback carries the mentions too: it is what notifies them.
  const plain = sentence.replace(/:[a-z0-9_+-]+: ?/g, '');
  return {
    text: truncateChars(`#${alert.id} ${subject}: ${plain}`, LIMITS.messageText),
    blocks: [section(sentence), context(`#${alert.id} · ${subject}`)],
  };
}
