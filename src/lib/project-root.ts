// The project's folder (where package.json is), found from this module's own place: the same
// whether it runs from src/ (tsx, tests) or from the compiled copy `npm start` runs, which lives
// deeper, in node_modules/.cache (scripts/build-app.mjs).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(dirname(fileURLToPath(import.meta.url)));
