import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { HOME_ACTIONS } from '../../../blocks/action-ids.js';
import type { SlackDeps } from '../../slack-deps.js';
import type { InteractionRouter } from '../interaction-router.js';

/** ← Previous / Next → on the App Home: the button's value is the 0-based page it leads to. */
export function registerHomeButtonListeners(router: InteractionRouter, deps: SlackDeps): void {
  router.action(HOME_ACTIONS.previousPage, homePageListener(deps));
  router.action(HOME_ACTIONS.nextPage, homePageListener(deps));
}

function homePageListener(deps: SlackDeps) {
  return async ({ ack, action, body, client }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    // A mangled value shows the first page rather than nothing; the publisher clamps a page past the end.
    const page = /^\d{1,6}$/.test(action.value ?? '') ? Number(action.value) : 0;
    try {
      await deps.home.publish(client, body.user.id, page);
    } catch (error) {
      deps.logger.warn({ err: error, user: body.user.id }, 'could not page the App Home');
    }
  };
}
