// Scheduled jobs (node-cron in BOT_TIMEZONE, no overlap within a process). Each tick is claimed in
// the database first, so several instances on one PostgreSQL run it exactly once between them.
import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../db/database.js';
import { claimJobRun, releaseLease } from '../db/leases.js';
import type { Logger } from '../logger.js';

export interface Job {
  name: string;
  cron: string;
  run(): Promise<unknown>;
  /** also run once right after start (unless another instance just did) */
  runAtStart?: boolean;
}

export interface SchedulerOptions {
  db: Database;
  logger: Logger;
  timezone: string;
  instanceId: string;
  jobs: Job[];
  /** how long a claimed run may take before another instance may take over */
  leaseMs?: number;
  /** false: no cron ticks and no start-up runs, only runNow (tests) */
  automatic?: boolean;
}

export interface Scheduler {
  /** runs one job now, through the same claim (for start-up and tests); true if it ran here */
  runNow(name: string, tick?: Date): Promise<boolean>;
  stop(): Promise<void>;
}

const START_GAP_MS = 60_000;

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, logger, instanceId, jobs } = options;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const running = new Set<Promise<unknown>>();

  const runClaimed = async (job: Job, tick: Date, minGapMs: number): Promise<boolean> => {
    const lease = `job:${job.name}`;
    const claimed = await claimJobRun(db.prisma, lease, instanceId, tick, new Date(), leaseMs, minGapMs);
    if (!claimed) {
      logger.debug({ job: job.name, tick }, 'job tick taken by another instance');
      return false;
    }
    const started = Date.now();
    try {
      await job.run();
      logger.debug({ job: job.name, ms: Date.now() - started }, 'job done');
    } catch (error) {
      logger.error({ err: error, job: job.name }, 'job failed');
    } finally {
      await releaseLease(db.prisma, lease, instanceId, new Date()).catch((error: unknown) => logger.warn({ err: error, job: job.name }, 'could not release job lease'));
    }
    return true;
  };

  const track = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise);
    void promise.finally(() => running.delete(promise));
    return promise;
  };

  const automatic = options.automatic !== false;
  const tasks: ScheduledTask[] = (automatic ? jobs : []).map((job) =>
    cron.schedule(
      job.cron,
      async (context) => {
        // The scheduled instant, identical on every instance: the claim's identity.
        const tick = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
        await track(runClaimed(job, tick, 1_000)).catch((error: unknown) => logger.error({ err: error, job: job.name }, 'job claim failed'));
      },
      { timezone: options.timezone, noOverlap: true, name: job.name },
    ),
  );

  for (const job of jobs.filter((j) => automatic && j.runAtStart)) {
    void track(runClaimed(job, new Date(), START_GAP_MS)).catch((error: unknown) => logger.error({ err: error, job: job.name }, 'start-up run failed'));
  }

  return {
    runNow(name, tick = new Date()) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`unknown job ${name}`);
      return track(runClaimed(job, tick, 1));
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...running]);
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
