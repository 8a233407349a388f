// `npm run db:migrate`: the entry point; the command is run-migrate.ts.
import { runCli } from './run-cli.js';
import { runMigrate } from './run-migrate.js';

runCli('db:migrate', runMigrate);
