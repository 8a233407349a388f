import type { z } from 'zod';
import { FREE_TEXT_FIELDS } from '../text/free-text-fields.js';
import { alertIdArg, messageIdArg, untilArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type AlertsAction =
  | { command: 'alerts'; verb: 'list' }
  | { command: 'alerts'; verb: 'ack'; alertId: number }
  | { command: 'alerts'; verb: 'resolve'; alertId: number; note: string }
  | { command: 'alerts'; verb: 'snooze'; alertId: number; until: z.output<typeof untilArg>; reason: string }
  | { command: 'alerts'; verb: 'digest' }
  | { command: 'alerts'; verb: 'retry'; messageId: number }
  | { command: 'alerts'; verb: 'help' };

// Changes are 'alert-owner': who may change an alert depends on its kind (the owning team), which
// only the use case knows once the alert is loaded — the router leaves the check to it.
export const alertsCommand: CommandSpec<AlertsAction> = {
  name: 'alerts',
  summary: 'command.alerts.summary',
  verbs: [
    verb({ verb: 'list', args: '', summary: 'alerts.help.list', permission: 'read', parse: () => ({ command: 'alerts', verb: 'list' }) }),
    verb({
      verb: 'ack',
      args: 'ID',
      summary: 'alerts.help.ack',
      permission: 'alert-owner',
      parse: (r) => ({ command: 'alerts', verb: 'ack', alertId: r.arg('ID', alertIdArg) }),
    }),
    verb({
      verb: 'resolve',
      args: 'ID [note]',
      summary: 'alerts.help.resolve',
      permission: 'alert-owner',
      parse: (r) => ({ command: 'alerts', verb: 'resolve', alertId: r.arg('ID', alertIdArg), note: r.text('note', FREE_TEXT_FIELDS.note) }),
    }),
    verb({
      verb: 'snooze',
      args: 'ID DURATION|YYYY-MM-DD [reason]',
      summary: 'alerts.help.snooze',
      permission: 'alert-owner',
      parse: (r) => ({
        command: 'alerts',
        verb: 'snooze',
        alertId: r.arg('ID', alertIdArg),
        until: r.arg('DURATION|YYYY-MM-DD', untilArg),
        reason: r.text('reason', FREE_TEXT_FIELDS.note),
      }),
    }),
    verb({ verb: 'digest', args: '', summary: 'alerts.help.digest', permission: 'read', parse: () => ({ command: 'alerts', verb: 'digest' }) }),
    // A failed channel message, not an alert: its number comes from the failure listing of `list`.
    verb({
      verb: 'retry',
      args: 'ID',
      summary: 'alerts.help.retry',
      permission: 'admin',
      parse: (r) => ({ command: 'alerts', verb: 'retry', messageId: r.arg('ID', messageIdArg) }),
    }),
    verb({ verb: 'help', args: '', summary: 'alerts.help.help', permission: 'read', parse: () => ({ command: 'alerts', verb: 'help' }) }),
  ],
};
