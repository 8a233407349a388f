// Streaming RFC 4180 CSV reader for back-office imports.
//
// Rules (README.md, "CSV files"):
// - UTF-8 with or without BOM. Bytes that are not valid UTF-8 are an error (a Windows-1252 export
//   would otherwise silently turn "João" into "Jo�o").
// - The first non-blank record is the header; an empty file is an error.
// - The delimiter is `;` when the header line contains a `;` outside double quotes, otherwise `,`.
//   A `;` inside a quoted header name is part of that name, not a separator (with the purely
//   literal reading, `"a;b",c` could not be parsed at all).
// - Quoted fields per RFC 4180: `""` is a quote, delimiters and line breaks may appear inside
//   quotes. Line ends may be CRLF, LF or a lone CR.
// - Blank lines (empty, or only spaces/tabs and unquoted) are skipped.
// - Ragged rows are not an error here: each record carries its fields and the caller compares
//   `fields.length` with the header.
//
// Memory stays bounded by the chunk size plus the longest record (capped by `maxRecordLength`):
// the input is consumed one chunk at a time and records are yielded before the next chunk is read.
import type { Readable } from 'node:stream';

export type CsvDelimiter = ',' | ';';

export interface CsvRecord {
  /** Physical 1-based line on which the record starts. */
  readonly line: number;
  readonly fields: string[];
}

export interface CsvHeader {
  /** Column names, trimmed and lower-cased, in file order. */
  readonly names: readonly string[];
  readonly delimiter: CsvDelimiter;
  readonly line: number;
}

export interface CsvOptions {
  /** Longest accepted record, in characters; guards memory against a missing closing quote. */
  readonly maxRecordLength?: number;
}

export type CsvInput =
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | Readable;

/** A single-pass reader: `header()` first (optional), then iterate the data records. */
export interface CsvReader extends AsyncIterable<CsvRecord> {
  header(): Promise<CsvHeader>;
  /** Stops reading and releases the input (only needed when not iterating to the end). */
  close(): Promise<void>;
}

export class CsvParseError extends Error {
  override readonly name = 'CsvParseError';
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

export const DEFAULT_MAX_RECORD_LENGTH = 1_000_000;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SEMICOLON = 0x3b;
const SPACE = 0x20;
const TAB = 0x09;
const BOM = '\ufeff';
const REPLACEMENT = 0xfffd; // what TextDecoder yields for bytes that are not UTF-8

const NOT_UTF8 = 'the file is not valid UTF-8 text (save it as "CSV UTF-8")';

export function readCsv(input: CsvInput, opts: CsvOptions = {}): CsvReader {
  return new StreamingCsvReader(input, opts.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH);
}

class StreamingCsvReader implements CsvReader {
  private readonly text: CsvTextParser;
  private readonly source: AsyncGenerator<CsvRecord, void, undefined>;
  private headerPromise: Promise<CsvHeader> | undefined;

  constructor(input: CsvInput, maxRecordLength: number) {
    this.text = new CsvTextParser(maxRecordLength);
    this.source = decodeRecords(input, this.text);
  }

  header(): Promise<CsvHeader> {
    this.headerPromise ??= this.readHeader();
    return this.headerPromise;
  }

