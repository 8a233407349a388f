// Storm control: when one cycle opens too many alerts of one kind for one channel, the channel gets
// one grouped message (counts, the worst few, and Acknowledge all / Snooze all while something in it
// is not resolved), and the full list goes in its thread as a few long replies. Later cycles post
// what changed among the group's alerts in the same thread.
import type { AlertKind, AlertStatus, AlertView, Severity } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { assertNever } from '../../lib/assert-never.js';
import { GROUP_ACTIONS } from '../action-ids.js';
import { actions, button, context, escapeFit, header, LIMITS, section, truncateChars, type KnownBlock } from '../kit.js';
import { byActor, GROUP_EMOJI, kindLabel, RESOLVED_EMOJI, SEVERITY_EMOJI } from './alert-format.js';
import { alertLine } from './alert-line.js';
import type { AlertMessage } from './render-alert.js';

export interface AlertGroupView {
  id: number;
  kind: AlertKind;
  counts: {
    open: number;
    acknowledged: number;
    snoozed: number;
    resolved: number;
    bySeverity: Record<Severity, number>;
  };
  total: number;
  /** the most urgent alerts, worst first; at most 5 are shown */
  worst: AlertView[];
  openedAt: Date;
}

export type AlertChangeType = 'resolved' | 'worsened' | 'reopened' | 'acknowledged' | 'snoozed' | 'woke' | 'reminder' | 'acked-reminder';

export interface AlertChange {
  alert: AlertView;
  change: AlertChangeType;
}

export interface PackOptions {
  /** at most this many thread replies; the rest is summarised as "…and N more" */
  maxMessages: number;
}

export const GROUP_WORST_MAX = 5;
const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];
const STATUSES: AlertStatus[] = ['open', 'acknowledged', 'snoozed', 'resolved'];
const CHANGE_ORDER: AlertChangeType[] = ['reopened', 'worsened', 'woke', 'reminder', 'acked-reminder', 'resolved', 'acknowledged', 'snoozed'];
const CHANGE_EMOJI: Record<AlertChangeType, string> = {
  reopened: ':repeat:',
  worsened: ':chart_with_downwards_trend:',
  woke: ':alarm_clock:',
  resolved: RESOLVED_EMOJI,
  acknowledged: ':eyes:',
  snoozed: ':zzz:',
  reminder: ':bell:',
  'acked-reminder': ':hourglass:',
};

/** The grouped channel message: header, counts by severity and status, the worst few, a footer. */
export function renderAlertGroup(i18n: I18n, group: AlertGroupView): AlertMessage {
  const title = groupTitle(i18n, group.kind, group.total);
  const active = group.counts.open + group.counts.acknowledged + group.counts.snoozed;
  const severityParts = SEVERITIES.filter((s) => group.counts.bySeverity[s] > 0).map(
    (s) => `${SEVERITY_EMOJI[s]} ${i18n.t(`alert.group.severity.${s}`)}: *${i18n.number(group.counts.bySeverity[s])}*`,
  );
  const statusParts = STATUSES.filter((s) => group.counts[s] > 0).map((s) => `${i18n.t(`alert.group.status.${s}`)}: ${i18n.number(group.counts[s])}`);
  const countLines = [severityParts.join(' · '), statusParts.join(' · ')].filter(Boolean);
  if (active === 0) countLines.push(`${RESOLVED_EMOJI} ${i18n.t('alert.group.allResolved')}`);

  const blocks: KnownBlock[] = [header(escapeFit(`${active > 0 ? GROUP_EMOJI : RESOLVED_EMOJI} ${title}`, LIMITS.headerText))];
  if (countLines.length > 0) blocks.push(section(countLines.join('\n')));
  const worst = group.worst.slice(0, GROUP_WORST_MAX);
  if (worst.length > 0) blocks.push(section([i18n.t('alert.group.worst'), ...worst.map((a) => alertLine(i18n, a))].join('\n')));
  blocks.push(context(i18n.t('alert.group.footer', { id: String(group.id), when: i18n.dateTime(group.openedAt) })));
  // Acknowledge all while some are neither acknowledged nor resolved; Snooze all while any is not resolved.
  const value = String(group.id);
  const buttons = [
    ...(group.counts.open + group.counts.snoozed > 0 ? [button(i18n.t('alert.group.acknowledgeAll'), GROUP_ACTIONS.acknowledgeAll, value, 'primary')] : []),
    ...(active > 0 ? [button(i18n.t('alert.group.snoozeAll'), GROUP_ACTIONS.snoozeAll, value)] : []),
  ];
  if (buttons.length > 0) blocks.push(actions(buttons));

  const plainCounts = SEVERITIES.filter((s) => group.counts.bySeverity[s] > 0)
    .map((s) => `${i18n.t(`alert.group.severity.${s}`)} ${i18n.number(group.counts.bySeverity[s])}`)
    .join(', ');
  const text = escapeFit(plainCounts ? `${title}: ${plainCounts}` : title, 280);
  return { text, blocks };
}

export function groupTitle(i18n: I18n, kind: AlertKind, count: number): string {
  return i18n.plural(`alert.group.title.${kind}`, count);
}

