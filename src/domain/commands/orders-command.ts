import { FREE_TEXT_FIELDS } from '../text/free-text-fields.js';
import { dateArg, keyArg, wordArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type OrdersAction =
  | { command: 'orders'; verb: 'list'; overdueOnly: boolean }
  | { command: 'orders'; verb: 'show'; number: string }
  | { command: 'orders'; verb: 'paid'; number: string; reference: string }
  | { command: 'orders'; verb: 'promise'; number: string; date: string }
  | { command: 'orders'; verb: 'cancel'; number: string }
  | { command: 'orders'; verb: 'help' };

export const ordersCommand: CommandSpec<OrdersAction> = {
  name: 'orders',
  summary: 'command.orders.summary',
  verbs: [
    verb({
      verb: 'list',
      args: '[overdue]',
      summary: 'orders.help.list',
      permission: 'read',
      parse: (r) => ({ command: 'orders', verb: 'list', overdueOnly: r.optionalArg('overdue', wordArg('overdue')) === 'overdue' }),
    }),
    verb({
      verb: 'show',
      args: 'NUMBER',
      summary: 'orders.help.show',
      permission: 'read',
      parse: (r) => ({ command: 'orders', verb: 'show', number: r.arg('NUMBER', keyArg) }),
    }),
    verb({
      verb: 'paid',
      args: 'NUMBER [reference]',
      summary: 'orders.help.paid',
      permission: 'finance',
      // The reference is the rest of the line: a boleto's digit line has spaces in it.
      parse: (r) => ({ command: 'orders', verb: 'paid', number: r.arg('NUMBER', keyArg), reference: r.text('reference', FREE_TEXT_FIELDS.paymentReference) }),
    }),
    verb({
      verb: 'promise',
      args: 'NUMBER YYYY-MM-DD',
      summary: 'orders.help.promise',
      permission: 'finance',
      parse: (r) => ({ command: 'orders', verb: 'promise', number: r.arg('NUMBER', keyArg), date: r.arg('YYYY-MM-DD', dateArg) }),
    }),
    verb({
      verb: 'cancel',
      args: 'NUMBER',
      summary: 'orders.help.cancel',
      permission: 'finance',
      parse: (r) => ({ command: 'orders', verb: 'cancel', number: r.arg('NUMBER', keyArg) }),
    }),
    verb({ verb: 'help', args: '', summary: 'stock.help.help', permission: 'read', parse: () => ({ command: 'orders', verb: 'help' }) }),
  ],
};
