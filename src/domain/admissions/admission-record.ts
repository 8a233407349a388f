// What the /admissions use cases share: the known document codes, their display order, and how a
// hire's documents are read. Only document *types* are ever read — never numbers (LGPD).
import type { AdmissionDocument } from '../../generated/prisma/client.js';
import type { I18n } from '../../i18n/index.js';
import { KNOWN_DOCUMENTS } from '../../lib/documents.js';
import { AppError } from '../../lib/errors.js';
import type { DbClient } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import { keyOf } from '../import/values.js';

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

export interface LockedEmployee {
  id: number;
  code: string;
  name: string;
  start_date: Date;
  prelim_sent_on: Date | null;
}

/**
 * The active hire `code` (any case), its row locked for the rest of the transaction, so two changes
 * to one hire's documents or S-2190 apply one after the other; not found: the user-facing refusal.
 */
export async function lockActiveEmployee(tx: DbClient, i18n: I18n, code: string): Promise<LockedEmployee> {
  const [employee] = await tx.$queryRaw<LockedEmployee[]>`
    SELECT id, code, name, start_date, prelim_sent_on FROM employees WHERE code_key = ${keyOf(code)} AND active FOR UPDATE`;
  if (!employee) throw employeeNotFound(i18n, code);
  return employee;
}
