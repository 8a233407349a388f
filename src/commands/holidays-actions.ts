import { renderHolidayList } from '../blocks/replies/holidays-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import type { HolidaysAction } from '../domain/commands/holidays-command.js';
import type { Deps } from '../domain/deps.js';
import { assertNever } from '../lib/assert-never.js';
import { dateInZone } from '../lib/time/calendar.js';

export function runHolidaysAction(deps: Deps, _actor: Actor, action: Exclude<HolidaysAction, { verb: 'help' }>): Promise<Reply> {
  switch (action.verb) {
    case 'list': {
      const year = action.year ?? Number(dateInZone(deps.clock.now(), deps.config.timezone).slice(0, 4));
      return Promise.resolve(renderHolidayList(deps.i18n, year, deps.config.holidays.holidaysIn(year)));
    }
    default:
      return assertNever(action.verb, 'verb');
  }
}
