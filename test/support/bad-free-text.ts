// The characters free text refuses (src/lib/text/check-free-text.ts), each with the English reply
// it gets when put at 1-based character `at`: shared by the command and modal tests.
export function badFreeText(at: number) {
  return [
    { what: 'NUL', char: '\u0000', says: `contains a control character (U+0000, character ${at}), which is not accepted. Remove it and try again.` },
    {
      what: 'a bidi override',
      char: '\u202e',
      says: `contains a text-direction control (U+202E, character ${at}), which can make text show something other than what it says. Remove it and try again.`,
    },
    { what: 'a zero-width space', char: '\u200b', says: `contains an invisible character (U+200B, character ${at}). Remove it and try again.` },
    { what: 'an escape (C0 control)', char: '\u001b', says: `contains a control character (U+001B, character ${at}), which is not accepted. Remove it and try again.` },
  ] as const;
}
