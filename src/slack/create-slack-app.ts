// Bolt in the mode the configuration gives. HTTP mode uses Bolt's receiver only for its request
// listener (signature checks, acks); our own server owns the port, so /healthz and the ingest API
// are served the same way in every mode. Creating the app talks to nobody; `connect()` does. The
// listeners are registered apart (listeners/index.ts), once the deps — which need this app's client
// for the user-group directory — exist.
//
// Replays: in HTTP mode every signed request claims a receipt first (src/http/slack-events.ts, which
// the composition root puts in front of `requestListener`). Socket Mode has no signature to replay:
// requests arrive over the WebSocket the app itself opened with SLACK_APP_TOKEN, so nobody else can
// inject one, and each envelope is acked by envelope_id.
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Logger } from '../lib/logger.js';
import { slackLogger } from '../lib/slack-logger.js';
import { refusedTokenError } from './connect-slack.js';

/** 'connecting' until Slack accepted the token (and, in Socket Mode, the socket is open). */
export type SlackStatus = 'connecting' | 'ok';

export interface SlackApp {
  app: App;
  /** HTTP mode: Bolt's receiver, for POST /slack/events once the request is checked (it checks no signature itself) */
  requestListener?: RequestListener;
  status(): SlackStatus;
  /**
   * One attempt to go live: auth.test, then in Socket Mode the socket. A token Slack refuses
   * throws a ConfigError naming its variable; anything else throws as the client gave it.
   */
  connect(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackApp(config: Config, baseLogger: Logger): SlackApp {
  const { botToken, appToken, signingSecret, apiUrl } = config.slack;
  const logger = slackLogger(baseLogger, 'bolt');
  // Interactive calls (views.open, views.publish, ephemeral replies) either work promptly or not at
  // all: a trigger_id lives 3 s. The WebClient default — ~10 retries over half an hour, sleeping on
  // 429, no timeout — would only hold handlers open. Channel messages go through the outbox instead.
  const clientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 200 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
  };
  let status: SlackStatus = 'connecting';
  let started = false;

  // The receiver is reached only through POST /slack/events, which has checked the signature and
  // the timestamp already (src/http/slack-events.ts): Bolt checking them again would only cost a
  // second HMAC and a second parse of every request.
  const receiver =
    config.mode === 'http'
      ? new HTTPReceiver({ signingSecret: signingSecret!, signatureVerification: false, endpoints: '/slack/events', logger, processBeforeResponse: false })
      : undefined;
  // No conversation store: nothing here uses it, and Bolt's default one builds an Error (with its
  // stack) on every request it has nothing for — a tenth of a request's CPU (bench/ack-latency).
  const common = { token: botToken, logger, clientOptions, deferInitialization: true, convoStore: false as const };
  const app = receiver ? new App({ ...common, receiver }) : new App({ ...common, appToken, socketMode: true });
  return {
    app,
    requestListener: receiver?.requestListener,
    status: () => status,
    async connect() {
      await app.init().catch((error: unknown) => {
        throw refusedTokenError(error, 'SLACK_BOT_TOKEN') ?? error;
      });
      // HTTP mode: our server already listens; Socket Mode: open the socket.
      if (!receiver) {
        await app.start().catch((error: unknown) => {
          throw refusedTokenError(error, 'SLACK_APP_TOKEN') ?? error;
        });
        started = true;
      }
      status = 'ok';
    },
    async stop() {
      if (started) await app.stop();
    },
  };
}
