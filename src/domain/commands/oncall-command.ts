import { z } from 'zod';
import { MAX_OVERRIDE_MS } from '../oncall/add-override.js';
import { MAX_ROTATION } from '../oncall/set-rotation.js';
import { durationArg, userArg } from './arg-types.js';
import { verb, type CommandSpec } from './command-spec.js';

export type OncallAction =
  | { command: 'oncall'; verb: 'who' }
  | { command: 'oncall'; verb: 'set'; userIds: string[] }
  | { command: 'oncall'; verb: 'override'; userId: string; durationMs: number }
  | { command: 'oncall'; verb: 'help' };

/**
 * `@user` arguments of one rotation: each a mention, none twice, at most MAX_ROTATION. A fresh
 * schema per command line, because "twice" depends on the mentions read before; refusing here
 * (rather than in the use case) lets the reply name the offending mention and show the usage.
 */
function rotationMemberArg() {
  const seen = new Set<string>();
  return userArg.superRefine((id, ctx) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', message: 'oncall.arg.duplicate' });
    else if (seen.size >= MAX_ROTATION) ctx.addIssue({ code: 'custom', message: 'oncall.arg.tooMany' });
    seen.add(id);
  });
}

const overrideDurationArg: z.ZodType<number> = durationArg.refine((ms) => ms <= MAX_OVERRIDE_MS, { message: 'oncall.arg.overrideTooLong' });

export const oncallCommand: CommandSpec<OncallAction> = {
  name: 'oncall',
  summary: 'command.oncall.summary',
  verbs: [
    verb({ verb: 'who', pt: ['quem'], args: '', summary: 'oncall.help.who', permission: 'read', parse: () => ({ command: 'oncall', verb: 'who' }) }),
    verb({
      verb: 'set',
      pt: ['definir'],
      args: '@a @b …',
      summary: 'oncall.help.set',
      permission: 'admin',
      parse: (r) => ({ command: 'oncall', verb: 'set', userIds: r.many('user', rotationMemberArg(), { min: 1 }) }),
    }),
    verb({
      verb: 'override',
      pt: ['substituir'],
      args: '{user} {duration}',
      summary: 'oncall.help.override',
      permission: 'admin',
      parse: (r) => ({ command: 'oncall', verb: 'override', userId: r.arg('user', userArg), durationMs: r.arg('duration', overrideDurationArg) }),
    }),
    verb({ verb: 'help', pt: ['ajuda'], args: '', summary: 'oncall.help.help', permission: 'read', parse: () => ({ command: 'oncall', verb: 'help' }) }),
  ],
};
