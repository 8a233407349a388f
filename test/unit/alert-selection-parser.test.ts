// The selection of `/alerts ack` and `/alerts snooze` (fast-check): numbers or filters, typed in
// any order, case and spacing, escaped as Slack sends them, read back exactly — and anything else
// refused with a clear message and the usage, never another kind of error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertFilter } from '../../src/domain/alerts/alert-selection.js';
import type { AlertKind } from '../../src/domain/alerts/alert-types.js';
import type { AlertsAction } from '../../src/domain/commands/alerts-command.js';
import { parseCommand } from '../../src/domain/commands/parse-command.js';
import { ALERT_KINDS, KIND_ORDER } from '../../src/domain/kinds/index.js';
import { createI18n } from '../../src/i18n/index.js';
import { AppError } from '../../src/lib/errors.js';

const en = createI18n('en', 'America/Sao_Paulo');
const pt = createI18n('pt-BR', 'America/Sao_Paulo');
const ACK_USAGE = '/alerts ack ID…|FILTER…';
const SNOOZE_USAGE = '/alerts snooze ID…|FILTER… DURATION|YYYY-MM-DD [reason]';
const ACK_USAGE_PT = '/alerts ciente ID…|FILTRO…';
const SNOOZE_USAGE_PT = '/alerts adiar ID…|FILTRO… DURAÇÃO|DD/MM/AAAA [MOTIVO]';

const parse = (text: string, i18n = en) => parseCommand(i18n, '/alerts', text).action as AlertsAction;
const refusal = (text: string, i18n = en): AppError => {
  try {
    parse(text, i18n);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
};

/** As Slack sends slash-command text (should_escape: true). */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// ---------------------------------------------------------------------------------------------
// Generators

const space = fc.constantFrom(' ', '  ', '\t', ' \u00a0 ');
const alertId = fc.integer({ min: 1, max: 999_999_999 });
const idWord = alertId.chain((id) => fc.constantFrom(`${id}`, `#${id}`).map((word) => ({ id, word })));
const anyCase = (word: string) => fc.constantFrom(word, word.toUpperCase(), word[0]!.toUpperCase() + word.slice(1));

const kindWord = fc.constantFrom(...KIND_ORDER.flatMap((kind) => ALERT_KINDS[kind].filterWords)).chain(anyCase);
const nameWord = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9&<>'.-]{1,10}$/);
const customerName = fc.array(nameWord, { minLength: 1, maxLength: 4 });

interface Filter {
  words: string[];
  expected: AlertFilter;
}

const kindFilter = fc.tuple(fc.constantFrom('kind', 'tipo', 'KIND', 'Tipo'), kindWord).map(([key, word]) => ({
  word: `${key}:${word}`,
  expected: { kinds: KIND_ORDER.filter((k) => (ALERT_KINDS[k].filterWords as readonly string[]).includes(word.toLowerCase())) as AlertKind[] },
}));
const customerFilter = fc
  .tuple(fc.constantFrom('customer', 'cliente'), customerName, fc.constantFrom<[string, string]>(['"', '"'], ['“', '”'], ['"', '”'], ['', '']), space)
  .map(([key, words, [open, close], gap]) => {
    const quoted = words.length > 1 || open !== '';
    return {
      word: quoted ? `${key}:${open || '"'}${words.join(gap)}${close || '"'}` : `${key}:${words[0]}`,
      expected: { customer: words.join(' ') },
    };
  });
const groupFilter = fc.tuple(fc.constantFrom('group', 'grupo'), alertId, fc.boolean()).map(([key, id, hash]) => ({ word: `${key}:${hash ? '#' : ''}${id}`, expected: { groupId: id } }));

/** One to three different filters, in any order. */
const filters: fc.Arbitrary<Filter> = fc
  .subarray([0, 1, 2], { minLength: 1 })
  .chain((which) => fc.tuple(...which.map((i) => [kindFilter, customerFilter, groupFilter][i]!)))
  .chain((parts) => fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }))
  .map((parts) => ({ words: parts.map((p) => p.word), expected: Object.assign({}, ...parts.map((p) => p.expected)) as AlertFilter }));

const join = (words: string[], gaps: string[]) => words.map((w, i) => (i === 0 ? w : `${gaps[i % gaps.length]}${w}`)).join('');

