// manifest.yml: checked against Slack's official manifest schema (kept outside the repo, in
// <repo>/../shared/slack/manifest-schema — CI has it; never copy it in) and against what the bot
// really uses: its five slash commands, its OAuth scopes, Socket Mode, the App Home.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { COMMANDS } from '../../src/domain/commands/parse-command.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const MANIFEST_FILE = join(REPO_ROOT, 'manifest.yml');
const SCHEMA_DIR = join(REPO_ROOT, '..', 'shared', 'slack', 'manifest-schema');
const ROOT_SCHEMA_FILE = join(SCHEMA_DIR, 'manifest.schema.json');
const SCHEMA_PRESENT = existsSync(ROOT_SCHEMA_FILE);
const SCHEMA_SKIP_REASON = '../shared/slack/manifest-schema not found';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** The public contract (README.md, "Slash commands"): each command's verbs, in usage order. */
const EXPECTED_COMMANDS: Record<string, readonly string[]> = {
  '/stock': ['list', 'show', 'restock', 'set', 'min', 'help'],
  '/orders': ['list', 'show', 'paid', 'promise', 'cancel', 'help'],
  '/admissions': ['list', 'show', 'received', 'waive', 'help'],
  '/alerts': ['list', 'ack', 'resolve', 'snooze', 'digest', 'retry', 'help'],
  '/oncall': ['who', 'set', 'override', 'help'],
};

/**
 * Exactly the bot scopes the bot calls for. Adding one means adding it here and giving it a reason
 * in manifest.yml (a comment on its line, checked below). `chat:write.public` is deliberately
 * absent: the bot joins public channels with `channels:join` instead.
 */
const EXPECTED_BOT_SCOPES = [
  'commands',
  'chat:write',
  'channels:join',
  'channels:history',
  'groups:history',
  'usergroups:read',
  'im:write',
  'users:read',
];

interface SlashCommand {
  command: string;
  url?: string;
  description?: string;
  usage_hint?: string;
  should_escape?: boolean;
}

interface Manifest {
  _metadata?: { major_version?: number; minor_version?: number };
  display_information: { name: string; description?: string; long_description?: string; background_color?: string };
  features?: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: SlashCommand[];
  };
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

function readManifestDocument() {
  return parseDocument(readFileSync(MANIFEST_FILE, 'utf8'), { uniqueKeys: true });
}

function readManifest(): Manifest {
  return readManifestDocument().toJS() as Manifest;
}

function slashCommands(manifest: Manifest): SlashCommand[] {
  return manifest.features?.slash_commands ?? [];
}

function commandNamed(manifest: Manifest, name: string): SlashCommand {
  const found = slashCommands(manifest).find((c) => c.command === name);
  if (!found) throw new Error(`manifest.yml declares no ${name}`);
  return found;
}

/** `list [low] | show SKU | help` → ['list', 'show', 'help'] */
function verbsOfHint(hint: string): string[] {
  return hint.split(' | ').map((part) => part.trim().split(/\s+/)[0] ?? '');
}

