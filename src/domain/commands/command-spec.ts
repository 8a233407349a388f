import type { MessageKey } from '../../i18n/index.js';
import type { ArgReader } from './arg-reader.js';

export type CommandName = 'stock' | 'orders' | 'admissions' | 'alerts' | 'oncall' | 'holidays';

/**
 * Who may run a verb: everyone (`read`), a team from the configuration, admins, or — for alert
 * verbs — the team owning the alert's kind, known only once the alert is loaded.
 */
export type Permission = 'read' | 'stock' | 'finance' | 'hr' | 'admin' | 'alert-owner';

export interface VerbSpec<A> {
  /** the English word: the action's verb, the word in manifest.yml and in English help */
  verb: string;
  /**
   * The Portuguese words, the first as pt-BR help shows it (`repor`); empty when the English word
   * is used in both. Every word of both languages works whatever BOT_LOCALE, accents optional.
   */
  pt: readonly string[];
  /** arguments as shown in usage, each `{name}` an ArgName: `{sku} {qty} [{note}]` → `SKU QTD [OBSERVAÇÃO]` */
  args: string;
  summary: MessageKey;
  permission: Permission;
  /** reads the arguments; the reader refuses leftovers afterwards */
  parse(reader: ArgReader): A;
}

export interface CommandSpec<A> {
  name: CommandName;
  summary: MessageKey;
  verbs: readonly VerbSpec<A>[];
  /**
   * The verb of a line that starts with none (or is empty), its words read as that verb's
   * arguments: `/holidays 2027` is `/holidays list 2027`. Without it, an empty line is `help`.
   */
  defaultVerb?: string;
}

/** Helps TypeScript keep each verb's action type when listing verbs of one command. */
export function verb<A>(spec: VerbSpec<A>): VerbSpec<A> {
  return spec;
}
