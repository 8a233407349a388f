// Turns: a sequence run `alone` on a shared connection has nothing sent in between (src/lib/turns.ts).
import { describe, expect, it } from 'vitest';
import { Turns } from '../../src/lib/turns.js';

/** A step that records when it is sent and ends only when told. */
function step(log: string[], name: string) {
  let end!: (fail?: boolean) => void;
  const ended = new Promise<void>((resolve, reject) => (end = (fail) => (fail ? reject(new Error(name)) : resolve())));
  return {
    end,
    send: () => {
      log.push(name);
      return ended;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Turns', () => {
  it('sends shared statements at once, side by side', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const a = step(log, 'a');
    const b = step(log, 'b');
    const sent = [turns.shared(a.send), turns.shared(b.send)];
    expect(log).toEqual(['a', 'b']);
    a.end();
    b.end();
    await Promise.all(sent);
  });

  it('holds back what is sent while a sequence runs alone, and sends it once the sequence ends', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const before = step(log, 'before');
    const savepoint = step(log, 'savepoint');
    const copy = step(log, 'copy');
    const after = step(log, 'after');
    const sentBefore = turns.shared(before.send);
    const sequence = turns.alone(async () => {
      await savepoint.send();
      await copy.send();
    });
    const sentAfter = turns.shared(after.send);
    await settle();
    // The sequence waits for nothing sent before it: the connection runs statements in order.
    expect(log).toEqual(['before', 'savepoint']);
    savepoint.end();
    await settle();
    expect(log).toEqual(['before', 'savepoint', 'copy']);
    copy.end();
    await sequence;
    await settle();
    expect(log).toEqual(['before', 'savepoint', 'copy', 'after']);
    before.end();
    after.end();
    await Promise.all([sentBefore, sentAfter]);
  });

  it('runs sequences one after another, and a failed one still lets the rest go', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const first = step(log, 'first');
    const second = step(log, 'second');
    const later = step(log, 'later');
    const failing = turns.alone(first.send);
    const next = turns.alone(second.send);
    const sentLater = turns.shared(later.send);
    await settle();
    expect(log).toEqual(['first']);
    first.end(true);
    await expect(failing).rejects.toThrow('first');
    await settle();
    expect(log).toEqual(['first', 'second']);
    second.end();
    await next;
    await settle();
    // Queued behind both sequences, not slipped in between them.
    expect(log).toEqual(['first', 'second', 'later']);
    later.end();
    await sentLater;
  });
});
