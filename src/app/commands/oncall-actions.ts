import type { Actor } from '../../domain/actor.js';
import type { OncallAction } from '../../domain/commands/oncall-command.js';
import { addOverride } from '../../domain/oncall/add-override.js';
import { setRotation } from '../../domain/oncall/set-rotation.js';
import { whoIsOnCall } from '../../domain/oncall/who-is-on-call.js';
import type { Reply } from '../../slack/blocks/reply.js';
import { renderOnCallStatus, renderOverrideAdded, renderRotationSet } from '../../slack/blocks/replies/oncall-replies.js';
import type { Deps } from '../deps.js';

export async function runOncallAction(deps: Deps, actor: Actor, action: Exclude<OncallAction, { verb: 'help' }>): Promise<Reply> {
  const { db, i18n, config } = deps;
  const now = deps.clock.now();
  // Read after the change, at the same instant: the reply shows what the change leads to.
  const status = () => whoIsOnCall(db.prisma, now, config.timezone);
  switch (action.verb) {
    case 'who':
      return renderOnCallStatus(i18n, await status());
    case 'set': {
      const result = await setRotation({ db, i18n, now }, actor, action.userIds);
      return renderRotationSet(i18n, actor.userId, result, await status());
    }
    case 'override': {
      const override = await addOverride({ db, i18n, now }, actor, { userId: action.userId, durationMs: action.durationMs });
      return renderOverrideAdded(i18n, actor.userId, override, await status());
    }
  }
}
