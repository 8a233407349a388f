// Local mode shows what Slack would: every emoji code the Block Kit builders use prints as emoji.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { mrkdwnToText } from '../../src/blocks/render-text.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

it('renders every emoji code used in messages as an emoji in the terminal', () => {
  const codes = new Set<string>();
  for (const file of [...sourceFiles('src/blocks'), ...sourceFiles('src/slack'), ...sourceFiles('src/i18n')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/:([a-z][a-z0-9_]+):/g)) codes.add(match[1]!);
  }
  expect(codes.size).toBeGreaterThan(5);
  const unrendered = [...codes].filter((code) => mrkdwnToText(`:${code}:`) === `:${code}:`);
  expect(unrendered).toEqual([]);
});

it('turns mentions, channels, links and entities into readable text', () => {
  expect(mrkdwnToText('<@U0CLERK01> in <#C0STOCK01|estoque>: <https://x.example|link> &lt;ok&gt; &amp;')).toBe('@U0CLERK01 in #estoque: link (https://x.example) <ok> &');
});
