import { keyOf } from '../import/values.js';
import { unpaidOrdersWatcher } from '../watchers/unpaid-orders-watcher.js';
import type { AlertKindModule } from './alert-kind-module.js';

export const unpaidOrder: AlertKindModule<'unpaid_order'> = {
  kind: 'unpaid_order',
  watcher: unpaidOrdersWatcher,
  area: 'finance',
  fedBy: 'orders',
  lockId: 72_707_302,
  displayOrder: 2,
  subjectKey: keyOf,
  filterWords: ['orders', 'pedidos', 'finance', 'financeiro', 'unpaid_order'],
};
