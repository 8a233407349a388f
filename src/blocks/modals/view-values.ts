// Reading a submitted modal's state: pure functions over Slack's view.state.values, next to the
// builders that name the blocks and actions they read. A FieldError goes back to the modal on the
// input with that block_id (the listener turns it into response_action "errors").
import type { ViewSubmitAction } from '@slack/bolt';
import { freeTextMessage } from '../../domain/text/free-text-message.js';
import type { I18n } from '../../i18n/index.js';
import { checkFreeText, type FreeTextRule } from '../../lib/text/check-free-text.js';

/** A field problem to show under the input with this block_id. */
export class FieldError extends Error {
  constructor(
    readonly blockId: string,
    message: string,
  ) {
    super(message);
  }
}

/** The submitted values of a modal, by block_id then action_id. */
export type ViewValues = ViewSubmitAction['view']['state']['values'];

export function textValue(values: ViewValues, blockId: string, actionId: string): string {
  return (values[blockId]?.[actionId]?.value ?? '').trim();
}

/**
 * A free-text input (a note, a reason, a reference) read through the one free-text rule, as its
 * slash-command twin is: a refused character or an over-long text goes back to the field, the
 * message naming it by its label. '' when left empty.
 */
export function freeTextValue(i18n: I18n, values: ViewValues, field: { block: string; action: string }, label: string, rule: FreeTextRule): string {
  const checked = checkFreeText(values[field.block]?.[field.action]?.value ?? '', rule);
  if (!checked.ok) throw new FieldError(field.block, freeTextMessage(i18n, label, checked));
  return checked.value;
}

export function selectedValue(values: ViewValues, blockId: string, actionId: string): string | undefined {
  return values[blockId]?.[actionId]?.selected_option?.value ?? undefined;
}

export function selectedValues(values: ViewValues, blockId: string, actionId: string): string[] {
  return (values[blockId]?.[actionId]?.selected_options ?? []).map((o) => o.value);
}

export function dateValue(values: ViewValues, blockId: string, actionId: string): string | undefined {
  return values[blockId]?.[actionId]?.selected_date ?? undefined;
}
