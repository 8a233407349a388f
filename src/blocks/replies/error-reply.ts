import type { I18n } from '../../i18n/index.js';
import type { AppError } from '../../lib/errors.js';
import { section } from '../kit.js';
import type { Reply } from '../reply.js';

/** What went wrong, and — for bad input — the correct usage. Always ephemeral. */
export function renderError(i18n: I18n, error: AppError): Reply {
  // These two are about our side, not the person's input: the catalog words them, in their language.
  const message =
    error.code === 'internal' ? i18n.t('error.internal') : error.code === 'unavailable' ? i18n.t('error.unavailable') : error.userMessage;
  const usage = error.hint ? `${i18n.t('error.usage')}\n\`\`\`${error.hint}\`\`\`` : '';
  const blocks = [section(`:warning: ${message}`), ...(usage ? [section(usage)] : [])];
  return { text: [message, error.hint ? `${i18n.t('error.usage')} ${error.hint}` : ''].filter(Boolean).join('\n'), blocks, visibility: 'ephemeral' };
}
