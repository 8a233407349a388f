import type { KnownBlock } from './kit.js';

/** What a command or button answers with: rendered once, shown by Slack or by the local console. */
export interface Reply {
  /** plain-text fallback (notifications, screen readers) */
  text: string;
  blocks: KnownBlock[];
  /** ephemeral: only the person who asked sees it */
  visibility: 'ephemeral' | 'in_channel';
}
