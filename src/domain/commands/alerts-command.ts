import type { z } from 'zod';
import type { AlertSelection } from '../alerts/alert-selection.js';
import { FREE_TEXT_FIELDS } from '../text/free-text-fields.js';
import { readAlertSelection } from './alert-selection-arg.js';
import { alertIdArg, messageIdArg, untilArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type AlertsAction =
  | { command: 'alerts'; verb: 'list' }
  | { command: 'alerts'; verb: 'ack'; selection: AlertSelection }
  | { command: 'alerts'; verb: 'resolve'; alertId: number; note: string }
  | { command: 'alerts'; verb: 'snooze'; selection: AlertSelection; until: z.output<typeof untilArg>; reason: string }
  | { command: 'alerts'; verb: 'digest' }
  | { command: 'alerts'; verb: 'retry'; messageId: number }
  | { command: 'alerts'; verb: 'help' };

// Changes are 'alert-owner': who may change an alert depends on its kind (the owning team), which
// only the use case knows once the alert is loaded — the router leaves the check to it. `ack` and
// `snooze` take one alert or several: numbers (`12 13 15`) or filters (alert-selection-arg.ts).
export const alertsCommand: CommandSpec<AlertsAction> = {
  name: 'alerts',
  summary: 'command.alerts.summary',
  verbs: [
    verb({ verb: 'list', pt: ['listar'], args: '', summary: 'alerts.help.list', permission: 'read', parse: () => ({ command: 'alerts', verb: 'list' }) }),
    verb({
      verb: 'ack',
      pt: ['ciente', 'reconhecer'],
      args: '{id}…|{filter}…',
      summary: 'alerts.help.ack',
      permission: 'alert-owner',
      parse: (r) => ({ command: 'alerts', verb: 'ack', selection: readAlertSelection(r, 'rest') }),
    }),
    verb({
      verb: 'resolve',
      pt: ['resolver'],
      args: '{id} [{note}]',
      summary: 'alerts.help.resolve',
      permission: 'alert-owner',
      parse: (r) => ({ command: 'alerts', verb: 'resolve', alertId: r.arg('id', alertIdArg), note: r.text('note', FREE_TEXT_FIELDS.note) }),
    }),
    verb({
      verb: 'snooze',
      pt: ['adiar'],
      args: '{id}…|{filter}… {until} [{reason}]',
      summary: 'alerts.help.snooze',
      permission: 'alert-owner',
      parse: (r) => ({
        command: 'alerts',
        verb: 'snooze',
        selection: readAlertSelection(r, 'leading'),
        until: r.arg('until', untilArg),
        reason: r.text('reason', FREE_TEXT_FIELDS.note),
      }),
    }),
    verb({ verb: 'digest', pt: ['resumo'], args: '', summary: 'alerts.help.digest', permission: 'read', parse: () => ({ command: 'alerts', verb: 'digest' }) }),
    // A failed channel message, not an alert: its number comes from the failure listing of `list`.
    verb({
      verb: 'retry',
      pt: ['reenviar'],
      args: '{id}',
      summary: 'alerts.help.retry',
      permission: 'admin',
      parse: (r) => ({ command: 'alerts', verb: 'retry', messageId: r.arg('id', messageIdArg) }),
    }),
    verb({ verb: 'help', pt: ['ajuda'], args: '', summary: 'alerts.help.help', permission: 'read', parse: () => ({ command: 'alerts', verb: 'help' }) }),
  ],
};
