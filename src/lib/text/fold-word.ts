/** Case and accents do not matter: `Mínimo`, `minimo` and `MINIMO` fold to one word. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
