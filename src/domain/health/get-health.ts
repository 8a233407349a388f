import type { Mode } from '../../config.js';
import type { Database } from '../../db/database.js';

export interface Health {
  status: 'ok' | 'degraded';
  db: 'ok' | 'down';
  mode: Mode;
  outbox: { pending: number; failed: number };
}

export async function getHealth(db: Database, mode: Mode): Promise<Health> {
  const degraded: Health = { status: 'degraded', db: 'down', mode, outbox: { pending: 0, failed: 0 } };
  if (!(await db.ping())) return degraded;
  try {
    const [counts] = await db.prisma.$queryRaw<{ pending: bigint; failed: bigint }[]>`
      SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
             count(*) FILTER (WHERE status = 'failed') AS failed
      FROM outbox_messages`;
    return { status: 'ok', db: 'ok', mode, outbox: { pending: Number(counts?.pending ?? 0), failed: Number(counts?.failed ?? 0) } };
  } catch {
    return degraded;
  }
}
