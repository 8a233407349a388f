import { describe, expect, it } from 'vitest';
import { KeyPositions } from '../../src/domain/import/key-positions.js';

describe('KeyPositions', () => {
  it('gives the first position of a key seen again, and remembers each new key once', () => {
    const keys = new KeyPositions();
    expect(keys.firstOrAdd('sku-1', 2)).toBeUndefined();
    expect(keys.firstOrAdd('sku-10', 3)).toBeUndefined();
    expect(keys.firstOrAdd('sku-1', 9)).toBe(2);
    expect(keys.firstOrAdd('sku-10', 12)).toBe(3);
    expect(keys.size).toBe(2);
  });

  it('tells apart keys that are prefixes of one another, empty, accented or emoji, and long ones', () => {
    const keys = new KeyPositions();
    const distinct = ['', 'a', 'ab', 'abc', 'café', 'cafe', 'cafe\u0301', '🙂', '🙂🙂', 'x'.repeat(300), 'x'.repeat(301)];
    distinct.forEach((key, i) => expect(keys.firstOrAdd(key, i + 1)).toBeUndefined());
    distinct.forEach((key, i) => expect(keys.firstOrAdd(key, 1000)).toBe(i + 1));
    expect(keys.size).toBe(distinct.length);
  });

  it('keeps every key through its tables growing (200,000 keys)', () => {
    const keys = new KeyPositions();
    const n = 200_000;
    // Checked in plain loops, one assertion each: 200,000 expect() calls took seconds.
    const wronglySeen: number[] = [];
    for (let i = 0; i < n; i++) if (keys.firstOrAdd(`sku-${i}`, i + 2) !== undefined) wronglySeen.push(i);
    expect(wronglySeen).toEqual([]);
    const wrongFirst: number[] = [];
    for (let i = 0; i < n; i += 997) if (keys.firstOrAdd(`sku-${i}`, 0) !== i + 2) wrongFirst.push(i);
    expect(wrongFirst).toEqual([]);
    expect(keys.firstOrAdd(`sku-${n}`, 1)).toBeUndefined();
    expect(keys.size).toBe(n + 1);
  });

  it('keeps keys longer than a page of key bytes (256 KiB), and the keys around them', () => {
    const keys = new KeyPositions();
    // 300,000 characters, and 100,000 "é" (2 bytes each in UTF-8); short keys before, between and after
    const list = ['a', 'k'.repeat(300_000), 'b', 'é'.repeat(100_000), 'k'.repeat(299_999), 'c'];
    // enough medium keys first that the long ones do not start a page
    for (let i = 0; i < 1_000; i++) keys.firstOrAdd(`pad-${i}-${'p'.repeat(200)}`, i);
    list.forEach((key, i) => expect(keys.firstOrAdd(key, 10_000 + i)).toBeUndefined());
    list.forEach((key, i) => expect(keys.firstOrAdd(key, 0)).toBe(10_000 + i));
    expect(keys.firstOrAdd(`pad-999-${'p'.repeat(200)}`, 0)).toBe(999);
  });
});
