import { renderDigestReply } from '../blocks/digest/render-digest.js';
import { renderAlertChanged, renderAlertList, renderMessageRetried } from '../blocks/replies/alerts-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import { acknowledgeAlert, resolveAlert, snoozeAlert } from '../domain/alerts/change-alert.js';
import { listOpenAlerts } from '../domain/alerts/list-alerts.js';
import { listFailedMessages } from '../domain/alerts/list-failed-messages.js';
import { retryFailedMessage } from '../domain/alerts/retry-failed-message.js';
import { snoozeUntil } from '../domain/alerts/snooze-until.js';
import { alertsCommand, type AlertsAction } from '../domain/commands/alerts-command.js';
import { computeDigest } from '../domain/digest/compute-digest.js';
import { usageOf } from '../domain/commands/parse-command.js';
import type { Deps } from '../domain/deps.js';
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
    case 'ack':
      return renderAlertChanged(i18n, (await withUsage(action, () => acknowledgeAlert(deps, actor, { alertId: action.alertId }))).view);
    case 'resolve':
      return renderAlertChanged(i18n, (await withUsage(action, () => resolveAlert(deps, actor, { alertId: action.alertId }, action.note))).view);
    case 'retry': {
      const retried = await withUsage(action, () => retryFailedMessage(deps, actor, action.messageId));
      deps.notifier.afterCommit(); // this process's sender takes it at once
      return renderMessageRetried(i18n, retried);
    }
    case 'snooze': {
      const until = snoozeUntil(action.until, deps.clock.now(), deps.config.timezone);
      return renderAlertChanged(i18n, (await withUsage(action, () => snoozeAlert(deps, actor, { alertId: action.alertId }, until, action.reason))).view);
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
async function withUsage<T>(action: AlertsAction, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const spec = alertsCommand.verbs.find((v) => v.verb === action.verb);
    if (error instanceof AppError && spec && !error.hint && (error.code === 'not_found' || error.code === 'stale' || error.code === 'invalid_input')) {
      throw new AppError(error.code, error.message, { userMessage: error.userMessage, hint: usageOf(alertsCommand, spec), cause: error });
    }
    throw error;
  }
}
