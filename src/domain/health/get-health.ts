import type { Mode } from '../../config.js';
import { withinTimeout } from '../../lib/within-timeout.js';
import type { Deps } from '../deps.js';

export interface Health {
  status: 'ok' | 'degraded';
  db: 'ok' | 'down';
  mode: Mode;
  outbox: { pending: number; failed: number };
}

// A health check that hangs is as bad as a wrong one: each step is bounded (the pool's own connect
// timeout is longer), so /healthz answers within about three seconds whatever the database does.
const PING_TIMEOUT_MS = 2_000;
const COUNT_TIMEOUT_MS = 1_000;

export async function getHealth({ db, config }: Pick<Deps, 'db' | 'config'>): Promise<Health> {
  const { mode } = config;
  const degraded: Health = { status: 'degraded', db: 'down', mode, outbox: { pending: 0, failed: 0 } };
  if (!(await db.ping(PING_TIMEOUT_MS))) return degraded;
  try {
    const rows = await withinTimeout(
      db.prisma.$queryRaw<{ pending: bigint; failed: bigint }[]>`
        SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
               count(*) FILTER (WHERE status = 'failed') AS failed
        FROM outbox_messages`,
      COUNT_TIMEOUT_MS,
    );
    if (!rows) return degraded;
    const [counts] = rows;
    return { status: 'ok', db: 'ok', mode, outbox: { pending: Number(counts?.pending ?? 0), failed: Number(counts?.failed ?? 0) } };
  } catch {
    return degraded;
  }
}