/** The full list as thread replies: one line per alert, packed into as few messages as fit. */
export function renderAlertGroupList(i18n: I18n, kind: AlertKind, alerts: AlertView[], options: PackOptions): AlertMessage[] {
  return renderAlertGroupListLines(i18n, kind, alerts.map((alert) => alertLine(i18n, alert)), options);
}

/** The same from the alerts' lines (alertLine), for a list rendered a page of alerts at a time. */
export function renderAlertGroupListLines(i18n: I18n, kind: AlertKind, lines: readonly string[], options: PackOptions): AlertMessage[] {
  if (lines.length === 0) return [];
  const intro = i18n.t('alert.group.listIntro', { kind: kindLabel(i18n, kind), count: lines.length });
  const items: Item[] = lines.map((line) => ({ line, counts: true }));
  return packMessages(i18n, intro, items, options.maxMessages);
}

/** What changed this cycle among a group's alerts, grouped by change, as thread replies. */
export function renderAlertGroupChanges(i18n: I18n, kind: AlertKind, changes: AlertChange[], options: PackOptions): AlertMessage[] {
  if (changes.length === 0) return [];
  const items: Item[] = [];
  const summary: string[] = [];
  for (const type of CHANGE_ORDER) {
    const ofType = changes.filter((c) => c.change === type);
    if (ofType.length === 0) continue;
    const label = i18n.t(`alert.change.${type}`);
    summary.push(`${label}: ${i18n.number(ofType.length)}`);
    items.push({ line: `${CHANGE_EMOJI[type]} *${label} (${i18n.number(ofType.length)})*`, counts: false });
    for (const { alert } of ofType) items.push({ line: alertLine(i18n, alert, changeDetail(i18n, type, alert)), counts: true });
  }
  const intro = i18n.t('alert.group.changesIntro', { kind: kindLabel(i18n, kind), summary: summary.join(', ') });
  return packMessages(i18n, intro, items, options.maxMessages);
}

function changeDetail(i18n: I18n, type: AlertChangeType, alert: AlertView): string | undefined {
  switch (type) {
    case 'resolved':
      return byActor(i18n, alert.resolvedBy);
    case 'acknowledged':
    case 'acked-reminder':
      return byActor(i18n, alert.acknowledgedBy);
    case 'snoozed':
      return alert.snoozedUntil ? i18n.t('alert.change.until', { until: i18n.dateTime(alert.snoozedUntil) }) : undefined;
    case 'worsened':
    case 'reopened':
    case 'woke':
    case 'reminder':
      return undefined;
    default:
      return assertNever(type, 'alert change type');
  }
}

// ---------------------------------------------------------------------------------------------
// Packing lines into Block Kit messages

interface Item {
  /** escaped mrkdwn, one line */
  line: string;
  /** an alert line (counted in "…and N more"), not a heading */
  counts: boolean;
}

/** The first block of each reply is a context line (intro + part); the rest are sections. */
const SECTIONS_PER_MESSAGE = LIMITS.messageBlocks - 1;
/** Leaves room for the "\n" that joins lines and for the intro, well within 3000. */
const LINE_MAX = 1000;

function packMessages(i18n: I18n, intro: string, items: Item[], maxMessages: number): AlertMessage[] {
  const limit = Math.max(1, Math.floor(maxMessages));
  const lines = items.map((item) => ({ ...item, line: truncateChars(item.line, LINE_MAX) }));
  let packed = pack(lines.map((i) => i.line));
  if (packed.length > limit) {
    // Keep as many lines as fit in `limit` messages together with the closing "…and N more" line.
    let keep = packed.slice(0, limit).reduce((sum, message) => sum + message.reduce((n, lines) => n + lines.length, 0), 0);
    for (;;) {
      while (keep > 0 && lines[keep - 1]?.counts === false) keep -= 1; // no heading left without its lines
      const omitted = lines.slice(keep).filter((i) => i.counts).length;
      const candidate = [...lines.slice(0, keep).map((i) => i.line), i18n.plural('alert.group.more', omitted)];
      packed = pack(candidate);
      if (packed.length <= limit || keep === 0) break;
      keep -= 1;
    }
  }
  return packed.map((sections, index) => {
    const label = packed.length > 1 ? i18n.t('alert.group.part', { text: intro, part: index + 1, parts: packed.length }) : intro;
    return {
      text: escapeFit(label, 280),
      blocks: [context(label), ...sections.map((lines) => section(lines.join('\n')))],
    };
  });
}

/**
 * Greedy: lines into sections of at most 3000 characters, sections into messages of at most 49
 * sections. Returns messages → sections → lines.
 */
function pack(lines: string[]): string[][][] {
  const messages: string[][][] = [];
  let sections: string[][] = [];
  let current: string[] = [];
  let length = 0;
  const closeSection = () => {
    if (current.length === 0) return;
    if (sections.length === SECTIONS_PER_MESSAGE) {
      messages.push(sections);
      sections = [];
    }
    sections.push(current);
    current = [];
    length = 0;
  };
  for (const line of lines) {
    const added = current.length === 0 ? line.length : line.length + 1;
    if (current.length > 0 && length + added > LIMITS.sectionText) {
      closeSection();
      current.push(line);
      length = line.length;
    } else {
      current.push(line);
      length += added;
    }
  }
  closeSection();
  if (sections.length > 0) messages.push(sections);
  return messages;
}
