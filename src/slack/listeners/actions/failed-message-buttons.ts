// The Retry button on each failed channel message of `/alerts list`. A click is exactly
// `/alerts retry N`: it goes through the command router, so the verb's one spec decides the
// permission (ADMIN_USERS, refusals audited), and the reply is the command's.
import { decodeMessageButton, FAILED_MESSAGE_ACTIONS } from '../../../blocks/action-ids.js';
import { runCommand } from '../../../commands/run-command.js';
import type { SlackDeps } from '../../slack-deps.js';
import { valueButton } from '../interaction.js';
import type { InteractionRouter } from '../interaction-router.js';

export function registerFailedMessageButtonListeners(router: InteractionRouter, deps: SlackDeps): void {
  router.action(
    FAILED_MESSAGE_ACTIONS.retry,
    valueButton(deps, decodeMessageButton, ({ actor }, messageId) => runCommand(deps, { command: '/alerts', text: `retry ${messageId}`, actor })),
  );
}
