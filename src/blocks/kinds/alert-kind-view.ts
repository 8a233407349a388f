// What people see of one alert kind, in one place: its title and figures, the body of its channel
// message, its thread-note sentences and the buttons that fix its cause. The generic renderers in
// src/blocks/alerts lay these out; see docs/recipes/add-an-alert-kind.md.
//
// LGPD: a view reads only the known fields of its details, one by one. Anything else a details
// object might carry (document numbers, health data) is never looked at.
import type { AlertDetails } from '../../domain/alerts/alert-types.js';
import type { I18n, MessageKey } from '../../i18n/index.js';
import type { AlertActionId } from '../action-ids.js';

/** A button that fixes an alert's cause; its listener lives in src/slack/listeners/actions/subject-buttons.ts. */
export interface FixButton {
  label: MessageKey;
  actionId: AlertActionId;
  style?: 'primary';
}

export interface AlertKindView<D extends AlertDetails = AlertDetails> {
  /** the title with raw (unescaped) data: the caller escapes the whole string once */
  title(i18n: I18n, d: D): string;
  /** the raw one-line summary of a notification, after `title` */
  summary(i18n: I18n, d: D, title: string): string;
  /** who or what it is about besides its subject (product, customer, person), raw */
  name(d: D): string;
  /** the one number that matters, as escaped mrkdwn: "2 un (min 10)" */
  keyFigure(i18n: I18n, d: D): string;
  /** the body of the channel message, one escaped mrkdwn line each */
  bodyLines(i18n: I18n, d: D, resolved: boolean): string[];
  /** why the bot resolved it when the domain left no note, escaped; null: nothing to add */
  autoReason(i18n: I18n, d: D): string | null;
  /** the first sentence of a "worsened" note; `previous`: the details before, when of this kind */
  worsened(i18n: I18n, d: D, previous: D | undefined, severity: string): string;
  /** the first sentence of a "woke" note; undefined: the generic one */
  woke(i18n: I18n, d: D): string | undefined;
  /** shown before Acknowledge, Snooze and Resolve, the primary one first */
  fixButtons: readonly FixButton[];
}
