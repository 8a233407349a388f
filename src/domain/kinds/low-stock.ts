import { keyOf } from '../import/values.js';
import { lowStockWatcher } from '../watchers/low-stock-watcher.js';
import type { AlertKindModule } from './alert-kind-module.js';

export const lowStock: AlertKindModule<'low_stock'> = {
  kind: 'low_stock',
  watcher: lowStockWatcher,
  area: 'stock',
  fedBy: 'products',
  lockId: 72_707_301,
  displayOrder: 1,
  subjectKey: keyOf,
  filterWords: ['stock', 'estoque', 'low_stock'],
};