  async close(): Promise<void> {
    await this.source.return(undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<CsvRecord, void, undefined> {
    await this.header();
    try {
      for (;;) {
        const next = await this.source.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      // Breaking out of the loop must also stop the input (e.g. close a file stream).
      await this.source.return(undefined);
    }
  }

  private async readHeader(): Promise<CsvHeader> {
    const first = await this.source.next();
    if (first.done === true) {
      throw new CsvParseError(1, 'the file is empty: a header row is required');
    }
    return {
      names: first.value.fields.map((name) => name.trim().toLowerCase()),
      delimiter: this.text.delimiter ?? ',',
      line: first.value.line,
    };
  }
}

/** Decodes the chunks and yields every record (header included) as soon as it is complete. */
async function* decodeRecords(
  input: CsvInput,
  text: CsvTextParser,
): AsyncGenerator<CsvRecord, void, undefined> {
  // ignoreBOM keeps a BOM in the text so that string and byte inputs are stripped the same way.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  // Readable yields `any`: treat every chunk as unknown and check it.
  const chunks: AsyncIterable<unknown> | Iterable<unknown> = input;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      text.push(decoder.decode()); // flush bytes left over from a previous byte chunk
      text.push(chunk);
    } else if (chunk instanceof Uint8Array) {
      text.push(decoder.decode(chunk, { stream: true }));
    } else {
      throw new TypeError('readCsv: input chunks must be strings or bytes');
    }
    yield* text.takeRecords();
  }
  text.push(decoder.decode());
  text.finish();
  yield* text.takeRecords();
}

/**
 * Buffers text only until the header line is complete (the delimiter depends on it), then hands
 * everything to the record parser.
 */
class CsvTextParser {
  private readonly detector = new DelimiterDetector();
  private parser: RecordParser | null = null;
  private pending = '';
  private started = false;
  private records: CsvRecord[] = [];

  constructor(private readonly maxRecordLength: number) {}

  get delimiter(): CsvDelimiter | null {
    return this.parser?.delimiter ?? null;
  }

  push(chunk: string): void {
    let text = chunk;
    if (text === '') return;
    if (!this.started) {
      this.started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    if (this.parser) {
      this.parser.feed(text);
      return;
    }
    this.pending += text;
    const delimiter = this.detector.scan(text);
    if (delimiter !== null) {
      this.startParser(delimiter);
    } else if (this.pending.length > this.maxRecordLength) {
      throw new CsvParseError(1, `the header is longer than ${this.maxRecordLength} characters`);
    }
  }

  finish(): void {
    const parser = this.parser ?? this.startParser(this.detector.delimiterAtEnd());
    parser.end();
  }

  takeRecords(): CsvRecord[] {
    const out = this.records;
    this.records = [];
    return out;
  }

  private startParser(delimiter: CsvDelimiter): RecordParser {
    const parser = new RecordParser(delimiter, this.maxRecordLength, (record) =>
      this.records.push(record),
    );
    this.parser = parser;
    const text = this.pending;
    this.pending = '';
    parser.feed(text);
    return parser;
  }
}

/**
 * Finds the end of the header line and whether it has a `;` outside quotes. Quote tracking here
 * just toggles on every `"`, which is exact for well-formed fields; malformed quoting is reported
 * by the record parser afterwards. Leading blank lines are not the header line.
 */
class DelimiterDetector {
  private inQuotes = false;
  private sawContent = false;
  private sawSemicolon = false;

  /** Returns the delimiter once the header line has ended, otherwise null. */
  scan(text: string): CsvDelimiter | null {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.inQuotes = !this.inQuotes;
        this.sawContent = true;
      } else if (this.inQuotes) {
        continue;
      } else if (c === CR || c === LF) {
        if (this.sawContent) return this.delimiterAtEnd();
      } else if (c === SEMICOLON) {
        this.sawSemicolon = true;
        this.sawContent = true;
      } else if (c !== SPACE && c !== TAB) {
        this.sawContent = true;
      }
    }
    return null;
  }

  delimiterAtEnd(): CsvDelimiter {
    return this.sawSemicolon ? ';' : ',';
  }
}

/**
 * fieldStart: at the start of a field (and of a record when no field is collected yet);
 * quoteInQuoted: just saw a `"` inside a quoted field, so either `""` or the closing quote.
 */
type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

/** RFC 4180 state machine over decoded text; chunks may split anywhere. */
class RecordParser {
  private state: State = 'fieldStart';
  private fields: string[] = [];
  private field = '';
  private inRecord = false;
  private recordHadQuotes = false;
  private recordLength = 0;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** The previous character was a CR, so an LF right after it ends the same line. */
  private afterCR = false;
  private readonly delimiterCode: number;

