// The command-line tokenizer (src/domain/commands/tokenize.ts) as properties over generated lines
// (fast-check): words, Slack's <…> items with spaces inside, its entity escaping, and the echo of
// what someone typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, echo, tokenize } from '../../src/domain/commands/tokenize.js';
import { checkFreeText } from '../../src/lib/text/check-free-text.js';

/** What Slack does to slash-command text (should_escape: true). */
const slackEscape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', ' \u2028 '];
const gap = fc.constantFrom(...WHITESPACE);
/** A plain word as a person types it: any characters but whitespace. */
const plainWord = fc
  .string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('&', '<', '>', '"', "'", ';', '*', '\u0000', '\u202e')), minLength: 1, maxLength: 12 })
  .filter((w) => !/\s/.test(w));
/** Slack's <…> items, some with spaces inside. */
const slackItem = fc.oneof(
  fc.constantFrom('<@U0ANA0001>', '<!channel>', '<!here>', '<#C0GERAL01|geral>', '<!subteam^S0TEAM001|@estoque>', '<https://example.com|a link>'),
  fc.tuple(fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/), fc.string({ unit: 'grapheme', maxLength: 12 })).map(([id, name]) => `<@${id}|${name.replace(/[>&]/g, '')}>`),
);
/** A line Slack would send: escaped words and unescaped <…> items, separated by whitespace. */
const line = fc
  .tuple(
    fc.array(fc.oneof(plainWord.map((w) => ({ raw: slackEscape(w), text: w })), slackItem.map((item) => ({ raw: item, text: item }))), { maxLength: 8 }),
    fc.array(gap, { minLength: 9, maxLength: 9 }),
    fc.constantFrom('', ' ', '\n '),
  )
  .map(([words, gaps, edge]) => ({ words, line: edge + words.map((w, i) => (i === 0 ? w.raw : gaps[i]! + w.raw)).join('') + edge }));

describe('tokenize', () => {
  it('gives back every word, decoded, each <…> item as one word, with where it starts', () => {
    fc.assert(
      fc.property(line, ({ words, line: text }) => {
        const tokens = tokenize(text);
        expect(tokens.map((t) => t.text)).toEqual(words.map((w) => w.text));
        tokens.forEach((token, i) => expect(text.startsWith(words[i]!.raw, token.start)).toBe(true));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any text; words are non-empty, in order, and hold no whitespace unless a <…> item', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), gap, fc.constantFrom('<', '>', '&lt;', '&amp;', '@')), maxLength: 80 }), (text) => {
        const tokens = tokenize(text);
        let previous = -1;
        for (const token of tokens) {
          expect(token.start).toBeGreaterThan(previous);
          previous = token.start;
          expect(token.text.length).toBeGreaterThan(0);
          if (!/^<[^>]*>$/.test(token.text)) expect(decodeEntities(text.slice(token.start)).startsWith(token.text)).toBe(true);
        }
        // Nothing but whitespace is left out.
        expect(text.slice(0, tokens[0]?.start ?? text.length)).toMatch(/^\s*$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes exactly what Slack escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('&', '<', '>', '&amp;', '&lt;')) }), (text) => {
        expect(decodeEntities(slackEscape(text))).toBe(text);
      }),
    );
  });
});

describe('echo', () => {
  it('quotes at most 40 characters back, never half an emoji, nothing hidden', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('👩‍💻', '\u200b', '\u202e', '\u0000')), maxLength: 120 }), (text) => {
        const shown = echo(text);
        expect(checkFreeText(shown, { max: Infinity })).toMatchObject({ ok: true });
        expect(shown).not.toMatch(/\p{Cs}/u);
        const visible = shown.replace(/\[U\+[0-9A-F]{4,6}\]/g, '?');
        expect([...visible].length).toBeLessThanOrEqual(41);
      }),
      { numRuns: 1000 },
    );
  });

  it('shows where a hidden character is', () => {
    expect(echo('CAFE\u200b-500')).toBe('CAFE[U+200B]-500');
    expect(echo('x'.repeat(50))).toBe(`${'x'.repeat(40)}…`);
  });
});
