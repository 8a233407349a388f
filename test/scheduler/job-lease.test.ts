// Job leases are short and kept alive by a heartbeat: a crashed instance's claim lapses within
// JOB_LEASE_MS (so another instance resumes watching within one WATCH_CRON period + 60 s), while a
// live instance's long run is never taken over. Real time never passes here: each instance gets
// its own injected clock and its heartbeat is beaten by hand.
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { claimJobRun } from '../../src/db/leases.js';
import { createLogger } from '../../src/lib/logger.js';
import { JOB_HEARTBEAT_MS, JOB_LEASE_MS, jobLeaseName, startScheduler, type Every, type Scheduler } from '../../src/scheduler/scheduler.js';
import { describeEachDatabase, type DatabaseContext } from '../support/test-database.js';

const T0 = Date.parse('2026-11-23T12:00:00Z');

interface Instance {
  scheduler: Scheduler;
  /** this instance's real-time clock (epoch ms) */
  time: { now: number };
  /** runs the heartbeat once, as its timer would */
  beat(): void;
  runs: number;
  logs: Record<string, unknown>[];
}

function startInstance(ctx: DatabaseContext, instanceId: string, run: () => Promise<void> = async () => {}): Instance {
  const time = { now: T0 };
  const beats = new Set<() => void>();
  const every: Every = (_ms, beat) => {
    beats.add(beat);
    return () => beats.delete(beat);
  };
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const instance: Instance = {
    time,
    runs: 0,
    logs,
    beat: () => beats.forEach((beat) => beat()),
    scheduler: startScheduler({
      db: ctx.db,
      logger: createLogger({ level: 'debug', destination: sink }),
      timezone: 'America/Sao_Paulo',
      instanceId,
      automatic: false,
      now: () => time.now,
      every,
      jobs: [
        {
          name: 'watch',
          cron: '*/5 * * * *',
          run: async () => {
            instance.runs += 1;
            await run();
          },
        },
      ],
    }),
  };
  return instance;
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Instance A runs the job from T0 until `release()`, instance B waits; resolves once A's run has
 * started. `running` is A's runNow.
 */
async function oneRunHeld(ctx: DatabaseContext): Promise<{ a: Instance; b: Instance; running: Promise<boolean>; release(): void }> {
  const gate = deferred();
  const started = deferred();
  const a = startInstance(ctx, 'instance-a', async () => {
    started.resolve();
    await gate.promise;
  });
  const b = startInstance(ctx, 'instance-b');
  const running = a.scheduler.runNow('watch', new Date(T0));
  await started.promise;
  return { a, b, running, release: gate.resolve };
}

async function leaseExpiry(ctx: DatabaseContext): Promise<number | undefined> {
  const row = await ctx.db.prisma.jobLease.findUnique({ where: { name: jobLeaseName('watch') } });
  return row?.expiresAt.getTime();
}

it('job leases are short and renewed well within their lifetime', () => {
  expect(JOB_LEASE_MS).toBeLessThanOrEqual(60_000);
  expect(JOB_HEARTBEAT_MS * 2).toBeLessThanOrEqual(JOB_LEASE_MS);
});

describeEachDatabase('job leases', (ctx) => {
  it('a dead instance’s claim lapses after JOB_LEASE_MS and another instance takes the job over', async () => {
    // Instance A claimed a tick and died mid-run (SIGKILL): no heartbeat, no release.
    expect(await claimJobRun(ctx.db.prisma, jobLeaseName('watch'), 'dead-instance', new Date(T0), new Date(T0), JOB_LEASE_MS)).toBe(true);

    const b = startInstance(ctx, 'instance-b');
    b.time.now = T0 + 10_000;
    expect(await b.scheduler.runNow('watch', new Date(b.time.now))).toBe(false);
    b.time.now = T0 + JOB_LEASE_MS - 1;
    expect(await b.scheduler.runNow('watch', new Date(b.time.now))).toBe(false);
    b.time.now = T0 + JOB_LEASE_MS + 1;
    expect(await b.scheduler.runNow('watch', new Date(b.time.now))).toBe(true);
    expect(b.runs).toBe(1);
    await b.scheduler.stop();
  });

  it('a live instance’s long run keeps its lease through heartbeats and is not taken over', async () => {
    const { a, b, running, release } = await oneRunHeld(ctx);
    // Each beat moves the lease to A's now + JOB_LEASE_MS.
    for (let at = T0 + JOB_HEARTBEAT_MS; at <= T0 + 4 * JOB_LEASE_MS; at += JOB_HEARTBEAT_MS) {
      a.time.now = at;
      // A beat is skipped while the previous renewal is still settling (as the real timer's
      // would be), so beat until this one lands; every beat at one instant sets the same expiry.
      await expect
        .poll(
          () => {
            a.beat();
            return leaseExpiry(ctx);
          },
          { interval: 5 }, // a renewal lands in a few ms: the default 50 ms per beat adds up to a second
        )
        .toBe(at + JOB_LEASE_MS);
    }
    // Long after the first lease would have lapsed, a later tick on B still finds the job running.
    b.time.now = T0 + 4 * JOB_LEASE_MS + 1;
    expect(await b.scheduler.runNow('watch', new Date(b.time.now))).toBe(false);

    release();
    expect(await running).toBe(true);
    // Released at the end of the run: B's next tick runs at once, whatever A's lease said.
    expect(await leaseExpiry(ctx)).toBe(a.time.now);
    b.time.now += 1_000;
    expect(await b.scheduler.runNow('watch', new Date(b.time.now))).toBe(true);
    expect([a.runs, b.runs]).toEqual([1, 1]);
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]);
  });

  it('a renewal that finds the lease taken is logged, and the lease stays with the taker', async () => {
    const { a, b, running, release } = await oneRunHeld(ctx);

    // A stalls past its lease (no beat), B takes the next tick over.
    b.time.now = T0 + JOB_LEASE_MS + 1;
    expect(await b.scheduler.runNow('watch', new Date(b.time.now))).toBe(true);

    a.time.now = T0 + JOB_LEASE_MS + 2;
    a.beat();
    await expect.poll(() => a.logs.filter((l) => l.level === 40 && String(l.msg).startsWith('job lease was taken by another instance')).length).toBe(1);
    release();
    expect(await running).toBe(true);
    const row = await ctx.db.prisma.jobLease.findUniqueOrThrow({ where: { name: jobLeaseName('watch') } });
    expect(row.holder).toBe('instance-b');
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]);
  });

  it('one tick runs once across instances, also when a late instance claims it again', async () => {
    const a = startInstance(ctx, 'instance-a');
    const b = startInstance(ctx, 'instance-b');
    const tick = new Date(T0);
    const results = await Promise.all([a.scheduler.runNow('watch', tick), b.scheduler.runNow('watch', tick)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(a.runs + b.runs).toBe(1);
    // The same tick again (a late instance) does not run it a second time.
    b.time.now = T0 + 5_000;
    expect(await b.scheduler.runNow('watch', tick)).toBe(false);
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]);
  });
});
