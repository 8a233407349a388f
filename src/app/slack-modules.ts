// What only the Slack modes use, imported by start-bot.ts only when Slack is configured: Bolt and
// the Web API client add ~30 MB of resident memory and a few hundred ms of start-up that local mode
// does not need to pay.
export { createSlackTransport } from '../notify/slack-transport.js';
export { keepConnectingSlack, tryConnectSlack } from '../slack/connect-slack.js';
export { createSlackApp } from '../slack/create-slack-app.js';
export { createHomePublisher } from '../slack/home/publish-home.js';
export { registerListeners } from '../slack/listeners/index.js';
export { createSlackDirectory } from '../slack/slack-directory.js';
