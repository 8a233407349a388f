// The one command language: a line such as `/stock restock SKU-1 40 box 3` becomes a typed action.
// Slack slash commands, the local console and tests all come through here.
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { admissionsCommand, type AdmissionsAction } from './admissions-command.js';
import { alertsCommand, type AlertsAction } from './alerts-command.js';
import { ArgReader, type ArgName } from './arg-reader.js';
import type { CommandName, CommandSpec, VerbSpec } from './command-spec.js';
import { oncallCommand, type OncallAction } from './oncall-command.js';
import { ordersCommand, type OrdersAction } from './orders-command.js';
import { stockCommand, type StockAction } from './stock-command.js';
import { holidaysCommand, type HolidaysAction } from './holidays-command.js';
import { echo, tokenize } from './tokenize.js';
import { foldWord } from '../../lib/text/fold-word.js';

export type Action = StockAction | OrdersAction | AdmissionsAction | AlertsAction | OncallAction | HolidaysAction;

export const COMMANDS: readonly CommandSpec<Action>[] = [stockCommand, ordersCommand, admissionsCommand, alertsCommand, oncallCommand, holidaysCommand];

export interface ParsedCommand {
  action: Action;
  spec: VerbSpec<Action>;
  command: CommandSpec<Action>;
}

export function findCommand(name: string): CommandSpec<Action> | undefined {
  const bare = name.trim().replace(/^\//, '').toLowerCase();
  return COMMANDS.find((c) => c.name === bare);
}

/** A verb's word in `i18n`'s language: `repor` in pt-BR, `restock` in en. */
export function verbWord(i18n: I18n, spec: VerbSpec<Action>): string {
  return i18n.locale === 'en' ? spec.verb : (spec.pt[0] ?? spec.verb);
}

/** The verb's word in the other language, when it differs (help says it works too). */
export function otherVerbWord(i18n: I18n, spec: VerbSpec<Action>): string | undefined {
  const other = i18n.locale === 'en' ? spec.pt[0] : spec.verb;
  return other && other !== verbWord(i18n, spec) ? other : undefined;
}

function argLabel(i18n: I18n, name: ArgName): string {
  return i18n.t(`argName.${name}`);
}

/** `/stock repor SKU QTD [OBSERVAÇÃO]` (pt-BR), `/stock restock SKU QTY [note]` (en). */
export function usageOf(i18n: I18n, command: CommandSpec<Action>, spec: VerbSpec<Action>): string {
  const args = spec.args.replace(/\{(\w+)\}/g, (_whole, name: string) => argLabel(i18n, name as ArgName));
  return `/${command.name} ${verbWord(i18n, spec)}${args ? ` ${args}` : ''}`;
}

export function usageOfCommand(i18n: I18n, command: CommandSpec<Action>): string {
  return command.verbs.map((v) => usageOf(i18n, command, v)).join('\n');
}


/** The verb a word names, in either language. */
export function findVerb(command: CommandSpec<Action>, word: string): VerbSpec<Action> | undefined {
  const folded = foldWord(word);
  return command.verbs.find((v) => foldWord(v.verb) === folded || v.pt.some((w) => foldWord(w) === folded));
}

/** Parses `text` (what follows the slash command) into an action; throws AppError on any problem. */
export function parseCommand(i18n: I18n, commandName: string, text: string): ParsedCommand {
  const command = findCommand(commandName);
  if (!command) {
    const message = i18n.t('error.unknownCommand', { command: echo(commandName) });
    throw new AppError('invalid_input', message, { hint: COMMANDS.map((c) => usageOf(i18n, c, findVerb(c, 'help')!)).join('\n') });
  }
  const tokens = tokenize(text);
  let spec = findVerb(command, tokens[0]?.text ?? command.defaultVerb ?? 'help');
  let args = tokens.slice(1);
  if (!spec && command.defaultVerb !== undefined) {
    spec = findVerb(command, command.defaultVerb);
    args = tokens;
  }
  if (!spec) {
    const message = i18n.t('error.unknownVerb', { verb: echo(tokens[0]?.text ?? ''), command: `/${command.name}` });
    throw new AppError('invalid_input', message, { hint: usageOfCommand(i18n, command) });
  }
  const reader = new ArgReader(i18n, text, args, usageOf(i18n, command, spec));
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
