// The domain's view of "tell people": called inside the same transaction as the state change, so a
// message is queued if and only if the change is committed. src/notify implements it (outbox rows
// rendered from Block Kit); the domain never sees Slack.
import type { SqlClient } from '../../db/database.js';
import type { AlertRecord } from './alert-record.js';
import type { AlertDetails, AlertKind, AlertView, Severity } from './alert-types.js';
import type { EscalationReason } from './decide-escalation.js';

export type AlertNoteType = 'worsened' | 'reminder' | 'acked-reminder' | 'reopened' | 'woke' | 'resolved';

export interface AlertChange {
  /** the alert after the change (its message is re-rendered from this) */
  alert: AlertRecord;
  /** an alert_events id: makes the outbox keys of this change unique */
  eventId: number;
  /** a thread reply as well as the message update */
  note?: {
    type: AlertNoteType;
    previous?: AlertDetails;
    previousSeverity?: Severity;
    /** when it happened: an acknowledged alert's reminder says how long ago the ack was */
    at?: Date;
  };
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
  /**
   * as many as the thread list can show, worst first, a page at a time: held whole, the three
   * storms of 10,000 of a 1M-row first cycle took its peak RSS ~15 MB higher (bench/watch-cycle)
   */
  listed(): AsyncIterable<AlertView[]>;
}

/** One escalation step of an alert (decide-escalation.ts): who is paged, and why. */
export interface AlertEscalation {
  /** the alert after the step was recorded (its DM copies render from this) */
  alert: AlertRecord;
  level: number;
  reason: EscalationReason;
  /** user IDs: each gets a DM copy of the alert */
  users: string[];
  /** user-group IDs: they cannot be sent a DM, so they are mentioned in the alert's thread */
  groups: string[];
}

export interface AlertNotifier {
  /** alerts whose state changed: update their message (or their group's) in place */
  changed(tx: SqlClient, changes: AlertChange[]): Promise<void>;
  /** announce new alerts one message each */
  announce(tx: SqlClient, channel: string, alerts: AlertRecord[]): Promise<void>;
  /** announce a storm: one grouped message, the list in its thread */
  announceGroup(tx: SqlClient, channel: string, group: AlertGroupAnnouncement): Promise<void>;
  /**
   * an escalation step: a DM copy of the alert (with its buttons) to each user, and one mention of
   * everyone paged in the alert's thread. Later changes of the alert update the DM copies too.
   */
  escalated(tx: SqlClient, escalation: AlertEscalation): Promise<void>;
  /** the transaction that queued messages has committed: send them now */
  afterCommit(): void;
}
