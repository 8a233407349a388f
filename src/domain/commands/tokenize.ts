// Splits a command line into words. Slack sends slash-command text escaped (manifest
// should_escape: true): mentions as <@U123|name>, channels as <#C123|name>, user groups as
// <!subteam^S123|@name>, and &, <, > as entities. A <…> item is one word even with spaces inside.
import { revealHidden } from '../../lib/text/check-free-text.js';

export interface Token {
  /** the word with HTML entities decoded; mentions are left in their <…> form */
  text: string;
  /** index in the original line where the word starts (for "the rest of the line") */
  start: number;
}

const WORD = /<[^>]*>|\S+/g;

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function tokenize(line: string): Token[] {
  return [...line.matchAll(WORD)].map((m) => ({ text: decodeEntities(m[0]), start: m.index }));
}

const ECHO_MAX = 40;

/**
 * A word or text someone typed, quoted back in a reply: at most 40 characters (whole code points,
 * never half an emoji) and every character the free-text rule refuses shown as [U+XXXX].
 */
export function echo(text: string): string {
  const chars = [...text];
  const shown = chars.length > ECHO_MAX ? `${chars.slice(0, ECHO_MAX).join('')}…` : text;
  return revealHidden(shown);
}

/** A user mention <@U123|name> or <@U123> → U123; a bare ID U123ABC is accepted too. */
export function userIdFromMention(word: string): string | undefined {
  const match = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word) ?? /^([UW][A-Z0-9]{6,})$/.exec(word);
  return match?.[1];
}
