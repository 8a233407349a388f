// The one free-text rule (src/lib/text/check-free-text.ts): what it refuses, what it lets
// through, how it normalises — by example and as properties over generated text (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freeTextMessage } from '../../src/domain/text/free-text-message.js';
import { createI18n } from '../../src/i18n/index.js';
import { checkFreeText, codePointLabel, revealHidden, type FreeTextRule } from '../../src/lib/text/check-free-text.js';

const NOTE: FreeTextRule = { max: 500 };
const NAME: FreeTextRule = { max: 200, singleLine: true };
const cp = (codePoint: number) => String.fromCodePoint(codePoint);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every code point the rule refuses wherever it stands, with the problem it is reported as. */
const REFUSED: readonly (readonly [number, string])[] = [
  ...range(0x00, 0x08).map((c) => [c, 'control'] as const),
  ...range(0x0b, 0x0c).map((c) => [c, 'control'] as const),
  ...range(0x0e, 0x1f).map((c) => [c, 'control'] as const),
  ...range(0x7f, 0x9f).map((c) => [c, 'control'] as const),
  ...[...range(0x202a, 0x202e), ...range(0x2066, 0x2069)].map((c) => [c, 'bidi'] as const),
  ...[...range(0x200b, 0x200d), 0x2060, 0xfeff, 0xe0001, 0xe0041, 0xe007f].map((c) => [c, 'invisible'] as const),
  ...[0xd800, 0xdbff, 0xdc00, 0xdfff].map((c) => [c, 'unpaired'] as const),
];

describe('checkFreeText', () => {
  it.each(REFUSED.map(([c, problem]) => [codePointLabel(c), c, problem] as const))('refuses %s inside a note (%#)', (_label, codePoint, problem) => {
    expect(checkFreeText(`Nota fiscal${cp(codePoint)} 1234`, NOTE)).toEqual({ ok: false, problem, codePoint, position: 12 });
  });

  it('names the first refused character and its position', () => {
    expect(checkFreeText('\u0000', NOTE)).toMatchObject({ ok: false, problem: 'control', codePoint: 0, position: 1 });
    expect(checkFreeText('ok \u001b[31m red \u0000', NOTE)).toMatchObject({ problem: 'control', codePoint: 0x1b, position: 4 });
  });

  it('keeps tabs and line breaks in notes, refuses them in single-line fields', () => {
    expect(checkFreeText('linha 1\n\tlinha 2', NOTE)).toEqual({ ok: true, value: 'linha 1\n\tlinha 2' });
    expect(checkFreeText('Caneta\tazul', NAME)).toEqual({ ok: false, problem: 'lineBreak', codePoint: 9, position: 7 });
    expect(checkFreeText('Caneta\nazul', NAME)).toMatchObject({ problem: 'lineBreak', codePoint: 10 });
    expect(checkFreeText('Caneta\u2028azul', NAME)).toMatchObject({ problem: 'lineBreak', codePoint: 0x2028 });
  });

  it('turns CRLF and a lone CR into LF', () => {
    expect(checkFreeText('a\r\nb\rc\n\rd', NOTE)).toEqual({ ok: true, value: 'a\nb\nc\n\nd' });
    expect(checkFreeText('a\rb', NAME)).toMatchObject({ problem: 'lineBreak', codePoint: 10, position: 2 });
  });

  it('stores NFC and trims; a BOM or spaces around the text are not part of it', () => {
    expect(checkFreeText('  Jose\u0301 ', NOTE)).toEqual({ ok: true, value: 'José' });
    expect(checkFreeText('\ufeffCafé\ufeff', NOTE)).toEqual({ ok: true, value: 'Café' });
    expect(checkFreeText('Ca\ufefffé', NOTE)).toMatchObject({ problem: 'invisible', codePoint: 0xfeff });
  });

  it('counts characters, not UTF-16 units, after normalisation', () => {
    expect(checkFreeText('🙂'.repeat(5), { max: 5 })).toEqual({ ok: true, value: '🙂'.repeat(5) });
    expect(checkFreeText('🙂'.repeat(6), { max: 5 })).toEqual({ ok: false, problem: 'tooLong', max: 5, length: 6 });
    expect(checkFreeText('e\u0301'.repeat(5), { max: 5 })).toMatchObject({ ok: true });
  });

  it.each([
    ['accents and cedilla', 'Ação: reposição do café — nº 12, 50% off'],
    ['other scripts', 'Москва 東京 القاهرة\u200f עברית हिन्दी'],
    ['emoji with skin tones and VS16', '👍🏽 ✔️ ☕'],
    ['ZWJ emoji', '👩‍💻 👨🏽‍💻 ❤️‍🔥 🏳️‍🌈 🏳️‍⚧️ 👁️‍🗨️ 🧑🏻‍🤝‍🧑🏼'],
    ['a flag written with tags', '🏴󠁧󠁢󠁳󠁣󠁴󠁿 e 🏴󠁧󠁢󠁷󠁬󠁳󠁿'],
    ['quotes and SQL', `O'Brien "x" ; DROP TABLE products; -- $1 \\ %`],
    ['Slack markup', '<@U123> <!channel> <#C1|geral> *negrito* `code` &amp;'],
  ])('lets %s through unchanged', (_what, text) => {
    expect(checkFreeText(text, NOTE)).toEqual({ ok: true, value: text });
  });

  it('refuses a zero-width joiner that does not join two emoji', () => {
    expect(checkFreeText('a\u200db', NOTE)).toMatchObject({ problem: 'invisible', codePoint: 0x200d, position: 2 });
    expect(checkFreeText('👩\u200d', NOTE)).toMatchObject({ problem: 'invisible', position: 2 });
    expect(checkFreeText('\u200d💻', NOTE)).toMatchObject({ problem: 'invisible', position: 1 });
    expect(checkFreeText('👩\u200d\u200d💻', NOTE)).toMatchObject({ problem: 'invisible', position: 2 });
  });

  it('refuses tags outside a complete flag sequence', () => {
    expect(checkFreeText('🏴\u{e0067}\u{e0062}', NOTE)).toMatchObject({ problem: 'invisible', codePoint: 0xe0067, position: 2 }); // no cancel tag
    expect(checkFreeText('ok\u{e0067}\u{e007f}', NOTE)).toMatchObject({ problem: 'invisible', position: 3 }); // no black flag
    expect(checkFreeText('🏴\u{e007f}', NOTE)).toMatchObject({ problem: 'invisible', position: 2 }); // nothing tagged
  });
});

