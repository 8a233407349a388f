// `/holidays` replies: a year's national and configured holidays, one line each.
import type { I18n } from '../../i18n/index.js';
import type { Holiday } from '../../lib/time/holidays.js';
import { context, escapeClip, header, sectionsFromLines } from '../kit.js';
import type { Reply } from '../reply.js';

/** A configured name is the operator's text: one line, escaped, short. */
const NAME_MAX = 100;

function holidayName(i18n: I18n, holiday: Holiday): string {
  if (holiday.source === 'national') return i18n.t(`holiday.${holiday.id}`);
  return holiday.name === null ? i18n.t('holidays.configuredName') : escapeClip(holiday.name, NAME_MAX);
}

/** The weekday of a calendar date, in the bot's language ("sexta-feira", "Friday"). */
function weekday(i18n: I18n, date: string): string {
  return new Intl.DateTimeFormat(i18n.locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export function renderHolidayList(i18n: I18n, year: number, holidays: readonly Holiday[]): Reply {
  const title = i18n.t('holidays.list.title', { year: String(year) });
  const lines = holidays.map((h) =>
    i18n.t('holidays.list.line', {
      date: i18n.date(h.date),
      weekday: weekday(i18n, h.date),
      name: holidayName(i18n, h),
      source: i18n.t(`holidays.source.${h.source}`),
    }),
  );
  return {
    text: `${title}: ${holidays.length}`,
    blocks: [header(title), ...sectionsFromLines(lines), context(i18n.t('holidays.list.footer'))],
    visibility: 'ephemeral',
  };
}
