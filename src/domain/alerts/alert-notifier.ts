// The domain's view of "tell people": called inside the same transaction as the state change, so a
// message is queued if and only if the change is committed. src/notify implements it (outbox rows
// rendered from Block Kit); the domain never sees Slack.
import type { DbClient } from '../audit/record-audit.js';
import type { AlertRecord } from './alert-record.js';
import type { AlertDetails, AlertKind, AlertView, Severity } from './alert-types.js';

export type AlertNoteType = 'worsened' | 'reminder' | 'reopened' | 'woke' | 'resolved';

export interface AlertChange {
  /** the alert after the change (its message is re-rendered from this) */
  alert: AlertRecord;
  /** an alert_events id: makes the outbox keys of this change unique */
  eventId: number;
  /** a thread reply as well as the message update */
  note?: { type: AlertNoteType; previous?: AlertDetails; previousSeverity?: Severity };
  /** the message itself is unchanged (a reminder): only the note is sent */
  noteOnly?: boolean;
}

export interface AlertGroupAnnouncement {
  id: number;
  kind: AlertKind;
  openedAt: Date;
  total: number;
  bySeverity: Record<Severity, number>;
  /** the worst few, for the grouped message */
  worst: AlertView[];
  /** as many as the thread list can show, worst first */
  listed: AlertView[];
}

export interface AlertNotifier {
  /** alerts whose state changed: update their message (or their group's) in place */
  changed(tx: DbClient, changes: AlertChange[]): Promise<void>;
  /** announce new alerts one message each */
  announce(tx: DbClient, channel: string, alerts: AlertRecord[]): Promise<void>;
  /** announce a storm: one grouped message, the list in its thread */
  announceGroup(tx: DbClient, channel: string, group: AlertGroupAnnouncement): Promise<void>;
  /** the transaction that queued messages has committed: send them now */
  afterCommit(): void;
}
