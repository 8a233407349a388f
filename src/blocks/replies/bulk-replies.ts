// The reply to a bulk acknowledge or snooze (`/alerts ack 12 13 15`, `/alerts snooze kind:stock 1d`,
// Acknowledge all / Snooze all): how many were changed, then one line per outcome — done, already
// acknowledged, already resolved, refused (and who to ask), unknown, failed — each with a count
// and its alert numbers, consecutive ones as ranges and capped, so it stays one small message
// however many alerts matched.
import type { AlertSelection } from '../../domain/alerts/alert-selection.js';
import type { BulkOutcome } from '../../domain/alerts/change-alerts-in-bulk.js';
import type { I18n, MessageKey } from '../../i18n/index.js';
import { CLIP, kindLabel, RESOLVED_EMOJI } from '../alerts/alert-format.js';
import { context, escapeClip, section, type KnownBlock } from '../kit.js';
import type { Reply } from '../reply.js';

/** Ranges or numbers shown per line before "…and N more": a line stays far below 3000 characters. */
export const BULK_IDS_SHOWN = 40;

export interface BulkReplyOptions {
  /** a snooze's end and reason */
  until?: Date;
  reason?: string;
}

export function renderBulkOutcome(i18n: I18n, outcome: BulkOutcome, options: BulkReplyOptions = {}): Reply {
  const what = describeSelection(i18n, outcome.selection);
  if (outcome.matched === 0) {
    const message = i18n.t('alerts.bulk.none', { what });
    return { text: message, blocks: [section(`:mag: ${message}`)], visibility: 'ephemeral' };
  }
  const until = options.until ? i18n.dateTime(options.until) : '';
  const summary = i18n.plural(`alerts.bulk.summary.${outcome.action}`, outcome.matched, { done: i18n.number(outcome.done.length), until });
  const lines: string[] = [];
  const add = (mark: string, label: MessageKey, ids: readonly number[], why?: string) => {
    if (ids.length === 0) return;
    const line = `${mark} ${i18n.t('alerts.bulk.line', { label: i18n.t(label), count: i18n.number(ids.length), ids: idList(i18n, ids) })}`;
    lines.push(why ? `${line} — ${why}` : line);
  };
  add(outcome.action === 'acknowledge' ? ':eyes:' : ':zzz:', `alerts.bulk.done.${outcome.action}`, outcome.done);
  add(':eyes:', 'alerts.bulk.already', outcome.already);
  add(RESOLVED_EMOJI, 'alerts.bulk.resolved', outcome.resolved);
  for (const refused of outcome.refused) add(':no_entry:', 'alerts.bulk.refused', refused.ids, refused.reason);
  add(':grey_question:', 'alerts.bulk.notFound', outcome.notFound);
  add(':x:', 'alerts.bulk.failed', outcome.failed);

  const notes = [i18n.t('alerts.bulk.selection', { what })];
  if (options.reason && outcome.done.length > 0) notes.push(i18n.t('alerts.done.reason', { note: escapeClip(options.reason, CLIP.note) }));
  const blocks: KnownBlock[] = [section(`*${summary}*\n${lines.join('\n')}`), context(...notes)];
  return { text: summary, blocks, visibility: 'ephemeral' };
}

/** "kind Low stock · customer “Bar do Zé”", or the alert numbers as typed. */
export function describeSelection(i18n: I18n, selection: AlertSelection): string {
  if ('ids' in selection) return idList(i18n, selection.ids);
  const { kinds, customer, groupId } = selection.filter;
  const parts: string[] = [];
  if (kinds) parts.push(i18n.t('alerts.bulk.filter.kind', { kinds: kinds.map((k) => kindLabel(i18n, k)).join(', ') }));
  if (customer !== undefined) parts.push(i18n.t('alerts.bulk.filter.customer', { name: escapeClip(customer, CLIP.lineSubject) }));
  if (groupId !== undefined) parts.push(i18n.t('alerts.bulk.filter.group', { id: String(groupId) }));
  return parts.join(' · ');
}

/** `#12–#15, #18, #20` — in ID order, consecutive numbers as one range, at most BULK_IDS_SHOWN pieces. */
export function idList(i18n: I18n, ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const pieces: { text: string; size: number }[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const size = j - i + 1;
    pieces.push({ text: size === 1 ? `#${sorted[i]}` : size === 2 ? `#${sorted[i]}, #${sorted[j]}` : `#${sorted[i]}–#${sorted[j]}`, size });
    i = j + 1;
  }
  const shown = pieces.slice(0, BULK_IDS_SHOWN);
  const hidden = pieces.slice(BULK_IDS_SHOWN).reduce((n, p) => n + p.size, 0);
  const list = shown.map((p) => p.text).join(', ');
  return hidden > 0 ? `${list} ${i18n.plural('alerts.bulk.more', hidden)}` : list;
}
