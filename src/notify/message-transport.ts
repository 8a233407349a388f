// Where outbox messages go: Slack's Web API, or the terminal in local mode. The outbox sender only
// sees this interface, so retries, pacing and duplicate checks are written once.
import type { KnownBlock } from '../blocks/kit.js';

/** A rendered message as stored in an outbox row. */
export interface MessagePayload {
  text: string;
  blocks: KnownBlock[];
}

export const OUTBOX_EVENT_TYPE = 'retaguarda_outbox';

export interface PostRequest {
  channel: string;
  payload: MessagePayload;
  /** the outbox key, sent as message metadata so a post can be found again */
  key: string;
  /** reply in this thread */
  threadTs?: string;
}

export interface MessageTransport {
  /** returns the posted message's ts */
  post(request: PostRequest): Promise<string>;
  update(channel: string, ts: string, payload: MessagePayload): Promise<void>;
  /**
   * Looks for a message carrying `key` in its metadata among the channel's (or thread's) messages
   * since `since`; returns its ts. Used before re-sending a post that may already have landed.
   */
  findPosted(channel: string, key: string, since: Date, threadTs?: string): Promise<string | undefined>;
  /** joins a public channel (after not_in_channel) */
  join(channel: string): Promise<void>;
  /**
   * Opens (or finds) the DM with a user and returns its conversation ID (`D…`), which posts and
   * updates of that DM then use. Absent where a user ID is itself the address (the terminal).
   */
  openDm?(userId: string): Promise<string>;
}

/** A failed transport call, classified once so the sender can decide what to do. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'rate_limited' | 'transient' | 'permanent' | 'not_in_channel' | 'message_not_found',
    /** Slack's error code or a short description */
    readonly code: string,
    readonly options: {
      /** rate_limited: how long Slack asked us to wait */
      retryAfterMs?: number;
      /** a post whose outcome is unknown (timeout, 5xx): the next attempt looks for it first (findPosted) */
      mayHaveLanded?: boolean;
    } = {},
  ) {
    super(`${kind}: ${code}`);
    this.name = 'TransportError';
  }
}
