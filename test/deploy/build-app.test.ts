// `npm start` runs the JavaScript compiled from src/ (scripts/build-app.mjs): it must never run a
// copy older than the sources. Here on a small source tree of its own, compiled for real.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../scripts/build-app.mjs';

describe('the compiled copy npm start runs', () => {
  const work = mkdtempSync(join(tmpdir(), 'retaguarda-build-app-'));
  const src = join(work, 'src');
  const build = join(work, 'build');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  let edits = 0;
  /** Writes a source file, dated later than anything before it (as an editor's save would be). */
  function write(file: string, text: string): void {
    const path = join(src, file);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    const at = new Date(Date.UTC(2030, 0, 1) + ++edits * 1000);
    utimesSync(path, at, at);
  }
  // A fresh URL each time: Node caches an ES module by its URL.
  const load = async (dir: string) => (await import(`${pathToFileURL(join(dir, 'main.js')).href}?v=${edits}`)) as { answer: () => string };

  it('is built when missing, reused while the sources stay the same, and rebuilt when they change', async () => {
    write('lib/greet.ts', `export const greet = (name: string): string => 'olá ' + name;\n`);
    write('main.ts', `import { greet } from './lib/greet.js';\nexport const answer = (): string => greet('ana');\n`);
    const firstDate = statSync(join(src, 'lib', 'greet.ts')).mtime;
    const first = await ensureBuilt(src, build);
    expect(first.built).toBe(true);
    expect((await load(first.dir)).answer()).toBe('olá ana');
    expect(await ensureBuilt(src, build)).toEqual({ dir: first.dir, built: false });

    // An edited file: a new copy, with the new code.
    write('lib/greet.ts', `export const greet = (name: string): string => 'oi ' + name;\n`);
    const edited = await ensureBuilt(src, build);
    expect(edited.built).toBe(true);
    expect(edited.dir).not.toBe(first.dir);
    expect((await load(edited.dir)).answer()).toBe('oi ana');

    // A file put back as it was, with its older date (a restored backup): the first copy again.
    write('lib/greet.ts', `export const greet = (name: string): string => 'olá ' + name;\n`);
    utimesSync(join(src, 'lib', 'greet.ts'), firstDate, firstDate);
    expect(await ensureBuilt(src, build)).toEqual({ dir: first.dir, built: false });
    expect((await load(first.dir)).answer()).toBe('olá ana');

    // A file renamed keeps its date; the list of files still tells the copy is stale.
    renameSync(join(src, 'lib', 'greet.ts'), join(src, 'lib', 'hello.ts'));
    const renamed = await ensureBuilt(src, build);
    expect(renamed.built).toBe(true);
    // main.ts still imports greet.js, which is gone from the sources: it must be gone from the copy too.
    await expect(load(renamed.dir)).rejects.toThrow(/greet\.js/);
  });

  it('keeps the two copies before the current one (a bot started from one may still run) and no more', async () => {
    // What a build killed half-way left aside: gone once it is old; a recent one may be in progress.
    const killed = join(build, '0123456789abcdef.4242.tmp');
    const building = join(build, 'fedcba9876543210.4343.tmp');
    mkdirSync(killed);
    mkdirSync(building);
    const longAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(killed, longAgo, longAgo);
    for (let i = 0; i < 4; i++) {
      write('main.ts', `export const answer = (): string => 'v${i}';\n`);
      await ensureBuilt(src, build);
    }
    expect(readdirSync(build).filter((name) => /^[0-9a-f]{16}$/.test(name))).toHaveLength(3);
    expect(readdirSync(build).filter((name) => name.endsWith('.tmp'))).toEqual(['fedcba9876543210.4343.tmp']);
  });

  it('refuses sources that do not compile, and leaves no copy behind that looks built', async () => {
    write('main.ts', `export const answer = (): string => {;\n`);
    const before = readdirSync(build).sort();
    await expect(ensureBuilt(src, build)).rejects.toThrow();
    expect(readdirSync(build).sort()).toEqual(before);
  });
});
