// `npm start`. Configuration errors are one readable line and exit code 2, never a stack trace.
import { startBot } from './app/start-bot.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { AppError } from './errors.js';
import { createLogger, maskSecrets } from './logger.js';

function fail(message: string, code: number): never {
  process.stderr.write(`${maskSecrets(message)}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`, 2);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.mode === 'local' });

  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot({ config, logger });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'busy' || error.code === 'conflict')) fail(error.message, 2);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`PORT ${config.port} is already in use; set PORT to a free port.`, 2);
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A stuck shutdown must not keep the process (and the DATA_DIR lock) forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
