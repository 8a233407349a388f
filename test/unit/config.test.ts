import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, environmentWithDotenv, parseConfig } from '../../src/config.js';

const BOT = 'xoxb-1234-5678-abcdefghijkl';
const APP = 'xapp-1-A123-456-abcdef';
const SECRET = 'abcdef0123456789abcdef0123456789';

function configError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('uses the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      mode: 'local',
      port: 3000,
      dataDir: './data',
      timezone: 'America/Sao_Paulo',
      locale: 'pt-BR',
      watchCron: '*/5 * * * *',
      digestCron: '0 9 * * 1-5',
      remindAfterMs: 24 * 3600_000,
      remindAckedAfterMs: 3 * 86_400_000,
      businessHours: { kind: 'weekly', opensAt: 8 * 60, closesAt: 18 * 60, days: [1, 2, 3, 4, 5] },
      escalateAfterMs: 30 * 60_000,
      stormThreshold: 10,
      admissionLeadDays: 10,
      logLevel: 'info',
      teams: { stock: [], finance: [], hr: [], admins: [] },
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.ingestApiToken).toBeUndefined();
    expect(config.requiredDocuments).toEqual(['cpf', 'rg', 'proof_of_address', 'voter_id', 'bank_account', 'aso']);
  });

  it('decides the mode from the three Slack variables', () => {
    expect(parseConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }).mode).toBe('socket');
    expect(parseConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SECRET }).mode).toBe('socket');
    expect(parseConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET }).mode).toBe('http');
    const local = parseConfig({ SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SECRET });
    expect(local.mode).toBe('local');
    expect(local.slack).toEqual({});
    expect(local.warnings).toHaveLength(1);
    expect(local.warnings[0]).toMatch(/local mode; ignoring SLACK_APP_TOKEN, SLACK_SIGNING_SECRET/);
  });

  it('says which rule a signing secret breaks: too short, or a character that is not a letter or digit', () => {
    const short = configError({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 'abc123' });
    expect(short.message).toMatch(/^SLACK_SIGNING_SECRET must be at least 16 characters long/);
    expect(short.message).not.toMatch(/letters and digits/);
    expect(short.message).not.toContain('abc123');
    const quoted = configError({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: `"${SECRET}"` });
    expect(quoted.message).toMatch(/^SLACK_SIGNING_SECRET must be the signing secret from the app settings: letters and digits only/);
    expect(quoted.message).not.toMatch(/16 characters/);
  });

  it('refuses a bot token with neither app token nor signing secret, naming both', () => {
    const error = configError({ SLACK_BOT_TOKEN: BOT });
    expect(error.message).toMatch(/SLACK_APP_TOKEN/);
    expect(error.message).toMatch(/SLACK_SIGNING_SECRET/);
  });

  it('speaks Brazilian Portuguese unless BOT_LOCALE says en (a blank value is the default)', () => {
    expect(parseConfig({}).locale).toBe('pt-BR');
    expect(parseConfig({ BOT_LOCALE: '' }).locale).toBe('pt-BR');
    expect(parseConfig({ BOT_LOCALE: 'en' }).locale).toBe('en');
  });

  it.each([
    ['PORT', 'abc', /PORT must be a port number/],
    ['PORT', '70000', /PORT must be a port number/],
    ['SLACK_BOT_TOKEN', 'abc-123', /SLACK_BOT_TOKEN must be a bot token starting with xoxb-/],
    ['WATCH_CRON', 'every five minutes', /WATCH_CRON must be a cron expression/],
    ['DIGEST_CRON', '0 25 * * *', /DIGEST_CRON must be a cron expression/],
    ['BOT_TIMEZONE', 'Mars/Olympus_Mons', /BOT_TIMEZONE must be an IANA time zone/],
    ['BOT_LOCALE', 'fr', /BOT_LOCALE must be pt-BR or en/],
    ['REMIND_AFTER', '1h30m', /REMIND_AFTER must be a duration like 45s/],
    ['ESCALATE_AFTER', '0m', /ESCALATE_AFTER must be a duration/],
    ['ESCALATE_AFTER', '-5m', /ESCALATE_AFTER must be a duration/],
    ['ESCALATE_AFTER', '30', /ESCALATE_AFTER must be a duration/],
    ['REMIND_ACKED_AFTER', '3 days', /REMIND_ACKED_AFTER must be a duration like 45s/],
    ['BUSINESS_HOURS', '08:00-18:00', /BUSINESS_HOURS must be business hours like "08:00-18:00 mon-fri" .* or "always" \(got "08:00-18:00"\)/],
    ['BUSINESS_HOURS', '18:00-08:00 mon-fri', /BUSINESS_HOURS must be .*opening time must come before the closing time/],
    ['BUSINESS_HOURS', '08:00-18:00 weekdays', /BUSINESS_HOURS must be .*"weekdays" is not a day/],
    ['STORM_THRESHOLD', '0', /STORM_THRESHOLD must be a whole number from 1/],
    ['STORM_THRESHOLD', '2.5', /STORM_THRESHOLD must be a whole number/],
    ['STOCK_CHANNEL', '#estoque', /STOCK_CHANNEL must be a channel ID like C0123ABCD/],
    ['STOCK_TEAM', 'U0123ABCD,bob', /STOCK_TEAM must be comma-separated user IDs/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgresql:\/\/ connection URL/],
    ['INGEST_API_TOKEN', 'short', /INGEST_API_TOKEN must be at least 16 characters/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['ADMISSION_REQUIRED_DOCUMENTS', 'cpf,passport', /ADMISSION_REQUIRED_DOCUMENTS must be document codes among/],
  ])('%s=%s is refused with one line naming it', (variable, value, message) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a secret back in an error', () => {
    const error = configError({ SLACK_BOT_TOKEN: 'xoxp-secret-user-token-value' });
    expect(error.message).not.toContain('secret-user-token');
    const url = configError({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(url.message).not.toContain('hunter2');
  });

  it('accepts durations in every unit, team lists with groups, and channel IDs', () => {
    const config = parseConfig({
      REMIND_AFTER: '2d',
      ESCALATE_AFTER: '45s',
      REMIND_ACKED_AFTER: '1w',
      BUSINESS_HOURS: 'always',
      STOCK_TEAM: ' U0123ABCD , S0456EFGH ',
      ADMIN_USERS: 'W0999ZZZZ',
      STOCK_CHANNEL: 'C0123ABCD',
      WATCH_CRON: '*/30 * * * * *',
    });
    expect(config.remindAfterMs).toBe(2 * 86_400_000);
    expect(config.escalateAfterMs).toBe(45_000);
    expect(config.remindAckedAfterMs).toBe(7 * 86_400_000);
    expect(config.businessHours).toEqual({ kind: 'always' });
    expect(config.teams.stock).toEqual(['U0123ABCD', 'S0456EFGH']);
    expect(config.teams.admins).toEqual(['W0999ZZZZ']);
    expect(config.channels.stock).toBe('C0123ABCD');
    expect(config.watchCron).toBe('*/30 * * * * *');
  });

  it('reads .env when present, and real environment variables win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'retaguarda-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=4100\nBOT_LOCALE=pt-BR\n# comment\nSTORM_THRESHOLD="25"\n');
    const env = environmentWithDotenv({ PORT: '4200' }, dir);
    const config = parseConfig(env);
    expect(config.port).toBe(4200);
    expect(config.locale).toBe('pt-BR');
    expect(config.stormThreshold).toBe(25);
  });
});
