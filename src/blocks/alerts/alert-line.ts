import type { AlertView } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { viewOf } from '../kinds/index.js';
import { escapeClip } from '../kit.js';
import { alertEmoji, CLIP } from './alert-format.js';

/** One short line per alert for lists: ":red_circle: *#42* CAFE-500 Café torrado — 0 un (min 10)". */
export function alertLine(i18n: I18n, alert: AlertView, extra?: string): string {
  const view = viewOf(alert.details);
  const subject = escapeClip(alert.subject, CLIP.lineSubject);
  const name = escapeClip(view.name(alert.details), CLIP.lineName);
  const tail = extra ? ` · ${extra}` : '';
  return `${alertEmoji(alert)} *#${alert.id}* ${subject} ${name} — ${view.keyFigure(i18n, alert.details)}${tail}`;
}
