// Locale-aware formatting of what people read: money, calendar dates, instants in the bot's zone.
import type { Locale } from '../config.js';
import { toDbDate, type CalendarDate } from '../domain/time/calendar.js';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** `R$ 1.234,56` in pt-BR (with a no-break space), `R$1,234.56` in en. Amount is a decimal string. */
export function formatMoney(amount: string | number, currency: string, locale: Locale): string {
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  // Decimal(14,2) fits a double exactly enough for display (≤ 15 significant digits).
  return format.format(Number(amount));
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A calendar date, never shifted by a time zone: 2026-01-05 → 05/01/2026 (pt-BR), Jan 5, 2026 (en). */
export function formatDate(date: CalendarDate, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: locale === 'pt-BR' ? 'short' : 'medium' }).format(toDbDate(date));
}

/** An instant shown in the bot's time zone: 05/01/2026 14:30 (pt-BR), Jan 5, 2026, 2:30 PM (en). */
export function formatDateTime(instant: Date, locale: Locale, timezone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: locale === 'pt-BR' ? 'short' : 'medium', timeStyle: 'short' }).format(instant);
}
