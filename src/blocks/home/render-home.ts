// The App Home: the alerts a person can act on (each exactly as its channel message, buttons
// included, so a click works the same in both places), who is on call, the alerts paged to this
// person, and counts — paged, since a Home view holds at most 100 blocks.
//
// Layout:
//   header (count) · context (per-kind counts, updated at) · on-call section · divider
//   when something was paged to this person and is still unacknowledged: heading section, one
//   line per alert with its Acknowledge button, "and N more" context, divider
//   per kind on the page: heading section, then each alert's blocks followed by a divider
//   when there are several pages: context "page x of y" · actions [← Previous] [Next →]
import type { Button, HomeView } from '@slack/types';
import type { ActionableAlertsPage } from '../../domain/alerts/list-actionable-alerts.js';
import type { PagedAlerts } from '../../domain/alerts/list-paged-alerts.js';
import { KIND_ORDER } from '../../domain/kinds/index.js';
import type { OnCallStatus } from '../../domain/oncall/who-is-on-call.js';
import type { I18n } from '../../i18n/index.js';
import { ALERT_ACTIONS, encodeAlertButton, HOME_ACTIONS } from '../action-ids.js';
import { kindLabel } from '../alerts/alert-format.js';
import { alertLine } from '../alerts/alert-line.js';
import { renderAlertMessage } from '../alerts/render-alert.js';
import { actions, button, context, divider, header, LIMITS, section, type KnownBlock } from '../kit.js';
import { onCallSection } from '../replies/oncall-replies.js';

/**
 * Blocks one alert may take on the Home. renderAlertMessage uses at most 4 today (header, body,
 * context, buttons); one spare so that a richer alert message cannot push a page past the limit.
 * A test renders every alert fixture against this bound.
 */
export const ALERT_BLOCKS_MAX = 5;

/** Alerts paged to the person, one line each; the rest are counted. */
export const PAGED_SHOWN = 5;

/** header, counts, on-call, divider; the paged lines with their heading, count and divider; one heading per kind; page context and page buttons. */
const FRAME_BLOCKS = 4 + (PAGED_SHOWN + 3) + KIND_ORDER.length + 2;

/** Alerts per page: each costs its blocks plus a divider. (100 − 17) ÷ (5 + 1) → 13. */
export const HOME_PAGE_SIZE = Math.floor((LIMITS.viewBlocks - FRAME_BLOCKS) / (ALERT_BLOCKS_MAX + 1));

export interface HomeModel {
  alerts: ActionableAlertsPage;
  onCall: OnCallStatus;
  /** open alerts paged to this person (at most PAGED_SHOWN are shown) */
  paged: PagedAlerts;
  now: Date;
}

export function renderHome(i18n: I18n, model: HomeModel): HomeView {
  const { alerts, onCall, paged, now } = model;
  const needing = alerts.total > 0 ? alerts.total : paged.total;
  const blocks: KnownBlock[] = [
    header(needing > 0 ? i18n.plural('home.title', needing) : i18n.t('home.titleEmpty')),
    context(summaryLine(i18n, alerts, now)),
    onCallSection(i18n, onCall),
    divider(),
    ...pagedBlocks(i18n, paged),
  ];
  if (alerts.total === 0) {
    blocks.push(section(i18n.t('home.empty')));
  } else {
    blocks.push(...alertBlocks(i18n, alerts));
    blocks.push(...pagingBlocks(i18n, alerts));
  }
  return { type: 'home', blocks };
}

/** What was paged to this person: one line per alert with its Acknowledge button. */
function pagedBlocks(i18n: I18n, paged: PagedAlerts): KnownBlock[] {
  if (paged.total === 0) return [];
  const shown = paged.alerts.slice(0, PAGED_SHOWN);
  const blocks: KnownBlock[] = [section(i18n.t('home.paged', { count: paged.total }))];
  for (const { alert, level, at } of shown) {
    const line = `${alertLine(i18n, alert)}\n${i18n.t('home.pagedLine', { level, when: i18n.dateTime(at) })}`;
    const value = encodeAlertButton({ alertId: alert.id, version: alert.version });
    blocks.push(section(line, button(i18n.t('alert.button.acknowledge'), ALERT_ACTIONS.acknowledge, value, 'primary')));
  }
  const hidden = paged.total - shown.length;
  if (hidden > 0) blocks.push(context(i18n.plural('home.pagedMore', hidden)));
  blocks.push(divider());
  return blocks;
}

/** "Low stock: 2 · Overdue orders: 1 · updated 25/11/2026 12:00" — only kinds with alerts. */
function summaryLine(i18n: I18n, alerts: ActionableAlertsPage, now: Date): string {
  const counts = KIND_ORDER.filter((kind) => alerts.countsByKind[kind] > 0).map((kind) =>
    i18n.t('home.kindCount', { kind: kindLabel(i18n, kind), count: alerts.countsByKind[kind] }),
  );
  return [...counts, i18n.t('home.updated', { when: i18n.dateTime(now) })].join(' · ');
}

function alertBlocks(i18n: I18n, alerts: ActionableAlertsPage): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let kind: string | undefined;
  for (const alert of alerts.alerts) {
    if (alert.kind !== kind) {
      kind = alert.kind;
      blocks.push(section(i18n.t('home.group', { kind: kindLabel(i18n, alert.kind), count: alerts.countsByKind[alert.kind] })));
    }
    blocks.push(...renderAlertMessage(i18n, alert).blocks, divider());
  }
  return blocks;
}

/** Nothing when everything fits on one page; the buttons carry the page they lead to. */
function pagingBlocks(i18n: I18n, alerts: ActionableAlertsPage): KnownBlock[] {
  if (alerts.pages <= 1) return [];
  const from = alerts.page * alerts.pageSize + 1;
  const line = i18n.t('home.page', { page: alerts.page + 1, pages: alerts.pages, from, to: from + alerts.alerts.length - 1, total: alerts.total });
  const buttons: Button[] = [];
  if (alerts.page > 0) buttons.push(button(i18n.t('home.previous'), HOME_ACTIONS.previousPage, String(alerts.page - 1)));
  if (alerts.page < alerts.pages - 1) buttons.push(button(i18n.t('home.next'), HOME_ACTIONS.nextPage, String(alerts.page + 1), 'primary'));
  return [context(line), actions(buttons)];
}
