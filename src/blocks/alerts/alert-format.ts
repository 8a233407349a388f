// Pieces shared by the alert message builders: severity and status marks, actor names, the one
// "key figure" of each kind and the one-line form of an alert used in lists.
//
// LGPD: the renderers read only the known fields of each AlertDetails kind, one by one. Anything
// else a details object might carry (document numbers, health data) is never looked at.
import type {
  AlertDetails,
  AlertKind,
  AlertStatus,
  AlertView,
  LowStockDetails,
  MissingDocumentsDetails,
  Severity,
  UnpaidOrderDetails,
} from '../../domain/alerts/alert-types.js';
import type { I18n, MessageKey } from '../../i18n/index.js';
import { escapeClip, truncateChars } from '../kit.js';

/** How much of each piece of data text a message shows; long values end with an ellipsis. */
export const CLIP = {
  /** SKU, order number, employee code */
  subject: 60,
  /** product, customer or person name in a message body */
  name: 200,
  /** names inside one list line */
  lineName: 48,
  lineSubject: 40,
  unit: 20,
  role: 80,
  /** resolution notes, snooze reasons */
  note: 300,
} as const;

export const SEVERITY_EMOJI: Record<Severity, string> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_yellow_circle:',
};

export const RESOLVED_EMOJI = ':white_check_mark:';
export const GROUP_EMOJI = ':rotating_light:';

/** Severity shown as emoji + word, e.g. ":red_circle: Critical". */
export function severityMark(i18n: I18n, severity: Severity): string {
  return `${SEVERITY_EMOJI[severity]} ${i18n.t(`alert.severity.${severity}`)}`;
}

/** The leading mark of an alert: a check once resolved, its severity otherwise. */
export function alertEmoji(alert: Pick<AlertView, 'status' | 'severity'>): string {
  return alert.status === 'resolved' ? RESOLVED_EMOJI : SEVERITY_EMOJI[alert.severity];
}

export function statusLabel(i18n: I18n, status: AlertStatus): string {
  return i18n.t(`alert.status.${status}`);
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SYSTEM_ACTORS = new Set(['system', 'auto', 'watcher', 'reconciler']);
const NAMED_ACTORS: Record<string, MessageKey> = {
  local: 'alert.actor.local',
  import: 'alert.actor.import',
  api: 'alert.actor.api',
};

export function isSystemActor(actor: string | null | undefined): boolean {
  return actor !== null && actor !== undefined && SYSTEM_ACTORS.has(actor);
}

/** A Slack user ID → `<@U…>`; local/import/api → translated words; anything else escaped. */
export function actorName(i18n: I18n, actor: string): string {
  if (SLACK_USER.test(actor)) return `<@${actor}>`;
  const key = NAMED_ACTORS[actor];
  return key ? i18n.t(key) : escapeClip(actor, CLIP.lineName);
}

/** "by <@U1>" — or "automatically" when the bot itself did it. */
export function byActor(i18n: I18n, actor: string | null | undefined): string {
  if (!actor || isSystemActor(actor)) return i18n.t('alert.by.system');
  return i18n.t('alert.by.user', { actor: actorName(i18n, actor) });
}

/** Mention for a stored Slack user ID, or undefined when it is not one. */
export function userMention(userId: string | null): string | undefined {
  return userId && SLACK_USER.test(userId) ? `<@${userId}>` : undefined;
}

/** Currency formatting that never throws on an unexpected currency code. */
export function money(i18n: I18n, amount: string, currency: string): string {
  try {
    return i18n.money(amount, currency);
  } catch {
    return `${currency} ${amount}`;
  }
}

const DOCUMENT_KEYS: Record<string, MessageKey> = {
  cpf: 'document.cpf',
  rg: 'document.rg',
  ctps: 'document.ctps',
  pis: 'document.pis',
  proof_of_address: 'document.proof_of_address',
  voter_id: 'document.voter_id',
  bank_account: 'document.bank_account',
  aso: 'document.aso',
  military_service: 'document.military_service',
  marriage_certificate: 'document.marriage_certificate',
  birth_certificate_children: 'document.birth_certificate_children',
};

/** A document type code → its human name ("ctps" → "CTPS (carteira de trabalho)"). */
export function documentLabel(i18n: I18n, code: string): string {
  const key = DOCUMENT_KEYS[code.toLowerCase()];
  return key ? i18n.t(key) : escapeClip(code, CLIP.lineSubject);
}

export function documentList(i18n: I18n, codes: readonly string[]): string {
  return codes.map((code) => documentLabel(i18n, code)).join(', ');
}

/** The title of an alert with raw (unescaped) data: the caller escapes the whole string once. */
export function rawTitle(i18n: I18n, details: AlertDetails): string {
  const clip = truncateChars;
  switch (details.kind) {
    case 'low_stock': {
      const key = details.stock <= 0 ? 'alert.lowStock.titleOut' : details.predicted ? 'alert.lowStock.titlePredicted' : 'alert.lowStock.title';
      return i18n.t(key, { sku: clip(details.sku, CLIP.subject) });
    }
    case 'unpaid_order':
      return i18n.t('alert.unpaidOrder.title', { number: clip(details.number, CLIP.subject) });
    case 'missing_documents':
      return i18n.t('alert.missingDocuments.title', { name: clip(details.name, CLIP.subject), code: clip(details.code, CLIP.lineSubject) });
  }
}

export function daysOverdue(i18n: I18n, details: UnpaidOrderDetails): string {
  return i18n.plural('alert.unpaidOrder.daysOverdue', details.daysOverdue);
}

/** The one number that matters for an alert, as escaped mrkdwn: "2 un (min 10)", "R$ 1.234,56 · 45 days overdue". */
export function keyFigure(i18n: I18n, details: AlertDetails): string {
  switch (details.kind) {
    case 'low_stock':
      return lowStockFigure(i18n, details);
    case 'unpaid_order':
      return i18n.t('alert.unpaidOrder.line', { amount: money(i18n, details.total, details.currency), overdue: daysOverdue(i18n, details) });
    case 'missing_documents':
      return missingFigure(i18n, details);
  }
}

function lowStockFigure(i18n: I18n, d: LowStockDetails): string {
  return i18n.t('alert.lowStock.line', { stock: d.stock, unit: escapeClip(d.unit, CLIP.unit), min: d.minStock });
}

function missingFigure(i18n: I18n, d: MissingDocumentsDetails): string {
  return i18n.t('alert.missingDocuments.line', { missing: d.missing.length, required: d.required, date: i18n.date(d.startDate) });
}

/** Who or what an alert is about, besides its subject: product, customer or person name. */
export function detailsName(details: AlertDetails): string {
  switch (details.kind) {
    case 'low_stock':
      return details.name;
    case 'unpaid_order':
      return details.customer;
    case 'missing_documents':
      return details.name;
  }
}

/** One short line per alert for lists: ":red_circle: *#42* CAFE-500 Café torrado — 0 un (min 10)". */
export function alertLine(i18n: I18n, alert: AlertView, extra?: string): string {
  const subject = escapeClip(alert.subject, CLIP.lineSubject);
  const name = escapeClip(detailsName(alert.details), CLIP.lineName);
  const tail = extra ? ` · ${extra}` : '';
  return `${alertEmoji(alert)} *#${alert.id}* ${subject} ${name} — ${keyFigure(i18n, alert.details)}${tail}`;
}

export function kindLabel(i18n: I18n, kind: AlertKind): string {
  return i18n.t(`alert.kind.${kind}`);
}
