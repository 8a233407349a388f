import type { Actor } from '../actor.js';
import { changeDocuments, type DocumentChangeResult } from './change-documents.js';
import type { AdmissionDeps } from './admission-record.js';

/** Marks documents received from a hire (each one required and still missing). */
export function receiveDocuments(deps: AdmissionDeps, actor: Actor, code: string, documents: readonly string[]): Promise<DocumentChangeResult> {
  return changeDocuments(deps, actor, code, documents, { kind: 'received' });
}
