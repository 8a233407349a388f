import type { Config } from '../../config.js';
import { ALERT_KINDS } from '../kinds/index.js';
import type { AlertKind } from './alert-types.js';

/**
 * Where alerts of a kind are announced: the owning team's configured channel, or in local mode a
 * terminal "channel" so they are printed. Undefined: tracked (/alerts, App Home) but not posted.
 */
export function channelFor(config: Pick<Config, 'channels' | 'mode'>, kind: AlertKind): string | undefined {
  return configuredChannel(config, ALERT_KINDS[kind].area);
}

/** A configured channel (STOCK_CHANNEL, DIGEST_CHANNEL, …), or in local mode its terminal "channel". */
export function configuredChannel(config: Pick<Config, 'channels' | 'mode'>, key: keyof Config['channels']): string | undefined {
  return config.channels[key] ?? (config.mode === 'local' ? `local-${key}` : undefined);
}
