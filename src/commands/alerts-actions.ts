import { renderDigestReply } from '../blocks/digest/render-digest.js';
import { renderAlertChanged, renderAlertList, renderMessageRetried } from '../blocks/replies/alerts-replies.js';
import { renderBulkOutcome } from '../blocks/replies/bulk-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import { singleAlertId } from '../domain/alerts/alert-selection.js';
import { acknowledgeAlert, resolveAlert, snoozeAlert } from '../domain/alerts/change-alert.js';
import { acknowledgeAlerts, snoozeAlerts } from '../domain/alerts/change-alerts-in-bulk.js';
import { listOpenAlerts } from '../domain/alerts/list-alerts.js';
import { listFailedMessages } from '../domain/alerts/list-failed-messages.js';
import { retryFailedMessage } from '../domain/alerts/retry-failed-message.js';
import { snoozeUntil } from '../domain/alerts/snooze-until.js';
import type { AlertsAction } from '../domain/commands/alerts-command.js';
import { computeDigest } from '../domain/digest/compute-digest.js';
import type { Deps } from '../domain/deps.js';
import { isAllowed } from '../domain/permissions/authorize.js';
import { assertNever } from '../lib/assert-never.js';

// One reply stays far below 50 blocks and 3000 characters per section, whatever the data:
// at most this many alerts per kind, failed messages one by one, and reasons counted.
const LIST_PER_KIND = 20;
const FAILED_LATEST = 10;
const FAILED_REASONS = 5;

export async function runAlertsAction(deps: Deps, actor: Actor, action: Exclude<AlertsAction, { verb: 'help' }>): Promise<Reply> {
  const { i18n } = deps;
  switch (action.verb) {
    case 'list': {
      const [alerts, failed, canRetry] = await Promise.all([
        listOpenAlerts(deps, { perKind: LIST_PER_KIND }),
        listFailedMessages(deps, { latest: FAILED_LATEST, reasons: FAILED_REASONS }),
        // Retry buttons only for who may use them (the retry verb's permission).
        isAllowed(deps, actor, 'admin'),
      ]);
      return renderAlertList(i18n, alerts, failed, { canRetry });
    }
    case 'digest':
      return renderDigestReply(i18n, await computeDigest(deps));
    case 'ack': {
      // One number keeps the single-alert replies and errors; several, or a filter, get a summary.
      const alertId = singleAlertId(action.selection);
      if (alertId !== undefined) return renderAlertChanged(i18n, (await acknowledgeAlert(deps, actor, { alertId })).view);
      return renderBulkOutcome(i18n, await acknowledgeAlerts(deps, actor, action.selection));
    }
    case 'resolve':
      return renderAlertChanged(i18n, (await resolveAlert(deps, actor, { alertId: action.alertId }, action.note)).view);
    case 'retry': {
      const retried = await retryFailedMessage(deps, actor, action.messageId);
      deps.notifier.afterCommit(); // this process's sender takes it at once
      return renderMessageRetried(i18n, retried);
    }
    case 'snooze': {
      const until = snoozeUntil(action.until, deps.clock.now(), deps.config.timezone, deps.config.holidays);
      const alertId = singleAlertId(action.selection);
      if (alertId !== undefined) return renderAlertChanged(i18n, (await snoozeAlert(deps, actor, { alertId }, until, action.reason)).view);
      const outcome = await snoozeAlerts(deps, actor, action.selection, until, action.reason);
      return renderBulkOutcome(i18n, outcome, { until, reason: action.reason });
    }
    default:
      return assertNever(action, 'verb');
  }
}
