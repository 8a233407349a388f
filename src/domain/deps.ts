import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { I18n } from '../i18n/index.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { AlertNotifier } from './alerts/alert-notifier.js';
import type { Directory } from './permissions/directory.js';

/**
 * What every use case may need, passed in (tests give a fake clock and a fake Slack). A use case
 * takes `Pick<Deps, …>` of the members it uses, so any caller holding Deps can pass it as is.
 */
export interface Deps {
  readonly config: Config;
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly i18n: I18n;
  /** user-group membership, for permissions */
  readonly directory: Directory;
  /** queues channel messages about alerts (the outbox) */
  readonly notifier: AlertNotifier;
}
