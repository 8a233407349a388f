// Scheduled jobs (node-cron in BOT_TIMEZONE, no overlap within a process). Each tick is claimed in
// the database first, so several instances on one PostgreSQL run it exactly once between them.
//
// The claim is a short lease (leaseMs) that a heartbeat renews while the job runs: an instance that
// dies mid-run (SIGKILL, a lost machine) stops renewing, and another one may run the job again
// within leaseMs, not after a worst-case run time.
//
// Nothing here may end the process: a failed claim, run, renewal or release (the database away,
// say) is logged and the next tick tries again.
import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../db/database.js';
import { claimJobRun, releaseLease, renewLease } from '../db/leases.js';
import { logFailure } from '../lib/database-unavailable.js';
import type { Logger } from '../lib/logger.js';

export interface Job {
  name: string;
  cron: string;
  run(): Promise<unknown>;
  /** also run once right after start (unless another instance just did) */
  runAtStart?: boolean;
}

/** Calls `beat` every `ms` until the returned function is called. */
export type Every = (ms: number, beat: () => void) => () => void;

export interface SchedulerOptions {
  db: Database;
  logger: Logger;
  timezone: string;
  instanceId: string;
  jobs: Job[];
  /** lifetime of a claimed run's lease; a dead instance's run can be taken over after this long */
  leaseMs?: number;
  /** how often a running job renews its lease (well under leaseMs) */
  heartbeatMs?: number;
  /** real time in epoch ms (Date.now): leases are between instances, not about the business clock */
  now?: () => number;
  /** the heartbeat's timer (tests beat by hand) */
  every?: Every;
  /** false: no cron ticks and no start-up runs, only runNow (tests) */
  automatic?: boolean;
}

export interface Scheduler {
  /** runs one job now, through the same claim (for start-up and tests); true if it ran here */
  runNow(name: string, tick?: Date): Promise<boolean>;
  stop(): Promise<void>;
}

export const JOB_LEASE_MS = 30_000;
export const JOB_HEARTBEAT_MS = 10_000;
const START_GAP_MS = 60_000;

/** Real timers, unref'd: a heartbeat never keeps the process alive by itself. */
export const realEvery: Every = (ms, beat) => {
  const timer = setInterval(beat, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export function jobLeaseName(job: string): string {
  return `job:${job}`;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, logger, instanceId, jobs } = options;
  const leaseMs = options.leaseMs ?? JOB_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? JOB_HEARTBEAT_MS;
  const now = options.now ?? Date.now;
  const every = options.every ?? realEvery;
  const running = new Set<Promise<unknown>>();

  /** Renews the lease every heartbeatMs until the returned function is called (and resolves). */
  const startHeartbeat = (job: string, lease: string): (() => Promise<void>) => {
    let renewing: Promise<void> | undefined;
    let lost = false;
    const cancel = every(heartbeatMs, () => {
      if (renewing) return; // the last renewal still waits for the database
      renewing = renewLease(db.prisma, lease, instanceId, new Date(now() + leaseMs))
        .then(
          (kept) => {
            if (!kept && !lost) logger.warn({ job, lease }, 'job lease was taken by another instance while this run went on (renewals failed for longer than the lease)');
            lost = !kept;
          },
          (error: unknown) => logFailure(logger, 'error', error, { job }, 'could not renew job lease'),
        )
        .finally(() => {
          renewing = undefined;
        });
    });
    return async () => {
      cancel();
      // A renewal landing after the release would hold the lease again for leaseMs.
      await renewing;
    };
  };

  const runClaimed = async (job: Job, tick: Date, minGapMs: number): Promise<boolean> => {
    const lease = jobLeaseName(job.name);
    const claimed = await claimJobRun(db.prisma, lease, instanceId, tick, new Date(now()), leaseMs, minGapMs);
    if (!claimed) {
      logger.debug({ job: job.name, tick }, 'job tick taken by another instance');
      return false;
    }
    const stopHeartbeat = startHeartbeat(job.name, lease);
    const started = Date.now();
    try {
      await job.run();
      logger.debug({ job: job.name, ms: Date.now() - started }, 'job done');
    } catch (error) {
      logFailure(logger, 'error', error, { job: job.name }, 'job failed');
    } finally {
      await stopHeartbeat();
      await releaseLease(db.prisma, lease, instanceId, new Date(now())).catch((error: unknown) => logFailure(logger, 'error', error, { job: job.name }, 'could not release job lease'));
    }
    return true;
  };

  /** Remembers the run for stop(). `promise` is returned as is: its caller handles its rejection. */
  const track = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise);
    // Both outcomes handled: a bare promise.finally() here would be a second, unhandled rejection
    // (which ends a Node process) whenever the run fails.
    const forget = () => running.delete(promise);
    void promise.then(forget, forget);
    return promise;
  };

  const automatic = options.automatic !== false;
  const tasks: ScheduledTask[] = (automatic ? jobs : []).map((job) =>
    cron.schedule(
      job.cron,
      async (context) => {
        // The scheduled instant, identical on every instance: the claim's identity.
        const tick = new Date(Math.floor(context.date.getTime() / 1000) * 1000);
        await track(runClaimed(job, tick, 1_000)).catch((error: unknown) => logFailure(logger, 'error', error, { job: job.name }, 'job claim failed'));
      },
      { timezone: options.timezone, noOverlap: true, name: job.name },
    ),
  );

  for (const job of jobs.filter((j) => automatic && j.runAtStart)) {
    void track(runClaimed(job, new Date(now()), START_GAP_MS)).catch((error: unknown) => logFailure(logger, 'error', error, { job: job.name }, 'start-up run failed'));
  }

  return {
    runNow(name, tick = new Date(now())) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`unknown job ${name}`));
      return track(runClaimed(job, tick, 1));
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...running]);
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
