import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';
import { registerHomeButtonListeners } from '../actions/home-buttons.js';
import type { InteractionRouter } from '../interaction-router.js';
import { appHomeOpenedListener } from './app-home-opened.js';

/** The App Home: app_home_opened renders it; its paging buttons re-render it at another page. */
export function registerEventListeners(app: App, router: InteractionRouter, deps: SlackDeps): void {
  app.event('app_home_opened', appHomeOpenedListener(deps));
  registerHomeButtonListeners(router, deps);
}
