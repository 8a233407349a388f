import type { Actor } from '../../domain/actor.js';
import type { StockAction } from '../../domain/commands/stock-command.js';
import { changeStock } from '../../domain/stock/change-stock.js';
import { listProducts } from '../../domain/stock/list-products.js';
import { showProduct } from '../../domain/stock/show-product.js';
import type { Reply } from '../../slack/blocks/reply.js';
import { renderProductDetails, renderProductList, renderStockChanged } from '../../slack/blocks/replies/stock-replies.js';
import type { Deps } from '../deps.js';

// One list reply stays well under 50 blocks and 3000 characters per section.
const LIST_LIMIT = 60;

export async function runStockAction(deps: Deps, actor: Actor, action: Exclude<StockAction, { verb: 'help' }>): Promise<Reply> {
  const { db, i18n } = deps;
  switch (action.verb) {
    case 'list':
      return renderProductList(i18n, await listProducts(db, { lowOnly: action.lowOnly, limit: LIST_LIMIT }));
    case 'show':
      return renderProductDetails(i18n, await showProduct(deps, action.sku));
    case 'restock':
    case 'set':
    case 'min': {
      const change =
        action.verb === 'restock'
          ? { kind: 'restock' as const, quantity: action.quantity, note: action.note }
          : { kind: action.verb, quantity: action.quantity };
      const result = await changeStock({ db, i18n, now: deps.clock.now() }, actor, action.sku, change);
      return renderStockChanged(i18n, actor.userId, action.verb, result);
    }
  }
}
