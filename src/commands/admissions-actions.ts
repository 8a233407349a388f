import { renderAdmissionDetails, renderAdmissionList, renderDocumentsChanged, renderPrelimRecorded } from '../blocks/replies/admissions-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import type { DocumentChangeResult } from '../domain/admissions/change-documents.js';
import { listAdmissions } from '../domain/admissions/list-admissions.js';
import { receiveDocuments } from '../domain/admissions/receive-documents.js';
import { recordPrelim } from '../domain/admissions/record-prelim.js';
import { showAdmission } from '../domain/admissions/show-admission.js';
import { waiveDocuments } from '../domain/admissions/waive-documents.js';
import type { AdmissionsAction } from '../domain/commands/admissions-command.js';
import type { Deps } from '../domain/deps.js';
import { assertNever } from '../lib/assert-never.js';
import { dateInZone } from '../lib/time/calendar.js';
import { followUpAlert } from './follow-up-alert.js';

// One list reply stays well under 50 blocks and 3000 characters per section.
const LIST_LIMIT = 60;

export async function runAdmissionsAction(deps: Deps, actor: Actor, action: Exclude<AdmissionsAction, { verb: 'help' }>): Promise<Reply> {
  const { i18n } = deps;
  switch (action.verb) {
    case 'list': {
      const today = dateInZone(deps.clock.now(), deps.config.timezone);
      return renderAdmissionList(i18n, await listAdmissions(deps, { today, limit: LIST_LIMIT }));
    }
    case 'show':
      return renderAdmissionDetails(i18n, await showAdmission(deps, action.code));
    case 'received':
      return receiveAndFollowUp(deps, actor, action.code, [action.document]);
    case 'waive':
      return waiveAndFollowUp(deps, actor, action.code, [action.document], action.reason);
    case 'prelim': {
      // The deadline moved: the hire's alert calms down (updated in place) at once.
      const result = await recordPrelim(deps, actor, action.code);
      if (result.recorded) await followUpAlert(deps, 'missing_documents', result.code, actor.userId);
      return renderPrelimRecorded(i18n, result);
    }
    default:
      return assertNever(action, 'verb');
  }
}

/** `/admissions received` and the Document received modal. */
export async function receiveAndFollowUp(deps: Deps, actor: Actor, code: string, documents: readonly string[]): Promise<Reply> {
  return followUp(deps, actor, await receiveDocuments(deps, actor, code, documents));
}

/** `/admissions waive` and the Waive modal. */
export async function waiveAndFollowUp(deps: Deps, actor: Actor, code: string, documents: readonly string[], reason: string): Promise<Reply> {
  return followUp(deps, actor, await waiveDocuments(deps, actor, code, documents, reason));
}

/** The hire's alert follows at once: it shrinks (message updated in place), or resolves by `actor` when complete. */
async function followUp(deps: Deps, actor: Actor, result: DocumentChangeResult): Promise<Reply> {
  await followUpAlert(deps, 'missing_documents', result.code, actor.userId);
  return renderDocumentsChanged(deps.i18n, result);
}
