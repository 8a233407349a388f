// `npm run faults [-- name …]`: runs every fault script (or the named ones) one after another, each
// in its own process printing its own table; exits 1 when any of them failed.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown fault script(s): ${unknown.join(', ')}; available: ${all.join(', ')}\n`);
  process.exit(2);
}

const results: [string, number | null][] = [];
for (const name of wanted.length > 0 ? wanted : all) {
  process.stderr.write(`\n▶ ${name}\n`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`)], { stdio: 'inherit' });
    child.once('close', (exitCode) => resolve(exitCode));
  });
  results.push([name, code]);
}
process.stdout.write(`\n${results.map(([name, code]) => `${code === 0 ? 'PASS' : 'FAIL'}  ${name}`).join('\n')}\n`);
process.exit(results.every(([, code]) => code === 0) ? 0 : 1);
