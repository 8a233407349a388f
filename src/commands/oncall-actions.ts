import { renderOnCallStatus, renderOverrideAdded, renderRotationSet } from '../blocks/replies/oncall-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import type { OncallAction } from '../domain/commands/oncall-command.js';
import type { Deps } from '../domain/deps.js';
import { addOverride } from '../domain/oncall/add-override.js';
import { setRotation } from '../domain/oncall/set-rotation.js';
import { whoIsOnCall } from '../domain/oncall/who-is-on-call.js';
import { assertNever } from '../lib/assert-never.js';
import { clockAt } from '../lib/clock.js';

export async function runOncallAction(deps: Deps, actor: Actor, action: Exclude<OncallAction, { verb: 'help' }>): Promise<Reply> {
  const { i18n } = deps;
  // The change and the status read after it see one instant: the reply shows what the change leads to.
  const at = { ...deps, clock: clockAt(deps.clock.now()) };
  const status = () => whoIsOnCall(at);
  switch (action.verb) {
    case 'who':
      return renderOnCallStatus(i18n, await status());
    case 'set': {
      const result = await setRotation(at, actor, action.userIds);
      return renderRotationSet(i18n, actor.userId, result, await status());
    }
    case 'override': {
      const override = await addOverride(at, actor, { userId: action.userId, durationMs: action.durationMs });
      return renderOverrideAdded(i18n, actor.userId, override, await status());
    }
    default:
      return assertNever(action, 'verb');
  }
}
