import type { MissingDocumentsDetails } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { ALERT_ACTIONS } from '../action-ids.js';
import { CLIP, documentList, userMention } from '../alerts/alert-format.js';
import { escapeClip, truncateChars } from '../kit.js';
import type { AlertKindView } from './alert-kind-view.js';

function startLine(i18n: I18n, d: MissingDocumentsDetails): string {
  const date = i18n.date(d.startDate);
  if (d.daysToStart === 0) return i18n.t('alert.missingDocuments.startToday', { date });
  if (d.daysToStart === 1) return i18n.t('alert.missingDocuments.startTomorrow', { date });
  if (d.daysToStart < 0) return i18n.plural('alert.missingDocuments.startedAgo', -d.daysToStart, { date });
  return i18n.plural('alert.missingDocuments.startIn', d.daysToStart, { date });
}

export const missingDocumentsView: AlertKindView<MissingDocumentsDetails> = {
  title(i18n, d) {
    return i18n.t('alert.missingDocuments.title', { name: truncateChars(d.name, CLIP.subject), code: truncateChars(d.code, CLIP.lineSubject) });
  },

  summary(i18n, d, title) {
    return i18n.plural('alert.missingDocuments.summary', d.missing.length, { title, required: d.required, date: i18n.date(d.startDate) });
  },

  name: (d) => d.name,

  keyFigure(i18n, d) {
    return i18n.plural('alert.missingDocuments.line', d.missing.length, { required: d.required, date: i18n.date(d.startDate) });
  },

  bodyLines(i18n, d) {
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
        ? i18n.plural('alert.missingDocuments.progress', d.missing.length, { required: d.required, documents: documentList(i18n, d.missing) })
        : i18n.plural('alert.missingDocuments.none', d.required),
    );
    return lines;
  },

  autoReason: (i18n, d) => (d.missing.length === 0 ? i18n.t('alert.autoReason.missing_documents') : null),

  worsened(i18n, d, previous) {
    const added = previous ? d.missing.filter((code) => !previous.missing.includes(code)) : [];
    return added.length > 0
      ? i18n.plural('alert.note.moreMissing', added.length, { documents: documentList(i18n, added) })
      : i18n.plural('alert.note.startNear', d.missing.length, { date: i18n.date(d.startDate), required: d.required });
  },

  woke: () => undefined,

  fixButtons: [
    { label: 'alert.button.documentReceived', actionId: ALERT_ACTIONS.documentReceived, style: 'primary' },
    { label: 'alert.button.waiveDocument', actionId: ALERT_ACTIONS.waiveDocument },
  ],
};
