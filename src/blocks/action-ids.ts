// Every interactive element's action_id and every modal's callback_id, in one registry shared by
// the Block Kit builders and the listeners, so a button and its handler cannot drift apart.

export const ALERT_ACTIONS = {
  acknowledge: 'alert.acknowledge',
  resolve: 'alert.resolve',
  snooze: 'alert.snooze',
  restock: 'alert.restock',
  markPaid: 'alert.mark_paid',
  promiseToPay: 'alert.promise_to_pay',
  documentReceived: 'alert.document_received',
  waiveDocument: 'alert.waive_document',
} as const;

export type AlertActionId = (typeof ALERT_ACTIONS)[keyof typeof ALERT_ACTIONS];

/** Modal callback_ids: one per modal, each with its submission listener. */
export const MODALS = {
  resolve: 'modal.resolve_alert',
  snooze: 'modal.snooze_alert',
  restock: 'modal.restock',
  markPaid: 'modal.mark_paid',
  promiseToPay: 'modal.promise_to_pay',
  documents: 'modal.admission_documents',
  snoozeGroup: 'modal.snooze_group',
} as const;

/** A grouped (storm) message: act on every alert of it not yet resolved. Each carries the group's number. */
export const GROUP_ACTIONS = {
  acknowledgeAll: 'group.acknowledge_all',
  snoozeAll: 'group.snooze_all',
} as const;

/** App Home controls. */
export const HOME_ACTIONS = {
  previousPage: 'home.previous_page',
  nextPage: 'home.next_page',
} as const;

/** The failure listing of `/alerts list`: each failed message's Retry button carries its number. */
export const FAILED_MESSAGE_ACTIONS = {
  retry: 'outbox.retry',
} as const;

export function decodeMessageButton(value: string | undefined): number | undefined {
  const match = /^(\d{1,9})$/.exec(value ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A grouped message's buttons carry its number, as a failed message's Retry button does. */
export const decodeGroupButton = decodeMessageButton;

/** What an alert button carries: the alert and the version the person saw. */
export interface AlertButtonValue {
  alertId: number;
  version: number;
}

export function encodeAlertButton(value: AlertButtonValue): string {
  return `${value.alertId}:${value.version}`;
}

export function decodeAlertButton(value: string | undefined): AlertButtonValue | undefined {
  const match = /^(\d{1,9}):(\d{1,9})$/.exec(value ?? '');
  return match ? { alertId: Number(match[1]), version: Number(match[2]) } : undefined;
}
