// What an import refuses, as data: a catalog key and its parameters (src/i18n/messages/import.ts).
// The domain never words a problem; whoever shows it (the CLI, the ingest API) does, in BOT_LOCALE.
import type { I18n, MessageKey, Params } from '../../i18n/index.js';

type PluralBase = Parameters<I18n['plural']>[0];

interface Filling {
  readonly params?: Params;
  /** a list whose items may need words too (an unnamed column), joined by ", " into `{items}` */
  readonly items?: readonly (string | Problem)[];
}

export type Problem =
  | (Filling & { readonly key: MessageKey })
  /** a count picks the plural form (`{count}` is filled in) */
  | (Filling & { readonly plural: PluralBase; readonly count: number });

export function describeProblem(i18n: I18n, problem: Problem): string {
  const items = problem.items?.map((item) => (typeof item === 'string' ? item : describeProblem(i18n, item))).join(', ');
  const params = items === undefined ? problem.params : { ...problem.params, items };
  return 'plural' in problem ? i18n.plural(problem.plural, problem.count, params) : i18n.t(problem.key, params);
}
