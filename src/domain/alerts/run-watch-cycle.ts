import { lowStockWatcher } from '../watchers/low-stock-watcher.js';
import { missingDocumentsWatcher } from '../watchers/missing-documents-watcher.js';
import { unpaidOrdersWatcher } from '../watchers/unpaid-orders-watcher.js';
import type { Watcher } from '../watchers/watcher.js';
import type { AlertKind } from './alert-types.js';
import { reconcileKind, type KindReport, type ReconcileDeps } from './reconcile-alerts.js';

export const WATCHERS: readonly Watcher[] = [lowStockWatcher, unpaidOrdersWatcher, missingDocumentsWatcher];

export function watcherFor(kind: AlertKind): Watcher {
  return WATCHERS.find((w) => w.kind === kind)!;
}

/** One watch cycle: every watcher in turn; one that fails is logged by name and the others still run. */
export async function runWatchCycle(deps: ReconcileDeps, watchers: readonly Watcher[] = WATCHERS): Promise<KindReport[]> {
  const reports: KindReport[] = [];
  for (const watcher of watchers) {
    const started = Date.now();
    try {
      const report = await reconcileKind(deps, watcher);
      reports.push(report);
      deps.logger.debug({ watcher: watcher.name, ms: Date.now() - started, ...report }, 'watcher done');
    } catch (error) {
      deps.logger.error({ err: error, watcher: watcher.name }, 'watcher failed');
    }
  }
  return reports;
}

/**
 * After a command changed one subject (a restock, a payment): its alert follows at once, and
 * `actor` is recorded as whoever resolved it.
 */
export function reconcileSubject(deps: ReconcileDeps, kind: AlertKind, key: string, actor?: string): Promise<KindReport> {
  return reconcileKind(deps, watcherFor(kind), { onlyKey: key, actor });
}