describe('the alert selection of /alerts ack and /alerts snooze', () => {
  it('reads back any list of numbers, with or without #, each counted once, in the order first typed', () => {
    fc.assert(
      fc.property(fc.array(idWord, { minLength: 1, maxLength: 60 }), fc.array(space, { minLength: 1, maxLength: 3 }), (ids, gaps) => {
        const expected = [...new Set(ids.map((i) => i.id))];
        const line = join(ids.map((i) => i.word), gaps);
        expect(parse(`ack ${line}`)).toEqual({ command: 'alerts', verb: 'ack', selection: { ids: expected } });
        const snooze = parse(`snooze ${line} 4h  fornecedor & cia`);
        expect(snooze).toEqual({ command: 'alerts', verb: 'snooze', selection: { ids: expected }, until: { durationMs: 4 * 3_600_000 }, reason: 'fornecedor & cia' });
      }),
    );
  });

  it('reads back any filters, in both languages, any case and order, names quoted with spaces and Slack-escaped', () => {
    fc.assert(
      fc.property(filters, fc.array(space, { minLength: 1, maxLength: 3 }), fc.constantFrom('1d', '2037-12-02', '30m'), (filter, gaps, until) => {
        const line = slackEscape(join(filter.words, gaps));
        expect(parse(`ack ${line}`)).toEqual({ command: 'alerts', verb: 'ack', selection: { filter: filter.expected } });
        const snooze = parse(`snooze ${line} ${until} motivo`) as Extract<AlertsAction, { verb: 'snooze' }>;
        expect(snooze.selection).toEqual({ filter: filter.expected });
        expect(snooze.reason).toBe('motivo');
      }),
    );
  });

  it('never fails other than with a polite invalid_input and the usage, whatever follows the verb', () => {
    const junk = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(fc.oneof(idWord.map((i) => i.word), kindFilter.map((k) => k.word), fc.constantFrom('kind:', 'customer:', 'customer:"', 'group:x', 'foo:bar', '"', '“', '”', '4h', '2037-12-02', '1h30m', '##1', '#0', '&amp;', '<@U1>')), { maxLength: 8 }).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(fc.constantFrom('ack', 'snooze'), junk, fc.constantFrom(en, pt), (verb, rest, i18n) => {
        try {
          const action = parse(`${verb} ${rest}`, i18n);
          expect(['ack', 'snooze']).toContain(action.verb);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          const appError = error as AppError;
          expect(appError.code).toBe('invalid_input');
          expect(appError.userMessage.trim()).not.toBe('');
          if (i18n === en) expect(appError.hint).toBe(verb === 'ack' ? ACK_USAGE : SNOOZE_USAGE);
          else expect(appError.hint).toBe(verb === 'ack' ? ACK_USAGE_PT : SNOOZE_USAGE_PT);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps one number exactly as before: a single-alert selection', () => {
    expect(parse('ack #12')).toEqual({ command: 'alerts', verb: 'ack', selection: { ids: [12] } });
    expect(parse('ack 12 #12')).toEqual({ command: 'alerts', verb: 'ack', selection: { ids: [12] } });
    expect(parse('snooze 12 2037-12-02')).toMatchObject({ selection: { ids: [12] }, until: { date: '2037-12-02' }, reason: '' });
  });

  it('says what is wrong: an unknown filter or kind, an unclosed quote, numbers with filters, a filter twice, nothing at all', () => {
    expect(refusal('ack café').userMessage).toBe('ID `café` must be an alert number like #42, or a filter: kind:stock|orders|admissions, customer:NAME or group:N.');
    expect(refusal('ack kind:vendas').userMessage).toBe('ID `kind:vendas` is not a kind of alert: use kind:stock|orders|admissions.');
    expect(refusal('ack kind:vendas', pt).userMessage).toBe('ID `kind:vendas` não é um tipo de alerta: use kind:stock|orders|admissions.');
    expect(refusal('ack customer:"Padaria Pão').userMessage).toBe('ID `customer:"Padaria Pão` opens a quote that is never closed.');
    expect(refusal('ack customer:').userMessage).toContain('needs a customer name');
    expect(refusal('ack group:sete').userMessage).toContain('must name a grouped message by its number, like group:7');
    expect(refusal('ack 12 kind:stock').userMessage).toBe('Give alert numbers or filters, not both.');
    expect(refusal('ack kind:stock tipo:pedidos').userMessage).toBe('The filter `kind:` is given twice; give each filter once.');
    expect(refusal('ack').userMessage).toBe('Missing ID.');
    expect(refusal('snooze kind:stock').userMessage).toBe('Missing DURATION|YYYY-MM-DD.');
    expect(refusal('snooze 12 13 amanhã').hint).toBe(SNOOZE_USAGE);
    // snooze reads the selection up to the first word that is not part of one: here an unknown filter
    expect(refusal('snooze foo:bar 4h').userMessage).toContain('ID `foo:bar` must be an alert number');
  });

  it('takes a quoted name up to its closing quote, whatever its spacing, and leaves the rest of the line to what follows', () => {
    const action = parse('snooze cliente:“Padaria   Pão &amp; Cia”   kind:orders 2d cobrar na sexta') as Extract<AlertsAction, { verb: 'snooze' }>;
    expect(action.selection).toEqual({ filter: { customer: 'Padaria Pão & Cia', kinds: ['unpaid_order'] } });
    expect(action.until).toEqual({ durationMs: 2 * 86_400_000 });
    expect(action.reason).toBe('cobrar na sexta');
  });
});
