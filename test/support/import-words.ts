// Import problems (src/domain/import/problem.ts) in English words, as the import tests assert them.
import { expect } from 'vitest';
import { InvalidImportError } from '../../src/domain/import/import-records.js';
import { describeProblem, type Problem } from '../../src/domain/import/problem.js';
import { createI18n } from '../../src/i18n/index.js';

export const english = createI18n('en', 'America/Sao_Paulo');

export const inEnglish = (problem: Problem): string => describeProblem(english, problem);

/** A parse result, field error or row error with its `problem` replaced by the English `message`. */
export function worded<T extends object>(value: T): Omit<T, 'problem'> & { message?: string } {
  if (!('problem' in value)) return value;
  const { problem, ...rest } = value as T & { problem: Problem };
  return { ...rest, message: inEnglish(problem) };
}

/** The rejection of an import that must fail, for its error list. */
export async function rejection(promise: Promise<unknown>): Promise<InvalidImportError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidImportError);
  return error as InvalidImportError;
}
