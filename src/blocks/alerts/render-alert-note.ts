// Thread replies on an alert's channel message: what got worse, reminders, re-opening, the end of
// a snooze, and who resolved it. The parent message itself is updated by renderAlertMessage.
import type { AlertDetails, AlertView, Severity } from '../../domain/alerts/alert-types.js';
import { SEVERITY_RANK } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { assertNever } from '../../lib/assert-never.js';
import { viewOf } from '../kinds/index.js';
import { context, escapeClip, LIMITS, section, truncateChars, type KnownBlock } from '../kit.js';
import { actorSubject, byActor, CLIP, isSystemActor, RESOLVED_EMOJI, severityMark } from './alert-format.js';
import { resolvedReason, type AlertMessage } from './render-alert.js';

export type AlertNoteType = 'worsened' | 'reminder' | 'acked-reminder' | 'reopened' | 'woke' | 'resolved';

export interface AlertNoteInput {
  type: AlertNoteType;
  /** the alert as it is now */
  alert: AlertView;
  /** the details before this change (for `worsened`: what the numbers were) */
  previous?: AlertDetails;
  /** the severity before this change; when lower than now, the note says it went up */
  previousSeverity?: Severity;
  /** for `reminder`: how long it has been open, already formatted ("24 h", "2 days") */
  remindAfterText?: string;
  /** for `acked-reminder`: how long ago it was acknowledged, already formatted ("3 days") */
  acknowledgedAgoText?: string;
}

const NOTE_EMOJI: Record<AlertNoteType, string> = {
  worsened: ':chart_with_downwards_trend:',
  reminder: ':bell:',
  'acked-reminder': ':hourglass:',
  reopened: ':repeat:',
  woke: ':alarm_clock:',
  resolved: RESOLVED_EMOJI,
};

export function renderAlertNote(i18n: I18n, note: AlertNoteInput): AlertMessage {
  const { alert } = note;
  const sentences = noteSentences(i18n, note);
  const body = `${NOTE_EMOJI[note.type]} ${sentences.join('\n')}`;
  const subject = escapeClip(alert.subject, CLIP.lineSubject);
  const blocks: KnownBlock[] = [section(body), context(`#${alert.id} · ${subject} · ${severityMark(i18n, alert.severity)}`)];
  // The fallback shows in notifications: the same sentences without emoji codes.
  const plain = sentences.join(' · ').replace(/:[a-z0-9_+-]+: ?/g, '');
  const text = truncateChars(`#${alert.id} ${subject}: ${plain}`, LIMITS.messageText);
  return { text, blocks };
}

/** Escaped mrkdwn sentences; the first says what happened. */
function noteSentences(i18n: I18n, note: AlertNoteInput): string[] {
  const { alert } = note;
  const view = viewOf(alert.details);
  const now = i18n.t('alert.note.now', { figure: view.keyFigure(i18n, alert.details) });
  switch (note.type) {
    case 'worsened':
      return worsenedSentences(i18n, note);
    case 'reminder': {
      const duration = note.remindAfterText?.trim();
      return [
        duration ? i18n.t('alert.note.reminder', { duration: escapeClip(duration, CLIP.lineSubject) }) : i18n.t('alert.note.reminderNoDuration'),
        now,
      ];
    }
    case 'acked-reminder': {
      const by = alert.acknowledgedBy ? actorSubject(i18n, alert.acknowledgedBy) : i18n.t('alert.note.ackedSomeone');
      const ago = escapeClip(note.acknowledgedAgoText?.trim() ?? '', CLIP.lineSubject);
      return [ago ? i18n.t('alert.note.ackedReminder', { actor: by, ago }) : i18n.t('alert.note.ackedReminderNoDuration', { actor: by }), now];
    }
    case 'reopened': {
      const byPerson = alert.resolvedBy && !isSystemActor(alert.resolvedBy);
      return [byPerson ? i18n.t('alert.note.reopenedBy', { by: byActor(i18n, alert.resolvedBy) }) : i18n.t('alert.note.reopened'), now];
    }
    case 'woke':
      return [view.woke(i18n, alert.details) ?? i18n.t('alert.note.woke'), now];
    case 'resolved': {
      // A change a person made (a payment, a restock) clears it "automatically" but is theirs to credit.
      const automatic = !alert.resolvedBy || isSystemActor(alert.resolvedBy);
      const who = automatic ? i18n.t('alert.note.resolvedAuto') : i18n.t('alert.note.resolvedBy', { by: byActor(i18n, alert.resolvedBy) });
      return [resolvedReason(i18n, alert, who, automatic)];
    }
    default:
      return assertNever(note.type, 'alert note type');
  }
}

function worsenedSentences(i18n: I18n, note: AlertNoteInput): string[] {
  const d = note.alert.details;
  const previous = note.previous?.kind === d.kind ? note.previous : undefined;
  const severity = i18n.t(`alert.severity.${note.alert.severity}`);
  const what = viewOf(d).worsened(i18n, d, previous, severity);
  const sentences = [what];
  const before = note.previousSeverity;
  if (before && SEVERITY_RANK[before] < SEVERITY_RANK[note.alert.severity]) {
    sentences.push(
      i18n.t('alert.note.severityUp', { before: severityMark(i18n, before), after: severityMark(i18n, note.alert.severity) }),
    );
  }
  return sentences;
}
