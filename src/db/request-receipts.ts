// Receipts of signed Slack requests, in the database every instance shares: a request is handed to
// the app only by whoever claims its receipt first, so a replay — the same body with the same
// signature, resent within the five minutes the signature is accepted — acknowledges but never runs
// again, whichever instance it reaches.
import type { Database } from './database.js';

/** Expired receipts are deleted at most this often per process, by whichever claim comes next. */
const PURGE_EVERY_MS = 60_000;

export interface RequestReceipts {
  /**
   * true when this call claimed `key` (the request is new), false when it was claimed before (a
   * replay). Throws when the database does not answer: the caller must not run the request then.
   */
  claim(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}

export function createRequestReceipts(db: Database): RequestReceipts {
  let lastPurge = 0;
  return {
    async claim(key, expiresAt, now) {
      if (now.getTime() - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = now.getTime();
        await db.prisma.$executeRaw`DELETE FROM slack_request_receipts WHERE expires_at < ${now}`;
      }
      const inserted = await db.prisma.$executeRaw`
        INSERT INTO slack_request_receipts (key, expires_at) VALUES (${key}, ${expiresAt})
        ON CONFLICT (key) DO NOTHING`;
      return inserted === 1;
    },
  };
}
