// `npm run db:migrate` (entry point: migrate.ts): applies pending migrations to the configured
// database and exits. The bot does the same at start; this is for deployments that migrate as a
// separate step.
// Exit codes: EXIT in run-cli.ts (0 ok, 2 busy / config, 3 a migration failed or was refused).
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open-database.js';
import { createI18n } from '../i18n/index.js';
import { createLogger } from '../lib/logger.js';
import { EXIT, type CliIo } from './run-cli.js';

export async function runMigrate(io: CliIo): Promise<number> {
  const config = io.config();
  const i18n = createI18n(config.locale, config.timezone);
  const logger = createLogger({ level: config.logLevel, pretty: true, timezone: config.timezone });
  const db = await openConfiguredDatabase(config, 'migrate');
  try {
    const applied = await migrate(db, logger);
    if (applied.length === 0) {
      io.stdout(`${i18n.t('cli.migrate.upToDate')}\n`);
    } else {
      io.stdout(`${i18n.plural('cli.migrate.applied', applied.length)}\n${applied.map((name) => `  ${name}\n`).join('')}`);
    }
    return EXIT.ok;
  } finally {
    await db.close();
  }
}
