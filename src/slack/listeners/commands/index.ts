import type { App } from '@slack/bolt';
import { COMMANDS } from '../../../domain/commands/parse-command.js';
import type { SlackDeps } from '../../slack-deps.js';
import { slashCommandListener } from './handle-slash-command.js';

/** Binds every command of the command language to the same listener. */
export function registerCommandListeners(app: App, deps: SlackDeps): string[] {
  const names = COMMANDS.map((c) => `/${c.name}`);
  for (const name of names) app.command(name, slashCommandListener(deps));
  return names;
}
