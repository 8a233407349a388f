// A watcher finds what is wrong now, one page at a time, ordered by its subject key in byte order
// (COLLATE "C"), so the reconciler can merge findings with stored alerts without holding either
// list in memory.
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { I18n } from '../../i18n/index.js';
import type { CalendarDate } from '../../lib/time/calendar.js';
import type { AlertDetails, AlertDetailsByKind, AlertKind, Severity } from '../alerts/alert-types.js';
import type { SqlClient } from '../../db/database.js';

export interface WatchContext {
  /** today in BOT_TIMEZONE */
  today: CalendarDate;
  now: Date;
  config: Pick<Config, 'timezone' | 'admissionLeadDays' | 'requiredDocuments' | 'criticalOrderAmount' | 'orderSteps' | 'stockCoverDays' | 'holidays'>;
  /** for the notes written on alerts (the bot's locale) */
  i18n: I18n;
}

export interface Finding {
  kind: AlertKind;
  /** the subject's lower-cased key (sku_key, number_key, code_key): the merge order */
  key: string;
  fingerprint: string;
  subjectId: number;
  /** the key as stored, for display */
  subject: string;
  severity: Severity;
  details: AlertDetails;
  /** an order promised to be paid later: a new alert starts snoozed until then (09:00) */
  sleepUntil?: CalendarDate;
}

/** An alert the reconciler is auto-resolving: its subject and the details stored when it was last changed. */
export interface ResolvingAlert<K extends AlertKind = AlertKind> {
  subjectId: number;
  details: AlertDetailsByKind[K];
}

export interface Clearance<K extends AlertKind = AlertKind> {
  /** the auto-resolution note */
  note: string;
  /** the details as they are now; absent: nothing shown has changed */
  details?: AlertDetailsByKind[K];
}

export interface Watcher<K extends AlertKind = AlertKind> {
  kind: K;
  name: string;
  /**
   * Up to `limit` findings with key > `after` (byte order), or only the subject `onlyKey`. Read
   * with `db.query`: a steady cycle is little more than these reads.
   */
  findings(db: Database, ctx: WatchContext, page: { after: string | null; limit: number; onlyKey?: string }): Promise<Finding[]>;
  /**
   * why each resolving alert's problem is gone (subject id → clearance), and its figures now, so the
   * resolved message does not show the figures from when it was raised; runs in the reconcile transaction
   * (on the driver: SQL only, dates as `::text`)
   */
  clearances(db: SqlClient, alerts: readonly ResolvingAlert<K>[], ctx: WatchContext): Promise<Map<number, Clearance<K>>>;
  /**
   * ranks how bad a finding is within its severity, for "materially worse" (higher is worse);
   * undefined for stored details an older version wrote, which cannot be ranked against the new
   */
  step(details: AlertDetails): number | undefined;
  /**
   * the figures its message shows that may change without changing `step` (the stock and the
   * minimum), as one comparable string: a change restates the message quietly. Leave out what
   * changes by itself every day (days overdue, a forecast), or every alert would be updated daily.
   */
  figures(details: AlertDetails): string;
}

export function fingerprintOf(kind: AlertKind, key: string): string {
  return `${kind}:${key}`;
}

/**
 * Byte-order comparison of UTF-8 strings, matching PostgreSQL's COLLATE "C". UTF-8 bytes sort as
 * code points do, and so do UTF-16 code units, but for surrogates (code points above U+FFFF), which
 * must rank above every other unit. Without encoding: the merge compares every key of a cycle.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const codePointRank = (unit: number) => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit);
