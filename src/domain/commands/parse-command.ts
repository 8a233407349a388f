// The one command language: a line such as `/stock restock SKU-1 40 box 3` becomes a typed action.
// Slack slash commands, the local console and tests all come through here.
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { admissionsCommand, type AdmissionsAction } from './admissions-command.js';
import { alertsCommand, type AlertsAction } from './alerts-command.js';
import { ArgReader } from './arg-reader.js';
import type { CommandName, CommandSpec, VerbSpec } from './command-spec.js';
import { oncallCommand, type OncallAction } from './oncall-command.js';
import { ordersCommand, type OrdersAction } from './orders-command.js';
import { stockCommand, type StockAction } from './stock-command.js';
import { echo, tokenize } from './tokenize.js';

export type Action = StockAction | OrdersAction | AdmissionsAction | AlertsAction | OncallAction;

export const COMMANDS: readonly CommandSpec<Action>[] = [stockCommand, ordersCommand, admissionsCommand, alertsCommand, oncallCommand];

export interface ParsedCommand {
  action: Action;
  spec: VerbSpec<Action>;
  command: CommandSpec<Action>;
}

export function findCommand(name: string): CommandSpec<Action> | undefined {
  const bare = name.trim().replace(/^\//, '').toLowerCase();
  return COMMANDS.find((c) => c.name === bare);
}

export function usageOf(command: CommandSpec<Action>, spec: VerbSpec<Action>): string {
  return `/${command.name} ${spec.verb}${spec.args ? ` ${spec.args}` : ''}`;
}

export function usageOfCommand(command: CommandSpec<Action>): string {
  return command.verbs.map((v) => usageOf(command, v)).join('\n');
}

/** Parses `text` (what follows the slash command) into an action; throws AppError on any problem. */
export function parseCommand(i18n: I18n, commandName: string, text: string): ParsedCommand {
  const command = findCommand(commandName);
  if (!command) {
    const message = i18n.t('error.unknownCommand', { command: echo(commandName) });
    throw new AppError('invalid_input', message, { hint: COMMANDS.map((c) => `/${c.name} help`).join('\n') });
  }
  const tokens = tokenize(text);
  const verbWord = tokens[0]?.text.toLowerCase() ?? 'help';
  const spec = command.verbs.find((v) => v.verb === verbWord);
  if (!spec) {
    const message = i18n.t('error.unknownVerb', { verb: echo(tokens[0]?.text ?? ''), command: `/${command.name}` });
    throw new AppError('invalid_input', message, { hint: usageOfCommand(command) });
  }
  const reader = new ArgReader(i18n, text, tokens.slice(1), usageOf(command, spec));
  const action = spec.parse(reader);
  reader.end();
  return { action, spec, command };
}

export type { CommandName };

/** Whether the line asks for a change (not a read-only verb, not invalid): worth refreshing views after. */
export function isChangingCommand(i18n: I18n, commandName: string, text: string): boolean {
  try {
    return parseCommand(i18n, commandName, text).spec.permission !== 'read';
  } catch {
    return false;
  }
}
