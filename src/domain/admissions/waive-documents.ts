import type { Actor } from '../actor.js';
import { changeDocuments, type DocumentChangeResult } from './change-documents.js';
import type { AdmissionDeps } from './admission-record.js';

/** Waives documents of a hire; the reason is required and stored with the waiver. */
export function waiveDocuments(deps: AdmissionDeps, actor: Actor, code: string, documents: readonly string[], reason: string): Promise<DocumentChangeResult> {
  return changeDocuments(deps, actor, code, documents, { kind: 'waived', reason });
}
