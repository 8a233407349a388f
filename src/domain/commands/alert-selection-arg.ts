// Which alerts `/alerts ack` and `/alerts snooze` act on: alert numbers (`12 13 #15`), or filters
// that must all match — `kind:stock` (the words of each kind module, both languages),
// `customer:NAME` (`customer:"Padaria Pão Quente"` with spaces) and `group:7` (a grouped
// message). `tipo:`, `cliente:` and `grupo:` are the same filters in Portuguese.
import { z } from 'zod';
import type { AlertFilter, AlertSelection } from '../alerts/alert-selection.js';
import type { AlertKind } from '../alerts/alert-types.js';
import { foldWord } from '../../lib/text/fold-word.js';
import { ALERT_KINDS, KIND_ORDER } from '../kinds/index.js';
import type { ArgReader } from './arg-reader.js';
import { alertIdArg } from './arg-types.js';

/** How the selection is named in usage and errors ("Missing ID."), as for a single alert. */
export const SELECTION_ARG = 'id';

const FILTER_KEYS = { kind: 'kind', tipo: 'kind', customer: 'customer', cliente: 'customer', group: 'group', grupo: 'group' } as const;
type FilterKey = (typeof FILTER_KEYS)[keyof typeof FILTER_KEYS];

export type AlertTarget = { id: number } | { key: 'kind'; kinds: AlertKind[] } | { key: 'customer'; customer: string } | { key: 'group'; groupId: number };

const FILTER = /^([\p{L}_]+):(.*)$/su;
const QUOTED = /^["“](.*)["”]$/s;

/** The kinds a word names (`estoque` → low_stock), from the kind modules' filterWords; case and accents do not matter. */
function kindsNamed(word: string): AlertKind[] {
  const folded = foldWord(word);
  return KIND_ORDER.filter((kind) => ALERT_KINDS[kind].filterWords.some((w) => foldWord(w) === folded));
}

/** `kind:stock|orders|admissions`: the first word of each kind, as help and errors show them. */
export function kindWords(): string {
  return KIND_ORDER.map((kind) => ALERT_KINDS[kind].filterWords[0]).join('|');
}

/** One word of a selection: an alert number or one filter. */
export const alertTargetArg = z.string().transform((text, ctx): AlertTarget => {
  const id = alertIdArg.safeParse(text);
  if (id.success) return { id: id.data };
  const filter = FILTER.exec(text);
  const key: FilterKey | undefined = filter ? FILTER_KEYS[foldWord(filter[1]!) as keyof typeof FILTER_KEYS] : undefined;
  if (!filter || !key) {
    ctx.addIssue({ code: 'custom', message: 'arg.alertTarget', params: { kinds: kindWords() } });
    return z.NEVER;
  }
  const raw = filter[2]!;
  if (/^["“]/.test(raw) && !QUOTED.test(raw)) {
    ctx.addIssue({ code: 'custom', message: 'arg.unclosedQuote' });
    return z.NEVER;
  }
  // Runs of spaces count as one, as they do when names are compared.
  const value = (QUOTED.exec(raw)?.[1] ?? raw).trim().replace(/\s+/g, ' ');
  switch (key) {
    case 'kind': {
      const kinds = kindsNamed(value);
      if (kinds.length > 0) return { key, kinds };
      ctx.addIssue({ code: 'custom', message: 'arg.kindWord', params: { kinds: kindWords() } });
      return z.NEVER;
    }
    case 'customer':
      if (value && value.length <= 200) return { key, customer: value };
      ctx.addIssue({ code: 'custom', message: 'arg.customer' });
      return z.NEVER;
    case 'group': {
      const group = alertIdArg.safeParse(value);
      if (group.success) return { key, groupId: group.data };
      ctx.addIssue({ code: 'custom', message: 'arg.group' });
      return z.NEVER;
    }
  }
});

/** Could this word start a selection (rather than be the duration after it)? */
function startsTarget(word: string): boolean {
  return /^#?\d+$/.test(word) || FILTER.test(word);
}

/**
 * Reads the selection. `rest`: every remaining word is part of it (ack); `leading`: it ends at the
 * first word that is neither a number nor a filter (snooze: the duration follows). Numbers and
 * filters do not mix; a filter is given at most once; a number given twice counts once.
 */
export function readAlertSelection(r: ArgReader, mode: 'rest' | 'leading'): AlertSelection {
  const ids: number[] = [];
  const filter: { -readonly [K in keyof AlertFilter]: AlertFilter[K] } = {};
  const keys = new Set<FilterKey>();
  while (r.remaining > 0 && (mode === 'rest' || startsTarget(r.peek()!))) {
    const target = r.quotedArg(SELECTION_ARG, alertTargetArg);
    if ('id' in target) {
      ids.push(target.id);
      continue;
    }
    if (keys.has(target.key)) throw r.refuse('arg.filterTwice', { key: target.key });
    keys.add(target.key);
    if (target.key === 'kind') filter.kinds = target.kinds;
    else if (target.key === 'customer') filter.customer = target.customer;
    else filter.groupId = target.groupId;
  }
  if (ids.length > 0 && keys.size > 0) throw r.refuse('arg.idsAndFilters');
  if (keys.size > 0) return { filter };
  if (ids.length === 0) throw r.refuse('error.missingArgument', { name: r.label(SELECTION_ARG) });
  return { ids: [...new Set(ids)] };
}
