// Local mode's terminal: type the same slash commands as in Slack; replies and channel messages
// are printed as text rendered from the same Block Kit. End of input does not stop the bot.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { renderError } from '../blocks/replies/error-reply.js';
import { renderBlocksAsText } from '../blocks/render-text.js';
import type { Reply } from '../blocks/reply.js';
import { runCommand } from '../commands/run-command.js';
import { LOCAL_ACTOR } from '../domain/actor.js';
import type { Deps } from '../domain/deps.js';
import { AppError } from '../lib/errors.js';
import { knownPeople, localName, resolveMentions } from './people.js';

export interface LocalConsole {
  /** resolves once every line read so far has been answered */
  idle(): Promise<void>;
  close(): void;
}

export function startLocalConsole(deps: Deps, input: Readable, output: Writable): LocalConsole {
  const rl = createInterface({ input, terminal: false });
  let queue: Promise<void> = Promise.resolve();
  rl.on('line', (line) => {
    // One command at a time, in the order typed.
    queue = queue.then(() => answer(deps, line, output)).catch((error: unknown) => deps.logger.error({ err: error }, 'console command failed'));
  });
  return {
    idle: () => queue,
    close: () => rl.close(),
  };
}

async function answer(deps: Deps, line: string, output: Writable): Promise<void> {
  const trimmed = line.trim();
  if (!trimmed) return;
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const text = trimmed.slice(first.length).trim();
  const command = /^\/?help$/i.test(first) && rest.length === 0 ? 'help' : first.startsWith('/') ? first : `/${first}`;
  const mentions = resolveMentions(text);
  if (!mentions.ok) {
    const userMessage = deps.i18n.t('local.unknownPerson', { name: mentions.name, known: knownPeople() });
    printReply(output, renderError(deps.i18n, new AppError('invalid_input', `unknown person @${mentions.name}`, { userMessage })));
    return;
  }
  const reply = await runCommand(deps, { command, text: mentions.text, actor: LOCAL_ACTOR });
  printReply(output, reply, command === 'help' ? deps.i18n.t('help.local') : undefined);
}

export function printReply(output: Writable, reply: Reply, footer?: string): void {
  output.write(`${renderBlocksAsText(reply.blocks, localName)}\n${footer ? `${footer}\n` : ''}\n`);
}
