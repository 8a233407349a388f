// Which alerts one bulk action is about: alert numbers as typed (`/alerts ack 12 13 15`), or
// filters that must all match (`kind:stock`, `customer:"Padaria Pão Quente"`, `group:7` — the
// latter is what a grouped message's Acknowledge all / Snooze all buttons act on).
import type { DbClient } from '../audit/record-audit.js';
import type { AlertKind } from './alert-types.js';

export interface AlertFilter {
  /** alerts of any of these kinds */
  kinds?: readonly AlertKind[];
  /** overdue orders of this customer: compared case-insensitively, runs of spaces as one */
  customer?: string;
  /** the alerts of one grouped (storm) message */
  groupId?: number;
}

export type AlertSelection = { ids: readonly number[] } | { filter: AlertFilter };

/** The one alert a selection names, when it names exactly one by number (the single-alert path). */
export function singleAlertId(selection: AlertSelection): number | undefined {
  return 'ids' in selection && selection.ids.length === 1 ? selection.ids[0] : undefined;
}

export interface SelectedAlert {
  id: number;
  kind: AlertKind;
}

/**
 * The alerts a selection names, in ID order, without locks (each change re-reads them locked).
 * Numbers are taken as typed, whatever their state, so a resolved one can be reported as such;
 * a filter picks only alerts not yet resolved.
 */
export async function selectAlerts(db: DbClient, selection: AlertSelection): Promise<SelectedAlert[]> {
  if ('ids' in selection) {
    return db.alert.findMany({ where: { id: { in: [...selection.ids] } }, select: { id: true, kind: true }, orderBy: { id: 'asc' } });
  }
  const { kinds, customer, groupId } = selection.filter;
  return db.$queryRawUnsafe<SelectedAlert[]>(
    `SELECT id, kind::text AS kind FROM alerts
     WHERE status <> 'resolved'
       AND ($1::text[] IS NULL OR kind::text = ANY($1::text[]))
       AND ($2::text IS NULL OR (kind = 'unpaid_order' AND lower(regexp_replace(btrim(details->>'customer'), '\\s+', ' ', 'g')) = lower($2::text)))
       AND ($3::int IS NULL OR group_id = $3::int)
     ORDER BY id`,
    kinds ? [...kinds] : null,
    customer ?? null,
    groupId ?? null,
  );
}
