// `/oncall set @a @b …`: the ordered rotation, replacing the previous one as a whole. The rule it
// feeds is in rotation-rule.ts (weekly hand-off, Monday 09:00, position 0 on call this week).
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';

/** A year of weekly shifts; also keeps the rotation readable in one Slack section. */
export const MAX_ROTATION = 52;

// Arbitrary but fixed, like the other advisory locks (migrations, reconciler kinds).
const ROTATION_LOCK = 72_707_310;

export interface RotationSet {
  rotation: string[];
  previous: string[];
  setAt: Date;
}

/** Why a list of user IDs cannot be a rotation, or undefined when it can. */
export function rotationProblem(userIds: readonly string[]): 'empty' | 'duplicate' | 'tooMany' | undefined {
  if (userIds.length === 0) return 'empty';
  if (userIds.length > MAX_ROTATION) return 'tooMany';
  if (new Set(userIds).size !== userIds.length) return 'duplicate';
  return undefined;
}

export async function setRotation(deps: Pick<Deps, 'db' | 'i18n' | 'clock'>, actor: Actor, userIds: readonly string[]): Promise<RotationSet> {
  const { db, i18n } = deps;
  const now = deps.clock.now();
  // The command parser refuses these with the usage; this guards every other caller.
  const problem = rotationProblem(userIds);
  if (problem) throw new AppError('invalid_input', `invalid rotation (${problem})`, { userMessage: i18n.t('oncall.set.invalid', { max: MAX_ROTATION }) });

  return db.prisma.$transaction(async (tx) => {
    // Two admins setting the rotation at once: without the lock both would delete the old rows
    // and the second insert would hit the first one's positions. Now the later one simply wins.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock($1)`, ROTATION_LOCK);
    const previous = (await tx.onCallMember.findMany({ orderBy: { position: 'asc' } })).map((m) => m.userId);
    await tx.onCallMember.deleteMany({});
    // createdAt is the clock's now, not the database default: it anchors the rotation (tests use a fake clock).
    await tx.onCallMember.createMany({ data: userIds.map((userId, position) => ({ position, userId, createdBy: actor.userId, createdAt: now })) });
    await recordAudit(tx, { actor: actor.userId, action: 'oncall.set', outcome: 'ok', details: { previous, rotation: [...userIds] }, at: now });
    return { rotation: [...userIds], previous, setAt: now };
  });
}
