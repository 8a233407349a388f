import { FREE_TEXT_FIELDS } from '../text/free-text-fields.js';
import { dateArg, keyArg, wordArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type OrdersAction =
  /** `byCustomer`: totals per customer and currency instead of the orders */
  | { command: 'orders'; verb: 'list'; overdueOnly: boolean; byCustomer: boolean }
  | { command: 'orders'; verb: 'show'; number: string }
  | { command: 'orders'; verb: 'paid'; number: string; reference: string }
  | { command: 'orders'; verb: 'promise'; number: string; date: string }
  | { command: 'orders'; verb: 'cancel'; number: string }
  | { command: 'orders'; verb: 'help' };

const CUSTOMER_WORDS = ['customers', 'clientes'];

export const ordersCommand: CommandSpec<OrdersAction> = {
  name: 'orders',
  summary: 'command.orders.summary',
  verbs: [
    verb({
      verb: 'list',
      pt: ['listar'],
      args: '[{overdue}] [{customers}]',
      summary: 'orders.help.list',
      permission: 'read',
      parse: (r) => {
        // `list customers` has no `overdue` before it: the first word may be either
        const overdueOnly = !CUSTOMER_WORDS.includes(r.peek()?.toLowerCase() ?? '') && r.optionalArg('overdue', wordArg('overdue', 'vencidos')) !== undefined;
        const byCustomer = r.optionalArg('customers', wordArg(...CUSTOMER_WORDS)) !== undefined;
        return { command: 'orders', verb: 'list', overdueOnly, byCustomer };
      },
    }),
    verb({
      verb: 'show',
      pt: ['mostrar', 'ver'],
      args: '{number}',
      summary: 'orders.help.show',
      permission: 'read',
      parse: (r) => ({ command: 'orders', verb: 'show', number: r.arg('number', keyArg) }),
    }),
    verb({
      verb: 'paid',
      pt: ['pago'],
      args: '{number} [{reference}]',
      summary: 'orders.help.paid',
      permission: 'finance',
      // The reference is the rest of the line: a boleto's digit line has spaces in it.
      parse: (r) => ({ command: 'orders', verb: 'paid', number: r.arg('number', keyArg), reference: r.text('reference', FREE_TEXT_FIELDS.paymentReference) }),
    }),
    verb({
      verb: 'promise',
      pt: ['promessa'],
      args: '{number} {date}',
      summary: 'orders.help.promise',
      permission: 'finance',
      parse: (r) => ({ command: 'orders', verb: 'promise', number: r.arg('number', keyArg), date: r.arg('date', dateArg) }),
    }),
    verb({
      verb: 'cancel',
      pt: ['cancelar'],
      args: '{number}',
      summary: 'orders.help.cancel',
      permission: 'finance',
      parse: (r) => ({ command: 'orders', verb: 'cancel', number: r.arg('number', keyArg) }),
    }),
    verb({ verb: 'help', pt: ['ajuda'], args: '', summary: 'stock.help.help', permission: 'read', parse: () => ({ command: 'orders', verb: 'help' }) }),
  ],
};
