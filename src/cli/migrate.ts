// `npm run db:migrate`: applies pending migrations to the configured database and exits. The bot
// does the same at start; this is for deployments that migrate as a separate step.
// Exit codes: EXIT in run-cli.ts (0 ok, 2 busy / config, 3 a migration failed or was refused).
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open-database.js';
import { createLogger } from '../lib/logger.js';
import { EXIT, runCli } from './run-cli.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, pretty: true });
  const db = await openConfiguredDatabase(config, 'migrate');
  try {
    const applied = await migrate(db, logger);
    if (applied.length === 0) {
      process.stdout.write('database is up to date\n');
    } else {
      process.stdout.write(`applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:\n${applied.map((name) => `  ${name}\n`).join('')}`);
    }
    return EXIT.ok;
  } finally {
    await db.close();
  }
}

runCli('db:migrate', main);
