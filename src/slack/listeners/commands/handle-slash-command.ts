// Every slash command: acknowledged within Slack's 3 seconds. Fast work answers in the ack itself;
// slow work (a busy database) is acknowledged with "working on it" and answered via response_url.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Reply } from '../../../blocks/reply.js';
import { runCommand } from '../../../commands/run-command.js';
import { isChangingCommand } from '../../../domain/commands/parse-command.js';
import type { SlackDeps } from '../../slack-deps.js';
import { refreshHome } from '../interaction.js';
import { withinTimeout } from '../../../lib/within-timeout.js';

/** Slack allows 3 s; leave room for the network and a busy event loop. */
export const ACK_BUDGET_MS = 1_500;

export function slashCommandListener(deps: SlackDeps) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const work = runCommand(deps, { command: command.command, text: command.text, actor: { userId: command.user_id } });
    const early = await withinTimeout(work, ACK_BUDGET_MS);
    if (early) {
      await ack(toSlackResponse(early));
    } else {
      await ack({ response_type: 'ephemeral', text: deps.i18n.t('reply.working') });
      await respond({ ...toSlackResponse(await work), replace_original: true });
    }
    // A change may alter what the person's App Home shows; a read cannot.
    if (isChangingCommand(deps.i18n, command.command, command.text)) await refreshHome(deps, client, command.user_id);
  };
}

export function toSlackResponse(reply: Reply) {
  return { response_type: reply.visibility, text: reply.text, blocks: reply.blocks };
}