describe('manifest.yml', () => {
  it('is plain YAML: no parse errors, warnings or duplicate keys', () => {
    const doc = readManifestDocument();
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    expect(doc.warnings.map((w) => w.message)).toEqual([]);
  });

  it('describes the app within the display limits', () => {
    const info = readManifest().display_information;
    expect(info.name).toBe('Retaguarda');
    expect(info.description?.length).toBeGreaterThan(0);
    expect(info.description!.length).toBeLessThanOrEqual(140);
    expect(info.long_description!.length).toBeGreaterThanOrEqual(175);
    expect(info.long_description!.length).toBeLessThanOrEqual(4000);
    // The official schema spells this constraint `regex`, which no JSON Schema validator knows,
    // so the schema check below would accept any string here.
    expect(info.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });

  it('declares exactly the five slash commands', () => {
    const names = slashCommands(readManifest()).map((c) => c.command);
    expect([...names].sort()).toEqual(Object.keys(EXPECTED_COMMANDS).sort());
  });

  it.each(Object.entries(EXPECTED_COMMANDS))('%s escapes its text and hints at every verb', (name, verbs) => {
    const command = commandNamed(readManifest(), name);
    // Parsing relies on escaped text: mentions as <@U…|name>, channels, user groups (tokenize.ts).
    expect(command.should_escape).toBe(true);
    expect(command.description?.trim()).toBeTruthy();
    expect(command.usage_hint?.trim()).toBeTruthy();
    expect(verbsOfHint(command.usage_hint!)).toEqual(verbs);
  });

  it('hints at the verbs the command router implements (manifest and router cannot drift)', () => {
    const manifest = readManifest();
    for (const spec of COMMANDS) {
      const command = commandNamed(manifest, `/${spec.name}`);
      expect(verbsOfHint(command.usage_hint ?? ''), `/${spec.name}`).toEqual(spec.verbs.map((v) => v.verb));
    }
  });

  it('requests exactly the bot scopes the bot uses, each with a reason', () => {
    const manifest = readManifest();
    const bot = manifest.oauth_config?.scopes?.bot ?? [];
    expect(new Set(bot).size, 'a scope is listed twice').toBe(bot.length);
    expect([...bot].sort()).toEqual([...EXPECTED_BOT_SCOPES].sort());
    expect(manifest.oauth_config?.scopes?.user ?? []).toEqual([]);

    const node = readManifestDocument().getIn(['oauth_config', 'scopes', 'bot'], true);
    const items = (node as { items?: { value?: unknown; comment?: string }[] } | undefined)?.items ?? [];
    const withoutReason = items.filter((item) => !item.comment?.trim()).map((item) => String(item.value));
    expect(withoutReason, 'scopes without a `# why` comment on their line').toEqual([]);
  });

  it('runs in Socket Mode by default, with the App Home and interactivity on', () => {
    const { features, settings } = readManifest();
    expect(settings?.socket_mode_enabled).toBe(true);
    expect(settings?.token_rotation_enabled).toBe(false);
    expect(settings?.org_deploy_enabled).toBe(false);
    expect(settings?.event_subscriptions?.bot_events).toEqual(['app_home_opened']);
    expect(settings?.interactivity?.is_enabled).toBe(true);
    expect(features?.app_home?.home_tab_enabled).toBe(true);
    expect(features?.app_home?.messages_tab_enabled).toBe(true);
    expect(features?.app_home?.messages_tab_read_only_enabled).toBe(true);
    expect(features?.bot_user).toEqual({ display_name: 'retaguarda', always_online: true });
  });

  it('sends every HTTP-mode request to one /slack/events URL (one host to replace)', () => {
    const manifest = readManifest();
    const urls = [
      ...slashCommands(manifest).map((c) => c.url),
      manifest.settings?.event_subscriptions?.request_url,
      manifest.settings?.interactivity?.request_url,
    ];
    expect(urls).toHaveLength(7);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(new Set(urls).size).toBe(1);
  });
});

// --- the official schema ------------------------------------------------------------------------

function readSchema(file: string): Record<string, unknown> {
  const path = join(SCHEMA_DIR, file);
  if (!existsSync(path)) throw new Error(`${path} is missing (the root schema refers to it)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** Every absolute `$ref` in a schema (the root refers to the versioned schemas by URL). */
function absoluteRefs(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) absoluteRefs(item, found);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && /^https?:\/\//.test(value)) found.add(value.split('#')[0]!);
      else absoluteRefs(value, found);
    }
  }
  return found;
}

let compiled: { validate: ValidateFunction; refs: string[] } | undefined;

/** The root schema, with each versioned file registered under the exact URL the root uses. */
function officialSchema() {
  if (compiled) return compiled;
  const root = readSchema('manifest.schema.json');
  // The schema declares `format: "uri"` (for a `$schema` key); Ajv ships no formats of its own.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { uri: (s: string) => URL.canParse(s) } });
  const refs = [...absoluteRefs(root)];
  for (const url of refs) {
    // The URL's last segment names the file: …/v0.5.0/schemas/manifest.schema.1.0.0.json
    ajv.addSchema(readSchema(basename(new URL(url).pathname)), url);
  }
  compiled = { validate: ajv.compile(root), refs };
  return compiled;
}

function schemaErrors(manifest: unknown): ErrorObject[] {
  const { validate } = officialSchema();
  return validate(manifest) ? [] : (validate.errors ?? []);
}

/** One line per distinct error (the root's oneOf repeats a branch's errors for every branch). */
function describeErrors(errors: ErrorObject[]): string[] {
  const lines = errors.map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return [...new Set(lines)];
}

const hasError =
  (path: string, keyword: string, param?: [string, string]) =>
  (errors: ErrorObject[]): boolean =>
    errors.some(
      (e) =>
        e.instancePath === path &&
        e.keyword === keyword &&
        (!param || (e.params as Record<string, unknown>)[param[0]] === param[1]),
    );

/** Deliberately broken copies: the schema must reject each, or it is not checking anything. */
const BREAKAGES: [string, (m: Manifest) => void, (errors: ErrorObject[]) => boolean][] = [
  [
    'a slash command without a description',
    (m) => delete m.features!.slash_commands![0]!.description,
    hasError('/features/slash_commands/0', 'required', ['missingProperty', 'description']),
  ],
  [
    'an unknown top-level key',
    (m) => Object.assign(m, { feature: {} }),
    hasError('', 'additionalProperties', ['additionalProperty', 'feature']),
  ],
  [
    'a description over 140 characters',
    (m) => (m.display_information.description = 'x'.repeat(141)),
    hasError('/display_information/description', 'maxLength'),
  ],
  [
    'a slash command without its leading /',
    (m) => (m.features!.slash_commands![0]!.command = 'stock'),
    hasError('/features/slash_commands/0/command', 'pattern'),
  ],
  [
    'should_escape given as a string',
    (m) => Object.assign(m.features!.slash_commands![0]!, { should_escape: 'true' }),
    hasError('/features/slash_commands/0/should_escape', 'type'),
  ],
];

const SCHEMA_TITLE = "manifest.yml against Slack's official manifest schema";

describe.skipIf(!SCHEMA_PRESENT)(
  SCHEMA_PRESENT ? SCHEMA_TITLE : `${SCHEMA_TITLE} [skipped: ${SCHEMA_SKIP_REASON}]`,
  () => {
    it('is the draft-07 schema that dispatches on _metadata.major_version to versioned files', () => {
      // A schema update to another draft needs ajv/dist/2019 or ajv/dist/2020 here instead.
      const root = readSchema('manifest.schema.json');
      expect(root.$schema).toBe(DRAFT_07);
      const { refs } = officialSchema();
      expect(refs.length).toBeGreaterThanOrEqual(2);
      for (const url of refs) expect(readSchema(basename(new URL(url).pathname)).$schema).toBe(DRAFT_07);
    });

    it('accepts manifest.yml', () => {
      expect(describeErrors(schemaErrors(readManifest()))).toEqual([]);
    });

    it.each(BREAKAGES)('rejects a copy with %s', (_name, breakIt, expected) => {
      const broken = readManifest();
      breakIt(broken);
      const errors = schemaErrors(broken);
      expect(errors.length).toBeGreaterThan(0);
      expect(expected(errors), describeErrors(errors).join('\n')).toBe(true);
    });
  },
);
