// `npm start` as a newcomer runs it: no Slack variables, embedded database, commands on stdin.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startupFailureLine } from '../../src/app/startup-failure.js';
import { parseConfig } from '../../src/config.js';
import { maskSecrets } from '../../src/lib/logger.js';
import { REPO_ROOT, freePort, spawnScript } from '../support/child-process.js';

describe('npm start in local mode', () => {
  const work = mkdtempSync(join(tmpdir(), 'retaguarda-local-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('creates the embedded database, loads demo data, answers commands, survives end of stdin, stops cleanly', async () => {
    const port = await freePort();
    const dataDir = join(work, 'data');
    // What `npm start` runs: the sources compiled to JavaScript (scripts/start.mjs).
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(scripts.start).toBe('node scripts/start.mjs');
    // BOT_LOCALE blank: the product's default language, Brazilian Portuguese.
    const bot = spawnScript('scripts/start.mjs', [], { PORT: String(port), DATA_DIR: dataDir, BOT_LOCALE: '' }, work, { runner: 'plain' });
    try {
      await bot.waitFor(/modo local/, 60_000);
      expect(bot.stderr()).toMatch(/carreguei dados de demonstração \(8 produtos, 5 pedidos, 3 admissões\)/);
      expect(existsSync(join(dataDir, 'retaguarda.lock'))).toBe(true);
      // The first watch cycle runs right after start: demo alerts are printed as channel messages.
      await bot.waitFor(/── #stock · nova mensagem ──\n🔴 Estoque zerado: ACUCAR-1KG/);
      await bot.waitFor(/── #finance · nova mensagem ──[\s\S]*R\$\u00a015\.420,90/);
      await bot.waitFor(/── #hr · nova mensagem ──[\s\S]*ASO \(exame admissional\)/);

      bot.child.stdin.write('help\n/stock listar baixo\n');
      bot.child.stdin.end();
      await bot.waitFor(/Produtos no mínimo ou abaixo[\s\S]*ACUCAR-1KG/);
      expect(bot.stdout()).toMatch(/`\/stock` — produtos e estoque/);

      // End of stdin does not stop it: it still serves /healthz.
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', mode: 'local' });

      // A second process on the same DATA_DIR is refused, pointing at the ingest API.
      const second = spawnScript('src/main.ts', [], { PORT: String(await freePort()), DATA_DIR: dataDir }, work);
      expect(await second.exited).toBe(2);
      expect(second.stderr()).toMatch(/in use by the running bot \(pid \d+\).*\/api\/v1\//);

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.stderr()).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(join(dataDir, 'retaguarda.lock'))).toBe(false);
    } finally {
      bot.child.kill('SIGKILL');
    }
  });
});

// What main.ts prints for a bad environment (then exit code 2), in process: one spawned test above is
// the entry point's own test.
describe('npm start with a bad environment', () => {
  function failureLine(env: Record<string, string>): string {
    try {
      parseConfig(env);
    } catch (error) {
      const line = startupFailureLine(error, 0);
      if (line) return maskSecrets(line);
      throw error;
    }
    throw new Error('the configuration was accepted');
  }

  it('stops on a bad variable with one line naming it', () => {
    const line = failureLine({ PORT: 'abc', DATA_DIR: '/nonexistent/unused' });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^Configuration error: PORT must be a port number/);
  });

  it('refuses a bot token without app token or signing secret, naming both, without echoing the token', () => {
    const line = failureLine({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', DATA_DIR: '/nonexistent/unused' });
    expect(line).toMatch(/^Configuration error: .*SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/);
    expect(line).not.toContain('xoxb-1-2-abc');
  });
});
