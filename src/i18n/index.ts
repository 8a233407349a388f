// Every string a person reads goes through here, in English or Brazilian Portuguese (BOT_LOCALE).
import type { CalendarDate } from '../lib/time/calendar.js';
import { formatDate, formatDateTime, formatMoney, formatNumber } from './format.js';
import type { Locale } from './locale.js';
import { en, type MessageKey } from './messages/en.js';
import { ptBR } from './messages/pt-BR.js';

export type { MessageKey };
export type Params = Record<string, string | number>;

export const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, 'pt-BR': ptBR };

export interface I18n {
  readonly locale: Locale;
  readonly timezone: string;
  t(key: MessageKey, params?: Params): string;
  /** picks `key.one` or `key.other` by count and fills `{count}` */
  plural(key: PluralBase, count: number, params?: Params): string;
  money(amount: string | number, currency?: string): string;
  date(date: CalendarDate): string;
  dateTime(instant: Date): string;
  number(value: number): string;
}

type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

export function createI18n(locale: Locale, timezone: string): I18n {
  const catalog = CATALOGS[locale];
  const t = (key: MessageKey, params?: Params) => fill(catalog[key], params, locale);
  return {
    locale,
    timezone,
    t,
    plural: (key, count, params) =>
      t(`${key}.${count === 1 ? 'one' : 'other'}` as MessageKey, { ...params, count: formatNumber(count, locale) }),
    money: (amount, currency = 'BRL') => formatMoney(amount, currency, locale),
    date: (date) => formatDate(date, locale),
    dateTime: (instant) => formatDateTime(instant, locale, timezone),
    number: (value) => formatNumber(value, locale),
  };
}

function fill(template: string, params: Params | undefined, locale: Locale): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value, locale) : value;
  });
}
