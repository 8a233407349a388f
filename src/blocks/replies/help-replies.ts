import type { CommandSpec } from '../../domain/commands/command-spec.js';
import { otherVerbWord, usageOf, type Action } from '../../domain/commands/parse-command.js';
import type { I18n } from '../../i18n/index.js';
import { context, header, sectionsFromLines } from '../kit.js';
import type { Reply } from '../reply.js';

/** `help` alone: every command with one line each. */
export function renderOverviewHelp(i18n: I18n, commands: readonly CommandSpec<Action>[], extra?: string): Reply {
  const lines = commands.map((c) => i18n.t('help.commandLine', { command: `/${c.name}`, summary: i18n.t(c.summary) }));
  const blocks = [header(i18n.t('help.title')), ...sectionsFromLines(lines), context(extra ?? i18n.t('help.intro'))];
  return { text: [i18n.t('help.title'), ...lines].join('\n'), blocks, visibility: 'ephemeral' };
}

/** `/stock help`: each verb in the locale's words, with its arguments, what it does and its other word. */
export function renderCommandHelp(i18n: I18n, command: CommandSpec<Action>): Reply {
  const lines = command.verbs.map((v) => {
    const other = otherVerbWord(i18n, v);
    return `\`${usageOf(i18n, command, v)}\` — ${i18n.t(v.summary)}${other ? ` · ${i18n.t('help.otherWord', { word: other })}` : ''}`;
  });
  const title = `/${command.name} — ${i18n.t(command.summary)}`;
  return { text: [title, ...lines].join('\n'), blocks: [header(title), ...sectionsFromLines(lines)], visibility: 'ephemeral' };
}
