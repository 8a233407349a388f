import type { Actor } from '../actor.js';
import { changeOrder, type OrderChange } from './change-order.js';
import type { OrderDeps } from './order-record.js';

export function cancelOrder(deps: OrderDeps, actor: Actor, number: string): Promise<OrderChange> {
  return changeOrder(deps, actor, number, 'cancel', () => ({ status: 'cancelled' }));
}
