import { describe, expect, it } from 'vitest';
import { actions, button, escapeClip, escapeFit, oneLine, truncateChars } from '../../src/blocks/kit.js';
import { validateBlocks } from '../support/block-kit-limits.js';

describe('kit additions', () => {
  it('truncateChars never leaves half of a surrogate pair', () => {
    const text = `ab${'😀'.repeat(5)}`;
    for (let max = 2; max < text.length; max++) {
      const cut = truncateChars(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…')).toBe(true);
      expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(truncateChars('short', 10)).toBe('short');
  });

  it('escapeClip cuts before escaping, folds line breaks, keeps no-break spaces', () => {
    expect(escapeClip('a & b <!here>', 6)).toBe('a &amp; b…');
    expect(escapeClip('one\ntwo\r\n  three', 100)).toBe('one two three');
    expect(oneLine('R$\u00a01,00')).toBe('R$\u00a01,00');
  });

  it('escapeFit keeps the escaped text within the limit without cutting an entity', () => {
    const fitted = escapeFit('&'.repeat(200), 150);
    expect(fitted.length).toBeLessThanOrEqual(150);
    expect(fitted).toMatch(/^(&amp;)+…$/);
  });

  it('actions builds a valid row of buttons', () => {
    const block = actions([button('Go', 'x.go', '1:1', 'primary')]);
    expect(validateBlocks([block], 'message')).toEqual([]);
    expect(block.elements).toHaveLength(1);
  });
});
