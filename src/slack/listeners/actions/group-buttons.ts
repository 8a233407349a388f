// Acknowledge all and Snooze all on a grouped (storm) message. Acknowledge all is exactly
// `/alerts ack group:N`: it goes through the command router, like the Retry button, so the reply
// and the per-alert checks are the command's. Snooze all opens the Snooze modal for the group
// (after checking there is something the person may snooze); its submission snoozes the group's
// alerts not yet resolved, each checked as `/alerts snooze group:N …` would.
import { decodeGroupButton, GROUP_ACTIONS, MODALS } from '../../../blocks/action-ids.js';
import { groupSnoozeModal } from '../../../blocks/modals/snooze-modal.js';
import { renderBulkOutcome } from '../../../blocks/replies/bulk-replies.js';
import { runCommand } from '../../../commands/run-command.js';
import { checkGroupAction, snoozeAlerts } from '../../../domain/alerts/change-alerts-in-bulk.js';
import type { SlackDeps } from '../../slack-deps.js';
import { decodeModalMetadata, valueButton, viewSubmission, type ModalPlace } from '../interaction.js';
import { readSnooze } from './alert-buttons.js';
import type { InteractionRouter } from '../interaction-router.js';

/** What the Snooze all modal carries from the click to its submission. */
export interface GroupModalContext extends ModalPlace {
  groupId: number;
}

export function encodeGroupModalContext(context: GroupModalContext): string {
  return JSON.stringify(context);
}

export function decodeGroupModalContext(text: string | undefined): GroupModalContext | undefined {
  return decodeModalMetadata(text, (value) => (typeof value.groupId === 'number' ? { groupId: value.groupId } : undefined));
}

export function registerGroupButtonListeners(router: InteractionRouter, deps: SlackDeps): void {
  const { i18n } = deps;

  router.action(
    GROUP_ACTIONS.acknowledgeAll,
    valueButton(deps, decodeGroupButton, ({ actor }, groupId) => runCommand(deps, { command: '/alerts', text: `ack group:${groupId}`, actor })),
  );
  router.action(
    GROUP_ACTIONS.snoozeAll,
    valueButton(deps, decodeGroupButton, async (ctx, groupId, args) => {
      const group = await checkGroupAction(deps, ctx.actor, groupId, 'snooze');
      const metadata = encodeGroupModalContext({ groupId, channelId: ctx.channelId, fromHome: ctx.fromHome });
      await args.client.views.open({ trigger_id: ctx.triggerId, view: groupSnoozeModal(i18n, group, metadata, deps.clock.now(), deps.config.holidays) });
    }),
  );

  router.view(
    MODALS.snoozeGroup,
    viewSubmission(
      deps,
      decodeGroupModalContext,
      (values) => readSnooze(deps, values),
      async ({ until, reason }, context, actor) => renderBulkOutcome(i18n, await snoozeAlerts(deps, actor, { filter: { groupId: context.groupId } }, until, reason), { until, reason }),
    ),
  );
}
