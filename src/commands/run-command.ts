// The one command router: parse → authorize → run the use case → render. Slack's slash-command
// listener and the local console both call runCommand, so they behave identically.
import { renderError } from '../blocks/replies/error-reply.js';
import { renderCommandHelp, renderOverviewHelp } from '../blocks/replies/help-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import { COMMANDS, parseCommand, type Action } from '../domain/commands/parse-command.js';
import type { Deps } from '../domain/deps.js';
import { authorize } from '../domain/permissions/authorize.js';
import { assertNever } from '../lib/assert-never.js';
import { toAppError } from '../lib/errors.js';
import { runAdmissionsAction } from './admissions-actions.js';
import { runAlertsAction } from './alerts-actions.js';
import { runHolidaysAction } from './holidays-actions.js';
import { runOncallAction } from './oncall-actions.js';
import { runOrdersAction } from './orders-actions.js';
import { runStockAction } from './stock-actions.js';

export interface CommandInput {
  /** `/stock`, or `help` for the overview */
  command: string;
  text: string;
  actor: Actor;
}

export async function runCommand(deps: Deps, input: CommandInput): Promise<Reply> {
  try {
    if (/^\/?help$/i.test(input.command.trim())) return renderOverviewHelp(deps.i18n, COMMANDS);
    const { action, spec, command } = parseCommand(deps.i18n, input.command, input.text);
    if (action.verb === 'help') return renderCommandHelp(deps.i18n, command);
    if (spec.permission !== 'read' && spec.permission !== 'alert-owner') {
      await authorize(deps, input.actor, spec.permission, `${action.command}.${action.verb}`);
    }
    return await execute(deps, input.actor, action);
  } catch (error) {
    // At the console the refusal is on the screen already: a log line would only repeat it.
    return reportError(deps, error, { command: input.command, user: input.actor.userId }, input.actor.local ? 'debug' : 'info');
  }
}

function execute(deps: Deps, actor: Actor, action: Exclude<Action, { verb: 'help' }>): Promise<Reply> {
  switch (action.command) {
    case 'stock':
      return runStockAction(deps, actor, action);
    case 'orders':
      return runOrdersAction(deps, actor, action);
    case 'admissions':
      return runAdmissionsAction(deps, actor, action);
    case 'alerts':
      return runAlertsAction(deps, actor, action);
    case 'oncall':
      return runOncallAction(deps, actor, action);
    case 'holidays':
      return runHolidaysAction(deps, actor, action);
    default:
      return assertNever(action, 'command');
  }
}

/** The single place where an unexpected error becomes a polite reply and a log line. */
export function reportError(deps: Pick<Deps, 'logger' | 'i18n'>, error: unknown, where: Record<string, unknown> = {}, refusalLevel: 'info' | 'debug' = 'info'): Reply {
  const appError = toAppError(error);
  if (appError.code === 'internal') deps.logger.error({ err: appError.cause ?? appError, ...where }, 'command failed');
  else if (appError.code === 'unavailable') deps.logger.warn({ reason: appError.message, ...where }, 'command failed: database unavailable');
  else deps.logger[refusalLevel]({ code: appError.code, reason: appError.message, ...where }, 'command refused');
  return renderError(deps.i18n, appError);
}
