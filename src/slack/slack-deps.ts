import type { Deps } from '../domain/deps.js';
import type { HomePublisher } from './home/publish-home.js';

/**
 * What the Slack listeners get: the use cases' Deps plus the App Home publisher, whose memory (the
 * page each person last saw, the refresh queue) belongs to one running bot: the composition root
 * creates it, so two bots in one process (tests, a restart in place) never share it.
 */
export interface SlackDeps extends Deps {
  readonly home: HomePublisher;
}
