// Bolt in the mode the configuration gives. HTTP mode uses Bolt's receiver only for its request
// listener (signature checks, acks); our own server owns the port, so /healthz and the ingest API
// are served the same way in every mode.
import { App, HTTPReceiver } from '@slack/bolt';
import type { RequestListener } from 'node:http';
import type { Deps } from '../app/deps.js';
import { slackLogger } from './slack-logger.js';
import { registerListeners } from './listeners/index.js';

export interface SlackApp {
  app: App;
  /** HTTP mode: the listener for POST /slack/events */
  requestListener?: RequestListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createSlackApp(deps: Deps): Promise<SlackApp> {
  const { config } = deps;
  const { botToken, appToken, signingSecret, apiUrl } = config.slack;
  const logger = slackLogger(deps.logger, 'bolt');
  // Interactive calls (views.open, views.publish, ephemeral replies) either work promptly or not at
  // all: a trigger_id lives 3 s. The WebClient default — ~10 retries over half an hour, sleeping on
  // 429, no timeout — would only hold handlers open. Channel messages go through the outbox instead.
  const clientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 200 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
  };
  if (config.mode === 'socket') {
    const app = new App({ token: botToken, appToken, socketMode: true, logger, clientOptions, deferInitialization: true });
    registerListeners(app, deps);
    await app.init();
    return { app, start: async () => void (await app.start()), stop: async () => void (await app.stop()) };
  }
  const receiver = new HTTPReceiver({ signingSecret: signingSecret!, endpoints: '/slack/events', logger, processBeforeResponse: false });
  const app = new App({ token: botToken, receiver, logger, clientOptions, deferInitialization: true });
  registerListeners(app, deps);
  await app.init();
  return { app, requestListener: receiver.requestListener, start: async () => {}, stop: async () => {} };
}
