// What a digest says, as plain data: the renderer (src/blocks/digest) turns it into Block Kit, the
// scheduled job stores its headline figures so the next digests can draw a trend.
import type { OverdueBand } from '../../lib/collections-schedule.js';
import type { CalendarDate } from '../../lib/time/calendar.js';
import type { AlertKind, AlertView, Severity } from '../alerts/alert-types.js';

/** How long the open alerts have been open. */
export interface AgeBuckets {
  /** less than a day */
  day: number;
  /** one to seven days */
  week: number;
  /** more than seven days */
  older: number;
}

export interface ResolvedSummary {
  total: number;
  /** people who resolved alerts (Slack user IDs, or "local"), most first */
  byPerson: { actor: string; count: number }[];
  /** resolved by the watchers because the cause went away */
  fixedItself: number;
}

export interface TeamDigest {
  kind: AlertKind;
  /** not resolved: open, acknowledged or snoozed */
  open: number;
  bySeverity: Record<Severity, number>;
  acknowledged: number;
  snoozed: number;
  byAge: AgeBuckets;
  /** the worst open alerts first (severity, then age), as many as were loaded; `open` counts them all */
  worst: AlertView[];
  /** opened since the previous digest */
  opened: number;
  resolved: ResolvedSummary;
  /** over the last 7 days; null when nothing was acknowledged / resolved in them */
  medianAckMs: number | null;
  medianResolveMs: number | null;
  /** `open` in the previous digests, oldest first, then now */
  trend: number[];
}


export interface CurrencyOverdue {
  currency: string;
  /** decimal string, summed by the database (no float rounding) */
  amount: string;
  orders: number;
  /** by days overdue, in the bands of the collections schedule (ORDER_STEPS); empty bands left out */
  buckets: { band: OverdueBand; amount: string; orders: number }[];
  /** the customers owing most in this currency, most first (as many as were loaded) */
  debtors: { customer: string; amount: string; orders: number }[];
  /** how many customers owe in this currency */
  customers: number;
  /** the amount in the previous digests, oldest first, then now (for the trend line only) */
  trend: number[];
}

export interface HireMissingDocuments {
  code: string;
  name: string;
  startDate: CalendarDate;
  /** how many required documents are missing (types only: never numbers) */
  missing: number;
}

/** The headline figures of one digest, stored with its run for the trends of the next ones. */
export interface DigestFigures {
  open: Partial<Record<AlertKind, number>>;
  stockAtZero: number;
  stockAtOrBelowMinimum: number;
  /** currency → decimal string */
  overdue: Record<string, string>;
  hiresMissingDocuments: number;
}

export interface Digest {
  at: Date;
  today: CalendarDate;
  /** when the previous digest was taken (null: there was none; `since` is then a day ago) */
  previousAt: Date | null;
  since: Date;
  teams: TeamDigest[];
  stock: { atZero: number; atOrBelowMinimum: number; trendZero: number[]; trendLow: number[] };
  /** pending, active orders past their due date (in BOT_TIMEZONE), per currency, largest first */
  overdue: CurrencyOverdue[];
  /** active hires starting within HIRE_WINDOW_DAYS with required documents missing */
  hires: { total: number; list: HireMissingDocuments[]; trend: number[] };
  /** channel messages that could not be posted (an admin can retry them) */
  failedMessages: number;
  figures: DigestFigures;
  /** no alert is open in any team */
  nothingOpen: boolean;
}
