// Assembles the running bot from its configuration: database (migrated), HTTP server, Slack or the
// local console. Tests start it the same way, with a fake clock and a fake Slack server.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open-database.js';
import { createRequestReceipts } from '../db/request-receipts.js';
import { escalateAlerts, escalationCron } from '../domain/alerts/escalate-alerts.js';
import { runWatchCycle } from '../domain/alerts/run-watch-cycle.js';
import type { Deps } from '../domain/deps.js';
import { EMPTY_DIRECTORY, type Directory } from '../domain/permissions/directory.js';
import { closeServer, createHttpServer, listen } from '../http/server.js';
import { createSlackEventsHandler, type SlackEventsHandler } from '../http/slack-events.js';
import { createI18n } from '../i18n/index.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { dateInZone } from '../lib/time/calendar.js';
import { startLocalConsole, type LocalConsole } from '../local/console.js';
import { isDatabaseEmpty, loadDemoData } from '../local/demo-data.js';
import { localName } from '../local/people.js';
import { watchOnChange, type ChangeWatchOptions } from './watch-on-change.js';
import { createConsoleTransport } from '../notify/console-transport.js';
import { OutboxSignal } from '../notify/enqueue.js';
import type { MessageTransport } from '../notify/message-transport.js';
import { createOutboxNotifier } from '../notify/outbox-notifier.js';
import { DIGEST_CATCH_UP_CRON, postScheduledDigest } from '../notify/post-digest.js';
import { HANDOFF_CRON, postHandoff } from '../notify/post-handoff.js';
import type { OutboxSenderOptions } from '../notify/outbox/context.js';
import { createOutboxSender } from '../notify/outbox/poller.js';
import { startScheduler } from '../scheduler/scheduler.js';
import type { SlackRetryOptions } from '../slack/connect-slack.js';
import type { SlackApp } from '../slack/create-slack-app.js';

export interface BotOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** tests pass a database; otherwise the configured one is opened (and closed on stop) */
  db?: Database;
  /** local mode's terminal */
  input?: Readable;
  output?: Writable;
  /** false: no cron jobs and no start-up cycle (tests run cycles with runWatchCycle) */
  schedule?: boolean;
  /** outbox sender tuning (tests shorten retries) */
  sender?: OutboxSenderOptions;
  /** identifies this instance in leases; unique per process by default */
  instanceId?: string;
  /** retrying Slack when it is unreachable at start (tests shorten the waits) */
  slackRetry?: SlackRetryOptions;
  /** the watch that follows an ingest API import (tests hold its settle wait) */
  changeWatch?: ChangeWatchOptions;
}

export interface RunningBot {
  deps: Deps;
  port: number;
  console?: LocalConsole;
  /** one watch cycle now, through the scheduler's claim; true if this instance ran it */
  runWatchCycle(): Promise<boolean>;
  /** the scheduled digest now, through the scheduler's claim, as at a DIGEST_CRON tick or a start; true if this instance ran it */
  runDigest(): Promise<boolean>;
  /** the catch-up run of the digest (every 10 minutes): posts today's digest if its own run failed */
  runDigestCatchUp(): Promise<boolean>;
  /** one escalation run now (paging about unacknowledged critical alerts), through the scheduler's claim; true if this instance ran it */
  runEscalation(): Promise<boolean>;
  /** the on-call hand-off announcement now, through the scheduler's claim; true if this instance ran it */
  runHandoff(): Promise<boolean>;
  /** sends whatever the outbox holds now (tests) */
  drainOutbox(): Promise<number>;
  /**
   * Socket and HTTP modes: true once connected to Slack (false when stopped before that); rejects
   * with a ConfigError when Slack, reachable at last, refuses a token.
   */
  slackConnected?: Promise<boolean>;
  stop(): Promise<void>;
}

