// manifest.yml: checked against Slack's official manifest schema (vendored in
// test/slack/manifest-schema, see its README: a fresh clone runs every test here, nothing is
// skipped) and against what the bot really uses: its six slash commands, its OAuth scopes (derived from the Web API methods called
// in src/), Socket Mode, the App Home.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { COMMANDS } from '../../src/domain/commands/parse-command.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const MANIFEST_FILE = join(REPO_ROOT, 'manifest.yml');
const SCHEMA_DIR = join(import.meta.dirname, 'manifest-schema');
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** The public contract (README.md, "Slash commands"): each command's verbs, in usage order. */
const EXPECTED_COMMANDS: Record<string, readonly string[]> = {
  '/stock': ['list', 'show', 'restock', 'set', 'min', 'help'],
  '/orders': ['list', 'show', 'paid', 'promise', 'cancel', 'help'],
  '/admissions': ['list', 'show', 'received', 'waive', 'prelim', 'help'],
  '/alerts': ['list', 'ack', 'resolve', 'snooze', 'digest', 'retry', 'help'],
  '/oncall': ['who', 'set', 'override', 'help'],
  '/holidays': ['list', 'help'],
};

/**
 * The bot-token scopes each Slack Web API method needs ("Required scopes" in Slack's method
 * reference, docs.slack.dev/reference/methods/<method>); [] for methods that need none. A method
 * the code calls that is missing here fails the suite: look it up and add it. `chat:write.public`
 * is deliberately never needed: the bot joins public channels with `conversations.join` instead.
 */
const METHOD_SCOPES: Record<string, readonly string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.join': ['channels:join'],
  // The outbox's duplicate check reads the channels alerts go to: public and private ones.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'conversations.open': ['im:write'],
  'usergroups.users.list': ['usergroups:read'],
  'users.info': ['users:read'],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
};

/** Scopes no Web API call needs: `commands` comes with the slash commands the manifest declares. */
const SLASH_COMMANDS_SCOPE = 'commands';

const SRC_DIR = join(REPO_ROOT, 'src');
/** `client.chat.postMessage(`, `args.client.usergroups.users.list(`, `apiCall('views.publish'`. */
const CLIENT_CALL = /\bclient\s*\.\s*((?:[a-z]+\s*\.\s*)+[a-zA-Z]+)\s*\(/g;
const API_CALL = /\bapiCall\(\s*['"`]([\w.]+)['"`]/g;

/** Every Web API method a piece of source calls through a WebClient. */
function methodsCalledIn(source: string): string[] {
  return [...source.matchAll(CLIENT_CALL), ...source.matchAll(API_CALL)].map((m) => m[1]!.replace(/\s+/g, ''));
}

/** Every Web API method the bot's code calls (src/, without the generated Prisma client), with where. */
function methodsCalledBySrc(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const entry of readdirSync(SRC_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = relative(REPO_ROOT, join(entry.parentPath, entry.name));
    if (file.startsWith(join('src', 'generated'))) continue;
    for (const method of methodsCalledIn(readFileSync(join(REPO_ROOT, file), 'utf8'))) found.set(method, [...(found.get(method) ?? []), file]);
  }
  return found;
}

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

  it('declares exactly the six slash commands', () => {
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

  it('finds the Web API calls in source, however they are written', () => {
    const source = [
      'await client.chat.postMessage({ channel });',
      'await args.client.views.open({ trigger_id });',
      'const r = await client.usergroups.users.list({ usergroup });',
      "client.conversations\n      .history({ channel });",
      "await client.apiCall('users.info', { user });",
      'client.on("x"); chatClient.chat.update(); notAClient.x();',
    ].join('\n');
    expect(methodsCalledIn(source)).toEqual(['chat.postMessage', 'views.open', 'usergroups.users.list', 'conversations.history', 'users.info']);
    // The bot's own calls are found: posting, the App Home, user groups.
    expect([...methodsCalledBySrc().keys()]).toEqual(expect.arrayContaining(['chat.postMessage', 'chat.update', 'views.publish', 'usergroups.users.list']));
  });

  it('requests exactly the bot scopes the Web API methods it calls need, each with a reason', () => {
    const called = methodsCalledBySrc();
    const unknown = [...called].filter(([method]) => !(method in METHOD_SCOPES)).map(([method, files]) => `${method} (${files.join(', ')})`);
    expect(unknown, "methods without their scopes in METHOD_SCOPES: look them up in Slack's method reference").toEqual([]);
    const manifest = readManifest();
    const needed = new Set([...called.keys()].flatMap((method) => METHOD_SCOPES[method] ?? []));
    if (slashCommands(manifest).length > 0) needed.add(SLASH_COMMANDS_SCOPE);

    const bot = manifest.oauth_config?.scopes?.bot ?? [];
    expect(new Set(bot).size, 'a scope is listed twice').toBe(bot.length);
    expect(
      [...needed].filter((scope) => !bot.includes(scope)),
      'scopes a call needs that manifest.yml does not request',
    ).toEqual([]);
    expect(
      bot.filter((scope) => !needed.has(scope)),
      'scopes manifest.yml requests that no call needs (remove them, or the call is written in a way methodsCalledIn misses)',
    ).toEqual([]);
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
    expect(urls).toHaveLength(8);
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

describe("manifest.yml against Slack's official manifest schema", () => {
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
});
