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
import { alertsCommand, type AlertsAction } from '../domain/commands/alerts-command.js';
import { computeDigest } from '../domain/digest/compute-digest.js';
import { usageOf } from '../domain/commands/parse-command.js';
import type { Deps } from '../domain/deps.js';
import type { I18n } from '../i18n/index.js';
import { isAllowed } from '../domain/permissions/authorize.js';
import { assertNever } from '../lib/assert-never.js';
import { AppError } from '../lib/errors.js';

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
      if (alertId !== undefined) return renderAlertChanged(i18n, (await withUsage(i18n, action, () => acknowledgeAlert(deps, actor, { alertId }))).view);
      return renderBulkOutcome(i18n, await acknowledgeAlerts(deps, actor, action.selection));
    }
    case 'resolve':
      return renderAlertChanged(i18n, (await withUsage(i18n, action, () => resolveAlert(deps, actor, { alertId: action.alertId }, action.note))).view);
    case 'retry': {
      const retried = await withUsage(i18n, action, () => retryFailedMessage(deps, actor, action.messageId));
      deps.notifier.afterCommit(); // this process's sender takes it at once
      return renderMessageRetried(i18n, retried);
    }
    case 'snooze': {
      const until = snoozeUntil(action.until, deps.clock.now(), deps.config.timezone, deps.config.holidays);
      const alertId = singleAlertId(action.selection);
      if (alertId !== undefined) return renderAlertChanged(i18n, (await withUsage(i18n, action, () => snoozeAlert(deps, actor, { alertId }, until, action.reason))).view);
      const outcome = await withUsage(i18n, action, () => snoozeAlerts(deps, actor, action.selection, until, action.reason));
      return renderBulkOutcome(i18n, outcome, { until, reason: action.reason });
    }
    default:
      return assertNever(action, 'verb');
  }
}

/**
 * An unknown ID, an alert already resolved or a snooze out of range is bad input for the person
 * who typed it: the reply says what was wrong and, like a parse error, shows the verb's usage.
 * A permission refusal already names who can do it and is passed on as it is.
 */
async function withUsage<T>(i18n: I18n, action: AlertsAction, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const spec = alertsCommand.verbs.find((v) => v.verb === action.verb);
    if (error instanceof AppError && spec && !error.hint && (error.code === 'not_found' || error.code === 'stale' || error.code === 'invalid_input')) {
      throw new AppError(error.code, error.message, { userMessage: error.userMessage, hint: usageOf(i18n, alertsCommand, spec), cause: error });
    }
    throw error;
  }
}
