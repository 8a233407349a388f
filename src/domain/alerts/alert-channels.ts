import type { Config } from '../../config.js';
import { ALERT_KINDS } from '../kinds/index.js';
import type { AlertKind } from './alert-types.js';

/**
 * Where alerts of a kind are announced: the owning team's configured channel, or in local mode a
 * terminal "channel" so they are printed. Undefined: tracked (/alerts, App Home) but not posted.
 */
export function channelFor(config: Pick<Config, 'channels' | 'mode'>, kind: AlertKind): string | undefined {
  const area = ALERT_KINDS[kind].area;
  return config.channels[area] ?? (config.mode === 'local' ? `local-${area}` : undefined);
}
