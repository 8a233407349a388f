import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';

function sink(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const lines = () => stripVTControlCharacters(chunks.join('')).split('\n').filter((line) => line !== '');
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per record by default (Slack modes)', () => {
    const out = sink();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info({ channel: 'C1', botToken: 'xoxb-1-2-abc' }, 'posted');
    const [line, ...rest] = out.lines();
    expect(rest).toEqual([]);
    expect(JSON.parse(line ?? '')).toMatchObject({ level: 30, msg: 'posted', channel: 'C1', botToken: '***' });
  });

  it('writes one readable line per record in local mode: time, level, message, error message, fields', () => {
    const out = sink();
    const logger = createLogger({ level: 'info', pretty: true, destination: out.stream });
    logger.info('watch cycle done');
    logger.warn({ err: new Error('connection refused'), channel: 'C1', token: 'xoxb-1-2-abc' }, 'post failed');
    logger.debug('below the level');
    expect(out.lines()).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: watch cycle done$/),
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] WARN: post failed — connection refused \{"channel":"C1","token":"\*\*\*"\}$/),
    ]);
  });

  it('shows local-mode times in the given zone (BOT_TIMEZONE), not the system one', () => {
    const at = Date.parse('2026-12-01T12:34:56Z');
    const line = (timezone: string) => {
      const out = sink();
      createLogger({ level: 'info', pretty: true, destination: out.stream, timezone }).info('tick');
      return out.lines()[0] ?? '';
    };
    const realNow = Date.now;
    Date.now = () => at;
    try {
      expect(line('America/Sao_Paulo')).toMatch(/^\[09:34:56\] INFO: tick/);
      expect(line('Asia/Tokyo')).toMatch(/^\[21:34:56\] INFO: tick/);
    } finally {
      Date.now = realNow;
    }
  });
});
