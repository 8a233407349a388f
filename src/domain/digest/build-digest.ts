// From query results to a digest: pure, so every figure can be checked without a database.
import type { AlertKind, Severity } from '../alerts/alert-types.js';
import { SYSTEM_ACTOR } from '../alerts/reconcile-alerts.js';
import { KIND_ORDER } from '../kinds/index.js';
import type { PastDigest } from './digest-runs.js';
import type { CurrencyOverdue, Digest, DigestFigures, ResolvedSummary, TeamDigest } from './digest-types.js';
import type { DigestData } from './load-digest-data.js';

export function buildDigest(data: DigestData, past: readonly PastDigest[]): Digest {
  const previous = past.at(-1);
  const teams = KIND_ORDER.map((kind) => teamDigest(data, kind, past));
  const overdue = data.overdueTotals.map((total): CurrencyOverdue => ({
    ...total,
    buckets: data.bands.flatMap((band, i) => data.overdueBuckets.filter((b) => b.currency === total.currency && b.band === i).map(({ amount, orders }) => ({ band, amount, orders }))),
    debtors: data.debtors.filter((d) => d.currency === total.currency).map(({ customer, amount, orders }) => ({ customer, amount, orders })),
    customers: data.debtors.find((d) => d.currency === total.currency)?.customers ?? 0,
    trend: [...past.map((p) => Number(p.figures.overdue[total.currency] ?? 0)), Number(total.amount)],
  }));
  const figures: DigestFigures = {
    open: Object.fromEntries(teams.map((t) => [t.kind, t.open])),
    stockAtZero: data.stock.atZero,
    stockAtOrBelowMinimum: data.stock.atOrBelowMinimum,
    overdue: Object.fromEntries(data.overdueTotals.map((t) => [t.currency, t.amount])),
    hiresMissingDocuments: data.hires.total,
  };
  return {
    at: data.at,
    today: data.today,
    previousAt: previous?.computedAt ?? null,
    since: data.since,
    teams,
    stock: {
      ...data.stock,
      trendZero: [...past.map((p) => p.figures.stockAtZero), data.stock.atZero],
      trendLow: [...past.map((p) => p.figures.stockAtOrBelowMinimum), data.stock.atOrBelowMinimum],
    },
    overdue,
    hires: { ...data.hires, trend: [...past.map((p) => p.figures.hiresMissingDocuments), data.hires.total] },
    failedMessages: data.failedMessages,
    figures,
    nothingOpen: teams.every((t) => t.open === 0),
  };
}

function teamDigest(data: DigestData, kind: AlertKind, past: readonly PastDigest[]): TeamDigest {
  const bySeverity: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
  const byAge = { day: 0, week: 0, older: 0 };
  let open = 0;
  let acknowledged = 0;
  let snoozed = 0;
  for (const row of data.open.filter((r) => r.kind === kind)) {
    open += row.n;
    bySeverity[row.severity] += row.n;
    byAge[row.age] += row.n;
    if (row.status === 'acknowledged') acknowledged += row.n;
    if (row.status === 'snoozed') snoozed += row.n;
  }
  const medians = data.medians.find((m) => m.kind === kind);
  return {
    kind,
    open,
    bySeverity,
    acknowledged,
    snoozed,
    byAge,
    worst: data.worst.get(kind) ?? [],
    opened: data.opened.find((o) => o.kind === kind)?.n ?? 0,
    resolved: resolvedSummary(data.resolved.filter((r) => r.kind === kind)),
    medianAckMs: medians?.ackMs ?? null,
    medianResolveMs: medians?.resolveMs ?? null,
    trend: [...past.map((p) => p.figures.open[kind] ?? 0), open],
  };
}

/** By person, most first (then by ID, for a stable order); the watchers' resolutions as "fixed itself". */
function resolvedSummary(rows: DigestData['resolved']): ResolvedSummary {
  let fixedItself = 0;
  const byPerson: ResolvedSummary['byPerson'] = [];
  for (const row of rows) {
    if (row.resolvedBy === null || row.resolvedBy === SYSTEM_ACTOR) fixedItself += row.n;
    else byPerson.push({ actor: row.resolvedBy, count: row.n });
  }
  byPerson.sort((a, b) => b.count - a.count || a.actor.localeCompare(b.actor));
  return { total: fixedItself + byPerson.reduce((sum, p) => sum + p.count, 0), byPerson, fixedItself };
}
