// The eSocial admission columns of an employee row: `prelim_sent` (the S-2190 preliminary
// registration) and the optional `birth_date`, `sex`, `marital_status` and `dependents`, from which
// the conditional admission documents are derived. Ages are taken on the start date, so the same
// file always derives the same documents. These personal columns are read only to derive document
// *types*; none of them is stored (LGPD: keep no more than needed).
import type { Problem } from './problem.js';
import { parseBoolean, parseDate, type ParseResult } from './values.js';

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (problem: Problem): ParseResult<never> => ({ ok: false, problem });

/** S-2190 sent: `true` (on an unknown date: the import's day), a date, or `false` (not sent). */
export type PrelimSent = boolean | string;

/** `sim`/`não`, `true`/`false`, `1`/`0`, or the date the S-2190 was sent (DD/MM/AAAA or ISO). */
export function parsePrelimSent(raw: unknown): ParseResult<PrelimSent> {
  const flag = parseBoolean(raw);
  if (flag.ok) return flag;
  const date = parseDate(raw);
  return date.ok ? date : fail({ key: 'import.prelimSent' });
}

export type Sex = 'M' | 'F';

const SEX_WORDS: Record<string, Sex> = { m: 'M', masculino: 'M', male: 'M', f: 'F', feminino: 'F', female: 'F' };

export function parseSex(raw: unknown): ParseResult<Sex> {
  const sex = typeof raw === 'string' ? SEX_WORDS[raw.trim().normalize('NFC').toLowerCase()] : undefined;
  return sex ? ok(sex) : fail({ key: 'import.sex' });
}

export type MaritalStatus = 'single' | 'married' | 'divorced' | 'separated' | 'widowed' | 'stable_union';

// Words in both languages, and eSocial's estadoCivil codes (1 to 5).
const MARITAL_WORDS: Record<string, MaritalStatus> = {
  '1': 'single', solteiro: 'single', solteira: 'single', single: 'single',
  '2': 'married', casado: 'married', casada: 'married', married: 'married',
  '3': 'divorced', divorciado: 'divorced', divorciada: 'divorced', divorced: 'divorced',
  '4': 'separated', separado: 'separated', separada: 'separated', separated: 'separated',
  '5': 'widowed', 'viúvo': 'widowed', 'viúva': 'widowed', widowed: 'widowed',
  'união estável': 'stable_union', 'stable union': 'stable_union',
};

export function parseMaritalStatus(raw: unknown): ParseResult<MaritalStatus> {
  const status = typeof raw === 'string' ? MARITAL_WORDS[raw.trim().normalize('NFC').toLowerCase().replace(/\s+/g, ' ')] : undefined;
  return status ? ok(status) : fail({ key: 'import.maritalStatus' });
}

/**
 * `dependents`: either how many dependents are under 14 (`2`), or the dependents' birth dates
 * separated by `|` (`03/05/2015|2019-08-01`), of which those under 14 on the start date count.
 */
export type Dependents = { readonly under14: number } | { readonly birthDates: readonly string[] };

export function parseDependents(raw: unknown): ParseResult<Dependents> {
  if (typeof raw === 'number' || (typeof raw === 'string' && /^\s*\d{1,2}\s*$/.test(raw))) {
    const count = Number(raw);
    return Number.isInteger(count) && count >= 0 && count <= 99 ? ok({ under14: count }) : fail(DEPENDENTS_MESSAGE);
  }
  const items = typeof raw === 'string' ? raw.split('|').map((s) => s.trim()).filter(Boolean) : Array.isArray(raw) ? raw : undefined;
  if (!items || items.length === 0) return fail(DEPENDENTS_MESSAGE);
  const birthDates: string[] = [];
  for (const item of items) {
    const date = parseDate(item);
    if (!date.ok) return fail(DEPENDENTS_MESSAGE);
    birthDates.push(date.value);
  }
  return ok({ birthDates });
}

const DEPENDENTS_MESSAGE: Problem = { key: 'import.dependents' };

/** Whole years of age on `on` for someone born on `birth` (both YYYY-MM-DD). */
function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

export interface AdmissionProfile {
  readonly startDate: string;
  readonly birthDate: string | null;
  readonly sex: Sex | null;
  readonly maritalStatus: MaritalStatus | null;
  readonly dependents: Dependents | null;
}

export interface DerivedDocuments {
  /** conditional documents this hire must provide */
  readonly add: readonly string[];
  /** documents of the usual required set this hire does not need */
  readonly exempt: readonly string[];
}

/** Children's documents are asked for dependents under 14 (salário-família's age limit). */
const CHILD_AGE_LIMIT = 14;

/**
 * The documents that follow from the profile, on the start date: the military service certificate
 * (reservista) for men aged 18 to 45, the voter ID from 18 (none for a minor), the marriage
 * certificate when married, and for dependents under 14 their birth certificates and vaccination
 * cards / school attendance. Unknown columns derive nothing.
 */
export function deriveDocuments(profile: AdmissionProfile): DerivedDocuments {
  const add: string[] = [];
  const exempt: string[] = [];
  if (profile.birthDate !== null) {
    const age = ageOn(profile.birthDate, profile.startDate);
    if (profile.sex === 'M' && age >= 18 && age <= 45) add.push('military_service');
    if (age >= 18) add.push('voter_id');
    else exempt.push('voter_id');
  }
  if (profile.maritalStatus === 'married') add.push('marriage_certificate');
  const { dependents } = profile;
  const children = dependents === null ? 0 : 'under14' in dependents ? dependents.under14 : dependents.birthDates.filter((birth) => ageOn(birth, profile.startDate) < CHILD_AGE_LIMIT).length;
  if (children > 0) add.push('birth_certificate_children', 'children_vaccination_school');
  return { add, exempt };
}
