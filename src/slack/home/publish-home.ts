// Renders and publishes one person's App Home (views.publish). Called when they open the Home
// tab, when they page through it, and after anything they do (buttons, modals, slash commands).
import type { App } from '@slack/bolt';
import { HOME_PAGE_SIZE, PAGED_SHOWN, renderHome } from '../../blocks/home/render-home.js';
import { listActionableAlerts } from '../../domain/alerts/list-actionable-alerts.js';
import { listPagedAlerts } from '../../domain/alerts/list-paged-alerts.js';
import type { Deps } from '../../domain/deps.js';
import { whoIsOnCall } from '../../domain/oncall/who-is-on-call.js';
import { clockAt } from '../../lib/clock.js';

type Client = App['client'];

export interface HomePublisher {
  /**
   * `page` (0-based) given: the person asked for it (opened the tab, clicked a page button) and is
   * waiting, so it is published at once. Without it, this is the refresh after they acted: it
   * shows the page they last saw, queued as described in createHomePublisher.
   */
  publish(client: Client, userId: string, page?: number): Promise<void>;
}

const REMEMBERED_USERS = 5_000;
/**
 * Refreshes after an action run one at a time, a short pause apart, and a person with a refresh
 * already waiting shares it. Nobody waits for a refresh, while a slash command must be answered
 * within Slack's 3 seconds — and a refresh costs more database work than most commands. Queued
 * like this, a burst of commands (50 at once on the single-connection embedded database) is not
 * slowed down by its own refreshes, and Slack gets a burst of views.publish calls spread out
 * rather than all at once.
 */
const REFRESH_GAP_MS = 50;
/** Bolt's client retries for a long time when Slack is down: one such refresh must not hold the rest. */
const REFRESH_SLOT_MS = 5_000;

/**
 * One bot's App Home publisher, with its memory: the page each person last saw, so that acting on
 * an alert on page 4 does not throw them back to page 1 (the refresh after an action does not know
 * the page), and the refresh queue. In memory: another instance, or a restart, simply shows page 1.
 * Bounded, oldest forgotten first.
 */
export function createHomePublisher(deps: Pick<Deps, 'db' | 'config' | 'directory' | 'clock' | 'i18n'>): HomePublisher {
  const lastPage = new Map<string, number>();
  let refreshChain: Promise<void> = Promise.resolve();
  const waitingRefresh = new Map<string, Promise<void>>();

  const remember = (userId: string, page: number): void => {
    lastPage.delete(userId);
    lastPage.set(userId, page);
    if (lastPage.size > REMEMBERED_USERS) lastPage.delete(lastPage.keys().next().value!);
  };

  const render = async (client: Client, userId: string, page: number): Promise<void> => {
    const now = deps.clock.now();
    const [alerts, onCall, paged] = await Promise.all([
      listActionableAlerts(deps, { userId }, { page, pageSize: HOME_PAGE_SIZE }),
      whoIsOnCall({ ...deps, clock: clockAt(now) }),
      listPagedAlerts(deps, userId, { limit: PAGED_SHOWN }),
    ]);
    await client.views.publish({ user_id: userId, view: renderHome(deps.i18n, { alerts, onCall, paged, now }) });
    remember(userId, alerts.page);
  };

  const refreshQueued = (client: Client, userId: string): Promise<void> => {
    const waiting = waitingRefresh.get(userId);
    if (waiting) return waiting;
    const turn = refreshChain.then(() => pause(REFRESH_GAP_MS));
    const run = turn.then(() => {
      waitingRefresh.delete(userId);
      return render(client, userId, lastPage.get(userId) ?? 0);
    });
    // The next refresh starts when this one is done, failed or past its slot; the caller still
    // sees this one's own outcome.
    refreshChain = turn.then(() => Promise.race([run.catch(() => undefined), pause(REFRESH_SLOT_MS)]));
    waitingRefresh.set(userId, run);
    return run;
  };

  return {
    publish: (client, userId, page) => (page === undefined ? refreshQueued(client, userId) : render(client, userId, page)),
  };
}

function pause(ms: number): Promise<void> {
  // unref: a refresh still queued never keeps a stopping process alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
