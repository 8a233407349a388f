// The two catalogs are compared at runtime (CATALOGS), not trusted to the type system: a cast, a
// spread of the wrong object or a `Record<string, string>` would all get past the compiler.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGS, createI18n } from '../../src/i18n/index.js';

type Catalog = Record<string, string>;

const SRC = join(import.meta.dirname, '..', '..', 'src');
/** Slack's limit for a modal's title, submit and close texts (docs/architecture.md, Block Kit limits). */
const MODAL_CHROME_MAX = 24;
const MODAL_CHROME = /^modal\..+\.(title|submit|close)$/;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** Every problem between a reference catalog and a translation, one line each. */
function catalogProblems(catalogs: Record<string, Catalog>): string[] {
  const problems: string[] = [];
  const entries = Object.entries(catalogs);
  for (const [name, catalog] of entries) {
    for (const [otherName, other] of entries) {
      if (name === otherName) continue;
      for (const key of Object.keys(catalog)) if (!(key in other)) problems.push(`${key}: in ${name}, missing in ${otherName}`);
    }
    for (const [key, text] of Object.entries(catalog)) {
      if (typeof text !== 'string' || text.trim() === '') problems.push(`${key}: empty in ${name}`);
      const base = /^(.*)\.(one|other)$/.exec(key);
      if (base) {
        const pair = `${base[1]}.${base[2] === 'one' ? 'other' : 'one'}`;
        if (!(pair in catalog)) problems.push(`${key}: in ${name} without ${pair}`);
      }
      if (MODAL_CHROME.test(key) && text.length > MODAL_CHROME_MAX) problems.push(`${key}: ${text.length} characters in ${name}, limit ${MODAL_CHROME_MAX}`);
    }
  }
  const [first, ...rest] = entries;
  for (const [key, text] of Object.entries(first?.[1] ?? {})) {
    for (const [name, catalog] of rest) {
      const translated = catalog[key];
      if (translated !== undefined && placeholders(text).join() !== placeholders(translated).join()) {
        problems.push(`${key}: placeholders {${placeholders(text).join('}, {')}} in ${first![0]}, {${placeholders(translated).join('}, {')}} in ${name}`);
      }
    }
  }
  return problems;
}

describe('message catalogs', () => {
  it('en and pt-BR have the same keys, none empty, the same placeholders, complete plurals, short modal chrome', () => {
    const catalogs = CATALOGS as unknown as Record<string, Catalog>;
    expect(Object.keys(catalogs).sort()).toEqual(['en', 'pt-BR']);
    expect(Object.keys(catalogs.en!).length).toBeGreaterThan(100);
    expect(catalogProblems(catalogs)).toEqual([]);
  });

  it('the checks catch each kind of mistake (so an empty result above means something)', () => {
    const en: Catalog = {
      'a.only': 'x',
      'b.same': 'Hi {name}',
      'c.empty': 'ok',
      'd.count.one': '{count} item',
      'modal.snooze.title': 'Snooze',
    };
    const pt: Catalog = {
      'b.same': 'Olá {nome}',
      'c.empty': '  ',
      'd.count.one': '{count} item',
      'modal.snooze.title': 'Adiar alerta até uma data certa',
      'e.extra': 'y',
    };
    expect(catalogProblems({ en, 'pt-BR': pt })).toEqual(
      expect.arrayContaining([
        'a.only: in en, missing in pt-BR',
        'e.extra: in pt-BR, missing in en',
        'c.empty: empty in pt-BR',
        'd.count.one: in en without d.count.other',
        'modal.snooze.title: 31 characters in pt-BR, limit 24',
        'b.same: placeholders {name} in en, {nome} in pt-BR',
      ]),
    );
  });
});

// --- keys used in the source ---------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface KeyUse {
  file: string;
  /** a whole key, or the fixed start of a template literal such as `alert.severity.${…}` */
  key: string;
  kind: 't' | 'plural' | 'prefix' | 'zod' | 'summary';
}

/**
 * String literals given to `t(…)` / `i18n.t(…)` / `plural(…)`, used as zod issue messages in the
 * command language (ArgReader translates them), or as a verb's `summary`.
 */
function keysUsedInSource(): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path);
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/\b(t|plural)\(\s*(['"])([^'"\n]+)\2/g)) uses.push({ file, key: m[3]!, kind: m[1] as 't' | 'plural' });
    // `alert.severity.${…}`: at least one key must start with the fixed part (an empty one says nothing).
    for (const m of text.matchAll(/\b(?:t|plural)\(\s*`([^`$\n]+)\$\{/g)) uses.push({ file, key: m[1]!, kind: 'prefix' });
    for (const m of text.matchAll(/\b(?:t|plural)\(\s*`([^`$\n]+)`/g)) uses.push({ file, key: m[1]!, kind: 't' });
    if (file.startsWith(join('domain', 'commands'))) {
      for (const m of text.matchAll(/\bmessage:\s*'([^'\n]+)'/g)) uses.push({ file, key: m[1]!, kind: 'zod' });
      for (const m of text.matchAll(/\bsummary:\s*'([^'\n]+)'/g)) uses.push({ file, key: m[1]!, kind: 'summary' });
    }
  }
  return uses;
}

describe('keys used in src/', () => {
  const uses = keysUsedInSource();

  it('finds the literal keys (the scan itself works)', () => {
    expect(uses.filter((u) => u.kind === 't').length).toBeGreaterThan(50);
    expect(uses.some((u) => u.kind === 'plural')).toBe(true);
    expect(uses.some((u) => u.kind === 'prefix')).toBe(true);
    expect(uses.some((u) => u.kind === 'zod')).toBe(true);
    expect(uses.some((u) => u.kind === 'summary')).toBe(true);
  });

  it.each(Object.keys(CATALOGS) as (keyof typeof CATALOGS)[])('all exist in %s', (locale) => {
    const catalog = CATALOGS[locale] as Catalog;
    const keys = Object.keys(catalog);
    const missing = uses.filter((u) => {
      switch (u.kind) {
        case 'plural':
          return !(`${u.key}.one` in catalog && `${u.key}.other` in catalog);
        case 'prefix':
          return !keys.some((k) => k.startsWith(u.key));
        default:
          return !(u.key in catalog);
      }
    });
    expect(missing.map((u) => `${u.file}: ${u.kind} '${u.key}'`)).toEqual([]);
  });
});

describe('plurals (Intl.PluralRules)', () => {
  it('picks .one or .other per language and formats the count', () => {
    const en = createI18n('en', 'UTC');
    expect([0, 1, 2, 1000].map((n) => en.plural('alerts.digest.orders', n))).toEqual(['0 orders', '1 order', '2 orders', '1,000 orders']);
    const pt = createI18n('pt-BR', 'UTC');
    expect([0, 1, 2].map((n) => pt.plural('alerts.digest.orders', n))).toEqual(['0 pedidos', '1 pedido', '2 pedidos']);
  });

  it('falls back to .other for a category the catalog does not have (Portuguese "many")', () => {
    expect(createI18n('pt-BR', 'UTC').plural('alerts.digest.orders', 1_000_000)).toBe('1.000.000 pedidos');
  });
});
