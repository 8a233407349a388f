// The one place that reads process.env. Everything else receives a typed Config.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import cron from 'node-cron';
import { z } from 'zod';
import { LOCALES, type Locale } from './i18n/locale.js';
import { DEFAULT_ORDER_STEPS, parseOrderSteps, type CollectionsSchedule } from './lib/collections-schedule.js';
import { DEFAULT_REQUIRED_DOCUMENTS, KNOWN_DOCUMENTS } from './lib/documents.js';
import { DEFAULT_BUSINESS_HOURS, parseBusinessHours, type BusinessHours } from './lib/time/business-hours.js';
import { parseDuration } from './lib/time/duration.js';
import { holidayCalendar, parseHolidays, type HolidayCalendar } from './lib/time/holidays.js';

export type Mode = 'local' | 'socket' | 'http';

export interface Config {
  mode: Mode;
  slack: {
    botToken?: string;
    appToken?: string;
    signingSecret?: string;
    apiUrl?: string;
  };
  port: number;
  databaseUrl?: string;
  dataDir: string;
  timezone: string;
  locale: Locale;
  watchCron: string;
  digestCron: string;
  channels: { stock?: string; finance?: string; hr?: string; digest?: string };
  teams: { stock: string[]; finance: string[]; hr: string[]; admins: string[] };
  remindAfterMs: number;
  /** an acknowledged alert still unresolved is reminded this long after the ack, then every period */
  remindAckedAfterMs: number;
  /** when reminders about non-critical alerts may be sent (BOT_TIMEZONE) */
  businessHours: BusinessHours;
  /** national holidays plus HOLIDAYS: business days for eSocial, overdue orders, snoozes, the digest */
  holidays: HolidayCalendar;
  /** DIGEST_ON_HOLIDAYS: post the scheduled digest on a holiday too */
  digestOnHolidays: boolean;
  escalateAfterMs: number;
  /** a channel message failing with 5xx or timeouts gives up this long after its first failure */
  outboxGiveUpAfterMs: number;
  stormThreshold: number;
  admissionLeadDays: number;
  requiredDocuments: string[];
  criticalOrderAmount?: string;
  /** ORDER_STEPS: the collections schedule of pending orders (days from the due date, with severities) */
  orderSteps: CollectionsSchedule;
  stockCoverDays: number;
  ingestApiToken?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** one line each, logged once at start: ignored Slack variables, unset channels */
  warnings: string[];
}

/** A bad environment: `message` is the one line shown to the operator (exit code 2). */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: string) =>
  z.preprocess((v) => blankToUndefined(v) ?? fallback, schema);

const channelId = z
  .string()
  .trim()
  .regex(/^[CG][A-Z0-9]{6,}$/, 'a channel ID like C0123ABCD (not a #name)');

const principalList = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[UWS][A-Z0-9]{6,}$/, 'comma-separated user IDs (U…/W…) or user-group IDs (S…)')));

const duration = z.string().transform((s, ctx) => {
  const ms = parseDuration(s);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a duration like 45s, 30m, 2h, 3d or 1w (one positive number and one unit)' });
    return z.NEVER;
  }
  return ms;
});

/** A variable read by a parser that returns the value or, for bad input, the one-line reason. */
const parsedBy = <T>(parse: (s: string) => T | string) =>
  z.string().transform((s, ctx) => {
    const parsed = parse(s);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  });

const businessHours = parsedBy(parseBusinessHours);
const holidays = parsedBy(parseHolidays).transform((configured) => holidayCalendar(configured));
const orderSteps = parsedBy(parseOrderSteps);

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => ['true', 'false', '1', '0', 'yes', 'no'].includes(s), { message: 'true or false' })
  .transform((s) => ['true', '1', 'yes'].includes(s));

const cronExpression = z.string().trim().refine((s) => cron.validate(s), {
  message: 'a cron expression like "*/5 * * * *" (5 or 6 fields, seconds allowed)',
});

