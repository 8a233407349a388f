// Every slash command: acknowledged within Slack's 3 seconds. Fast work answers in the ack itself;
// slow work (a busy database) is acknowledged with "working on it" and answered via response_url.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps.js';
import { runCommand } from '../../../app/run-command.js';
import type { Reply } from '../../blocks/reply.js';

/** Slack allows 3 s; leave room for the network. */
export const ACK_BUDGET_MS = 2_000;

export function slashCommandListener(deps: Deps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const work = runCommand(deps, { command: command.command, text: command.text, actor: { userId: command.user_id } });
    const early = await settleWithin(work, ACK_BUDGET_MS);
    if (early) {
      await ack(toSlackResponse(early));
      return;
    }
    await ack({ response_type: 'ephemeral', text: deps.i18n.t('reply.working') });
    await respond({ ...toSlackResponse(await work), replace_original: true });
  };
}

export function toSlackResponse(reply: Reply) {
  return { response_type: reply.visibility, text: reply.text, blocks: reply.blocks };
}

async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