  constructor(
    readonly delimiter: CsvDelimiter,
    private readonly maxRecordLength: number,
    private readonly emit: (record: CsvRecord) => void,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  feed(text: string): void {
    let i = 0;
    while (i < text.length) {
      const runEnd = this.endOfPlainRun(text, i);
      if (runEnd > i) {
        this.plainRun(text.slice(i, runEnd));
        i = runEnd;
      } else {
        this.special(text.charCodeAt(i));
        i++;
      }
    }
  }

  end(): void {
    if (this.state === 'quoted') {
      throw new CsvParseError(
        this.quoteLine,
        'a quoted field starting on this line is never closed (missing closing quote)',
      );
    }
    if (this.inRecord) this.endRecord();
  }

  /** Index of the next character that needs the state machine (or of the end of text). */
  private endOfPlainRun(text: string, from: number): number {
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === QUOTE || c === CR || c === LF || c === REPLACEMENT || c === this.delimiterCode) {
        break;
      }
      i++;
    }
    return i;
  }

  private plainRun(run: string): void {
    this.startRecordIfNeeded();
    this.afterCR = false;
    this.count(run.length);
    switch (this.state) {
      case 'fieldStart':
        this.state = 'unquoted';
        this.field += run;
        break;
      case 'unquoted':
      case 'quoted':
        this.field += run;
        break;
      case 'quoteInQuoted':
        throw new CsvParseError(
          this.line,
          'unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")',
        );
    }
  }

  private special(c: number): void {
    if (c === REPLACEMENT) throw new CsvParseError(this.line, NOT_UTF8);
    if (c === CR || c === LF) {
      this.lineBreak(c);
      return;
    }
    this.startRecordIfNeeded();
    this.afterCR = false;
    this.count(1);
    if (c === QUOTE) this.quote();
    else this.delimiterChar();
  }

  private quote(): void {
    switch (this.state) {
      case 'fieldStart':
        this.state = 'quoted';
        this.recordHadQuotes = true;
        this.quoteLine = this.line;
        break;
      case 'unquoted':
        throw new CsvParseError(
          this.line,
          'unexpected quote inside an unquoted field (quote the whole field and double the quote: "")',
        );
      case 'quoted':
        this.state = 'quoteInQuoted';
        break;
      case 'quoteInQuoted':
        this.field += '"';
        this.state = 'quoted';
        break;
    }
  }

  private delimiterChar(): void {
    if (this.state === 'quoted') {
      this.field += this.delimiter;
      return;
    }
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private lineBreak(c: number): void {
    const secondHalfOfCRLF = c === LF && this.afterCR;
    this.afterCR = c === CR;
    if (!secondHalfOfCRLF) this.line++;
    if (this.state === 'quoted') {
      this.count(1);
      this.field += c === CR ? '\r' : '\n';
      return;
    }
    if (this.inRecord) this.endRecord(); // otherwise a blank line or the LF of a CRLF
  }

  private startRecordIfNeeded(): void {
    if (this.inRecord) return;
    this.inRecord = true;
    this.recordLine = this.line;
  }

  private count(chars: number): void {
    this.recordLength += chars;
    if (this.recordLength > this.maxRecordLength) {
      throw new CsvParseError(
        this.recordLine,
        `the row is longer than ${this.maxRecordLength} characters (is a closing quote missing?)`,
      );
    }
  }

  private endRecord(): void {
    this.fields.push(this.field);
    const fields = this.fields;
    const blank = fields.length === 1 && !this.recordHadQuotes && (fields[0] ?? '').trim() === '';
    if (!blank) this.emit({ line: this.recordLine, fields });
    this.fields = [];
    this.field = '';
    this.state = 'fieldStart';
    this.inRecord = false;
    this.recordHadQuotes = false;
    this.recordLength = 0;
  }
}
