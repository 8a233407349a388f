// AlertView fixtures for every kind and status, for tests of anything that renders or handles
// alerts. Each builder takes overrides; `withStatus` moves an alert into a state the way the
// domain would (who, when, last activity, version bump).
import type {
  AlertActivity,
  AlertDetails,
  AlertKind,
  AlertStatus,
  AlertView,
  LowStockDetails,
  MissingDocumentsDetails,
  Severity,
  UnpaidOrderDetails,
} from '../../src/domain/alerts/alert-types.js';
import { KIND_ORDER } from '../../src/domain/kinds/index.js';

/** every kind, from the registry: a new kind gets the fixture-wide tests without touching them */
export const ALERT_KINDS: readonly AlertKind[] = KIND_ORDER;
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'snoozed', 'resolved'];

/** 2026-01-05 14:05 in São Paulo */
export const OPENED_AT = new Date('2026-01-05T17:05:00.000Z');
export const ACTOR = 'U0CLERK01';

export function lowStockDetails(overrides: Partial<LowStockDetails> = {}): LowStockDetails {
  return {
    kind: 'low_stock',
    sku: 'CAFE-500',
    name: 'Café torrado 500 g',
    unit: 'un',
    stock: 2,
    minStock: 10,
    reorderQty: 40,
    dailyUsage: 0.7,
    daysOfCover: 3,
    predicted: false,
    ...overrides,
  };
}

export function unpaidOrderDetails(overrides: Partial<UnpaidOrderDetails> = {}): UnpaidOrderDetails {
  return {
    kind: 'unpaid_order',
    number: 'PED-1001',
    customer: 'Padaria Pão Quente Ltda',
    total: '1234.56',
    currency: 'BRL',
    dueDate: '2026-01-05',
    daysOverdue: 12,
    promisedDate: null,
    ...overrides,
  };
}

export function missingDocumentsDetails(overrides: Partial<MissingDocumentsDetails> = {}): MissingDocumentsDetails {
  return {
    kind: 'missing_documents',
    code: 'EMP-7',
    name: 'Ana Beatriz Souza',
    role: 'Assistente administrativa',
    slackUser: 'U0NEWHIRE7',
    startDate: '2026-01-12',
    deadline: '2026-01-11',
    sendBy: '2026-01-09',
    daysToStart: 7,
    missing: ['ctps', 'proof_of_address', 'aso'],
    required: 8,
    ...overrides,
  };
}

export function detailsFor(kind: AlertKind): AlertDetails {
  switch (kind) {
    case 'low_stock':
      return lowStockDetails();
    case 'unpaid_order':
      return unpaidOrderDetails();
    case 'missing_documents':
      return missingDocumentsDetails();
  }
}

function subjectOf(details: AlertDetails): string {
  switch (details.kind) {
    case 'low_stock':
      return details.sku;
    case 'unpaid_order':
      return details.number;
    case 'missing_documents':
      return details.code;
  }
}

/** An open alert about `details`; severity defaults to warning. */
export function makeAlert(details: AlertDetails, overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: 42,
    kind: details.kind,
    severity: 'warning',
    status: 'open',
    subject: subjectOf(details),
    details,
    openedAt: OPENED_AT,
    acknowledgedAt: null,
    acknowledgedBy: null,
    snoozedUntil: null,
    snoozedBy: null,
    snoozeReason: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionNote: null,
    reopenCount: 0,
    version: 1,
    lastActivity: { type: 'opened', actor: 'system', at: OPENED_AT, note: null },
    ...overrides,
  };
}

export function alertOfKind(kind: AlertKind, overrides: Partial<AlertView> = {}): AlertView {
  return makeAlert(detailsFor(kind), overrides);
}

const minutes = (n: number) => new Date(OPENED_AT.getTime() + n * 60_000);

