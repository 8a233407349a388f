// Announcing new alerts. More than STORM_THRESHOLD new alerts of one kind for one channel become
// one grouped message with the list in its thread, instead of hundreds of messages.
import type { Deps } from '../deps.js';
import { channelFor } from './alert-channels.js';
import { loadAlerts } from './alert-record.js';
import { SEVERITY_RANK, type AlertKind, type AlertView, type Severity } from './alert-types.js';

/** the grouped message shows this many of the worst */
export const GROUP_WORST = 5;
/**
 * the thread lists at most this many (the rest: "N more, see /alerts list"): a storm of 5,000 (and
 * twice that) stays readable in full in its thread, in about one reply per 1,250 alerts
 */
export const GROUP_LIST_LIMIT = 10_000;

/** the alerts of kind $1 waiting to be announced */
export const UNANNOUNCED = `SELECT id, severity FROM alerts
  WHERE kind = $1::text::"AlertKind" AND channel IS NULL AND group_id IS NULL AND status IN ('open', 'acknowledged')`;

/**
 * Open or acknowledged alerts of `kind` not yet announced get their message(s) queued. `waiting`:
 * whether any waits, when the caller already read it (the reconciler, with its stored alerts).
 */
export async function announceNewAlerts(
  deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'config' | 'notifier'>,
  kind: AlertKind,
  waiting?: boolean,
): Promise<{ individually: number; grouped: number }> {
  const channel = channelFor(deps.config, kind);
  if (!channel) return { individually: 0, grouped: 0 };
  // Nearly every cycle has nothing to announce: say so with one unlocked read, not a transaction.
  waiting ??= (await deps.db.prisma.$queryRawUnsafe<{ any: boolean }[]>(`SELECT EXISTS (${UNANNOUNCED} LIMIT 1) AS any`, kind))[0]?.any ?? false;
  if (!waiting) return { individually: 0, grouped: 0 };
  const result = await deps.db.prisma.$transaction(
    async (tx) => {
      const pending = await tx.$queryRawUnsafe<{ id: number; severity: Severity }[]>(`${UNANNOUNCED} ORDER BY id FOR UPDATE`, kind);
      if (pending.length === 0) return { individually: 0, grouped: 0 };
      const now = deps.clock.now();
      const ids = pending.map((p) => p.id);

      if (pending.length <= deps.config.stormThreshold) {
        await tx.alert.updateMany({ where: { id: { in: ids } }, data: { channel } });
        const records = await loadAlerts(tx, ids);
        await deps.notifier.announce(tx, channel, ids.map((id) => records.get(id)!));
        return { individually: ids.length, grouped: 0 };
      }

      const group = await tx.alertGroup.create({ data: { kind, channel, createdAt: now } });
      await tx.alert.updateMany({ where: { id: { in: ids } }, data: { channel, groupId: group.id } });
      const worstFirst = [...pending].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id - b.id);
      const listedIds = worstFirst.slice(0, GROUP_LIST_LIMIT).map((p) => p.id);
      const records = await loadAlerts(tx, listedIds);
      const listed: AlertView[] = listedIds.map((id) => records.get(id)!.view);
      const bySeverity: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
      for (const p of pending) bySeverity[p.severity]++;
      await deps.notifier.announceGroup(tx, channel, {
        id: group.id,
        kind,
        openedAt: now,
        total: pending.length,
        bySeverity,
        worst: listed.slice(0, GROUP_WORST),
        listed,
      });
      deps.logger.info({ kind, channel, alerts: pending.length, group: group.id }, 'alert storm grouped into one message');
      return { individually: 0, grouped: pending.length };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  deps.notifier.afterCommit();
  return result;
}

