// Renders the Block Kit the bot would send as readable terminal text, so local mode shows exactly
// what Slack would show (same builders), minus the colours.
import type { KnownBlock } from './kit.js';

const EMOJI: Record<string, string> = {
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  white_circle: '⚪',
  large_green_circle: '🟢',
  warning: '⚠️',
  white_check_mark: '✅',
  rotating_light: '🚨',
  package: '📦',
  moneybag: '💰',
  page_facing_up: '📄',
  bell: '🔔',
  hourglass: '⌛',
  zzz: '💤',
  eyes: '👀',
  bar_chart: '📊',
  calendar: '📅',
  pager: '📟',
  alarm_clock: '⏰',
  repeat: '🔁',
  chart_with_downwards_trend: '📉',
  heavy_minus_sign: '➖',
  sparkles: '✨',
  x: '❌',
  mag: '🔍',
  no_entry: '⛔',
  grey_question: '❔',
};

/** A person's name for a user ID, where one is known (the local console's demo people). */
export type UserNames = (userId: string) => string | undefined;

/** Slack mrkdwn → plain text: emoji, mentions, links, entities, bold marks and code fences. */
export function mrkdwnToText(text: string, names?: UserNames): string {
  return text
    .replace(/```\n?/g, '')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm, '$1$2')
    .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]+))?>/g, (_w, id: string, name?: string) => `@${name ?? names?.(id) ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]+))?>/g, (_w, id: string, name?: string) => `#${name ?? id}`)
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|([^>]+))?>/g, (_w, id: string, name?: string) => name ?? `@${id}`)
    .replace(/<!date\^\d+\^[^|]*\|([^>]+)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type TextObject = { text: string };
type Element = { type: string; text?: TextObject | string; elements?: Element[] };

export function renderBlocksAsText(blocks: readonly KnownBlock[], names?: UserNames): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header': {
        const text = mrkdwnToText(block.text.text, names);
        lines.push(text, '═'.repeat(Math.min(60, [...text].length)));
        break;
      }
      case 'section':
        if (block.text) lines.push(mrkdwnToText(block.text.text, names));
        if (block.fields) lines.push(block.fields.map((f) => mrkdwnToText(f.text, names).replace(/\n/g, ' ')).join('   '));
        break;
      case 'context':
        lines.push(`  ${block.elements.map((e) => ('text' in e ? mrkdwnToText(e.text, names) : '')).join(' · ')}`);
        break;
      case 'actions':
        lines.push(
          block.elements
            .map((e) => {
              const label = (e as Element).text;
              return `[${typeof label === 'object' ? label.text : (e as { action_id?: string }).action_id ?? e.type}]`;
            })
            .join(' '),
        );
        break;
      case 'divider':
        lines.push('─'.repeat(40));
        break;
      default:
        break;
    }
  }
  return lines.join('\n');
}
