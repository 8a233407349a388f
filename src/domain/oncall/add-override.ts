// `/oncall override @user DURATION`: someone is on call from now for DURATION, whatever the
// rotation says; the latest override wins when several overlap (rotation-rule.ts).
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import type { OnCallOverrideView } from './rotation-rule.js';

/** Longer cover is a rotation change, not an override: past this, set the rotation instead. */
export const MAX_OVERRIDE_MS = 30 * 86_400_000;

export async function addOverride(
  deps: Pick<Deps, 'db' | 'i18n' | 'clock'>,
  actor: Actor,
  input: { userId: string; durationMs: number },
): Promise<OnCallOverrideView> {
  const { db, i18n } = deps;
  const now = deps.clock.now();
  // The command parser refuses this with the usage; this guards every other caller.
  if (!(input.durationMs > 0 && input.durationMs <= MAX_OVERRIDE_MS)) {
    throw new AppError('invalid_input', `override of ${input.durationMs} ms out of range`, { userMessage: i18n.t('oncall.override.tooLong') });
  }
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.onCallOverride.create({
      data: { userId: input.userId, startsAt: now, endsAt: new Date(now.getTime() + input.durationMs), createdBy: actor.userId, createdAt: now },
    });
    await recordAudit(tx, {
      actor: actor.userId,
      action: 'oncall.override',
      target: input.userId,
      outcome: 'ok',
      details: { overrideId: row.id, endsAt: row.endsAt.toISOString() },
      at: now,
    });
    return { id: row.id, userId: row.userId, startsAt: row.startsAt, endsAt: row.endsAt, createdBy: row.createdBy, createdAt: row.createdAt };
  });
}
