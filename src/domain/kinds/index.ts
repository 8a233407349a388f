// The registry of alert kinds. `satisfies Record<AlertKind, …>` makes the compiler ask for a module
// for every member of AlertKind (src/domain/alerts/alert-types.ts), and every per-kind list below is
// derived from it, so no list of kinds is kept by hand anywhere else.
import type { AlertKind } from '../alerts/alert-types.js';
import type { ImportKind } from '../import/rows.js';
import type { Watcher } from '../watchers/watcher.js';
import type { AlertKindModule } from './alert-kind-module.js';
import { lowStock } from './low-stock.js';
import { missingDocuments } from './missing-documents.js';
import { unpaidOrder } from './unpaid-order.js';

export type { AlertKindModule, OwnerArea } from './alert-kind-module.js';

export const ALERT_KINDS = {
  low_stock: lowStock,
  unpaid_order: unpaidOrder,
  missing_documents: missingDocuments,
} as const satisfies { [K in AlertKind]: AlertKindModule<K> };

const MODULES: readonly AlertKindModule[] = Object.values(ALERT_KINDS);

/** Stock, then money, then people: the order kinds are shown in everywhere. */
export const KIND_ORDER: readonly AlertKind[] = [...MODULES].sort((a, b) => a.displayOrder - b.displayOrder).map((m) => m.kind);

/** The watchers of one watch cycle, in display order. */
export const WATCHERS: readonly Watcher[] = KIND_ORDER.map((kind) => ALERT_KINDS[kind].watcher);

/** A record with one entry per kind, e.g. counts starting at 0. */
export function perKind<T>(value: (kind: AlertKind) => T): Record<AlertKind, T> {
  return Object.fromEntries(KIND_ORDER.map((kind) => [kind, value(kind)])) as Record<AlertKind, T>;
}

/** The kinds whose watcher reads what these imports changed. */
export function kindsFedBy(imports: readonly ImportKind[]): AlertKind[] {
  return KIND_ORDER.filter((kind) => imports.includes(ALERT_KINDS[kind].fedBy));
}