/** Moves an alert into `status` as `actor` would (system → automatic), with its last activity. */
export function withStatus(alert: AlertView, status: AlertStatus, actor = ACTOR, note: string | null = null): AlertView {
  const version = alert.version + 1;
  const activity = (type: AlertActivity['type'], at: Date): AlertActivity => ({ type, actor, at, note });
  switch (status) {
    case 'open':
      return { ...alert, status, version };
    case 'acknowledged':
      return { ...alert, status, version, acknowledgedAt: minutes(30), acknowledgedBy: actor, lastActivity: activity('acknowledged', minutes(30)) };
    case 'snoozed':
      return {
        ...alert,
        status,
        version,
        snoozedUntil: new Date('2026-01-08T12:00:00.000Z'),
        snoozedBy: actor,
        snoozeReason: note ?? 'fornecedor entrega na quinta',
        lastActivity: activity('snoozed', minutes(45)),
      };
    case 'resolved':
      return {
        ...alert,
        status,
        version,
        resolvedAt: minutes(90),
        resolvedBy: actor,
        resolutionNote: note,
        lastActivity: activity(actor === 'system' ? 'auto_resolved' : 'resolved', minutes(90)),
      };
  }
}

export interface AlertFixture {
  name: string;
  alert: AlertView;
}

/** Every kind × status, plus the variants that render differently. */
export function allAlertFixtures(): AlertFixture[] {
  const fixtures: AlertFixture[] = [];
  for (const kind of ALERT_KINDS) {
    for (const status of ALERT_STATUSES) {
      fixtures.push({ name: `${kind} ${status}`, alert: withStatus(alertOfKind(kind), status, ACTOR, status === 'resolved' ? 'conferido no sistema' : null) });
    }
    fixtures.push({ name: `${kind} resolved automatically`, alert: withStatus(alertOfKind(kind), 'resolved', 'system') });
    fixtures.push({
      name: `${kind} re-opened`,
      alert: alertOfKind(kind, { reopenCount: 1, version: 5, lastActivity: { type: 'reopened', actor: 'system', at: minutes(120), note: null } }),
    });
    fixtures.push({ name: `${kind} critical`, alert: alertOfKind(kind, { severity: 'critical' }) });
  }
  fixtures.push({ name: 'low_stock out of stock', alert: makeAlert(lowStockDetails({ stock: 0, daysOfCover: 0 }), { severity: 'critical' }) });
  fixtures.push({ name: 'low_stock predicted', alert: makeAlert(lowStockDetails({ stock: 14, predicted: true, daysOfCover: 2 }), { severity: 'info' }) });
  fixtures.push({ name: 'low_stock no history', alert: makeAlert(lowStockDetails({ dailyUsage: null, daysOfCover: null, reorderQty: null })) });
  fixtures.push({ name: 'unpaid_order promised', alert: withStatus(makeAlert(unpaidOrderDetails({ promisedDate: '2026-01-20' })), 'snoozed', 'system', 'pagamento prometido') });
  fixtures.push({ name: 'missing_documents local actor', alert: withStatus(alertOfKind('missing_documents'), 'acknowledged', 'local') });
  fixtures.push({
    name: 'missing_documents starts tomorrow',
    alert: makeAlert(missingDocumentsDetails({ daysToStart: 1, startDate: '2026-01-06', deadline: '2026-01-05', sendBy: '2026-01-05', slackUser: null }), { severity: 'critical' }),
  });
  fixtures.push({ name: 'missing_documents worsened and reminded', alert: alertOfKind('missing_documents', { lastActivity: { type: 'reminded', actor: 'system', at: minutes(60 * 24), note: null } }) });
  return fixtures;
}

const SEVERITY_CYCLE: Severity[] = ['critical', 'warning', 'warning', 'info'];

/** `count` distinct open alerts of one kind, ids from `firstId`, with realistic-length names. */
export function manyAlerts(count: number, kind: AlertKind = 'low_stock', firstId = 1000): AlertView[] {
  return Array.from({ length: count }, (_, i) => {
    const n = firstId + i;
    const severity = SEVERITY_CYCLE[i % SEVERITY_CYCLE.length] ?? 'warning';
    switch (kind) {
      case 'low_stock':
        return makeAlert(lowStockDetails({ sku: `SKU-${n}`, name: `Produto de limpeza concentrado ${n} 5 L`, stock: i % 9 }), { id: n, severity });
      case 'unpaid_order':
        return makeAlert(unpaidOrderDetails({ number: `PED-${n}`, customer: `Mercadinho Bom Preço ${n} Ltda`, daysOverdue: 1 + (i % 90) }), { id: n, severity });
      case 'missing_documents':
        return makeAlert(missingDocumentsDetails({ code: `EMP-${n}`, name: `Pessoa Contratada Número ${n}` }), { id: n, severity });
    }
  });
}
