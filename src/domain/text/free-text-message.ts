// The refusal of checkFreeText in the bot's language, naming the field: the same words for a
// command argument (`note`) and a modal input (its label).
import type { I18n } from '../../i18n/index.js';
import { codePointLabel, type FreeTextFailure } from '../../lib/text/check-free-text.js';

export function freeTextMessage(i18n: I18n, field: string, failure: FreeTextFailure): string {
  if (failure.problem === 'tooLong') return i18n.t('freeText.tooLong', { field, max: failure.max, length: failure.length });
  return i18n.t(`freeText.${failure.problem}`, { field, char: codePointLabel(failure.codePoint), position: failure.position });
}
