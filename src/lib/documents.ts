// The admission document codes: what the import validates, ADMISSION_REQUIRED_DOCUMENTS may name,
// and the Document received / Waive modals offer. Here, below config and domain, so both can use them.

/**
 * Required of every hire unless ADMISSION_REQUIRED_DOCUMENTS says otherwise. Not `ctps` nor `pis`:
 * the digital CTPS is identified by the CPF, and eSocial's simplified layout (S-1.0 on) no longer
 * asks for the NIS in the S-2200 — the CPF identifies the worker.
 */
export const DEFAULT_REQUIRED_DOCUMENTS = [
  'cpf',
  'rg',
  'proof_of_address',
  'voter_id',
  'bank_account',
  'aso',
] as const;

/** Known codes no hire needs by default; ADMISSION_REQUIRED_DOCUMENTS may require them. */
export const OPTIONAL_DOCUMENTS = ['ctps', 'pis'] as const;

/**
 * Documents only some hires must provide: derived from an employee row's `birth_date`, `sex`,
 * `marital_status` and `dependents` (src/domain/import/conditional-documents.ts), or listed in its
 * `extra_documents`.
 */
export const CONDITIONAL_DOCUMENTS = [
  'military_service',
  'marriage_certificate',
  'birth_certificate_children',
  'children_vaccination_school',
] as const;

/** Every document code the bot knows. */
export const KNOWN_DOCUMENTS: readonly string[] = [...DEFAULT_REQUIRED_DOCUMENTS, ...OPTIONAL_DOCUMENTS, ...CONDITIONAL_DOCUMENTS];
