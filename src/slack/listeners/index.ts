import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { registerAlertButtonListeners } from './actions/alert-buttons.js';
import { registerFailedMessageButtonListeners } from './actions/failed-message-buttons.js';
import { registerGroupButtonListeners } from './actions/group-buttons.js';
import { registerSubjectButtonListeners } from './actions/subject-buttons.js';
import { registerCommandListeners } from './commands/index.js';
import { registerEventListeners } from './events/index.js';
import { routeInteractions } from './interaction-router.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommandListeners(app, deps);
  routeInteractions(app, (router) => {
    registerAlertButtonListeners(router, deps);
    registerSubjectButtonListeners(router, deps);
    registerFailedMessageButtonListeners(router, deps);
    registerGroupButtonListeners(router, deps);
    registerEventListeners(app, router, deps);
  });
}
