// Pieces shared by the alert message builders and the kind views (src/blocks/kinds): severity and
// status marks, actor names, money and document names. Nothing here depends on an alert's kind.
import type { AlertKind, AlertStatus, AlertView, Severity } from '../../domain/alerts/alert-types.js';
import { actorWords, isSystemActor } from '../../domain/actor.js';
import type { I18n, MessageKey } from '../../i18n/index.js';
import { escapeClip } from '../kit.js';

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

export { isSystemActor };

/** A Slack user ID → `<@U…>`; the bot's own actors (local, import, api, demo, system) in words; anything else escaped. */
export function actorName(i18n: I18n, actor: string): string {
  return actorWords(i18n, actor, 'name') ?? escapeClip(actor, CLIP.lineName);
}

/** "by <@U1>", "pelo console local" — or "automatically" when the bot itself did it. */
export function byActor(i18n: I18n, actor: string | null | undefined): string {
  if (!actor) return i18n.t('alert.by.system');
  return actorWords(i18n, actor, 'by') ?? i18n.t('alert.by.user', { user: escapeClip(actor, CLIP.lineName) });
}

/** `actorName` at the start of a sentence: "O console local repôs…". */
export function actorSubject(i18n: I18n, actor: string): string {
  const name = actorName(i18n, actor);
  return name.charAt(0).toLocaleUpperCase(i18n.locale) + name.slice(1);
}

/** Mention for a stored Slack user ID, or undefined when it is not one. */
export function userMention(userId: string | null): string | undefined {
  return userId && /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : undefined;
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
  children_vaccination_school: 'document.children_vaccination_school',
};

/** A document type code → its human name ("ctps" → "CTPS (carteira de trabalho)"). */
export function documentLabel(i18n: I18n, code: string): string {
  const key = DOCUMENT_KEYS[code.toLowerCase()];
  return key ? i18n.t(key) : escapeClip(code, CLIP.lineSubject);
}

export function documentList(i18n: I18n, codes: readonly string[]): string {
  return codes.map((code) => documentLabel(i18n, code)).join(', ');
}

export function kindLabel(i18n: I18n, kind: AlertKind): string {
  return i18n.t(`alert.kind.${kind}`);
}