describe('revealHidden and freeTextMessage', () => {
  it('shows hidden characters as code points, leaving emoji, tabs and line breaks', () => {
    expect(revealHidden('SKU\u200b-1 \u202eabc\u0000 👩‍💻\t\n')).toBe('SKU[U+200B]-1 [U+202E]abc[U+0000] 👩‍💻\t\n');
  });

  it('names the field, the character and where it is, in both languages', () => {
    const failure = checkFreeText('abc\u0000', NOTE);
    if (failure.ok) throw new Error('expected a refusal');
    expect(freeTextMessage(createI18n('en', 'UTC'), '`note`', failure)).toBe(
      '`note`: contains a control character (U+0000, character 4), which is not accepted. Remove it and try again.',
    );
    expect(freeTextMessage(createI18n('pt-BR', 'UTC'), 'Observação', failure)).toBe(
      'Observação: contém um caractere de controle (U+0000, posição 4), que não é aceito. Remova-o e tente de novo.',
    );
    const long = checkFreeText('x'.repeat(501), NOTE);
    if (long.ok) throw new Error('expected a refusal');
    expect(freeTextMessage(createI18n('en', 'UTC'), 'Note', long)).toBe('Note: at most 500 characters, please (501 given).');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Anything: every code point, lone surrogates, and the emoji pieces the rule looks around. */
const anyText = fc.string({
  unit: fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 6 },
    { arbitrary: fc.constantFrom('\u200d', '\ufe0f', '🏽', '👩', '💻', '🏴', '\u{e0067}', '\u{e007f}', '\r', '\n', '\t'), weight: 3 },
    { arbitrary: loneSurrogate, weight: 1 },
  ),
  maxLength: 60,
});
/** Printable text: letters of any script, accents, emoji — no control or format character at all. */
const printable = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\p{Cc}\p{Cf}\p{Cs}]/u.test(s));
/** A printable word as the rule would store it: NFC, nothing around it to trim. */
const word = printable.map((s) => s.normalize('NFC').trim()).filter((s) => s !== '');
/** Refused whatever surrounds them (a ZWJ between emoji and tags after 🏴 can be fine: see above). */
const refusedAnywhere = fc.constantFrom(
  ...REFUSED.filter(([c]) => c !== 0x200d && c < 0xe0000).map(([c, problem]) => ({ char: cp(c), codePoint: c, problem })),
);

describe('checkFreeText, as properties', () => {
  it('accepts Latin-1 text whole, trimmed, counted in characters (its fast path)', () => {
    const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c < 0x7f || c >= 0xa0).map((c) => String.fromCharCode(c)), maxLength: 30 });
    fc.assert(
      fc.property(latin1, fc.boolean(), fc.integer({ min: 0, max: 30 }), (text, singleLine, max) => {
        const value = text.normalize('NFC').trim();
        const length = [...value].length;
        expect(checkFreeText(text, { max, singleLine })).toEqual(length > max ? { ok: false, problem: 'tooLong', max, length } : { ok: true, value });
      }),
    );
    // One character outside Latin-1 takes the full rule: a combining accent is composed first.
    expect(checkFreeText(' Jose\u0301 ', { max: 4 })).toEqual({ ok: true, value: 'José' });
  });

  it('never throws; what it accepts is normalised, short enough, and accepted again unchanged', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), fc.integer({ min: 0, max: 80 }), (text, singleLine, max) => {
        const result = checkFreeText(text, { max, singleLine });
        if (!result.ok) return;
        const { value } = result;
        expect([...value].length).toBeLessThanOrEqual(max);
        expect(value).toBe(value.normalize('NFC').trim());
        expect(value).not.toMatch(/\r/);
        expect(revealHidden(value)).toBe(value); // nothing hidden in it
        expect(value).not.toMatch(/\p{Cs}/u);
        if (singleLine) expect(value).not.toMatch(/[\n\t]/);
        expect(checkFreeText(value, { max, singleLine })).toEqual(result);
      }),
      { numRuns: 3000 },
    );
  });

  it('lets any printable text through, as NFC', () => {
    fc.assert(
      fc.property(printable, (text) => {
        expect(checkFreeText(text, NOTE)).toEqual({ ok: true, value: text.normalize('NFC').trim() });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a forbidden character wherever it is put in printable text, naming it and its position', () => {
    fc.assert(
      fc.property(word, word, refusedAnywhere, (before, after, bad) => {
        const result = checkFreeText(`${before}${bad.char}${after}`, NOTE);
        expect(result).toEqual({ ok: false, problem: bad.problem, codePoint: bad.codePoint, position: [...before].length + 1 });
      }),
      { numRuns: 1000 },
    );
  });

  it('reveals every hidden character: what revealHidden returns passes the rule', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(checkFreeText(revealHidden(text), { max: Infinity })).toMatchObject({ ok: true });
      }),
      { numRuns: 2000 },
    );
  });
});
