// `npm run import`: the entry point; the command is run-import.ts.
import '../lib/heap-growth.js';
import { runCli } from './run-cli.js';
import { runImport } from './run-import.js';

runCli('import', (io) => runImport(process.argv.slice(2), io));
