import { FREE_TEXT_FIELDS } from '../text/free-text-fields.js';
import { documentArg, keyArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type AdmissionsAction =
  | { command: 'admissions'; verb: 'list' }
  | { command: 'admissions'; verb: 'show'; code: string }
  | { command: 'admissions'; verb: 'received'; code: string; document: string }
  | { command: 'admissions'; verb: 'waive'; code: string; document: string; reason: string }
  | { command: 'admissions'; verb: 'help' };

// Read verbs are open to everyone (README.md, "Slash commands"); changes to
// admission documents need HR_TEAM.
export const admissionsCommand: CommandSpec<AdmissionsAction> = {
  name: 'admissions',
  summary: 'command.admissions.summary',
  verbs: [
    verb({ verb: 'list', args: '', summary: 'admissions.help.list', permission: 'read', parse: () => ({ command: 'admissions', verb: 'list' }) }),
    verb({
      verb: 'show',
      args: 'CODE',
      summary: 'admissions.help.show',
      permission: 'read',
      parse: (r) => ({ command: 'admissions', verb: 'show', code: r.arg('CODE', keyArg) }),
    }),
    verb({
      verb: 'received',
      args: 'CODE DOC',
      summary: 'admissions.help.received',
      permission: 'hr',
      parse: (r) => ({ command: 'admissions', verb: 'received', code: r.arg('CODE', keyArg), document: r.arg('DOC', documentArg) }),
    }),
    verb({
      verb: 'waive',
      args: 'CODE DOC reason',
      summary: 'admissions.help.waive',
      permission: 'hr',
      parse: (r) => ({
        command: 'admissions',
        verb: 'waive',
        code: r.arg('CODE', keyArg),
        document: r.arg('DOC', documentArg),
        reason: r.text('reason', FREE_TEXT_FIELDS.waiverReason, { required: true }),
      }),
    }),
    verb({ verb: 'help', args: '', summary: 'stock.help.help', permission: 'read', parse: () => ({ command: 'admissions', verb: 'help' }) }),
  ],
};
