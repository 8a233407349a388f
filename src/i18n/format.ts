// Locale-aware formatting of what people read: money, calendar dates, instants in the bot's zone.
import { toDbDate, type CalendarDate } from '../lib/time/calendar.js';
import type { Locale } from './locale.js';

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

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

// Building an Intl formatter costs far more than using one: keep one per locale and zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${timeZone}:${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    const dateStyle = locale === 'pt-BR' ? 'short' : 'medium';
    format = new Intl.DateTimeFormat(locale, withTime ? { timeZone, dateStyle, timeStyle: 'short' } : { timeZone, dateStyle });
    dateFormats.set(key, format);
  }
  return format;
}

/** A calendar date, never shifted by a time zone: 2026-01-05 → 05/01/2026 (pt-BR), Jan 5, 2026 (en). */
export function formatDate(date: CalendarDate, locale: Locale): string {
  return dateFormat(locale, 'UTC', false).format(toDbDate(date));
}

/** An instant shown in the bot's time zone: 05/01/2026 14:30 (pt-BR), Jan 5, 2026, 2:30 PM (en). */
export function formatDateTime(instant: Date, locale: Locale, timezone: string): string {
  return dateFormat(locale, timezone, true).format(instant);
}

const DURATION_UNITS = [
  { unit: 'week', ms: 604_800_000 },
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 },
  { unit: 'second', ms: 1_000 },
] as const;

/** 24h → "24 hours" / "24 horas"; 30m → "30 minutes" / "30 minutos" (the largest whole unit). */
export function formatDurationText(ms: number, locale: Locale): string {
  const { unit, ms: size } = DURATION_UNITS.find((u) => ms % u.ms === 0 && ms >= u.ms) ?? DURATION_UNITS[4];
  return unitText(Math.round(ms / size), unit, locale);
}

/** Time gone by, rounded down to its largest unit below a week: 3 d 4 h → "3 days" / "3 dias". */
export function formatElapsedText(ms: number, locale: Locale): string {
  const units = DURATION_UNITS.slice(1);
  const { unit, ms: size } = units.find((u) => ms >= u.ms) ?? DURATION_UNITS[4];
  return unitText(Math.max(0, Math.floor(ms / size)), unit, locale);
}

function unitText(amount: number, unit: (typeof DURATION_UNITS)[number]['unit'], locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}
