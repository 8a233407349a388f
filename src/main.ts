// `npm start`. Configuration errors are one readable line and exit code 2, never a stack trace.
import './lib/wasm-baseline-compiler.js';
import './lib/heap-growth.js';
import { startBot } from './app/start-bot.js';
import { startupFailureLine } from './app/startup-failure.js';
import { loadConfig, type Config } from './config.js';
import { createLogger, maskSecrets } from './lib/logger.js';

function fail(message: string, code: number): never {
  process.stderr.write(`${maskSecrets(message)}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    // The port is not known yet; a bad environment is the one expected failure here.
    const line = startupFailureLine(error, 0);
    if (line) fail(line, 2);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.mode === 'local', timezone: config.timezone });
  // Last resort; every known path handles its own failures. A rejected promise nobody handled has
  // already unwound its work, so the bot logs it as the bug it is and keeps watching and serving:
  // ending the process would turn one missed error (a database outage, say) into a full outage.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection (a bug): kept running'));
  // A synchronous throw that reached the event loop may have left anything half-done (Node's advice:
  // do not resume). Exit 1 and let the supervisor restart the bot; short leases and the outbox make
  // a restart safe.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: exiting');
    process.exit(1);
  });

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot({ config, logger });
  } catch (error) {
    const line = startupFailureLine(error, config.port);
    if (line) fail(line, 2);
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck shutdown must not keep the process (and the DATA_DIR lock) forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    bot.stop().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Slack unreachable at start, then refusing the token once reached: the same line and exit code.
  bot.slackConnected?.catch((error: unknown) => {
    const line = startupFailureLine(error, config.port);
    if (line) process.stderr.write(`${maskSecrets(line)}\n`);
    else logger.fatal({ err: error }, 'could not connect to Slack');
    shutdown('slack', line ? 2 : 1);
  });
}

await main();
