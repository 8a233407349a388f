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
  /** picks `key.<plural category>` (Intl.PluralRules; `key.other` when the catalog has no such key) and fills `{count}` */
  plural(key: PluralBase, count: number, params?: Params): string;
  money(amount: string | number, currency?: string): string;
  date(date: CalendarDate): string;
  dateTime(instant: Date): string;
  number(value: number): string;
}

type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

/**
 * The plural rules each catalog is written for, built once. CLDR's Brazilian rule puts 0 in `one`
 * ("0 adiado"); our pt-BR texts say "0 adiados", which is the European Portuguese rule (0 → other,
 * 1 → one, 1 000 000 → many).
 */
const PLURAL_RULES: Record<Locale, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  'pt-BR': new Intl.PluralRules('pt-PT'),
};

export function createI18n(locale: Locale, timezone: string): I18n {
  const catalog = CATALOGS[locale];
  const t = (key: MessageKey, params?: Params) => fill(catalog[key], params, locale);
  const pluralRules = PLURAL_RULES[locale];
  const pluralKey = (base: PluralBase, count: number): MessageKey => {
    const key = `${base}.${pluralRules.select(count)}`;
    return isMessageKey(catalog, key) ? key : (`${base}.other` as MessageKey);
  };
  return {
    locale,
    timezone,
    t,
    plural: (key, count, params) => t(pluralKey(key, count), { ...params, count: formatNumber(count, locale) }),
    money: (amount, currency = 'BRL') => formatMoney(amount, currency, locale),
    date: (date) => formatDate(date, locale),
    dateTime: (instant) => formatDateTime(instant, locale, timezone),
    number: (value) => formatNumber(value, locale),
  };
}

function isMessageKey(catalog: Record<MessageKey, string>, key: string): key is MessageKey {
  return Object.hasOwn(catalog, key);
}

function fill(template: string, params: Params | undefined, locale: Locale): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value, locale) : value;
  });
}
