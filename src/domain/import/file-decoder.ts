// Bytes of an imported file to text: UTF-8 (with or without BOM), or Windows-1252 — what Excel
// pt-BR saves as "CSV" — when the bytes are not valid UTF-8 (README, "CSV files").
//
// Streaming: the file is decoded chunk by chunk with a strict (fatal) UTF-8 decoder. At the first
// invalid byte:
// - if every character handed out so far was ASCII, the switch to Windows-1252 is exact (both
//   encodings read ASCII alike) and the same chunk is decoded again as Windows-1252: nothing read
//   so far changes. This is the usual case, a Windows-1252 file has accents early;
// - otherwise UTF-8 accents were already handed out, and reading on as Windows-1252 would make the
//   file half one and half the other. NotUtf8Error is thrown instead: the import runs in one
//   transaction, so it rolls back and the caller reads the file again from the start as
//   Windows-1252 (importCsv), or reports the line.

import type { Problem } from './problem.js';

export type FileEncoding = 'utf-8' | 'windows-1252';

/** Invalid UTF-8 after UTF-8 accents were already read: start again as Windows-1252. */
export class NotUtf8Error extends Error {
  override readonly name = 'NotUtf8Error';
  static readonly problem: Problem = { key: 'import.notUtf8' };
  constructor(readonly line: number) {
    super(`line ${line}: not valid UTF-8 after earlier UTF-8 text`);
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

// Node 20.18.3+ decodes 'windows-1252' as Latin-1 (nodejs/node#60888): bytes 0x80–0x9F come out
// as C1 controls instead of € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ. The WHATWG table
// for that range, so the result is right whichever Node decodes it (undefined bytes stay as they are).
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;
const NON_ASCII = /[^\u0000-\u007f]/;
const LINE_BREAKS = /\r\n|\r|\n/g;

export class FileDecoder {
  private mode: FileEncoding;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly windows1252 = new TextDecoder('windows-1252');
  /** Bytes not decoded yet: the start of the file (until a BOM can be told) or a cut UTF-8 sequence. */
  private pending: Uint8Array = new Uint8Array(0);
  private started = false;
  private handedOutNonAscii = false;
  /** Physical line the next character is on, for CsvNotUtf8Error. */
  private line = 1;
  private endsInCr = false;

  constructor(encoding: FileEncoding = 'utf-8') {
    this.mode = encoding;
  }

  /** The encoding the file is being read with: it may change to Windows-1252 once. */
  get encoding(): FileEncoding {
    return this.mode;
  }

  decode(chunk: Uint8Array): string {
    let bytes = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    this.pending = new Uint8Array(0);
    if (!this.started) {
      // A BOM may come split across chunks: wait for its three bytes (or the end of the file).
      if (bytes.length < UTF8_BOM.length && UTF8_BOM.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
        this.pending = bytes.slice();
        return '';
      }
      this.started = true;
      if (UTF8_BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(UTF8_BOM.length);
    }
    return this.count(this.mode === 'utf-8' ? this.decodeUtf8(bytes) : this.decodeWindows1252(bytes));
  }

  /** The end of the input: a UTF-8 sequence still cut short is invalid. */
  end(): string {
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    this.started = true;
    if (rest.length === 0) return '';
    // Held back in UTF-8 is always invalid here: a cut sequence, or a file that is a piece of a BOM.
    return this.count(this.mode === 'utf-8' ? this.fallBack(rest) : this.decodeWindows1252(rest));
  }

  private decodeUtf8(bytes: Uint8Array): string {
    const cut = incompleteTail(bytes);
    let text: string;
    try {
      text = this.utf8.decode(bytes.subarray(0, cut));
    } catch {
      return this.fallBack(bytes);
    }
    this.pending = bytes.slice(cut);
    if (!this.handedOutNonAscii && NON_ASCII.test(text)) this.handedOutNonAscii = true;
    return text;
  }

  private fallBack(bytes: Uint8Array): string {
    if (this.handedOutNonAscii) {
      // The line of the first invalid byte: the lenient decoder marks it with U+FFFD.
      const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\ufffd')));
      throw new NotUtf8Error(this.lineAfter(before));
    }
    this.mode = 'windows-1252';
    return this.decodeWindows1252(bytes);
  }

  private decodeWindows1252(bytes: Uint8Array): string {
    return this.windows1252.decode(bytes).replace(C1, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
  }

  private count(text: string): string {
    this.line = this.lineAfter(text);
    // A CR at the end of one chunk and an LF at the start of the next are one line end.
    if (this.endsInCr && text.startsWith('\n')) this.line--;
    if (text !== '') this.endsInCr = text.endsWith('\r');
    return text;
  }

  private lineAfter(text: string): number {
    return this.line + (text.match(LINE_BREAKS)?.length ?? 0);
  }
}

/** Where a UTF-8 sequence cut off by the end of `bytes` starts (bytes.length when none is). */
function incompleteTail(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (byte < 0xc0) return bytes.length; // ASCII (or a stray continuation): nothing is cut
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return bytes.length - i < length ? i : bytes.length;
  }
  return bytes.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
