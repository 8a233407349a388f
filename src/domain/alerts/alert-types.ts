// What an alert is about and what people see of it. The domain fills these; the Block Kit
// builders in src/blocks render them. Nothing here knows about Slack.
import type { CalendarDate } from '../../lib/time/calendar.js';

/**
 * Every alert kind and the details it carries. AlertKind is derived from these keys; each kind's
 * behaviour lives in one module per kind (src/domain/kinds, src/blocks/kinds), see
 * docs/recipes/add-an-alert-kind.md.
 */
export interface AlertDetailsByKind {
  low_stock: LowStockDetails;
  unpaid_order: UnpaidOrderDetails;
  missing_documents: MissingDocumentsDetails;
}

export type AlertKind = keyof AlertDetailsByKind;
export type Severity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export interface LowStockDetails {
  kind: 'low_stock';
  sku: string;
  name: string;
  unit: string;
  stock: number;
  minStock: number;
  reorderQty: number | null;
  /** units consumed per day over the recent window; null without consumption history */
  dailyUsage: number | null;
  /** stock ÷ daily usage, rounded down; null without consumption history */
  daysOfCover: number | null;
  /** still above the minimum: raised because it runs out soon at the current rate */
  predicted: boolean;
}

export interface UnpaidOrderDetails {
  kind: 'unpaid_order';
  number: string;
  customer: string;
  /** decimal string, e.g. "1234.56" */
  total: string;
  currency: string;
  dueDate: CalendarDate;
  /** days since the payable day (the due date, or the next business day): negative before it, 0 on it */
  daysOverdue: number;
  promisedDate: CalendarDate | null;
  /** the collections-schedule step reached (ORDER_STEPS); absent in alerts opened before the schedule existed */
  step?: { day: number; number: number; of: number };
}

export interface MissingDocumentsDetails {
  kind: 'missing_documents';
  code: string;
  name: string;
  role: string | null;
  /** Slack user ID of the new hire, if known */
  slackUser: string | null;
  startDate: CalendarDate;
  /** eSocial S-2200 deadline: the calendar day before the start date */
  deadline: CalendarDate;
  /** the last working day on or before the deadline (a Sunday deadline → Friday) */
  sendBy: CalendarDate;
  daysToStart: number;
  /** missing document type codes (never document numbers), in the configured order */
  missing: string[];
  /** how many documents are required in all */
  required: number;
}

export type AlertDetails = AlertDetailsByKind[AlertKind];

/** The latest thing that happened to an alert, shown on its message ("who did what, when"). */
export interface AlertActivity {
  type: AlertEventType;
  actor: string;
  at: Date;
  note: string | null;
}

export type AlertEventType =
  | 'opened'
  | 'worsened'
  | 'improved'
  /** the details were restated by a newer version of the kind's watcher, without a change worth a note */
  | 'migrated'
  /** the figures shown changed within the same severity and step (stock 6 → 7 under a minimum of 10): the message restated, without a note */
  | 'updated'
  | 'reminded'
  | 'acknowledged'
  | 'snoozed'
  | 'woke'
  | 'resolved'
  | 'auto_resolved'
  | 'reopened'
  | 'refused'
  /** an escalation step paged someone (decide-escalation.ts) */
  | 'escalated';

export interface AlertView {
  id: number;
  kind: AlertKind;
  severity: Severity;
  status: AlertStatus;
  /** the SKU, order number or employee code, as stored */
  subject: string;
  details: AlertDetails;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  snoozedUntil: Date | null;
  snoozedBy: string | null;
  snoozeReason: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  reopenCount: number;
  /** bumped on every change; buttons carry it so stale clicks are caught */
  version: number;
  lastActivity: AlertActivity | null;
}
