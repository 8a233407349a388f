// The daily digest as Block Kit: one message that stays within Slack's limits however large the
// data (a few worst alerts per team, a few currencies and hires; everything else counted), and,
// when posted to a channel, thread replies with the rest of what was loaded.
import type { Severity } from '../../domain/alerts/alert-types.js';
import type { OverdueBand } from '../../lib/collections-schedule.js';
import type { CurrencyOverdue, Digest, ResolvedSummary, TeamDigest } from '../../domain/digest/digest-types.js';
import type { I18n } from '../../i18n/index.js';
import { actorName, CLIP, money, SEVERITY_EMOJI } from '../alerts/alert-format.js';
import { alertLine } from '../alerts/alert-line.js';
import { context, escapeClip, header, LIMITS, section, sectionsFromLines, truncate, type KnownBlock } from '../kit.js';
import type { Reply } from '../reply.js';
import { trendSuffix } from './sparkline.js';

/** What the main message shows; the rest goes to the thread (posted) or is counted (on demand). */
export const SHOWN = { worstPerTeam: 3, currencies: 3, hires: 5, resolvers: 5, debtors: 3 } as const;

const SEVERITIES_WORST_FIRST: readonly Severity[] = ['critical', 'warning', 'info'];

export interface DigestMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface RenderedDigest {
  main: DigestMessage;
  /** replies in the main message's thread, in order (none when not threaded) */
  thread: DigestMessage[];
}

/** `threaded`: the digest is posted to a channel and can have a thread; otherwise the rest is only counted. */
export function renderDigest(i18n: I18n, digest: Digest, options: { threaded: boolean }): RenderedDigest {
  const { threaded } = options;
  const title = i18n.t('digest.title', { date: i18n.date(digest.today) });
  const risk = riskLines(i18n, digest, threaded);
  const failed = digest.failedMessages > 0 ? [i18n.plural('alerts.digest.failed', digest.failedMessages)] : [];

  const blocks: KnownBlock[] = [header(title)];
  let summary: string[];
  if (digest.nothingOpen) {
    // One line says it; changes since the last digest (all resolved by now) follow, if any.
    const changes = digest.teams.filter((t) => t.opened > 0 || t.resolved.total > 0).map((t) => `${teamName(i18n, t)}: ${changesLine(i18n, digest, t)}`);
    summary = [i18n.t('digest.nothingOpen')];
    blocks.push(section([...summary, ...changes].join('\n')));
  } else {
    summary = digest.teams.map((team) => teamHeadline(i18n, team));
    blocks.push(...digest.teams.map((team, i) => section([summary[i]!, ...teamDetails(i18n, digest, team, threaded)].join('\n'))));
  }
  if (risk.main.length > 0) blocks.push(...sectionsFromLines(risk.main));
  if (risk.counted.length > 0) blocks.push(context(...risk.counted));
  blocks.push(...failed.map((line) => section(line)));
  blocks.push(context(i18n.t('digest.footer', { when: i18n.dateTime(digest.at) })));

  const text = truncate([title, ...summary, ...risk.headlines, ...failed].join('\n'), LIMITS.messageText);
  return { main: { text, blocks }, thread: threaded ? threadMessages(i18n, digest) : [] };
}

