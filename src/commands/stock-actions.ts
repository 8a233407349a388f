import { renderProductDetails, renderProductList, renderStockChanged } from '../blocks/replies/stock-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import type { StockAction } from '../domain/commands/stock-command.js';
import type { Deps } from '../domain/deps.js';
import { changeStock, type StockChange } from '../domain/stock/change-stock.js';
import { listProducts } from '../domain/stock/list-products.js';
import { showProduct } from '../domain/stock/show-product.js';
import { assertNever } from '../lib/assert-never.js';
import { followUpAlert } from './follow-up-alert.js';

// One list reply stays well under 50 blocks and 3000 characters per section.
const LIST_LIMIT = 60;

export async function runStockAction(deps: Deps, actor: Actor, action: Exclude<StockAction, { verb: 'help' }>): Promise<Reply> {
  const { i18n } = deps;
  switch (action.verb) {
    case 'list':
      return renderProductList(i18n, await listProducts(deps, { lowOnly: action.lowOnly, limit: LIST_LIMIT }));
    case 'show':
      return renderProductDetails(i18n, await showProduct(deps, action.sku));
    case 'restock':
      return changeStockAndFollowUp(deps, actor, action.sku, { kind: 'restock', quantity: action.quantity, note: action.note });
    case 'set':
    case 'min':
      return changeStockAndFollowUp(deps, actor, action.sku, { kind: action.verb, quantity: action.quantity });
    default:
      return assertNever(action, 'verb');
  }
}

/** A stock change from a command or the Restock modal; the product's alert follows at once. */
export async function changeStockAndFollowUp(deps: Deps, actor: Actor, sku: string, change: StockChange): Promise<Reply> {
  const result = await changeStock(deps, actor, sku, change);
  await followUpAlert(deps, 'low_stock', result.sku, actor.userId);
  return renderStockChanged(deps.i18n, actor.userId, change.kind, result);
}
