// What the /admissions use cases share: the known document codes, their display order, and how a
// hire's documents are read. Only document *types* are ever read — never numbers (LGPD).
import type { AdmissionDocument } from '../../generated/prisma/client.js';
import type { I18n } from '../../i18n/index.js';
import { KNOWN_DOCUMENTS } from '../../lib/documents.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../deps.js';

export type AdmissionDeps = Pick<Deps, 'db' | 'i18n' | 'clock' | 'config'>;

export type DocumentStatus = AdmissionDocument['status'];

export interface DocumentState {
  code: string;
  status: DocumentStatus;
  /** who received or waived it: a Slack user ID, "import", "api" or "local" */
  actor: string | null;
  changedAt: Date | null;
  waiverReason: string | null;
}

/** The configured order (cpf, rg, …) reads better than alphabetical; conditional ones come after. */
export function documentOrder(requiredDocuments: readonly string[]): (a: string, b: string) => number {
  const rank = new Map([...new Set([...requiredDocuments, ...KNOWN_DOCUMENTS])].map((code, i) => [code, i]));
  const at = (code: string) => rank.get(code) ?? rank.size;
  return (a, b) => at(a) - at(b) || a.localeCompare(b);
}

/** The documents required from a hire, in display order. */
export function requiredDocumentStates(rows: readonly AdmissionDocument[], requiredDocuments: readonly string[]): DocumentState[] {
  const byOrder = documentOrder(requiredDocuments);
  return rows
    .filter((row) => row.required)
    .map((row) => ({ code: row.code, status: row.status, actor: row.actor, changedAt: row.changedAt, waiverReason: row.waiverReason }))
    .sort((a, b) => byOrder(a.code, b.code));
}

export function employeeNotFound(i18n: I18n, code: string): AppError {
  return new AppError('not_found', `no active employee ${code}`, { userMessage: i18n.t('admissions.notFound', { code }) });
}
