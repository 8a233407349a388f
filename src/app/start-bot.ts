// Assembles the running bot from its configuration: database (migrated), HTTP server, Slack or the
// local console. Tests start it the same way, with a fake clock and a fake Slack server.
import type { Server } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open-database.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { EMPTY_DIRECTORY, type Directory } from '../domain/permissions/authorize.js';
import { dateInZone } from '../domain/time/calendar.js';
import { closeServer, createHttpServer, listen } from '../http/server.js';
import { createI18n } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { startLocalConsole, type LocalConsole } from '../local/console.js';
import { isDatabaseEmpty, loadDemoData } from '../local/demo-data.js';
import { createSlackApp, type SlackApp } from '../slack/create-slack-app.js';
import { createSlackDirectory } from '../slack/slack-directory.js';
import type { Deps } from './deps.js';

export interface BotOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** tests pass a database; otherwise the configured one is opened (and closed on stop) */
  db?: Database;
  /** local mode's terminal */
  input?: Readable;
  output?: Writable;
}

export interface RunningBot {
  deps: Deps;
  port: number;
  console?: LocalConsole;
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  for (const warning of config.warnings) logger.warn(warning);

  const db = options.db ?? (await openConfiguredDatabase(config, 'bot'));
  const ownsDb = !options.db;
  const cleanup: (() => Promise<void>)[] = ownsDb ? [() => db.close()] : [];
  const stop = async () => {
    for (const step of cleanup.reverse()) {
      try {
        await step();
      } catch (error) {
        logger.warn({ err: error }, 'error during shutdown');
      }
    }
  };

  try {
    await migrate(db, logger);
    const i18n = createI18n(config.locale, config.timezone);
    let directory: Directory = EMPTY_DIRECTORY;
    let slack: SlackApp | undefined;
    const deps: Deps = { config, db, clock, logger, i18n, get directory() { return directory; } };

    if (config.mode !== 'local') {
      slack = await createSlackApp(deps);
      directory = createSlackDirectory(slack.app.client, clock);
    } else if (db.kind === 'pglite' && (await isDatabaseEmpty(db))) {
      const now = clock.now();
      const counts = await loadDemoData(db, { now, today: dateInZone(now, config.timezone), requiredDocuments: config.requiredDocuments });
      logger.info(counts, i18n.t('local.demoLoaded', { ...counts }));
    }

    const server: Server = createHttpServer({ deps, slackEvents: slack?.requestListener });
    const port = await listen(server, config.port);
    cleanup.push(() => closeServer(server));
    logger.info({ port, mode: config.mode, database: db.kind }, 'listening');

    if (slack) {
      await slack.start();
      cleanup.push(() => slack.stop());
    }

    let localConsole: LocalConsole | undefined;
    if (config.mode === 'local') {
      localConsole = startLocalConsole(deps, options.input ?? process.stdin, options.output ?? process.stdout);
      cleanup.push(async () => localConsole?.close());
      (options.output ?? process.stdout).write(`${i18n.t('local.ready')}\n\n`);
    }
    return { deps, port, console: localConsole, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
