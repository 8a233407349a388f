// Reads a verb's arguments one by one, each validated by a zod schema, and free text (the rest of
// the line) by the one free-text rule. Any problem becomes an AppError('invalid_input') whose user
// message says what was wrong, with the usage as a hint.
import type { z } from 'zod';
import type { I18n, MessageKey } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { checkFreeText, type FreeTextRule } from '../../lib/text/check-free-text.js';
import { freeTextMessage } from '../text/free-text-message.js';
import { decodeEntities, echo, type Token } from './tokenize.js';

export class ArgReader {
  private index = 0;

  constructor(
    private readonly i18n: I18n,
    private readonly line: string,
    private readonly tokens: readonly Token[],
    /** e.g. "/stock restock SKU QTY [note]" */
    readonly usage: string,
  ) {}

  /** A required argument named `name` in messages (e.g. "SKU"). */
  arg<T>(name: string, schema: z.ZodType<T>): T {
    const token = this.tokens[this.index];
    if (!token) throw this.fail(this.i18n.t('error.missingArgument', { name }));
    this.index++;
    return this.check(name, token.text, schema);
  }

  /** An optional argument: undefined when the line has no more words. */
  optionalArg<T>(name: string, schema: z.ZodType<T>): T | undefined {
    return this.index < this.tokens.length ? this.arg(name, schema) : undefined;
  }

  /**
   * All remaining words as typed, as free text named `name` (a note, a reason), checked by
   * checkFreeText; '' when none, unless `required` (then "Missing reason.").
   */
  text(name: string, rule: FreeTextRule, { required = false } = {}): string {
    if (required && this.remaining === 0) throw this.fail(this.i18n.t('error.missingArgument', { name }));
    const token = this.tokens[this.index];
    this.index = this.tokens.length;
    const checked = checkFreeText(token ? decodeEntities(this.line.slice(token.start)) : '', rule);
    if (!checked.ok) throw this.fail(freeTextMessage(this.i18n, `\`${name}\``, checked));
    return checked.value;
  }

  /** All remaining words, each validated (e.g. several @mentions). */
  many<T>(name: string, schema: z.ZodType<T>, { min = 1 } = {}): T[] {
    const values: T[] = [];
    while (this.index < this.tokens.length) values.push(this.arg(name, schema));
    if (values.length < min) throw this.fail(this.i18n.t('error.missingArgument', { name }));
    return values;
  }

  get remaining(): number {
    return this.tokens.length - this.index;
  }

  /** Refuses words left over after the verb's arguments. */
  end(): void {
    const token = this.tokens[this.index];
    if (token) throw this.fail(this.i18n.t('error.extraArgument', { text: echo(decodeEntities(this.line.slice(token.start)).trim()) }));
  }

  fail(message: string): AppError {
    return new AppError('invalid_input', message, { userMessage: message, hint: this.usage });
  }

  private check<T>(name: string, value: string, schema: z.ZodType<T>): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const key = parsed.error.issues[0]?.message as MessageKey | undefined;
    const problem = key ? this.i18n.t(key) : '';
    throw this.fail(this.i18n.t('error.invalidArgument', { name, value: echo(value), problem }));
  }
}
