import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { AlertNotifier } from '../domain/alerts/alert-notifier.js';
import type { Clock } from '../domain/clock.js';
import type { Directory } from '../domain/permissions/authorize.js';
import type { I18n } from '../i18n/index.js';
import type { Logger } from '../logger.js';

/** What every use case may need, passed in (tests give a fake clock and a fake Slack). */
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
