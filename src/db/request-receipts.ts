// Receipts of signed Slack requests, in the database every instance shares: a request is handed to
// the app only by whoever claims its receipt first, so a replay — the same body with the same
// signature, resent within the five minutes the signature is accepted — acknowledges but never runs
// again, whichever instance it reaches.
import type { Database } from './database.js';

/** Expired receipts are deleted at most this often per process, after whichever claim comes next. */
const PURGE_EVERY_MS = 60_000;

// Every signed request waits for its claim, so claims are cheap. The claims made in one turn of the
// event loop (under load, the requests read in that turn) go to the database as one statement: one
// round trip and one commit for them all, sent without waiting for any other. And the statement goes
// as it is: Prisma's raw-query path takes about twice the CPU (bench/ack-latency.bench.ts).
// RETURNING names the keys this statement inserted; a key twice in it is inserted once.
const CLAIM_SQL = `
  INSERT INTO slack_request_receipts (key, expires_at) SELECT * FROM unnest($1::text[], $2::timestamptz[])
  ON CONFLICT (key) DO NOTHING RETURNING key`;

export interface RequestReceipts {
  /**
   * true when this call claimed `key` (the request is new), false when it was claimed before (a
   * replay). Throws when the database does not answer: the caller must not run the request then.
   */
  claim(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}

interface WaitingClaim {
  key: string;
  expiresAt: Date;
  settle(claimed: boolean): void;
  fail(error: unknown): void;
}

export function createRequestReceipts(db: Database): RequestReceipts {
  let lastPurge = 0;
  let waiting: WaitingClaim[] = [];

  const send = async () => {
    const batch = waiting;
    waiting = [];
    try {
      const rows = await db.query<{ key: string }>(CLAIM_SQL, [batch.map((c) => c.key), batch.map((c) => c.expiresAt)]);
      const inserted = new Set(rows.map((row) => row.key));
      // Two copies of one request in a batch: the first claims it, the second is its replay.
      for (const claim of batch) claim.settle(inserted.delete(claim.key));
    } catch (error) {
      for (const claim of batch) claim.fail(error);
    }
  };

  /**
   * Runs beside the requests, not before one: none waits for the DELETE. A purge that fails (the
   * database away: the claims report that themselves) is tried again after the next claim; an
   * expired receipt left meanwhile is harmless, as its signature is refused before any claim.
   */
  const purgeExpired = (now: Date) => {
    lastPurge = now.getTime();
    db.prisma.$executeRaw`DELETE FROM slack_request_receipts WHERE expires_at < ${now}`.catch(() => {
      lastPurge = 0;
    });
  };

  return {
    claim(key, expiresAt, now) {
      const claimed = new Promise<boolean>((settle, fail) => waiting.push({ key, expiresAt, settle, fail }));
      if (waiting.length === 1) setImmediate(() => void send());
      if (now.getTime() - lastPurge >= PURGE_EVERY_MS) purgeExpired(now);
      return claimed;
    },
  };
}
