import { describe, expect, it, vi } from 'vitest';
import { OutboxSignal, enqueueMessages } from '../../src/notify/enqueue.js';
import { describeEachDatabase } from '../support/test-database.js';
import { insertAlert, payload, post, reply, update } from './notify-helpers.js';

describeEachDatabase('enqueueMessages', (ctx) => {
  it('inserts rows in the given order with their links, pending and due now', async () => {
    const alertId = await insertAlert(ctx.db);
    const inserted = await enqueueMessages(ctx.db.prisma, [
      post('alert:1:post', 'C1', { alertId }),
      update('alert:1:update', 'C1', 'alert:1:post', 'newer', { alertId }),
      reply('alert:1:note', 'C1', 'alert:1:post'),
    ]);

    expect(inserted).toBe(3);
    const rows = await ctx.db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.key, r.op, r.threadKey, r.alertId, r.status, r.attempts])).toEqual([
      ['alert:1:post', 'post', null, alertId, 'pending', 0],
      ['alert:1:update', 'update', 'alert:1:post', alertId, 'pending', 0],
      ['alert:1:note', 'reply', 'alert:1:post', null, 'pending', 0],
    ]);
    expect(rows[1]?.payload).toEqual(payload('newer'));
    expect(rows[0]?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('ignores a key that is already queued (enqueueing twice is harmless)', async () => {
    expect(await enqueueMessages(ctx.db.prisma, [post('k', 'C1')])).toBe(1);
    expect(await enqueueMessages(ctx.db.prisma, [{ ...post('k', 'C2'), payload: payload('other') }, post('k2', 'C1')])).toBe(1);

    const rows = await ctx.db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.key, r.channel])).toEqual([
      ['k', 'C1'],
      ['k2', 'C1'],
    ]);
    expect(rows[0]?.payload).toEqual(payload('message k'));
  });

  it('works inside a transaction and leaves nothing when it rolls back', async () => {
    await expect(
      ctx.db.prisma.$transaction(async (tx) => {
        await enqueueMessages(tx, [post('rolled-back', 'C1')]);
        throw new Error('change refused');
      }),
    ).rejects.toThrow('change refused');
    await ctx.db.prisma.$transaction((tx) => enqueueMessages(tx, [post('committed', 'C1')]));

    expect((await ctx.db.prisma.outboxMessage.findMany()).map((r) => r.key)).toEqual(['committed']);
  });

  it('refuses an update or reply without a threadKey', async () => {
    await expect(enqueueMessages(ctx.db.prisma, [{ key: 'u', channel: 'C1', op: 'update', payload: payload('x') }])).rejects.toThrow(/threadKey/);
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(0);
  });
});

describe('OutboxSignal', () => {
  it('wakes each subscriber until it unsubscribes', () => {
    const signal = new OutboxSignal();
    const listener = vi.fn();
    const unsubscribe = signal.subscribe(listener);

    signal.notify();
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    signal.notify();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