const timezone = z.string().trim().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone like America/Sao_Paulo' },
);

const positiveInt = (max: number) =>
  z.coerce
    .number({ message: `a whole number from 1 to ${max}` })
    .int(`a whole number from 1 to ${max}`)
    .min(1, `a whole number from 1 to ${max}`)
    .max(max, `a whole number from 1 to ${max}`);

const knownDocuments = new Set<string>(KNOWN_DOCUMENTS);

const envSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().trim().regex(/^xoxb-[A-Za-z0-9-]+$/, 'a bot token starting with xoxb-')),
  SLACK_APP_TOKEN: optional(z.string().trim().regex(/^xapp-[A-Za-z0-9-]+$/, 'an app-level token starting with xapp-')),
  // One message per rule broken: a secret cut short is not "not letters and digits".
  SLACK_SIGNING_SECRET: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]*$/, 'the signing secret from the app settings: letters and digits only (no spaces, quotes or other characters)')
      .min(16, 'at least 16 characters long: the signing secret from the app settings (Basic Information) has 32'),
  ),
  SLACK_API_URL: optional(z.url({ protocol: /^https?$/, message: 'an http(s) URL ending in /api/' })),
  PORT: withDefault(z.coerce.number({ message: 'a port number from 0 to 65535' }).int('a port number from 0 to 65535').min(0, 'a port number from 0 to 65535').max(65535, 'a port number from 0 to 65535'), '3000'),
  DATABASE_URL: optional(z.string().trim().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgresql:// connection URL')),
  DATA_DIR: withDefault(z.string(), './data'),
  BOT_TIMEZONE: withDefault(timezone, 'America/Sao_Paulo'),
  BOT_LOCALE: withDefault(z.enum(LOCALES, { message: 'pt-BR or en' }), 'pt-BR'),
  WATCH_CRON: withDefault(cronExpression, '*/5 * * * *'),
  DIGEST_CRON: withDefault(cronExpression, '0 9 * * 1-5'),
  STOCK_CHANNEL: optional(channelId),
  FINANCE_CHANNEL: optional(channelId),
  HR_CHANNEL: optional(channelId),
  DIGEST_CHANNEL: optional(channelId),
  STOCK_TEAM: withDefault(principalList, ''),
  FINANCE_TEAM: withDefault(principalList, ''),
  HR_TEAM: withDefault(principalList, ''),
  ADMIN_USERS: withDefault(principalList, ''),
  REMIND_AFTER: withDefault(duration, '24h'),
  ESCALATE_AFTER: withDefault(duration, '30m'),
  REMIND_ACKED_AFTER: withDefault(duration, '3d'),
  BUSINESS_HOURS: withDefault(businessHours, DEFAULT_BUSINESS_HOURS),
  HOLIDAYS: withDefault(holidays, ''),
  DIGEST_ON_HOLIDAYS: withDefault(flag, 'false'),
  OUTBOX_GIVE_UP_AFTER: withDefault(duration, '24h'),
  STORM_THRESHOLD: withDefault(positiveInt(10_000), '10'),
  ADMISSION_LEAD_DAYS: withDefault(positiveInt(365), '10'),
  ADMISSION_REQUIRED_DOCUMENTS: withDefault(
    z
      .string()
      .transform((s) => s.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean))
      .pipe(
        z
          .array(z.string().refine((d) => knownDocuments.has(d), { message: `document codes among ${[...knownDocuments].join(', ')}` }))
          .min(1, 'at least one document code'),
      ),
    DEFAULT_REQUIRED_DOCUMENTS.join(','),
  ),
  CRITICAL_ORDER_AMOUNT: optional(z.string().trim().regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount like 50000 or 50000.00')),
  ORDER_STEPS: withDefault(orderSteps, DEFAULT_ORDER_STEPS),
  STOCK_COVER_DAYS: withDefault(positiveInt(365), '7'),
  INGEST_API_TOKEN: optional(z.string().min(16, 'at least 16 characters (it guards the ingest API)')),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'one of fatal, error, warn, info, debug, trace, silent' }), 'info'),
});

