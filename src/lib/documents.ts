// The admission document codes: what the import validates, ADMISSION_REQUIRED_DOCUMENTS may name,
// and the Document received / Waive modals offer. Here, below config and domain, so both can use them.

/** Required of every hire unless ADMISSION_REQUIRED_DOCUMENTS says otherwise. */
export const DEFAULT_REQUIRED_DOCUMENTS = [
  'cpf',
  'rg',
  'ctps',
  'pis',
  'proof_of_address',
  'voter_id',
  'bank_account',
  'aso',
] as const;

/** Documents only some hires must provide; an employee row lists them in `extra_documents`. */
export const CONDITIONAL_DOCUMENTS = [
  'military_service',
  'marriage_certificate',
  'birth_certificate_children',
] as const;
