// Small, pure Block Kit constructors that enforce Slack's limits by construction (docs/architecture.md,
// Block Kit limits): text is cut with an ellipsis instead of making Slack reject the whole message.
import type { ActionsBlock, Button, ContextBlock, DividerBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';

export type { KnownBlock };

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  contextElements: 10,
  actionsElements: 25,
  viewTitle: 24,
  privateMetadata: 3000,
  /** Slack truncates longer message text; we keep the fallback well under it */
  messageText: 3900,
} as const;

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

export function section(markdown: string, accessory?: SectionBlock['accessory']): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, LIMITS.sectionText) }, ...(accessory ? { accessory } : {}) };
}

export function fields(items: string[]): SectionBlock {
  return { type: 'section', fields: items.slice(0, LIMITS.fields).map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.fieldText) })) };
}

export function context(...items: string[]): ContextBlock {
  return { type: 'context', elements: items.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) })) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: truncate(value, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

/** A row of buttons (at most 25; Slack refuses an empty actions block, so callers skip it). */
export function actions(elements: Button[], blockId?: string): ActionsBlock {
  return { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements), ...(blockId ? { block_id: blockId.slice(0, LIMITS.actionId) } : {}) };
}

/**
 * For one-line data text (names, notes): folds line breaks and runs of spaces into one space, cuts
 * it to `max` characters (never splitting an emoji's surrogate pair) and then escapes it, so the
 * ellipsis can never land inside an entity like `&amp;`.
 */
export function escapeClip(text: string, max: number): string {
  return escapeText(truncateChars(oneLine(text), max));
}

/** Line breaks and runs of ordinary spaces → one space. No-break spaces (R$\u00a01,00) are kept. */
export function oneLine(text: string): string {
  return text.replace(/[ \t\r\n\f\v\u2028\u2029]+/g, ' ').trim();
}

/**
 * Escapes a whole composed string (template + data) and keeps the escaped result within `max`
 * characters, cutting at the end. For headers and `text` fallbacks, whose length Slack limits after
 * escaping.
 */
export function escapeFit(text: string, max: number): string {
  const line = oneLine(text);
  const escaped = escapeText(line);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const char of line) {
    const piece = escapeText(char);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** Like truncate, but never leaves half of a surrogate pair before the ellipsis. */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Packs lines into as few sections as possible, each under the section text limit, so a long
 * list costs few blocks.
 */
export function sectionsFromLines(lines: string[]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length > LIMITS.sectionText && current) {
      sections.push(section(current));
      current = line;
    } else {
      current = candidate;
    }
  }
  if (current) sections.push(section(current));
  return sections;
}

/** Escapes text that comes from data (names, notes) so it cannot inject mentions or markup. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
