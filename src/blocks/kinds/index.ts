// The registry of alert kind views. `satisfies` makes the compiler ask for a view of every member
// of AlertKind; the renderers in src/blocks/alerts reach a kind only through here.
import type { AlertDetails, AlertDetailsByKind, AlertKind } from '../../domain/alerts/alert-types.js';
import { KIND_ORDER } from '../../domain/kinds/index.js';
import { AppError } from '../../lib/errors.js';
import type { AlertActionId } from '../action-ids.js';
import type { AlertKindView } from './alert-kind-view.js';
import { lowStockView } from './low-stock.js';
import { missingDocumentsView } from './missing-documents.js';
import { unpaidOrderView } from './unpaid-order.js';

export type { AlertKindView, FixButton } from './alert-kind-view.js';

export const ALERT_KIND_VIEWS = {
  low_stock: lowStockView,
  unpaid_order: unpaidOrderView,
  missing_documents: missingDocumentsView,
} as const satisfies { [K in AlertKind]: AlertKindView<AlertDetailsByKind[K]> };

/**
 * The view for these details. Call it with the same details it was given: a view reads the
 * fields of its own kind only.
 */
export function viewOf(details: AlertDetails): AlertKindView {
  return ALERT_KIND_VIEWS[details.kind];
}

/** The kind whose fix button this is (each button belongs to exactly one kind). */
export function kindOfFixButton(actionId: AlertActionId): AlertKind {
  const kind = KIND_ORDER.find((k) => ALERT_KIND_VIEWS[k].fixButtons.some((b) => b.actionId === actionId));
  if (!kind) throw new AppError('internal', `no alert kind has the button ${actionId}`);
  return kind;
}
