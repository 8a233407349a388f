// `/oncall` replies, and the on-call summary that the App Home shows too (one section block, so
// the Home's block budget can count on it).
import type { SectionBlock } from '@slack/types';
import type { OnCallOverrideView } from '../../domain/oncall/rotation-rule.js';
import type { RotationSet } from '../../domain/oncall/set-rotation.js';
import type { OnCallStatus } from '../../domain/oncall/who-is-on-call.js';
import type { I18n } from '../../i18n/index.js';
import { actorName, actorSubject, byActor } from '../alerts/alert-format.js';
import { context, header, section, type KnownBlock } from '../kit.js';
import type { Reply } from '../reply.js';

/** More than this many overlapping overrides is unusual; the rest are counted, not listed. */
const OVERRIDES_SHOWN = 5;

/** The lines of the on-call summary: who now and until when, who next, active overrides. */
function onCallLines(i18n: I18n, status: OnCallStatus): string[] {
  const { current, until, next } = status;
  if (!current) return [i18n.t('oncall.nobody')];
  const user = actorName(i18n, current.userId);
  let now = until ? i18n.t('oncall.now', { user, until: i18n.dateTime(until) }) : i18n.t('oncall.nowOpenEnded', { user });
  if (current.source === 'override') now += ` ${i18n.t('oncall.viaOverride')}`;
  const lines = [now];
  if (next && until) {
    let line = i18n.t('oncall.next', { user: actorName(i18n, next.userId), from: i18n.dateTime(until) });
    if (next.source === 'override') line += ` ${i18n.t('oncall.viaOverride')}`;
    lines.push(line);
  }
  if (status.activeOverrides.length > 0) {
    lines.push(i18n.t('oncall.overrides'));
    for (const o of status.activeOverrides.slice(0, OVERRIDES_SHOWN)) lines.push(`• ${overrideLine(i18n, o)}`);
    const hidden = status.activeOverrides.length - OVERRIDES_SHOWN;
    if (hidden > 0) lines.push(i18n.plural('oncall.overridesMore', hidden));
  }
  return lines;
}

function overrideLine(i18n: I18n, o: OnCallOverrideView): string {
  return i18n.t('oncall.overrideLine', { user: actorName(i18n, o.userId), until: i18n.dateTime(o.endsAt), by: byActor(i18n, o.createdBy) });
}

/** Exactly one block. */
export function onCallSection(i18n: I18n, status: OnCallStatus): SectionBlock {
  return section(onCallLines(i18n, status).join('\n'));
}

function rotationLine(i18n: I18n, rotation: readonly string[]): string {
  if (rotation.length === 0) return i18n.t('oncall.noRotation');
  return i18n.t('oncall.rotation', { timezone: i18n.timezone, users: rotation.map((id) => actorName(i18n, id)).join(' → ') });
}

function statusBlocks(i18n: I18n, status: OnCallStatus): KnownBlock[] {
  return [header(i18n.t('oncall.title')), onCallSection(i18n, status), context(rotationLine(i18n, status.rotation))];
}

function reply(lines: string[], blocks: KnownBlock[]): Reply {
  return { text: lines.join('\n'), blocks, visibility: 'ephemeral' };
}

/** `/oncall who` */
export function renderOnCallStatus(i18n: I18n, status: OnCallStatus): Reply {
  return reply(onCallLines(i18n, status), statusBlocks(i18n, status));
}

/** `/oncall set`: what was set, then the resulting status. */
export function renderRotationSet(i18n: I18n, actorId: string, result: RotationSet, status: OnCallStatus): Reply {
  const done = i18n.t('oncall.set.done', { actor: actorSubject(i18n, actorId), users: result.rotation.map((id) => actorName(i18n, id)).join(' → ') });
  return reply([done, ...onCallLines(i18n, status)], [section(`:white_check_mark: ${done}`), ...statusBlocks(i18n, status)]);
}

/** `/oncall override`: what was done, then the resulting status. */
export function renderOverrideAdded(i18n: I18n, actorId: string, override: OnCallOverrideView, status: OnCallStatus): Reply {
  const done = i18n.t('oncall.override.done', {
    actor: actorSubject(i18n, actorId),
    user: actorName(i18n, override.userId),
    until: i18n.dateTime(override.endsAt),
  });
  return reply([done, ...onCallLines(i18n, status)], [section(`:white_check_mark: ${done}`), ...statusBlocks(i18n, status)]);
}
