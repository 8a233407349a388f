// The on-call hand-off: a one-line note for DIGEST_CHANNEL ("On call now: <@B> (until …), taking
// over from <@A>; 3 critical alerts open") and a DM to the incoming person listing the critical
// alerts not yet resolved, by ID, with the channel each one is in.
import type { AlertRecord } from '../../domain/alerts/alert-record.js';
import type { OnCallAssignment } from '../../domain/oncall/rotation-rule.js';
import type { HandoffAnnouncement } from '../../domain/oncall/handoff-runs.js';
import type { I18n } from '../../i18n/index.js';
import { actorName, byActor, statusLabel } from '../alerts/alert-format.js';
import { alertLine } from '../alerts/alert-line.js';
import type { AlertMessage } from '../alerts/render-alert.js';
import { context, header, LIMITS, section, sectionsFromLines, truncateChars, type KnownBlock } from '../kit.js';

/** The DM lists this many critical alerts; the rest are counted (`/alerts list` has them all). */
export const HANDOFF_DM_LISTED = 20;

const SLACK_CHANNEL = /^[CG][A-Z0-9]{2,}$/;

function person(i18n: I18n, assignment: OnCallAssignment): string {
  const name = actorName(i18n, assignment.userId);
  return assignment.source === 'override' ? `${name} ${i18n.t('oncall.viaOverride')}` : name;
}

function untilText(i18n: I18n, handoff: HandoffAnnouncement): string {
  return handoff.until ? i18n.t('handoff.until', { until: i18n.dateTime(handoff.until) }) : '';
}

/** Emoji codes and bold marks are noise in a notification's fallback text. */
function plain(mrkdwn: string): string {
  return truncateChars(mrkdwn.replace(/:[a-z0-9_+-]+: ?/g, '').replace(/\*/g, ''), LIMITS.messageText);
}

export function renderHandoffNote(i18n: I18n, handoff: HandoffAnnouncement): AlertMessage {
  const { total } = handoff.critical;
  const params = {
    user: person(i18n, handoff.to),
    until: untilText(i18n, handoff),
    critical: total > 0 ? i18n.plural('handoff.critical', total) : i18n.t('handoff.noCritical'),
  };
  const line = handoff.from ? i18n.t('handoff.note', { ...params, previous: person(i18n, handoff.from) }) : i18n.t('handoff.noteFirst', params);
  return { text: plain(line), blocks: [section(line)] };
}

export function renderHandoffDm(i18n: I18n, handoff: HandoffAnnouncement): AlertMessage {
  const { total, listed } = handoff.critical;
  const until = untilText(i18n, handoff);
  const intro = handoff.from ? i18n.t('handoff.dm.intro', { until, previous: person(i18n, handoff.from) }) : i18n.t('handoff.dm.introFirst', { until });
  const heading = total > 0 ? i18n.plural('handoff.dm.critical', total) : i18n.t('handoff.dm.noCritical');
  const shown = listed.slice(0, HANDOFF_DM_LISTED);
  const blocks: KnownBlock[] = [header(i18n.t('handoff.dm.title')), section(`${intro}\n${heading}`)];
  blocks.push(...sectionsFromLines(shown.map((alert) => criticalLine(i18n, alert))));
  if (total > shown.length) blocks.push(context(i18n.plural('handoff.dm.more', total - shown.length)));
  blocks.push(context(i18n.t('handoff.dm.hint')));
  return { text: plain(`${intro} ${heading}`), blocks };
}

/** ":red_circle: *#42* CAFE-500 Café — 0 un · acknowledged by <@U1> · in <#C0STOCK>" */
function criticalLine(i18n: I18n, record: AlertRecord): string {
  const { view } = record;
  const extra: string[] = [];
  if (view.status === 'acknowledged') extra.push(`${statusLabel(i18n, view.status)} ${byActor(i18n, view.acknowledgedBy)}`);
  else if (view.status !== 'open') extra.push(statusLabel(i18n, view.status));
  // Only a real channel ID makes a link; local mode's terminal "channels" do not.
  if (record.channel && SLACK_CHANNEL.test(record.channel)) extra.push(i18n.t('handoff.dm.in', { channel: `<#${record.channel}>` }));
  return alertLine(i18n, view, extra.length > 0 ? extra.join(' · ') : undefined);
}
