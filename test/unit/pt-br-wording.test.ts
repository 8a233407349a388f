// What a native speaker notices in the pt-BR catalog (issue 9, item 7): contractions ("pelo", never
// "por o"), also where a value is filled in; singular and plural; no internal actor IDs; no
// placeholder left unfilled; argument placeholders in usage lines translated (QTD, never QTY).
// Placeholder parity between en and pt-BR is checked in i18n.test.ts.
import { describe, expect, it } from 'vitest';
import { actorName, actorSubject, byActor } from '../../src/blocks/alerts/alert-format.js';
import { COMMANDS, usageOf } from '../../src/domain/commands/parse-command.js';
import { CATALOGS, createI18n, type MessageKey } from '../../src/i18n/index.js';

const pt = createI18n('pt-BR', 'America/Sao_Paulo');
const en = createI18n('en', 'America/Sao_Paulo');

/** A preposition followed by an article it should have been contracted with. */
const UNCONTRACTED = /(?<![\p{L}])(de|em|por|a) (o|a|os|as)(?![\p{L}])/iu;
/** Actors stored by the bot that are not people, and a Slack user. */
const ACTORS = ['local', 'import', 'api', 'demo', 'system', 'U0ANA0001'];
// "local" only as the ID, not the adjective of "o console local"
const INTERNAL_IDS = /(?<![\p{L}-])(demo|system|import|api)(?![\p{L}-])|(?<!console )(?<![\p{L}-])local(?![\p{L}-])/u;

/**
 * Every pt-BR message filled in every way the code fills it: `{by}` with each actor's "by" phrase,
 * `{actor}` with each actor's name (as a sentence start or not), `{who}` with a name, anything
 * else with a neutral value.
 */
function renderings(): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const [key, template] of Object.entries(CATALOGS['pt-BR'])) {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    for (const actor of ACTORS) {
      const params: Record<string, string | number> = {};
      for (const name of names) {
        if (name === 'by') params[name] = byActor(pt, actor);
        else if (name === 'actor') params[name] = template.startsWith('{actor}') ? actorSubject(pt, actor) : actorName(pt, actor);
        else if (name === 'who') params[name] = actorName(pt, actor);
        else if (name === 'count' || name === 'required' || name === 'missing') params[name] = 2;
        else params[name] = 'Ana';
      }
      out.push({ key, text: pt.t(key as MessageKey, params) });
    }
  }
  return out;
}

/** Argument names that are the same word in both languages; every other English one is untranslated in pt-BR. */
const SAME_IN_BOTH = new Set(['SKU', 'DOC', 'ID']);
const ENGLISH_ARG_NAMES = new Set(
  Object.entries(CATALOGS.en)
    .filter(([key]) => key.startsWith('argName.'))
    .flatMap(([, label]) => label.split('|'))
    .filter((word) => !SAME_IN_BOTH.has(word)),
);

/** The words of a usage line (`/stock repor SKU QTD [OBSERVAÇÃO]`) that are English argument names or unfilled. */
function untranslatedArgs(usage: string): string[] {
  const words = usage.split(/[\s[\]|…]+/).filter(Boolean);
  return words.filter((word) => ENGLISH_ARG_NAMES.has(word) || /[{}]|argName\./.test(word));
}

describe('pt-BR wording', () => {
  it('contracts prepositions with articles, also around filled-in values', () => {
    const bad = renderings().filter((r) => UNCONTRACTED.test(r.text));
    expect(bad.map((r) => `${r.key}: ${r.text}`)).toEqual([]);
  });

  it('the scan catches what it is for', () => {
    for (const text of ['Resolvido por o console', 'depois de o sistema', 'a o cliente', 'em a conversa']) expect(text).toMatch(UNCONTRACTED);
    for (const text of ['Resolvido pelo console', 'recebido por uma importação', 'até a data', 'Falta 1 de 8']) expect(text).not.toMatch(UNCONTRACTED);
  });

  it('never shows an internal actor ID, and fills every placeholder', () => {
    for (const { key, text } of renderings()) {
      expect(text, key).not.toMatch(/\{\w+\}/);
      if (/\{(by|actor|who)\}/.test(CATALOGS['pt-BR'][key as MessageKey])) expect(text, key).not.toMatch(INTERNAL_IDS);
    }
  });

  it('names every argument of every usage line in Portuguese', () => {
    const usages = COMMANDS.flatMap((command) => command.verbs.map((verb) => usageOf(pt, command, verb)));
    expect(usages.length).toBeGreaterThan(25);
    expect(usages.filter((usage) => untranslatedArgs(usage).length > 0)).toEqual([]);
    // the scan catches what it is for
    expect(untranslatedArgs('/stock repor SKU QTY [note]')).toEqual(['QTY', 'note']);
    expect(untranslatedArgs('/alerts adiar ID…|FILTRO… DURATION|YYYY-MM-DD [{reason}]')).toEqual(['DURATION', 'YYYY-MM-DD', '{reason}']);
    expect(untranslatedArgs('/admissions dispensar CÓDIGO DOC MOTIVO')).toEqual([]);
  });

  it('names who did it with contractions: pelo console, pela API, pelos dados de demonstração', () => {
    expect(byActor(pt, 'local')).toBe('pelo console local');
    expect(byActor(pt, 'api')).toBe('pela API de integração');
    expect(byActor(pt, 'demo')).toBe('pelos dados de demonstração');
    expect(byActor(pt, 'import')).toBe('por uma importação');
    expect(byActor(pt, 'system')).toBe('automaticamente');
    expect(byActor(pt, 'U0ANA0001')).toBe('por <@U0ANA0001>');
    expect(actorSubject(pt, 'local')).toBe('O console local');
    expect(actorName(en, 'demo')).toBe('the demo data');
    expect(actorName(pt, 'system')).toBe('o sistema');
  });

  it('says singular or plural by Intl.PluralRules', () => {
    const progress = (n: number) => pt.plural('alert.missingDocuments.progress', n, { required: 8, documents: 'RG' });
    expect(progress(1)).toBe('*Falta 1 de 8:* RG');
    expect(progress(2)).toBe('*Faltam 2 de 8:* RG');
    expect(pt.plural('alert.missingDocuments.line', 1, { required: 8, date: '01/12/2037' })).toBe('falta 1 de 8 · início em 01/12/2037');
    expect(pt.plural('admissions.show.documents', 1, { required: 6 })).toBe('*Documentos* — falta 1 de 6');
    expect(pt.plural('alert.missingDocuments.none', 1)).toBe('O documento exigido foi recebido');
    expect(pt.plural('alert.missingDocuments.none', 6)).toBe('Todos os 6 documentos foram recebidos');
    expect(en.plural('alert.note.startNear', 1, { date: 'Dec 1, 2037', required: 8 })).toContain('1 of 8 documents is still missing');
  });
});
