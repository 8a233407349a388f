// Reads a verb's arguments one by one, each validated by a zod schema, and free text (the rest of
// the line) by the one free-text rule. Any problem becomes an AppError('invalid_input') whose user
// message says what was wrong, with the usage as a hint.
import type { z } from 'zod';
import type { I18n, MessageKey, Params } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { checkFreeText, type FreeTextRule } from '../../lib/text/check-free-text.js';
import { freeTextMessage } from '../text/free-text-message.js';
import { decodeEntities, echo, type Token } from './tokenize.js';

/** An argument's name: `qty` is shown as the catalog's `argName.qty` (QTY, QTD). */
export type ArgName = MessageKey extends infer K ? (K extends `argName.${infer N}` ? N : never) : never;

export class ArgReader {
  private index = 0;

  constructor(
    private readonly i18n: I18n,
    private readonly line: string,
    private readonly tokens: readonly Token[],
    /** e.g. "/stock restock SKU QTY [note]" */
    readonly usage: string,
  ) {}

  /** An argument's name as messages show it: `qty` → "QTY" (en), "QTD" (pt-BR). */
  label(name: ArgName): string {
    return this.i18n.t(`argName.${name}`);
  }

  /** A required argument named `name` in messages ("Falta QTD."). */
  arg<T>(name: ArgName, schema: z.ZodType<T>): T {
    const token = this.tokens[this.index];
    if (!token) throw this.fail(this.i18n.t('error.missingArgument', { name: this.label(name) }));
    this.index++;
    return this.check(name, token.text, schema);
  }

  /**
   * A required argument where a word that opens a double quote (straight or curly, at its start or
   * after `key:`) runs to the closing quote, spaces and all: `customer:"Padaria Pão Quente"` is one
   * value. Without a closing quote the value is the rest of the line, for `schema` to refuse.
   */
  quotedArg<T>(name: ArgName, schema: z.ZodType<T>): T {
    const first = this.tokens[this.index];
    if (!first) throw this.fail(this.i18n.t('error.missingArgument', { name: this.label(name) }));
    const rest = this.line.slice(first.start);
    const opening = /^[^\s"“”]*["“]/.exec(rest);
    let end = this.tokens[this.index + 1]?.start ?? this.line.length;
    if (opening) {
      const closing = rest.slice(opening[0].length).search(/["”]/);
      end = closing < 0 ? this.line.length : first.start + opening[0].length + closing + 1;
      // anything glued to the closing quote belongs to the same word
      end += /^\S*/.exec(this.line.slice(end))![0].length;
    }
    while (this.index < this.tokens.length && this.tokens[this.index]!.start < end) this.index++;
    return this.check(name, decodeEntities(this.line.slice(first.start, end)).trim(), schema);
  }

  /** The next word, without reading it; undefined at the end of the line. */
  peek(): string | undefined {
    return this.tokens[this.index]?.text;
  }

  /** An optional argument: undefined when the line has no more words. */
  optionalArg<T>(name: ArgName, schema: z.ZodType<T>): T | undefined {
    return this.index < this.tokens.length ? this.arg(name, schema) : undefined;
  }

  /**
   * All remaining words as typed, as free text named `name` (a note, a reason), checked by
   * checkFreeText; '' when none, unless `required` (then "Missing reason.").
   */
  text(name: ArgName, rule: FreeTextRule, { required = false } = {}): string {
    if (required && this.remaining === 0) throw this.fail(this.i18n.t('error.missingArgument', { name: this.label(name) }));
    const token = this.tokens[this.index];
    this.index = this.tokens.length;
    const checked = checkFreeText(token ? decodeEntities(this.line.slice(token.start)) : '', rule);
    if (!checked.ok) throw this.fail(freeTextMessage(this.i18n, `\`${this.label(name)}\``, checked));
    return checked.value;
  }

  /** All remaining words, each validated (e.g. several @mentions). */
  many<T>(name: ArgName, schema: z.ZodType<T>, { min = 1 } = {}): T[] {
    const values: T[] = [];
    while (this.index < this.tokens.length) values.push(this.arg(name, schema));
    if (values.length < min) throw this.fail(this.i18n.t('error.missingArgument', { name: this.label(name) }));
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

  /** A problem with the line as a whole (e.g. two arguments that do not go together), with the usage. */
  refuse(key: MessageKey, params?: Params): AppError {
    return this.fail(this.i18n.t(key, params));
  }

  fail(message: string): AppError {
    return new AppError('invalid_input', message, { userMessage: message, hint: this.usage });
  }

  private check<T>(name: ArgName, value: string, schema: z.ZodType<T>): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const key = issue?.message as MessageKey | undefined;
    // A custom issue may fill the problem's placeholders (e.g. the words a filter accepts).
    const params = issue && 'params' in issue ? (issue.params as Params | undefined) : undefined;
    const problem = key ? this.i18n.t(key, params) : '';
    throw this.fail(this.i18n.t('error.invalidArgument', { name: this.label(name), value: echo(value), problem }));
  }
}
