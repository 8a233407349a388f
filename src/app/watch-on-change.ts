// After the ingest API changed data, the watchers that read it run at once instead of at the next
// WATCH_CRON tick (up to a period later): the same runWatchCycle as the scheduler's, one kind.
//
// Not through the scheduler's claim: that claim makes the cron tick, which fires on every instance,
// run once; this demand comes from the one instance that took the import. Running beside a cycle
// elsewhere is safe, as a command's follow-up is: the reconciler takes the kind's advisory lock and
// reads afresh under it. (A claim would also refuse while a tick runs, and the change could wait a
// whole period.)
import { setTimeout as delay } from 'node:timers/promises';
import { runWatchCycle } from '../domain/alerts/run-watch-cycle.js';
import type { ReconcileDeps } from '../domain/alerts/reconcile-alerts.js';
import type { ImportKind } from '../domain/import/rows.js';
import { ALERT_KINDS, kindsFedBy, perKind } from '../domain/kinds/index.js';
import { coalesce } from '../lib/coalesce.js';
import { logFailure } from '../lib/database-unavailable.js';

/** a short wait before a triggered cycle, so that a burst of imports lands in one cycle */
export const CHANGE_SETTLE_MS = 100;

export interface ChangeWatchOptions {
  settleMs?: number;
  /** the settle wait (tests hold it to make a burst deterministic) */
  sleep?: (ms: number) => Promise<void>;
}

export interface ChangeWatch {
  /** after an import committed: never waits, never throws (a failure is logged; the next tick catches up) */
  dataChanged(imports: readonly ImportKind[]): void;
  /** resolves when no triggered cycle runs or waits (stop) */
  idle(): Promise<void>;
}

export function watchOnChange(deps: ReconcileDeps, options: ChangeWatchOptions = {}): ChangeWatch {
  const settleMs = options.settleMs ?? CHANGE_SETTLE_MS;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  // One running and at most one pending cycle per kind, however many imports arrive meanwhile.
  const runners = perKind((kind) =>
    coalesce(
      async () => {
        await sleep(settleMs);
        await runWatchCycle(deps, [ALERT_KINDS[kind].watcher]);
      },
      (error) => logFailure(deps.logger, 'error', error, { kind }, 'watch after data change failed'),
    ),
  );
  return {
    dataChanged(imports) {
      for (const kind of kindsFedBy(imports)) runners[kind].request();
    },
    async idle() {
      await Promise.all(Object.values(runners).map((r) => r.idle()));
    },
  };
}
