import type { Config } from '../../config.js';
import type { AlertKind } from './alert-types.js';

const CONFIG_KEY = { low_stock: 'stock', unpaid_order: 'finance', missing_documents: 'hr' } as const;

/** The team that owns each kind (also its permission area). */
export const OWNER_AREA = CONFIG_KEY;

/**
 * Where alerts of a kind are announced: the configured channel, or in local mode a terminal
 * "channel" so they are printed. Undefined: tracked (/alerts, App Home) but not posted.
 */
export function channelFor(config: Pick<Config, 'channels' | 'mode'>, kind: AlertKind): string | undefined {
  const area = CONFIG_KEY[kind];
  return config.channels[area] ?? (config.mode === 'local' ? `local-${area}` : undefined);
}
