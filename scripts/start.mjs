// `npm start`: the bot, from the JavaScript that scripts/build-app.mjs compiles from src/ (built
// first when src/ changed since). Should compiling fail — esbuild missing, a read-only install —
// the bot still starts, from the TypeScript sources through tsx, only slower.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SRC_DIR, ensureBuilt } from './build-app.mjs';

let main;
try {
  main = join((await ensureBuilt()).dir, 'main.js');
} catch (error) {
  process.stderr.write(`running from the TypeScript sources (could not compile them: ${error instanceof Error ? error.message : String(error)})\n`);
  (await import('tsx/esm/api')).register();
  main = join(APP_SRC_DIR, 'main.ts');
}
// Stack traces in logs point at the TypeScript line, not the compiled one.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(main).href);
