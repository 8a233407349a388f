import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../slack-deps.js';

/**
 * The person opened the Home tab: show it fresh, from the first page. Slack sends the same event
 * for the Messages tab, where there is nothing to render. Events have no one to answer, so a
 * failure is only logged.
 */
export function appHomeOpenedListener(deps: SlackDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    try {
      await deps.home.publish(client, event.user, 0);
    } catch (error) {
      deps.logger.warn({ err: error, user: event.user }, 'could not publish the App Home');
    }
  };
}
