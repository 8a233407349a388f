// The Retry button on each failed channel message of `/alerts list`. A click is exactly
// `/alerts retry N`: it goes through the command router, so the verb's one spec decides the
// permission (ADMIN_USERS, refusals audited), and the reply is the command's.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { decodeMessageButton, FAILED_MESSAGE_ACTIONS } from '../../../blocks/action-ids.js';
import { runCommand } from '../../../commands/run-command.js';
import type { SlackDeps } from '../../slack-deps.js';
import { valueButton } from '../interaction.js';

export function registerFailedMessageButtonListeners(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    FAILED_MESSAGE_ACTIONS.retry,
    valueButton(deps, decodeMessageButton, ({ actor }, messageId) => runCommand(deps, { command: '/alerts', text: `retry ${messageId}`, actor })),
  );
}
