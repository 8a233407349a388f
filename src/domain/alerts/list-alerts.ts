// `/alerts list`: the alerts not yet resolved, per kind (stock, finance, HR), oldest first. Each
// kind is capped on its own, so a storm of one kind cannot hide the others; the totals say how
// many were left out.
import type { Deps } from '../deps.js';
import { KIND_ORDER } from '../kinds/index.js';
import { toAlertRecord } from './alert-record.js';
import type { AlertKind, AlertView } from './alert-types.js';

export interface AlertKindList {
  kind: AlertKind;
  /** the oldest `perKind` of this kind */
  alerts: AlertView[];
  /** how many of this kind are not resolved */
  total: number;
}

export interface AlertList {
  kinds: AlertKindList[];
  total: number;
}

export async function listOpenAlerts({ db }: Pick<Deps, 'db'>, options: { perKind: number }): Promise<AlertList> {
  const kinds = await Promise.all(
    KIND_ORDER.map(async (kind): Promise<AlertKindList> => {
      const where = { kind, status: { not: 'resolved' as const } };
      const [rows, total] = await Promise.all([
        db.prisma.alert.findMany({ where, orderBy: [{ openedAt: 'asc' }, { id: 'asc' }], take: options.perKind }),
        db.prisma.alert.count({ where }),
      ]);
      // The list line shows the state, not the latest event: no need to load events.
      return { kind, alerts: rows.map((row) => toAlertRecord(row, null).view), total };
    }),
  );
  return { kinds, total: kinds.reduce((sum, k) => sum + k.total, 0) };
}
