// The Retry button on each failed channel message of `/alerts list`. A click is exactly
// `/alerts retry N`: it goes through the command router, so the verb's one spec decides the
// permission (ADMIN_USERS, refusals audited), and the reply is the command's.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Deps } from '../../../app/deps.js';
import { runCommand } from '../../../app/run-command.js';
import { decodeMessageButton, FAILED_MESSAGE_ACTIONS } from '../../action-ids.js';
import { valueButton } from '../interaction.js';

export function registerFailedMessageButtonListeners(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(
    FAILED_MESSAGE_ACTIONS.retry,
    valueButton(deps, decodeMessageButton, ({ actor }, messageId) => runCommand(deps, { command: '/alerts', text: `retry ${messageId}`, actor })),
  );
}
