// The alerts one person can act on, for their App Home: not resolved (open, acknowledged or
// snoozed), of the kinds whose owning team they belong to (isAllowed: admins see every kind, and
// an unset team means everyone), grouped by kind and oldest first, one page at a time.
import type { Actor } from '../actor.js';
import type { Deps } from '../deps.js';
import { ALERT_KINDS, KIND_ORDER, perKind } from '../kinds/index.js';
import { isAllowed } from '../permissions/authorize.js';
import { loadAlerts } from './alert-record.js';
import type { AlertKind, AlertView } from './alert-types.js';

export interface ActionableAlertsPage {
  /** this page's alerts: by kind in KIND_ORDER, then oldest first */
  alerts: AlertView[];
  /** every actionable alert by kind, all pages together (0 for kinds the person cannot act on) */
  countsByKind: Record<AlertKind, number>;
  total: number;
  /** the page shown, 0-based: the one asked for, moved back to the last page if it no longer exists */
  page: number;
  pageSize: number;
  /** at least 1, even when there is nothing */
  pages: number;
}

export async function listActionableAlerts(
  deps: Pick<Deps, 'db' | 'config' | 'directory'>,
  actor: Actor,
  options: { page: number; pageSize: number },
): Promise<ActionableAlertsPage> {
  const prisma = deps.db.prisma;
  const allowed: AlertKind[] = [];
  for (const kind of KIND_ORDER) if (await isAllowed(deps, actor, ALERT_KINDS[kind].area)) allowed.push(kind);

  const countsByKind = perKind(() => 0);
  if (allowed.length > 0) {
    const groups = await prisma.alert.groupBy({ by: ['kind'], where: { status: { not: 'resolved' }, kind: { in: allowed } }, _count: { _all: true } });
    for (const g of groups) countsByKind[g.kind] = g._count._all;
  }
  const total = allowed.reduce((sum, kind) => sum + countsByKind[kind], 0);
  const pageSize = Math.max(1, Math.floor(options.pageSize));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A click on "next" from a page that has since emptied (alerts resolved meanwhile) lands on the last page.
  const page = Math.min(Math.max(0, Math.floor(options.page)), pages - 1);

  // The page is a window over the kinds laid end to end: skip whole kinds before it, then take
  // from each kind in turn. At most one query per kind, each using the (status, kind) index.
  let skip = page * pageSize;
  let left = pageSize;
  const ids: number[] = [];
  for (const kind of allowed) {
    const count = countsByKind[kind];
    if (left === 0) break;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const rows = await prisma.alert.findMany({
      where: { status: { not: 'resolved' }, kind },
      orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
      skip,
      take: left,
      select: { id: true },
    });
    ids.push(...rows.map((r) => r.id));
    left -= rows.length;
    skip = 0;
  }
  const records = await loadAlerts(prisma, ids);
  // loadAlerts answers a map; the page keeps the query's order. An alert deleted in between is skipped.
  const alerts = ids.flatMap((id) => {
    const record = records.get(id);
    return record ? [record.view] : [];
  });
  return { alerts, countsByKind, total, page, pageSize, pages };
}
