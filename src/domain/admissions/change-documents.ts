// Receiving or waiving admission documents. The hire's row is locked (SELECT … FOR UPDATE); each
// document must be a known code, required from that person and still missing; the change and its
// audit event are written together. All or nothing: a modal submitting three documents never
// records only two of them.
import type { I18n } from '../../i18n/index.js';
import { KNOWN_DOCUMENTS } from '../../lib/documents.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { parseText } from '../import/values.js';
import { documentOrder, lockActiveEmployee, requiredDocumentStates, type AdmissionDeps, type DocumentState } from './admission-record.js';

export type DocumentChange = { kind: 'received' } | { kind: 'waived'; reason: string };

export const WAIVER_REASON_MAX = 300;

export interface DocumentChangeResult {
  kind: DocumentChange['kind'];
  /** the hire's code and name, as stored */
  code: string;
  name: string;
  /** the documents changed, in display order */
  documents: string[];
  /** what is still missing afterwards, in display order */
  missing: string[];
}

export async function changeDocuments(
  deps: AdmissionDeps,
  actor: Actor,
  code: string,
  documents: readonly string[],
  change: DocumentChange,
): Promise<DocumentChangeResult> {
  const { db, i18n } = deps;
  const codes = checkDocumentCodes(i18n, documents).sort(documentOrder(deps.config.requiredDocuments));
  const reason = change.kind === 'waived' ? checkReason(i18n, change.reason) : null;
  const now = deps.clock.now();
  return db.prisma.$transaction(async (tx) => {
    const employee = await lockActiveEmployee(tx, i18n, code);
    const states = requiredDocumentStates(await tx.admissionDocument.findMany({ where: { employeeId: employee.id } }), deps.config.requiredDocuments);
    for (const document of codes) refuseUnlessMissing(i18n, employee.code, document, states);

    await tx.admissionDocument.updateMany({
      where: { employeeId: employee.id, code: { in: codes } },
      data: { status: change.kind, actor: actor.userId, changedAt: now, waiverReason: reason },
    });
    await recordAudit(tx, {
      actor: actor.userId,
      action: change.kind === 'received' ? 'admissions.received' : 'admissions.waive',
      target: employee.code,
      outcome: 'ok',
      details: { documents: codes, ...(reason ? { reason } : {}) },
      at: now,
    });
    const missing = states.filter((s) => s.status === 'missing' && !codes.includes(s.code)).map((s) => s.code);
    return { kind: change.kind, code: employee.code, name: employee.name, documents: codes, missing };
  });
}

/** Lower-cased, without duplicates, every one a known code; at least one. */
function checkDocumentCodes(i18n: I18n, documents: readonly string[]): string[] {
  const codes = [...new Set(documents.map((d) => d.trim().toLowerCase()))];
  if (codes.length === 0) throw new AppError('invalid_input', 'no documents given', { userMessage: i18n.t('form.documents.required') });
  const unknown = codes.find((c) => !KNOWN_DOCUMENTS.includes(c));
  if (unknown !== undefined) {
    throw new AppError('invalid_input', `unknown document ${unknown}`, {
      userMessage: i18n.t('admissions.unknownDocument', { document: unknown, known: KNOWN_DOCUMENTS.map((c) => `\`${c}\``).join(', ') }),
    });
  }
  return codes;
}

function checkReason(i18n: I18n, reason: string): string {
  const parsed = parseText(reason, { max: WAIVER_REASON_MAX });
  if (!parsed.ok) {
    throw new AppError('invalid_input', `bad waiver reason: ${JSON.stringify(parsed.problem)}`, { userMessage: i18n.t('admissions.reasonInvalid', { max: WAIVER_REASON_MAX }) });
  }
  return parsed.value;
}

/**
 * A document not required from this person is answered with what is still missing, so the clerk
 * sees the right code at once; one already received or waived is refused politely.
 */
function refuseUnlessMissing(i18n: I18n, employeeCode: string, document: string, states: readonly DocumentState[]): void {
  const state = states.find((s) => s.code === document);
  if (state?.status === 'missing') return;
  if (!state) {
    const missing = states.filter((s) => s.status === 'missing').map((s) => `\`${s.code}\``);
    const userMessage =
      missing.length > 0
        ? i18n.t('admissions.notRequired', { document, code: employeeCode, missing: missing.join(', ') })
        : i18n.t('admissions.notRequiredNoneMissing', { document, code: employeeCode });
    throw new AppError('invalid_input', `${document} not required from ${employeeCode}`, { userMessage });
  }
  const when = state.changedAt ? i18n.dateTime(state.changedAt) : '—';
  const key = state.status === 'received' ? 'admissions.alreadyReceived' : 'admissions.alreadyWaived';
  throw new AppError('conflict', `${document} of ${employeeCode} already ${state.status}`, { userMessage: i18n.t(key, { document, code: employeeCode, when }) });
}
