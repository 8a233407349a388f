// The people the local console knows by name. In Slack, typing @ana in a slash command reaches the
// bot as <@U…>; at the console nobody does that conversion, so these names do it (made-up IDs,
// the demo's team). Anyone else is written by user ID.
import { foldWord } from '../lib/text/fold-word.js';

export const LOCAL_PEOPLE: Readonly<Record<string, string>> = { ana: 'U0ANA0001', bia: 'U0BIA0002', caio: 'U0CAIO003' };

export type ResolvedMentions = { ok: true; text: string } | { ok: false; name: string };


/**
 * `@ana` → `<@U0ANA0001|ana>`, for whole words only (an e-mail address is left alone); the first
 * `@name` nobody here answers to is refused, rather than reaching a command as some text.
 */
export function resolveMentions(text: string, people: Readonly<Record<string, string>> = LOCAL_PEOPLE): ResolvedMentions {
  let unknown: string | undefined;
  const resolved = text.replace(/(^|\s)@([^\s<>@|]+)/gu, (whole, space: string, name: string) => {
    const id = people[foldWord(name)];
    if (id) return `${space}<@${id}|${name}>`;
    unknown ??= name;
    return whole;
  });
  return unknown === undefined ? { ok: true, text: resolved } : { ok: false, name: unknown };
}

/** The name the console knows a user ID by (`U0ANA0001` → `ana`), so its output says `@ana`. */
export function localName(userId: string, people: Readonly<Record<string, string>> = LOCAL_PEOPLE): string | undefined {
  return Object.keys(people).find((name) => people[name] === userId);
}

/** "@ana, @bia, @caio" */
export function knownPeople(people: Readonly<Record<string, string>> = LOCAL_PEOPLE): string {
  return Object.keys(people)
    .map((name) => `@${name}`)
    .join(', ');
}
