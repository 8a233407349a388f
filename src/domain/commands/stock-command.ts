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
      pt: ['listar'],
      args: '[{low}]',
      summary: 'stock.help.list',
      permission: 'read',
      parse: (r) => ({ command: 'stock', verb: 'list', lowOnly: r.optionalArg('low', wordArg('low', 'baixo')) !== undefined }),
    }),
    verb({
      verb: 'show',
      pt: ['mostrar', 'ver'],
      args: '{sku}',
      summary: 'stock.help.show',
      permission: 'read',
      parse: (r) => ({ command: 'stock', verb: 'show', sku: r.arg('sku', keyArg) }),
    }),
    verb({
      verb: 'restock',
      pt: ['repor'],
      args: '{sku} {qty} [{note}]',
      summary: 'stock.help.restock',
      permission: 'stock',
      parse: (r) => ({
        command: 'stock',
        verb: 'restock',
        sku: r.arg('sku', keyArg),
        quantity: r.arg('qty', positiveQuantityArg),
        note: r.text('note', FREE_TEXT_FIELDS.note),
      }),
    }),
    verb({
      verb: 'set',
      pt: ['definir'],
      args: '{sku} {qty}',
      summary: 'stock.help.set',
      permission: 'stock',
      parse: (r) => ({ command: 'stock', verb: 'set', sku: r.arg('sku', keyArg), quantity: r.arg('qty', quantityArg) }),
    }),
    verb({
      verb: 'min',
      pt: ['mínimo'],
      args: '{sku} {qty}',
      summary: 'stock.help.min',
      permission: 'stock',
      parse: (r) => ({ command: 'stock', verb: 'min', sku: r.arg('sku', keyArg), quantity: r.arg('qty', quantityArg) }),
    }),
    verb({ verb: 'help', pt: ['ajuda'], args: '', summary: 'stock.help.help', permission: 'read', parse: () => ({ command: 'stock', verb: 'help' }) }),
  ],
};
