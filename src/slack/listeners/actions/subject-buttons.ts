// The buttons that fix an alert's cause: Restock, Mark paid, Promise to pay, Document received and
// Waive. A click checks — before its modal opens, while the trigger_id is fresh — that the person
// may act (the team owning the alert's kind; a refusal is audited and explained) and that the alert
// is not resolved yet; the submission checks both again, then runs the very use case of the slash
// command. The alert's message updates in place through the outbox; the person gets a short
// ephemeral confirmation.
import type { ModalView } from '@slack/types';
import { ALERT_ACTIONS, MODALS, type AlertActionId, type AlertButtonValue } from '../../../blocks/action-ids.js';
import { kindOfFixButton } from '../../../blocks/kinds/index.js';
import { documentsModal, readDocumentsModal, type DocumentsMode } from '../../../blocks/modals/documents-modal.js';
import { markPaidModal, readMarkPaidModal } from '../../../blocks/modals/mark-paid-modal.js';
import { promiseModal, readPromiseModal } from '../../../blocks/modals/promise-modal.js';
import { readRestockModal, restockModal } from '../../../blocks/modals/restock-modal.js';
import { receiveAndFollowUp, waiveAndFollowUp } from '../../../commands/admissions-actions.js';
import { payOrder, promiseOrder } from '../../../commands/orders-actions.js';
import { changeStockAndFollowUp } from '../../../commands/stock-actions.js';
import type { Actor } from '../../../domain/actor.js';
import { showAdmission } from '../../../domain/admissions/show-admission.js';
import type { AlertRecord } from '../../../domain/alerts/alert-record.js';
import type { AlertKind } from '../../../domain/alerts/alert-types.js';
import { checkAlertAction } from '../../../domain/alerts/change-alert.js';
import type { Deps } from '../../../domain/deps.js';
import { AppError } from '../../../lib/errors.js';
import { dateInZone } from '../../../lib/time/calendar.js';
import type { SlackDeps } from '../../slack-deps.js';
import { alertButton, encodeModalContext, modalSubmission, type ButtonArgs, type ButtonContext } from '../interaction.js';
import type { InteractionRouter } from '../interaction-router.js';

/** What a button does: the alert kind it belongs to, and its name in the audit trail (as the slash command's). */
interface SubjectAction {
  kind: AlertKind;
  audit: string;
}

/** The kind comes from the kind views (src/blocks/kinds), where each button is declared once. */
function subjectAction(actionId: AlertActionId, audit: string): SubjectAction {
  return { kind: kindOfFixButton(actionId), audit };
}

const RESTOCK = subjectAction(ALERT_ACTIONS.restock, 'stock.restock');
const MARK_PAID = subjectAction(ALERT_ACTIONS.markPaid, 'orders.paid');
const PROMISE = subjectAction(ALERT_ACTIONS.promiseToPay, 'orders.promise');
const DOCUMENTS: Record<DocumentsMode, SubjectAction> = {
  received: subjectAction(ALERT_ACTIONS.documentReceived, 'admissions.received'),
  waive: subjectAction(ALERT_ACTIONS.waiveDocument, 'admissions.waive'),
};

export function registerSubjectButtonListeners(router: InteractionRouter, deps: SlackDeps): void {
  const { i18n } = deps;
  const today = () => dateInZone(deps.clock.now(), deps.config.timezone);

  router.action(ALERT_ACTIONS.restock, opener(deps, RESTOCK, (alert, metadata) => restockModal(i18n, alert.view, metadata)));
  router.action(ALERT_ACTIONS.markPaid, opener(deps, MARK_PAID, (alert, metadata) => markPaidModal(i18n, alert.view, metadata)));
  router.action(
    ALERT_ACTIONS.promiseToPay,
    opener(deps, PROMISE, (alert, metadata) => promiseModal(i18n, alert.view, metadata, today())),
  );
  for (const [actionId, mode] of [
    [ALERT_ACTIONS.documentReceived, 'received'],
    [ALERT_ACTIONS.waiveDocument, 'waive'],
  ] as const) {
    router.action(
      actionId,
      opener(deps, DOCUMENTS[mode], async (alert, metadata) => documentsModal(i18n, mode, alert.view, await missingDocuments(deps, alert), metadata)),
    );
  }

  router.view(
    MODALS.restock,
    modalSubmission(
      deps,
      (values) => readRestockModal(i18n, values),
      async (input, context, actor) => {
        const alert = await actionableAlert(deps, actor, context, RESTOCK);
        return changeStockAndFollowUp(deps, actor, alert.view.subject, { kind: 'restock', ...input });
      },
    ),
  );
  router.view(
    MODALS.markPaid,
    modalSubmission(deps, (values) => readMarkPaidModal(i18n, values), async ({ reference }, context, actor) =>
      payOrder(deps, actor, (await actionableAlert(deps, actor, context, MARK_PAID)).view.subject, reference),
    ),
  );
  router.view(
    MODALS.promiseToPay,
    modalSubmission(
      deps,
      (values) => readPromiseModal(i18n, values, today()),
      async ({ date }, context, actor) => promiseOrder(deps, actor, (await actionableAlert(deps, actor, context, PROMISE)).view.subject, date),
    ),
  );
  router.view(
    MODALS.documents,
    modalSubmission(
      deps,
      (values) => readDocumentsModal(i18n, values),
      async ({ mode, documents, reason }, context, actor) => {
        const { subject } = (await actionableAlert(deps, actor, context, DOCUMENTS[mode])).view;
        return mode === 'received' ? receiveAndFollowUp(deps, actor, subject, documents) : waiveAndFollowUp(deps, actor, subject, documents, reason);
      },
    ),
  );
}

/** A button that opens its modal once the alert proved actionable for this person. */
function opener(deps: SlackDeps, action: SubjectAction, build: (alert: AlertRecord, privateMetadata: string) => ModalView | Promise<ModalView>) {
  return alertButton(deps, async (ctx: ButtonContext, args: ButtonArgs): Promise<void> => {
    const alert = await actionableAlert(deps, ctx.actor, ctx.alert, action);
    const metadata = encodeModalContext({ alertId: alert.view.id, version: ctx.alert.version, channelId: ctx.channelId, fromHome: ctx.fromHome });
    await args.client.views.open({ trigger_id: ctx.triggerId, view: await build(alert, metadata) });
  });
}

/**
 * The alert behind a click or a submission, if this person may act on it and it is still
 * unresolved (refusals are recorded and name who can do it; a resolved alert is answered politely).
 * The subject's own use case then checks its state again under a row lock.
 */
function actionableAlert(deps: Deps, actor: Actor, ref: Pick<AlertButtonValue, 'alertId'>, action: SubjectAction): Promise<AlertRecord> {
  return checkAlertAction(deps, actor, ref, { audit: action.audit, kind: action.kind });
}

/** The hire's documents still missing now (the alert's copy may lag behind a command). */
async function missingDocuments(deps: Deps, alert: AlertRecord): Promise<string[]> {
  const missing = (await showAdmission(deps, alert.view.subject)).documents.filter((d) => d.status === 'missing').map((d) => d.code);
  if (missing.length === 0) {
    throw new AppError('conflict', `nothing missing for ${alert.view.subject}`, { userMessage: deps.i18n.t('admissions.nothingMissing', { code: alert.view.subject }) });
  }
  return missing;
}
