// Replies to /admissions and to the Document received / Waive modals. Document *types* only, named
// with the same labels as the alert messages (LGPD: never a number, never health data).
import type { DocumentState } from '../../domain/admissions/admission-record.js';
import type { DocumentChangeResult } from '../../domain/admissions/change-documents.js';
import type { AdmissionList } from '../../domain/admissions/list-admissions.js';
import type { PrelimResult } from '../../domain/admissions/record-prelim.js';
import type { AdmissionDetails } from '../../domain/admissions/show-admission.js';
import type { I18n } from '../../i18n/index.js';
import { byActor, CLIP, documentLabel, documentList } from '../alerts/alert-format.js';
import { withNote } from '../alerts/render-alert.js';
import { context, escapeClip, fields, header, section, sectionsFromLines, type KnownBlock } from '../kit.js';
import type { Reply } from '../reply.js';
import { confirmation } from './orders-replies.js';

export function renderAdmissionList(i18n: I18n, list: AdmissionList): Reply {
  const title = i18n.t('admissions.list.title');
  if (list.admissions.length === 0) {
    const empty = i18n.t('admissions.list.empty', { days: list.sinceDays });
    return { text: empty, blocks: [header(title), section(empty)], visibility: 'ephemeral' };
  }
  const lines = list.admissions.map((a) => {
    const mark = a.missing > 0 ? ':page_facing_up:' : ':white_check_mark:';
    const documents = a.missing > 0 ? i18n.plural('admissions.list.missing', a.missing) : i18n.t('admissions.list.complete');
    const line = i18n.t('admissions.list.line', {
      code: escapeClip(a.code, CLIP.lineSubject),
      name: escapeClip(a.name, CLIP.lineName),
      date: i18n.date(a.startDate),
      documents,
    });
    return `${mark} ${line}`;
  });
  const hidden = list.total - list.admissions.length;
  const blocks: KnownBlock[] = [header(title), ...sectionsFromLines(lines)];
  if (hidden > 0) blocks.push(context(i18n.plural('admissions.list.more', hidden)));
  return { text: `${title}: ${list.total}`, blocks, visibility: 'ephemeral' };
}

export function renderAdmissionDetails(i18n: I18n, details: AdmissionDetails): Reply {
  const title = i18n.t('admissions.show.title', { name: details.name, code: details.code });
  const deadline = i18n.date(details.deadline);
  const facts = [
    ...(details.role ? [i18n.t('admissions.show.role', { role: escapeClip(details.role, CLIP.role) })] : []),
    i18n.t('admissions.show.start', { date: i18n.date(details.startDate) }),
    details.sendBy === details.deadline
      ? i18n.t('admissions.show.deadline', { date: deadline })
      : i18n.t('admissions.show.deadlineSendBy', { date: deadline, sendBy: i18n.date(details.sendBy) }),
    ...(details.prelimSentOn ? [i18n.t('admissions.show.prelim', { date: i18n.date(details.prelimSentOn) })] : []),
  ];
  const missing = details.documents.filter((d) => d.status === 'missing').length;
  const blocks: KnownBlock[] = [header(title), fields(facts)];
  if (details.documents.length === 0) {
    blocks.push(section(i18n.t('admissions.show.noDocuments')));
  } else {
    blocks.push(section(i18n.plural('admissions.show.documents', missing, { required: details.documents.length })));
    blocks.push(...sectionsFromLines(details.documents.map((d) => documentLine(i18n, d))));
  }
  return { text: `${title}: ${missing}/${details.documents.length}`, blocks, visibility: 'ephemeral' };
}

/** ":white_check_mark: ASO (exame admissional) `aso` — recebido por <@U1> · 20/11/2026 10:00" */
function documentLine(i18n: I18n, d: DocumentState): string {
  const params = { document: documentLabel(i18n, d.code), code: escapeClip(d.code, CLIP.lineSubject), by: byActor(i18n, d.actor) };
  if (d.status === 'missing') return `:x: ${i18n.t('admissions.doc.missing', params)}`;
  let text = i18n.t(d.status === 'received' ? 'admissions.doc.received' : 'admissions.doc.waived', params);
  if (d.changedAt) text = i18n.t('admissions.doc.when', { text, when: i18n.dateTime(d.changedAt) });
  return d.status === 'received' ? `:white_check_mark: ${text}` : `:heavy_minus_sign: ${withNote(text, d.waiverReason)}`;
}

/** `/admissions prelim`: the S-2200's new deadline, or when the S-2190 had been recorded already. */
export function renderPrelimRecorded(i18n: I18n, result: PrelimResult): Reply {
  const params = {
    name: escapeClip(result.name, CLIP.name),
    code: escapeClip(result.code, CLIP.subject),
    date: i18n.date(result.sentOn),
    deadline: i18n.date(result.deadline),
    sendBy: i18n.date(result.sendBy),
  };
  return confirmation(i18n.t(result.recorded ? 'admissions.prelim.done' : 'admissions.prelim.already', params));
}

export function renderDocumentsChanged(i18n: I18n, result: DocumentChangeResult): Reply {
  const key = result.kind === 'received' ? 'admissions.received.done' : 'admissions.waived.done';
  const done = i18n.plural(key, result.documents.length, {
    name: escapeClip(result.name, CLIP.name),
    code: escapeClip(result.code, CLIP.subject),
    documents: documentList(i18n, result.documents),
  });
  const rest = result.missing.length > 0 ? i18n.t('admissions.stillMissing', { documents: documentList(i18n, result.missing) }) : i18n.t('admissions.complete');
  return confirmation(done, rest);
}
