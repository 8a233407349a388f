// Leases claimed through the database, so several bot instances on one PostgreSQL never run the
// same job tick twice and never drain one channel's outbox at the same time.
import type { PrismaClient } from './database.js';

export interface LeaseRow {
  name: string;
  holder: string;
  expiresAt: Date;
  lastUsedAt: Date | null;
}

async function ensureRow(prisma: PrismaClient, name: string): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO job_leases (name, holder, expires_at) VALUES (${name}, '', to_timestamp(0))
    ON CONFLICT (name) DO NOTHING`;
}

/**
 * Claims `name` for `holder` until now + ttl, when it is free (expired) or already ours.
 * Returns the row (with the previous lastUsedAt) or undefined when another holder has it.
 */
export async function acquireLease(prisma: PrismaClient, name: string, holder: string, now: Date, ttlMs: number): Promise<LeaseRow | undefined> {
  await ensureRow(prisma, name);
  const until = new Date(now.getTime() + ttlMs);
  const rows = await prisma.$queryRaw<{ name: string; holder: string; expires_at: Date; last_used_at: Date | null }[]>`
    UPDATE job_leases SET holder = ${holder}, expires_at = ${until}
    WHERE name = ${name} AND (expires_at <= ${now} OR holder = ${holder})
    RETURNING name, holder, expires_at, last_used_at`;
  const row = rows[0];
  return row ? { name: row.name, holder: row.holder, expiresAt: row.expires_at, lastUsedAt: row.last_used_at } : undefined;
}

/**
 * Claims one run of a scheduled job for the tick `tick`: succeeds for exactly one holder per tick
 * (the one that moves lastUsedAt to the tick), and only while no other holder is running it.
 * `minGap` keeps a start-up run from repeating one that another instance just did. The lease runs
 * until now + ttl: keep ttl short and renewLease it while the job runs, so that a dead holder's
 * claim lapses soon.
 */
export async function claimJobRun(
  prisma: PrismaClient,
  name: string,
  holder: string,
  tick: Date,
  now: Date,
  ttlMs: number,
  minGapMs = 1_000,
): Promise<boolean> {
  await ensureRow(prisma, name);
  const until = new Date(now.getTime() + ttlMs);
  const latest = new Date(tick.getTime() - minGapMs);
  const claimed = await prisma.$executeRaw`
    UPDATE job_leases SET holder = ${holder}, expires_at = ${until}, last_used_at = ${tick}
    WHERE name = ${name}
      AND (expires_at <= ${now} OR holder = ${holder})
      AND (last_used_at IS NULL OR last_used_at <= ${latest})`;
  return claimed === 1;
}

/** Records when the resource was last used (e.g. the channel's last message) and extends the lease. */
export async function touchLease(prisma: PrismaClient, name: string, holder: string, usedAt: Date, until: Date): Promise<boolean> {
  const updated = await prisma.$executeRaw`
    UPDATE job_leases SET last_used_at = ${usedAt}, expires_at = ${until} WHERE name = ${name} AND holder = ${holder}`;
  return updated === 1;
}

/** Extends the lease without changing lastUsedAt; false when `holder` no longer has it. */
export async function renewLease(prisma: PrismaClient, name: string, holder: string, until: Date): Promise<boolean> {
  const updated = await prisma.$executeRaw`
    UPDATE job_leases SET expires_at = ${until} WHERE name = ${name} AND holder = ${holder}`;
  return updated === 1;
}

export async function releaseLease(prisma: PrismaClient, name: string, holder: string, now: Date): Promise<void> {
  await prisma.$executeRaw`UPDATE job_leases SET expires_at = ${now} WHERE name = ${name} AND holder = ${holder}`;
}