/** HTTP mode: POST /slack/events, checked and deduplicated before Bolt's receiver sees it. */
function slackEvents(slack: SlackApp, deps: Deps): SlackEventsHandler | undefined {
  if (!slack.requestListener) return undefined;
  return createSlackEventsHandler({
    signingSecret: deps.config.slack.signingSecret!,
    listener: slack.requestListener,
    receipts: createRequestReceipts(deps.db),
    logger: deps.logger.child({ component: 'slack-events' }),
    ready: () => slack.status() === 'ok',
  });
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
    const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const signal = new OutboxSignal();
    const notifier = createOutboxNotifier({ i18n, remindAfterMs: config.remindAfterMs, signal });
    // The Slack client comes first: the deps' user-group directory asks it.
    const slackKit = config.mode === 'local' ? undefined : await import('./slack-modules.js');
    const slack: SlackApp | undefined = slackKit?.createSlackApp(config, logger);
    const directory: Directory = slackKit && slack ? slackKit.createSlackDirectory(slack.app.client, clock) : EMPTY_DIRECTORY;
    const deps: Deps = { config, db, clock, logger, i18n, notifier, directory };
    const output = options.output ?? process.stdout;

    let connectedAtStart = false;
    if (slackKit && slack) {
      // The App Home's memory (pages seen, refresh queue) belongs to this bot, not to the module.
      slackKit.registerListeners(slack.app, { ...deps, home: slackKit.createHomePublisher(deps) });
      // A refused token stops the start here; an unreachable Slack does not: it is retried below
      // while the rest of the bot runs.
      connectedAtStart = await slackKit.tryConnectSlack(slack, logger);
    } else if (db.kind === 'pglite' && (await isDatabaseEmpty(db))) {
      const now = clock.now();
      const counts = await loadDemoData(db, { now, today: dateInZone(now, config.timezone), requiredDocuments: config.requiredDocuments });
      logger.info(counts, i18n.t('local.demoLoaded', { ...counts }));
    }

    // Whatever the schedule: an import's alerts follow it at once, not at the next WATCH_CRON tick.
    const changeWatch = watchOnChange(deps, options.changeWatch);
    cleanup.push(() => changeWatch.idle()); // after the server closed: no import triggers another
    const server: Server = createHttpServer({ deps, onDataChanged: changeWatch.dataChanged, slack: slack && { status: slack.status, events: slackEvents(slack, deps) } });
    const port = await listen(server, config.port);
    cleanup.push(() => closeServer(server));
    logger.info({ port, mode: config.mode, database: db.kind }, 'listening');

    let slackConnected: Promise<boolean> | undefined;
    if (slackKit && slack) {
      const stopConnecting = new AbortController();
      cleanup.push(async () => {
        stopConnecting.abort();
        await slack.stop();
      });
      slackConnected = connectedAtStart ? Promise.resolve(true) : slackKit.keepConnectingSlack(slack, logger, stopConnecting.signal, options.slackRetry);
      // Not unhandled when nobody awaits it: main.ts reports a late refusal and exits.
      slackConnected.catch(() => {});
    }

    let localConsole: LocalConsole | undefined;
    if (config.mode === 'local') {
      localConsole = startLocalConsole(deps, options.input ?? process.stdin, output);
      cleanup.push(async () => localConsole?.close());
      output.write(`${i18n.t('local.ready')}\n\n`);
    }

    // Channel messages: to Slack, or printed on the terminal in local mode (no rate limit there).
    const transport: MessageTransport = slackKit
      ? slackKit.createSlackTransport({ token: config.slack.botToken!, apiUrl: config.slack.apiUrl, logger })
      : createConsoleTransport({ output, i18n, names: localName });
    const sender = createOutboxSender({
      db,
      transport,
      logger,
      instanceId,
      signal,
      options: { giveUpAfterMs: config.outboxGiveUpAfterMs, ...(config.mode === 'local' ? { paceMs: 0 } : {}), ...options.sender },
    });
    sender.start();
    cleanup.push(() => sender.stop());

    const scheduler = startScheduler({
      db,
      logger,
      timezone: config.timezone,
      instanceId,
      jobs: [
        { name: 'watch', cron: config.watchCron, run: () => runWatchCycle(deps), runAtStart: true },
        // At start too: a digest missed while the bot was down is posted when it comes back (that day only).
        { name: 'digest', cron: config.digestCron, run: () => postScheduledDigest(deps, signal), runAtStart: true },
        // And every 10 minutes: a digest whose time came while the database was away is posted once it is back, not tomorrow.
        { name: 'digest-catch-up', cron: DIGEST_CATCH_UP_CRON, run: () => postScheduledDigest(deps, signal, { quiet: true }) },
        // Each minute, and at start: a hand-off missed while down is announced if still that person's shift.
        { name: 'handoff', cron: HANDOFF_CRON, run: () => postHandoff(deps, signal), runAtStart: true },
        // Often enough for a short ESCALATE_AFTER; each step is recorded, so a restart resumes the ladder.
        { name: 'escalate', cron: escalationCron(config.escalateAfterMs), run: () => escalateAlerts(deps), runAtStart: true },
      ],
      automatic: options.schedule !== false,
    });
    cleanup.push(() => scheduler.stop());

    return {
      deps,
      port,
      console: localConsole,
      runWatchCycle: () => scheduler.runNow('watch'),
      runDigest: () => scheduler.runNow('digest'),
      runDigestCatchUp: () => scheduler.runNow('digest-catch-up'),
      runHandoff: () => scheduler.runNow('handoff'),
      runEscalation: () => scheduler.runNow('escalate'),
      drainOutbox: () => sender.drainOnce(),
      slackConnected,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

