import type { MessageKey } from '../../i18n/index.js';
import type { ArgReader } from './arg-reader.js';

export type CommandName = 'stock' | 'orders' | 'admissions' | 'alerts' | 'oncall';

/**
 * Who may run a verb: everyone (`read`), a team from the configuration, admins, or — for alert
 * verbs — the team owning the alert's kind, known only once the alert is loaded.
 */
export type Permission = 'read' | 'stock' | 'finance' | 'hr' | 'admin' | 'alert-owner';

export interface VerbSpec<A> {
  verb: string;
  /** arguments as shown in usage, e.g. `SKU QTY [note]` */
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
}

/** Helps TypeScript keep each verb's action type when listing verbs of one command. */
export function verb<A>(spec: VerbSpec<A>): VerbSpec<A> {
  return spec;
}
