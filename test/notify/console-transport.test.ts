import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/index.js';
import { createConsoleTransport, displayChannel } from '../../src/notify/console-transport.js';
import { payload } from './notify-helpers.js';

function capture() {
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { output, text: () => text };
}

const alertBlocks = payload('Low stock: SKU-1', [
  { type: 'header', text: { type: 'plain_text', text: 'Estoque baixo' } },
  { type: 'section', text: { type: 'mrkdwn', text: ':package: *SKU-1* has 2 left (minimum 10)' } },
  { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Repor' }, action_id: 'restock' }] },
]).blocks;

const en = createI18n('en', 'America/Sao_Paulo');
const pt = createI18n('pt-BR', 'America/Sao_Paulo');

describe('console transport', () => {
  it('prints a new message, an update and a reply as readable text', async () => {
    const out = capture();
    const t = createConsoleTransport({ output: out.output, i18n: en });

    const ts = await t.post({ channel: 'local-stock', key: 'alert:1', payload: { text: 'Low stock: SKU-1', blocks: alertBlocks } });
    await t.update('local-stock', ts, { text: 'resolved', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *Resolved* by <@U123|ana>' } }] });
    const replyTs = await t.post({ channel: 'local-stock', key: 'alert:1:note', threadTs: ts, payload: { text: 'Stock went down to 1', blocks: [] } });

    const text = out.text();
    expect(text).toContain('── #stock · new message ──\nEstoque baixo\n');
    expect(text).toContain('📦 SKU-1 has 2 left (minimum 10)');
    expect(text).toContain('[Repor]');
    expect(text).toContain(`── #stock · updated message ${ts} ──\n✅ Resolved by @ana\n`);
    expect(text).toContain('── #stock · reply in thread ──\nStock went down to 1\n');
    expect(text).not.toContain('*');
    expect(text.indexOf('new message')).toBeLessThan(text.indexOf('updated message'));
    expect(text.indexOf('updated message')).toBeLessThan(text.indexOf('reply in thread'));
    expect(replyTs).not.toBe(ts);
  });

  it('returns increasing Slack-shaped ts values, finds nothing, joins as a no-op', async () => {
    const t = createConsoleTransport({ output: capture().output, i18n: en, now: () => 1_700_000_000_000 });
    const a = await t.post({ channel: 'local-stock', key: 'a', payload: payload('a') });
    const b = await t.post({ channel: 'local-stock', key: 'b', payload: payload('b') });
    expect(a).toBe('1700000000.000000');
    expect(b).toBe('1700000000.000100');
    expect(await t.findPosted('local-stock', 'a', new Date(0))).toBeUndefined();
    await expect(t.join('local-stock')).resolves.toBeUndefined();
  });

  it('prints a DM (a message to a user ID) as "DM to @user", and its update the same way', async () => {
    const out = capture();
    const t = createConsoleTransport({ output: out.output, i18n: en });
    expect(t.openDm).toBeUndefined(); // the user ID is the address: nothing to open
    const ts = await t.post({ channel: 'U0ANA0001', key: 'alert:1:esc:0:1:U0ANA0001', payload: { text: 'Paged', blocks: alertBlocks } });
    await t.update('U0ANA0001', ts, payload('acknowledged'));
    expect(out.text()).toContain('── DM to @U0ANA0001 · new message ──\nEstoque baixo\n');
    expect(out.text()).toContain(`── DM to @U0ANA0001 · updated message ${ts} ──\nacknowledged\n`);
  });

  it('says a known person\'s name in DM headlines and mentions, and the user ID of anyone else', async () => {
    const out = capture();
    const names = (id: string) => (id === 'U0ANA0001' ? 'ana' : undefined);
    const t = createConsoleTransport({ output: out.output, i18n: en, names });
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: '<@U0ANA0001> takes over from <@U0OTHER01>' } }];
    await t.post({ channel: 'U0ANA0001', key: 'a', payload: { text: 'x', blocks } });
    expect(out.text()).toContain('── DM to @ana · new message ──\n@ana takes over from @U0OTHER01\n');
  });

  it('prints its headlines in the bot language', async () => {
    const out = capture();
    const t = createConsoleTransport({ output: out.output, i18n: pt });
    const ts = await t.post({ channel: 'local-stock', key: 'a', payload: payload('novo') });
    await t.post({ channel: 'local-stock', key: 'b', threadTs: ts, payload: payload('na conversa') });
    await t.update('U0ANA0001', ts, payload('reconhecido'));
    expect(out.text()).toContain('── #stock · nova mensagem ──\nnovo\n');
    expect(out.text()).toContain('── #stock · resposta na conversa ──\nna conversa\n');
    expect(out.text()).toContain(`── mensagem direta para @U0ANA0001 · mensagem ${ts} atualizada ──\nreconhecido\n`);
    expect(out.text()).not.toMatch(/new message|reply in thread|updated message|DM to/);
  });

  it('names channels the way people read them', () => {
    expect(displayChannel('local-finance')).toBe('#finance');
    expect(displayChannel('C0123ABCD')).toBe('#C0123ABCD');
    expect(displayChannel('U0123ABCD')).toBe('@U0123ABCD');
  });
});
