import type { I18n, MessageKey } from '../i18n/index.js';

/** Who asked: a Slack user, or the operator at the local console (acting as an admin). */
export interface Actor {
  userId: string;
  local?: boolean;
}

export const LOCAL_ACTOR: Actor = { userId: 'local', local: true };

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
/** Actors that are the bot itself (the reconciler, the watchers): shown as "automatically". */
const SYSTEM_ACTORS = new Set(['system', 'auto', 'watcher', 'reconciler']);
/** Actors that are not people, in words: never the stored ID ("local", "demo") itself. */
const NAMED_ACTORS = {
  local: { name: 'alert.actor.local', by: 'alert.by.local' },
  import: { name: 'alert.actor.import', by: 'alert.by.import' },
  api: { name: 'alert.actor.api', by: 'alert.by.api' },
  demo: { name: 'alert.actor.demo', by: 'alert.by.demo' },
} as const satisfies Record<string, { name: MessageKey; by: MessageKey }>;

export function isSystemActor(actor: string | null | undefined): boolean {
  return actor !== null && actor !== undefined && SYSTEM_ACTORS.has(actor);
}

/**
 * Who did something, as people read it: a Slack user ID → `<@U…>`, the bot's own actors in words
 * ("o console local", "o sistema"); undefined for any other stored text, which callers escape.
 * `by` gives the phrase after a past participle, contracted in pt-BR ("pelo console local").
 */
export function actorWords(i18n: I18n, actor: string, form: 'name' | 'by'): string | undefined {
  if (SLACK_USER.test(actor)) return form === 'by' ? i18n.t('alert.by.user', { user: `<@${actor}>` }) : `<@${actor}>`;
  if (isSystemActor(actor)) return i18n.t(form === 'by' ? 'alert.by.system' : 'alert.actor.system');
  const named = Object.hasOwn(NAMED_ACTORS, actor) ? NAMED_ACTORS[actor as keyof typeof NAMED_ACTORS] : undefined;
  return named ? i18n.t(named[form]) : undefined;
}