type Env = Record<string, string | undefined>;

/** Reads `.env` from `cwd` if present; real environment variables win. */
export function environmentWithDotenv(env: Env, cwd: string): Env {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return env;
  const fromFile = parseEnv(readFileSync(file, 'utf8'));
  return { ...fromFile, ...env };
}

export function parseConfig(env: Env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const value = env[variable];
    // Secrets are never echoed back, even in a config error.
    const shown = value === undefined || /TOKEN|SECRET|DATABASE_URL/.test(variable) ? '' : ` (got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)})`;
    throw new ConfigError(variable, `${variable} must be ${issue.message}${shown}`);
  }
  const e = parsed.data;
  const warnings: string[] = [];
  const mode = decideMode(e.SLACK_BOT_TOKEN, e.SLACK_APP_TOKEN, e.SLACK_SIGNING_SECRET);
  if (mode === 'local') {
    const ignored = ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL'].filter((v) => e[v as keyof typeof e] !== undefined);
    if (ignored.length > 0) warnings.push(`SLACK_BOT_TOKEN is not set: local mode; ignoring ${ignored.join(', ')}`);
  }
  const unsetChannels = (['STOCK_CHANNEL', 'FINANCE_CHANNEL', 'HR_CHANNEL', 'DIGEST_CHANNEL'] as const).filter((v) => !e[v]);
  if (mode !== 'local' && unsetChannels.length > 0) {
    warnings.push(`${unsetChannels.join(', ')} not set: those messages will not be posted to Slack`);
  }
  return {
    mode,
    slack: mode === 'local' ? {} : {
      botToken: e.SLACK_BOT_TOKEN,
      appToken: mode === 'socket' ? e.SLACK_APP_TOKEN : undefined,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    timezone: e.BOT_TIMEZONE,
    locale: e.BOT_LOCALE,
    watchCron: e.WATCH_CRON,
    digestCron: e.DIGEST_CRON,
    channels: { stock: e.STOCK_CHANNEL, finance: e.FINANCE_CHANNEL, hr: e.HR_CHANNEL, digest: e.DIGEST_CHANNEL },
    teams: { stock: e.STOCK_TEAM, finance: e.FINANCE_TEAM, hr: e.HR_TEAM, admins: e.ADMIN_USERS },
    remindAfterMs: e.REMIND_AFTER,
    remindAckedAfterMs: e.REMIND_ACKED_AFTER,
    businessHours: e.BUSINESS_HOURS,
    holidays: e.HOLIDAYS,
    digestOnHolidays: e.DIGEST_ON_HOLIDAYS,
    escalateAfterMs: e.ESCALATE_AFTER,
    outboxGiveUpAfterMs: e.OUTBOX_GIVE_UP_AFTER,
    stormThreshold: e.STORM_THRESHOLD,
    admissionLeadDays: e.ADMISSION_LEAD_DAYS,
    requiredDocuments: e.ADMISSION_REQUIRED_DOCUMENTS,
    criticalOrderAmount: e.CRITICAL_ORDER_AMOUNT,
    orderSteps: e.ORDER_STEPS,
    stockCoverDays: e.STOCK_COVER_DAYS,
    ingestApiToken: e.INGEST_API_TOKEN,
    logLevel: e.LOG_LEVEL,
    warnings,
  };
}

function decideMode(botToken?: string, appToken?: string, signingSecret?: string): Mode {
  if (!botToken) return 'local';
  if (appToken) return 'socket';
  if (signingSecret) return 'http';
  throw new ConfigError(
    'SLACK_APP_TOKEN',
    'SLACK_BOT_TOKEN is set, so SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) must be set too',
  );
}

/** Loads the configuration of this process: the only reader of process.env. */
export function loadConfig(cwd = process.cwd()): Config {
  return parseConfig(environmentWithDotenv(process.env, cwd));
}
