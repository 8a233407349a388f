// The one rule for free text that people type or import — notes, reasons, payment references,
// product and customer names, roles, units — whatever the surface: command arguments, modal
// inputs, CSV cells, ingest API strings. Pure: no I/O, no language; callers word the refusal
// (freeTextMessage for Slack and the console, the import's English column messages).

export interface FreeTextRule {
  /** most characters (Unicode code points), counted after normalisation */
  readonly max: number;
  /** names, references: no line breaks and no tabs */
  readonly singleLine?: boolean;
}

/** What made a text unacceptable; `position` counts characters (code points) from 1. */
export type FreeTextFailure =
  | { readonly ok: false; readonly problem: 'control' | 'bidi' | 'invisible' | 'unpaired' | 'lineBreak'; readonly codePoint: number; readonly position: number }
  | { readonly ok: false; readonly problem: 'tooLong'; readonly max: number; readonly length: number };

export type FreeTextResult = { readonly ok: true; readonly value: string } | FreeTextFailure;

export type FreeTextProblem = FreeTextFailure['problem'];

const TAB = 0x09;
const LF = 0x0a;
const ZWJ = 0x200d;
const VARIATION_SELECTOR_16 = 0xfe0f;
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
/** printable ASCII and Latin-1 (accented letters, NBSP): none refused, all NFC already */
const LATIN1_PRINTABLE = /^[\x20-\x7e\xa0-\xff]*$/;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;

/**
 * Checks and normalises one free-text value. Normalised first: CRLF and a lone CR become LF (a
 * lone CR is an old Mac line end, never meant as anything else), then NFC (an "é" typed as e +
 * combining accent stores and compares like "é"), then surrounding whitespace is trimmed.
 *
 * Refused, naming the first offending character and where it is:
 * - `control`: C0 controls U+0000–U+001F other than tab and line feed, DEL U+007F and C1 controls
 *   U+0080–U+009F. NUL makes PostgreSQL refuse the whole statement; the others are invisible in
 *   Slack and garble terminals (C1 mostly comes from a mis-decoded file).
 * - `bidi`: the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069.
 *   They make text display in another order than it is written ("Trojan Source"), so a note in a
 *   team channel could show something other than what it says. (The plain marks LRM/RLM/ALM do
 *   not reorder anything and stay allowed for right-to-left text.)
 * - `invisible`: zero-width characters U+200B–U+200D, U+2060 and U+FEFF, and the tag characters
 *   U+E0000–U+E007F: they hide text or make two equal-looking words differ. The zero-width joiner
 *   is allowed between two emoji (👩‍💻, 🏳️‍🌈), and tags inside an emoji flag sequence
 *   (🏴 + tags + cancel tag), since that is how those emoji are written. A BOM at the very start
 *   of a CSV file is removed by the CSV reader before any cell gets here.
 * - `unpaired`: a lone UTF-16 surrogate, which is not Unicode text and cannot be stored as UTF-8.
 * - `lineBreak`: with `singleLine`, a line feed, a tab or U+2028/U+2029.
 * - `tooLong`: more than `max` characters after normalisation.
 *
 * Everything else passes: letters of every script, accents, emoji, punctuation, quotes,
 * SQL-looking text and Slack markup are plain data (queries bind parameters; renderers escape).
 */
export function checkFreeText(raw: string, rule: FreeTextRule): FreeTextResult {
  if (LATIN1_PRINTABLE.test(raw)) {
    // Nearly every name and note: nothing in it can be refused, NFC leaves it as it is, and each
    // UTF-16 unit is one character. Splitting it into characters was a fifth of an import's row checks.
    const value = raw.trim();
    return value.length > rule.max ? { ok: false, problem: 'tooLong', max: rule.max, length: value.length } : { ok: true, value };
  }
  const value = raw.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  const chars = [...value];
  const refused = refusedChars(chars, rule.singleLine === true).next().value;
  if (refused) return { ok: false, problem: refused.problem, codePoint: refused.codePoint, position: refused.index + 1 };
  if (chars.length > rule.max) return { ok: false, problem: 'tooLong', max: rule.max, length: chars.length };
  return { ok: true, value };
}

/**
 * The text with every character the rule refuses (line breaks and tabs aside) shown as `[U+XXXX]`,
 * for echoing what someone typed back to them: the hidden character becomes visible, and cannot
 * reorder or hide the rest of the reply.
 */
export function revealHidden(text: string): string {
  const chars = [...text];
  for (const refused of refusedChars(chars, false)) chars[refused.index] = `[${codePointLabel(refused.codePoint)}]`;
  return chars.join('');
}

/** `U+0000`, `U+1F600` */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

interface Refused {
  problem: Exclude<FreeTextProblem, 'tooLong'>;
  codePoint: number;
  index: number;
}

/** Every refused character, in order, each judged in the context of its neighbours. Linear. */
function* refusedChars(chars: readonly string[], singleLine: boolean): Generator<Refused> {
  for (let i = 0; i < chars.length; i++) {
    const codePoint = chars[i]!.codePointAt(0)!;
    const problem = classify(codePoint, singleLine);
    if (!problem) continue;
    if (codePoint === ZWJ && joinsEmoji(chars, i)) continue;
    if (isTag(codePoint)) {
      // Left to right, so this is the first tag of its run.
      let end = i;
      while (end < chars.length && isTag(chars[end]!.codePointAt(0)!)) end++;
      if (!isFlagSequence(chars, i, end)) {
        for (let j = i; j < end; j++) yield { problem, codePoint: chars[j]!.codePointAt(0)!, index: j };
      }
      i = end - 1;
      continue;
    }
    yield { problem, codePoint, index: i };
  }
}

function classify(cp: number, singleLine: boolean): Refused['problem'] | undefined {
  if (cp === TAB || cp === LF || cp === 0x2028 || cp === 0x2029) return singleLine ? 'lineBreak' : undefined;
  if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return 'control';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  if ((cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff || isTag(cp)) return 'invisible';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'unpaired';
  return undefined;
}

function isTag(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}

/** A ZWJ between two emoji: the one before may carry VS16 or a skin tone (👨🏽‍💻, ❤️‍🔥). */
function joinsEmoji(chars: readonly string[], index: number): boolean {
  let before = index - 1;
  while (before >= 0 && (chars[before]!.codePointAt(0) === VARIATION_SELECTOR_16 || EMOJI_MODIFIER.test(chars[before]!))) before--;
  const next = chars[index + 1];
  return before >= 0 && PICTOGRAPHIC.test(chars[before]!) && next !== undefined && PICTOGRAPHIC.test(next);
}

/** Whether the tags chars[start, end) complete an emoji flag: 🏴, tags U+E0020–U+E007E, cancel tag U+E007F. */
function isFlagSequence(chars: readonly string[], start: number, end: number): boolean {
  const tags = chars.slice(start, end).map((c) => c.codePointAt(0)!);
  return (
    start > 0 &&
    chars[start - 1]!.codePointAt(0) === BLACK_FLAG &&
    tags.length >= 2 &&
    tags[tags.length - 1] === CANCEL_TAG &&
    tags.slice(0, -1).every((cp) => cp >= 0xe0020 && cp <= 0xe007e)
  );
}
