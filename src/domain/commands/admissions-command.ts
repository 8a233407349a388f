import { FREE_TEXT_FIELDS } from '../text/free-text-fields.js';
import { documentArg, keyArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type AdmissionsAction =
  | { command: 'admissions'; verb: 'list' }
  | { command: 'admissions'; verb: 'show'; code: string }
  | { command: 'admissions'; verb: 'received'; code: string; document: string }
  | { command: 'admissions'; verb: 'waive'; code: string; document: string; reason: string }
  | { command: 'admissions'; verb: 'prelim'; code: string }
  | { command: 'admissions'; verb: 'help' };

// Read verbs are open to everyone (README.md, "Slash commands"); changes to
// admission documents need HR_TEAM.
export const admissionsCommand: CommandSpec<AdmissionsAction> = {
  name: 'admissions',
  summary: 'command.admissions.summary',
  verbs: [
    verb({ verb: 'list', pt: ['listar'], args: '', summary: 'admissions.help.list', permission: 'read', parse: () => ({ command: 'admissions', verb: 'list' }) }),
    verb({
      verb: 'show',
      pt: ['mostrar', 'ver'],
      args: '{code}',
      summary: 'admissions.help.show',
      permission: 'read',
      parse: (r) => ({ command: 'admissions', verb: 'show', code: r.arg('code', keyArg) }),
    }),
    verb({
      verb: 'received',
      pt: ['recebido'],
      args: '{code} {doc}',
      summary: 'admissions.help.received',
      permission: 'hr',
      parse: (r) => ({ command: 'admissions', verb: 'received', code: r.arg('code', keyArg), document: r.arg('doc', documentArg) }),
    }),
    verb({
      verb: 'waive',
      pt: ['dispensar'],
      args: '{code} {doc} {reason}',
      summary: 'admissions.help.waive',
      permission: 'hr',
      parse: (r) => ({
        command: 'admissions',
        verb: 'waive',
        code: r.arg('code', keyArg),
        document: r.arg('doc', documentArg),
        reason: r.text('reason', FREE_TEXT_FIELDS.waiverReason, { required: true }),
      }),
    }),
    verb({
      verb: 'prelim',
      pt: [],
      args: '{code}',
      summary: 'admissions.help.prelim',
      permission: 'hr',
      parse: (r) => ({ command: 'admissions', verb: 'prelim', code: r.arg('code', keyArg) }),
    }),
    verb({ verb: 'help', pt: ['ajuda'], args: '', summary: 'stock.help.help', permission: 'read', parse: () => ({ command: 'admissions', verb: 'help' }) }),
  ],
};
