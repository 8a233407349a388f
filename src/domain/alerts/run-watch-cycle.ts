import { ALERT_KINDS, WATCHERS } from '../kinds/index.js';
import type { Watcher } from '../watchers/watcher.js';
import type { AlertKind } from './alert-types.js';
import { reconcileKind, type KindReport, type ReconcileDeps } from './reconcile-alerts.js';

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
 * `actor` is recorded as whoever resolved it. `subject` as typed (SKU, order number, code).
 */
export function reconcileSubject(deps: ReconcileDeps, kind: AlertKind, subject: string, actor?: string): Promise<KindReport> {
  const module = ALERT_KINDS[kind];
  return reconcileKind(deps, module.watcher, { onlyKey: module.subjectKey(subject), actor });
}
