import type { AlertKind } from '../domain/alerts/alert-types.js';
import { reconcileSubject } from '../domain/alerts/run-watch-cycle.js';
import type { Deps } from '../domain/deps.js';

/**
 * After a command changed a subject (a restock, a payment, a document), its alert follows at once:
 * resolved by `actorId`, improved, or opened — its message updated in place. The change itself is
 * already committed, so a failure here is logged (the next watch cycle catches up), not shown.
 */
export async function followUpAlert(deps: Deps, kind: AlertKind, subject: string, actorId: string): Promise<void> {
  try {
    await reconcileSubject(deps, kind, subject, actorId);
  } catch (error) {
    deps.logger.warn({ err: error, kind }, 'could not update the alert after a command; the next cycle will');
  }
}