/** `/alerts digest`: the same message, only for the person who asked (no thread: the rest is counted). */
export function renderDigestReply(i18n: I18n, digest: Digest): Reply {
  return { ...renderDigest(i18n, digest, { threaded: false }).main, visibility: 'ephemeral' };
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A duration in its largest whole unit: "3 days", "5 hours", "12 minutes". */
export function ageText(i18n: I18n, ms: number): string {
  if (ms >= DAY_MS) return i18n.plural('alerts.age.days', Math.floor(ms / DAY_MS));
  if (ms >= HOUR_MS) return i18n.plural('alerts.age.hours', Math.floor(ms / HOUR_MS));
  return i18n.plural('alerts.age.minutes', Math.floor(ms / MINUTE_MS));
}

function teamName(i18n: I18n, team: TeamDigest): string {
  return `*${i18n.t(`alerts.team.${team.kind}`)}*`;
}

/** "*Stock* — 3 open · :red_circle: 1 Critical · 2 Warning · 1 acknowledged · 0 snoozed `▁▃▅`" */
function teamHeadline(i18n: I18n, team: TeamDigest): string {
  const name = i18n.t(`alerts.team.${team.kind}`);
  const trend = trendSuffix(team.trend);
  if (team.open === 0) return `${i18n.t('alerts.digest.team', { team: name, summary: i18n.t('alerts.digest.none') })}${trend}`;
  const parts = [
    i18n.plural('alerts.digest.open', team.open),
    ...SEVERITIES_WORST_FIRST.filter((s) => team.bySeverity[s] > 0).map((s) => `${SEVERITY_EMOJI[s]} ${i18n.number(team.bySeverity[s])} ${i18n.t(`alert.severity.${s}`)}`),
    i18n.plural('alerts.digest.acknowledged', team.acknowledged),
    i18n.plural('alerts.digest.snoozed', team.snoozed),
  ];
  return `${i18n.t('alerts.digest.team', { team: name, summary: parts.join(' · ') })}${trend}`;
}

function teamDetails(i18n: I18n, digest: Digest, team: TeamDigest, threaded: boolean): string[] {
  const lines: string[] = [];
  if (team.open > 0) {
    lines.push(i18n.t('digest.ages', { day: team.byAge.day, week: team.byAge.week, older: team.byAge.older }));
    lines.push(...team.worst.slice(0, SHOWN.worstPerTeam).map((alert) => worstLine(i18n, digest, alert)));
    const rest = team.open - Math.min(team.worst.length, SHOWN.worstPerTeam);
    if (rest > 0) lines.push(threaded ? i18n.plural('digest.moreInThread', rest) : i18n.plural('digest.more', rest));
  }
  if (team.opened > 0 || team.resolved.total > 0) lines.push(changesLine(i18n, digest, team));
  if (team.medianAckMs !== null || team.medianResolveMs !== null) {
    const median = (ms: number | null) => (ms === null ? i18n.t('digest.medianNone') : ageText(i18n, ms));
    lines.push(i18n.t('digest.medians', { ack: median(team.medianAckMs), resolve: median(team.medianResolveMs) }));
  }
  return lines;
}

function worstLine(i18n: I18n, digest: Digest, alert: TeamDigest['worst'][number]): string {
  return alertLine(i18n, alert, i18n.t('digest.worstAge', { age: ageText(i18n, Math.max(0, digest.at.getTime() - alert.openedAt.getTime())) }));
}

/** "Since the last digest: 2 new · 3 resolved — <@U1>: 2 · fixed itself: 1" */
function changesLine(i18n: I18n, digest: Digest, team: TeamDigest): string {
  const params = { opened: i18n.plural('digest.opened', team.opened), resolved: i18n.plural('digest.resolved', team.resolved.total) };
  const line = digest.previousAt ? i18n.t('digest.changes', params) : i18n.t('digest.changesFirst', params);
  const who = resolvers(i18n, team.resolved);
  return who.length > 0 ? `${line} — ${who.join(' · ')}` : line;
}

function resolvers(i18n: I18n, resolved: ResolvedSummary): string[] {
  const shown = resolved.byPerson.slice(0, SHOWN.resolvers);
  const others = resolved.byPerson.slice(SHOWN.resolvers).reduce((sum, p) => sum + p.count, 0);
  return [
    ...shown.map((p) => i18n.t('digest.resolvedBy', { who: actorName(i18n, p.actor), count: p.count })),
    ...(others > 0 ? [i18n.t('digest.othersResolved', { count: others })] : []),
    ...(resolved.fixedItself > 0 ? [i18n.t('digest.fixedItself', { count: resolved.fixedItself })] : []),
  ];
}

interface RiskLines {
  main: string[];
  /** one line per figure, for the message's fallback text */
  headlines: string[];
  /** what the message leaves out */
  counted: string[];
}

/** Stock, money and hires at risk; empty when there is none. */
function riskLines(i18n: I18n, digest: Digest, threaded: boolean): RiskLines {
  const { stock, overdue, hires } = digest;
  if (stock.atZero === 0 && stock.atOrBelowMinimum === 0 && overdue.length === 0 && hires.total === 0) return { main: [], headlines: [], counted: [] };
  const headlines = [i18n.t('digest.stock', { zero: stock.atZero, zeroTrend: trendSuffix(stock.trendZero), low: stock.atOrBelowMinimum, lowTrend: trendSuffix(stock.trendLow) })];
  const main = [i18n.t('alerts.digest.risk'), headlines[0]!];
  if (overdue.length === 0) main.push(i18n.t('digest.overdueNone'));
  for (const currency of overdue.slice(0, SHOWN.currencies)) {
    const [headline, ...rest] = currencyLines(i18n, currency, threaded);
    headlines.push(headline!);
    main.push(headline!, ...rest);
  }
  const hiresLine = i18n.t('digest.hires', { count: hires.total, trend: trendSuffix(hires.trend) });
  headlines.push(hiresLine);
  main.push(hiresLine);
  main.push(...hires.list.slice(0, SHOWN.hires).map((hire) => hireLine(i18n, hire)));
  const moreHires = hires.total - Math.min(hires.list.length, SHOWN.hires);
  if (moreHires > 0) main.push(threaded ? i18n.plural('digest.moreInThread', moreHires) : i18n.plural('digest.more', moreHires));
  const moreCurrencies = overdue.length - SHOWN.currencies;
  const counted = moreCurrencies > 0 ? [i18n.plural('digest.moreCurrencies', moreCurrencies)] : [];
  return { main, headlines, counted };
}

/** `listedInThread`: its customers are all listed in the thread (the currencies the message shows). */
function currencyLines(i18n: I18n, currency: CurrencyOverdue, listedInThread: boolean): string[] {
  const amount = (value: string) => money(i18n, value, currency.currency);
  const lines = [
    i18n.t('digest.overdue', { amount: amount(currency.amount), orders: i18n.plural('alerts.digest.orders', currency.orders), trend: trendSuffix(currency.trend) }),
    `    ${currency.buckets.map((b) => bandLine(i18n, b.band, amount(b.amount))).join(' · ')}`,
  ];
  if (currency.debtors.length > 0) {
    const list = currency.debtors.slice(0, SHOWN.debtors).map((d) => i18n.t('digest.debtor', { customer: escapeClip(d.customer, CLIP.lineName), amount: amount(d.amount) })).join(' · ');
    lines.push(`    ${i18n.t('digest.debtors', { list })}`);
  }
  const moreCustomers = currency.customers - Math.min(currency.debtors.length, SHOWN.debtors);
  if (listedInThread && moreCustomers > 0) lines.push(`    ${i18n.plural('digest.moreCustomers', moreCustomers)}`);
  return lines;
}

/** "1–6 days", "7 days" (a one-day band) or "90+ days", with the amount. */
function bandLine(i18n: I18n, band: OverdueBand, amount: string): string {
  if (band.to === null) return i18n.t('digest.band.over', { from: band.from, amount });
  if (band.to === band.from) return i18n.plural('digest.band.day', band.from, { amount });
  return i18n.t('digest.band.range', { from: band.from, to: band.to, amount });
}

/** Every customer owing in a currency (as many as were loaded), when the message shows only the top ones. */
function customerLines(i18n: I18n, currency: CurrencyOverdue): string[] {
  const lines = currency.debtors.map((d) =>
    i18n.t('digest.customer', { customer: escapeClip(d.customer, CLIP.lineName), amount: money(i18n, d.amount, currency.currency), orders: i18n.plural('alerts.digest.orders', d.orders) }),
  );
  const uncounted = currency.customers - currency.debtors.length;
  return uncounted > 0 ? [...lines, i18n.plural('digest.more', uncounted)] : lines;
}

function hireLine(i18n: I18n, hire: Digest['hires']['list'][number]): string {
  return i18n.t('digest.hire', {
    name: escapeClip(hire.name, CLIP.lineName),
    code: escapeClip(hire.code, CLIP.lineSubject),
    date: i18n.date(hire.startDate),
    missing: i18n.plural('digest.hire.missing', hire.missing),
  });
}

/** The rest of what was loaded, one reply per part; each one far below 50 blocks. */
function threadMessages(i18n: I18n, digest: Digest): DigestMessage[] {
  const messages: DigestMessage[] = [];
  const reply = (heading: string, lines: string[]) => {
    messages.push({ text: truncate([heading, ...lines].join('\n'), LIMITS.messageText), blocks: sectionsFromLines([heading, ...lines]) });
  };
  for (const team of digest.teams) {
    const rest = team.worst.slice(SHOWN.worstPerTeam);
    if (rest.length === 0) continue;
    const uncounted = team.open - team.worst.length;
    reply(i18n.t('digest.thread.team', { team: i18n.t(`alerts.team.${team.kind}`) }), [
      ...rest.map((alert) => worstLine(i18n, digest, alert)),
      ...(uncounted > 0 ? [i18n.plural('digest.more', uncounted)] : []),
    ]);
  }
  const currencies = digest.overdue.slice(SHOWN.currencies);
  if (currencies.length > 0) reply(i18n.t('digest.thread.currencies'), currencies.flatMap((c) => currencyLines(i18n, c, false)));
  // One reply for the customers of the currencies the message shows (the others' top ones are above).
  const byCustomer = digest.overdue.slice(0, SHOWN.currencies).filter((c) => c.customers > SHOWN.debtors);
  if (byCustomer.length > 0) {
    reply(i18n.t('digest.thread.customers'), byCustomer.flatMap((c) => [i18n.t('digest.thread.customersIn', { currency: c.currency }), ...customerLines(i18n, c)]));
  }
  const hires = digest.hires.list.slice(SHOWN.hires);
  if (hires.length > 0) {
    const uncounted = digest.hires.total - digest.hires.list.length;
    reply(i18n.t('digest.thread.hires'), [...hires.map((h) => hireLine(i18n, h)), ...(uncounted > 0 ? [i18n.plural('digest.more', uncounted)] : [])]);
  }
  return messages;
}
