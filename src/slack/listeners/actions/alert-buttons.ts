// Acknowledge, Resolve and Snooze on alert messages and on the App Home (the same blocks). Each
// listener only reads the click or the form, calls the alert use case and renders the outcome;
// permission, staleness, the event and the message update in place all happen in the domain.
import type { ModalView } from '@slack/types';
import { ALERT_ACTIONS, MODALS } from '../../../blocks/action-ids.js';
import { RESOLVE_NOTE, resolveModal } from '../../../blocks/modals/resolve-modal.js';
import { SNOOZE_FIELDS, snoozeModal, snoozeOption } from '../../../blocks/modals/snooze-modal.js';
import { dateValue, FieldError, freeTextValue, selectedValue, type ViewValues } from '../../../blocks/modals/view-values.js';
import { renderAlertChanged } from '../../../blocks/replies/alerts-replies.js';
import type { AlertView } from '../../../domain/alerts/alert-types.js';
import {
  acknowledgeAlert,
  checkAlertAction,
  isSnoozeInRange,
  resolveAlert,
  snoozeAlert,
  type AlertAction,
  type AlertRef,
} from '../../../domain/alerts/change-alert.js';
import { snoozeUntil } from '../../../domain/alerts/snooze-until.js';
import type { Deps } from '../../../domain/deps.js';
import { FREE_TEXT_FIELDS } from '../../../domain/text/free-text-fields.js';
import { dateInZone, isValidCalendarDate } from '../../../lib/time/calendar.js';
import type { SlackDeps } from '../../slack-deps.js';
import { alertButton, encodeModalContext, modalSubmission, type ButtonArgs, type ButtonContext, type ModalContext } from '../interaction.js';
import type { InteractionRouter } from '../interaction-router.js';

export function registerAlertButtonListeners(router: InteractionRouter, deps: SlackDeps): void {
  const { i18n } = deps;

  router.action(
    ALERT_ACTIONS.acknowledge,
    alertButton(deps, async ({ actor, alert }) => renderAlertChanged(i18n, (await acknowledgeAlert(deps, actor, alert)).view)),
  );
  router.action(ALERT_ACTIONS.resolve, alertButton(deps, openModal(deps, 'resolve', (alert, metadata) => resolveModal(i18n, alert, metadata))));
  router.action(
    ALERT_ACTIONS.snooze,
    alertButton(deps, openModal(deps, 'snooze', (alert, metadata) => snoozeModal(i18n, alert, metadata, deps.clock.now(), deps.config.holidays))),
  );

  router.view(
    MODALS.resolve,
    modalSubmission(
      deps,
      (values) => ({ note: freeTextValue(i18n, values, RESOLVE_NOTE, i18n.t('modal.resolve.note'), FREE_TEXT_FIELDS.note) }),
      async ({ note }, context, actor) => renderAlertChanged(i18n, (await resolveAlert(deps, actor, refOf(context), note)).view),
    ),
  );
  router.view(
    MODALS.snooze,
    modalSubmission(
      deps,
      (values) => readSnooze(deps, values),
      async ({ until, reason }, context, actor) => renderAlertChanged(i18n, (await snoozeAlert(deps, actor, refOf(context), until, reason)).view),
    ),
  );
}

/**
 * Opens the action's modal while the trigger_id is fresh — but only for an alert that can still be
 * changed, by someone allowed to: a stale click or a refusal is answered before anyone fills a form.
 */
function openModal(deps: Deps, action: AlertAction, build: (alert: AlertView, privateMetadata: string) => ModalView) {
  return async (ctx: ButtonContext, args: ButtonArgs): Promise<void> => {
    const alert = await checkAlertAction(deps, ctx.actor, ctx.alert, { audit: `alerts.${action}` });
    const metadata = encodeModalContext({ alertId: alert.view.id, version: ctx.alert.version, channelId: ctx.channelId, fromHome: ctx.fromHome });
    await args.client.views.open({ trigger_id: ctx.triggerId, view: build(alert.view, metadata) });
  };
}

function refOf(context: ModalContext): AlertRef {
  return { alertId: context.alertId, version: context.version };
}

/** The chosen end of the snooze, computed now in BOT_TIMEZONE; a bad date goes back to its field. */
export function readSnooze(deps: Deps, values: ViewValues): { until: Date; reason: string } {
  const reason = freeTextValue(deps.i18n, values, SNOOZE_FIELDS.reason, deps.i18n.t('modal.snooze.reason'), FREE_TEXT_FIELDS.note);
  const option = snoozeOption(selectedValue(values, SNOOZE_FIELDS.until.block, SNOOZE_FIELDS.until.action));
  if (!option) throw new FieldError(SNOOZE_FIELDS.until.block, deps.i18n.t('modal.snooze.chooseOne'));
  const now = deps.clock.now();
  const { timezone } = deps.config;
  if (option.choice !== 'date') return { until: snoozeUntil(option.choice, now, timezone, deps.config.holidays), reason };

  const date = dateValue(values, SNOOZE_FIELDS.date.block, SNOOZE_FIELDS.date.action);
  const until = date && isValidCalendarDate(date) ? snoozeUntil({ date }, now, timezone, deps.config.holidays) : undefined;
  // After today (a date ends at 09:00, so today would be over or nearly so) and within the limit.
  if (!date || !until || date <= dateInZone(now, timezone) || !isSnoozeInRange(until, now)) {
    throw new FieldError(SNOOZE_FIELDS.date.block, deps.i18n.t('modal.snooze.dateRange'));
  }
  return { until, reason };
}
