import { FREE_TEXT_FIELDS } from '../text/free-text-fields.js';
import { keyArg, positiveQuantityArg, quantityArg, wordArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type StockAction =
  | { command: 'stock'; verb: 'list'; lowOnly: boolean }
  | { command: 'stock'; verb: 'show'; sku: string }
  | { command: 'stock'; verb: 'restock'; sku: string; quantity: number; note: string }
  | { command: 'stock'; verb: 'set'; sku: string; quantity: number }
  | { command: 'stock'; verb: 'min'; sku: string; quantity: number }
  | { command: 'stock'; verb: 'help' };

export const stockCommand: CommandSpec<StockAction> = {
  name: 'stock',
  summary: 'command.stock.summary',
  verbs: [
    verb({
      verb: 'list',
      args: '[low]',
      summary: 'stock.help.list',
      permission: 'read',
      parse: (r) => ({ command: 'stock', verb: 'list', lowOnly: r.optionalArg('low', wordArg('low')) === 'low' }),
    }),
    verb({
      verb: 'show',
      args: 'SKU',
      summary: 'stock.help.show',
      permission: 'read',
      parse: (r) => ({ command: 'stock', verb: 'show', sku: r.arg('SKU', keyArg) }),
    }),
    verb({
      verb: 'restock',
      args: 'SKU QTY [note]',
      summary: 'stock.help.restock',
      permission: 'stock',
      parse: (r) => ({
        command: 'stock',
        verb: 'restock',
        sku: r.arg('SKU', keyArg),
        quantity: r.arg('QTY', positiveQuantityArg),
        note: r.text('note', FREE_TEXT_FIELDS.note),
      }),
    }),
    verb({
      verb: 'set',
      args: 'SKU QTY',
      summary: 'stock.help.set',
      permission: 'stock',
      parse: (r) => ({ command: 'stock', verb: 'set', sku: r.arg('SKU', keyArg), quantity: r.arg('QTY', quantityArg) }),
    }),
    verb({
      verb: 'min',
      args: 'SKU QTY',
      summary: 'stock.help.min',
      permission: 'stock',
      parse: (r) => ({ command: 'stock', verb: 'min', sku: r.arg('SKU', keyArg), quantity: r.arg('QTY', quantityArg) }),
    }),
    verb({ verb: 'help', args: '', summary: 'stock.help.help', permission: 'read', parse: () => ({ command: 'stock', verb: 'help' }) }),
  ],
};
