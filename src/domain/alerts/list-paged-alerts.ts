// The alerts one person was paged about and that nobody has acknowledged yet, for their App Home:
// still open, paged to them (a DM copy) in the alert's current episode, latest page first.
import type { Deps } from '../deps.js';
import { loadAlerts } from './alert-record.js';
import type { AlertView } from './alert-types.js';
import { CURRENT_EPISODE_STEP } from './escalation-steps.js';

export interface PagedAlert {
  alert: AlertView;
  /** the latest step that paged this person */
  level: number;
  at: Date;
}

export interface PagedAlerts {
  /** at most `limit`, latest page first */
  alerts: PagedAlert[];
  total: number;
}

export async function listPagedAlerts(deps: Pick<Deps, 'db'>, userId: string, options: { limit: number }): Promise<PagedAlerts> {
  const prisma = deps.db.prisma;
  const rows = await prisma.$queryRawUnsafe<{ id: number; level: number; at: Date; total: number }[]>(
    `SELECT id, level, at, count(*) OVER ()::int AS total FROM (
       SELECT DISTINCT ON (a.id) a.id, (e.data->>'level')::int AS level, e.created_at AS at
       FROM alerts a JOIN alert_events e ON e.alert_id = a.id
       WHERE a.status = 'open' AND ${CURRENT_EPISODE_STEP}
         AND e.data->'users' @> jsonb_build_array($1::text)
       ORDER BY a.id, e.id DESC
     ) paged
     ORDER BY at DESC, id DESC
     LIMIT $2`,
    userId,
    options.limit,
  );
  const records = await loadAlerts(prisma, rows.map((r) => r.id));
  return {
    alerts: rows.flatMap((r) => {
      const record = records.get(r.id);
      return record ? [{ alert: record.view, level: r.level, at: r.at }] : [];
    }),
    total: rows[0]?.total ?? 0,
  };
}
