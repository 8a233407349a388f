import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { registerAlertButtonListeners } from './actions/alert-buttons.js';
import { registerFailedMessageButtonListeners } from './actions/failed-message-buttons.js';
import { registerGroupButtonListeners } from './actions/group-buttons.js';
import { registerSubjectButtonListeners } from './actions/subject-buttons.js';
import { registerCommandListeners } from './commands/index.js';
import { registerEventListeners } from './events/index.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommandListeners(app, deps);
  registerAlertButtonListeners(app, deps);
  registerSubjectButtonListeners(app, deps);
  registerFailedMessageButtonListeners(app, deps);
  registerGroupButtonListeners(app, deps);
  registerEventListeners(app, deps);
}
