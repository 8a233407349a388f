// Who may change what (README.md, "Slash commands"): read-only verbs are open to everyone;
// changes need the team configured for that area (user IDs or user-group IDs) or ADMIN_USERS;
// an unset team means anyone in the workspace. The local console acts as an admin.
import type { Config } from '../../config.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';

export type Area = 'stock' | 'finance' | 'hr' | 'admin';

function principalsFor(teams: Config['teams'], area: Area): { list: readonly string[]; open: boolean } {
  if (area === 'admin') return { list: teams.admins, open: teams.admins.length === 0 };
  const team = teams[area];
  return { list: [...team, ...teams.admins], open: team.length === 0 };
}

export async function isAllowed(deps: Pick<Deps, 'config' | 'directory'>, actor: Actor, area: Area): Promise<boolean> {
  if (actor.local) return true;
  const { list, open } = principalsFor(deps.config.teams, area);
  if (open) return true;
  if (list.includes(actor.userId)) return true;
  for (const principal of list) {
    if (principal.startsWith('S') && (await deps.directory.membersOfGroup(principal)).includes(actor.userId)) return true;
  }
  return false;
}

/** Throws a `forbidden` AppError naming who can do it, after recording the refusal. */
export async function authorize(deps: Pick<Deps, 'config' | 'directory' | 'db' | 'i18n' | 'clock'>, actor: Actor, area: Area, action: string, target?: string): Promise<void> {
  if (await isAllowed(deps, actor, area)) return;
  await recordAudit(deps.db.prisma, { actor: actor.userId, action, target, outcome: 'refused', details: { area }, at: deps.clock.now() });
  throw new AppError('forbidden', `${actor.userId} may not ${action}`, { userMessage: refusalMessage(deps, area) });
}

/** "You are not allowed to change stock. Ask <@U…>." — what a refused person is told. */
export function refusalMessage(deps: Pick<Deps, 'config' | 'i18n'>, area: Area): string {
  const { list } = principalsFor(deps.config.teams, area);
  const who = list.map((p) => (p.startsWith('S') ? `<!subteam^${p}>` : `<@${p}>`)).join(', ');
  return deps.i18n.t('permission.refused', { area: deps.i18n.t(`permission.area.${area}`), who });
}
