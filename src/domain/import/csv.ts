// Streaming CSV reader for back-office imports: RFC 4180 parsing is csv-parse's; this module adds
// the rules that are ours (README.md, "CSV files"):
// - UTF-8 with or without BOM; bytes that are not valid UTF-8 are read as Windows-1252, what Excel
//   pt-BR saves as "CSV" (FileDecoder, which also says how a late invalid byte is handled).
// - The first non-blank record is the header; an empty file is an error.
// - The delimiter is `;` when the header line contains a `;` outside double quotes, otherwise `,`.
//   A `;` inside a quoted header name is part of that name, not a separator (with the purely
//   literal reading, `"a;b",c` could not be parsed at all).
// - Line ends may be CRLF, LF or a lone CR, mixed. Blank lines (empty, or only spaces/tabs and
//   unquoted) are skipped.
// - Errors name the physical line: where the record starts, or where the bad quote is.
// - Ragged rows are not an error here: each record carries its fields and the caller compares
//   `fields.length` with the header.
//
// Memory stays bounded by the chunk size plus the longest record (capped by `maxRecordLength`):
// the input is consumed one chunk at a time and records are yielded before the next chunk is
// read, except that csv-parse holds back the last two characters of a chunk (a CR may be the
// first half of a CRLF), so a record ending exactly at a chunk's end comes with the next chunk.
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CsvError, Parser } from 'csv-parse';
import { FileDecoder, type FileEncoding } from './file-decoder.js';
import type { Problem } from './problem.js';

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
  /**
   * Longest accepted record; guards memory against a missing closing quote. csv-parse counts the
   * UTF-8 bytes of the record's field values; the header is measured in characters before that.
   */
  readonly maxRecordLength?: number;
  /** Read the bytes as Windows-1252 from the start (after a NotUtf8Error); default: detect. */
  readonly encoding?: FileEncoding;
}

export type CsvInput =
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | Readable;

/** A single-pass reader: `header()` first (optional), then iterate the data records. */
export interface CsvReader extends AsyncIterable<CsvRecord> {
  header(): Promise<CsvHeader>;
  /** How the bytes were read so far ('utf-8' for text input); final once the input is read. */
  readonly encoding: FileEncoding;
  /** Stops reading and releases the input (only needed when not iterating to the end). */
  close(): Promise<void>;
}

export class CsvParseError extends Error {
  override readonly name = 'CsvParseError';
  constructor(
    readonly line: number,
    readonly problem: Problem,
  ) {
    // The message is for logs; `problem` is what a person reads.
    super(`line ${line}: ${'key' in problem ? problem.key : problem.plural}${problem.params ? ` ${JSON.stringify(problem.params)}` : ''}`);
  }
}

export const DEFAULT_MAX_RECORD_LENGTH = 1_000_000;

const BOM = '\ufeff';

export function readCsv(input: CsvInput, opts: CsvOptions = {}): CsvReader {
  return new StreamingCsvReader(input, opts.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH, new FileDecoder(opts.encoding));
}

class StreamingCsvReader implements CsvReader {
  private delimiter: CsvDelimiter = ',';
  private readonly source: AsyncGenerator<CsvRecord, void, undefined>;
  private headerPromise: Promise<CsvHeader> | undefined;

  constructor(
    input: CsvInput,
    maxRecordLength: number,
    private readonly decoder: FileDecoder,
  ) {
    this.source = parseRecords(input, maxRecordLength, decoder, (delimiter) => {
      this.delimiter = delimiter;
    });
  }

  get encoding(): FileEncoding {
    return this.decoder.encoding;
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
      throw new CsvParseError(1, { key: 'import.csv.empty' });
    }
    return {
      names: first.value.fields.map((name) => name.trim().toLowerCase()),
      delimiter: this.delimiter,
      line: first.value.line,
    };
  }
}

/** Every record (header included), as soon as csv-parse has it. */
async function* parseRecords(
  input: CsvInput,
  maxRecordLength: number,
  decoder: FileDecoder,
  onDelimiter: (delimiter: CsvDelimiter) => void,
): AsyncGenerator<CsvRecord, void, undefined> {
  // The delimiter depends on the header line: keep text only until that line is complete.
  const detector = new DelimiterDetector();
  let head = '';
  let records: RecordStream | null = null;
  const start = (delimiter: CsvDelimiter): RecordStream => {
    onDelimiter(delimiter);
    return new RecordStream(delimiter, maxRecordLength);
  };
  for await (const text of decodeText(input, decoder)) {
    if (records) {
      yield* records.write(text);
      continue;
    }
    head += text;
    const delimiter = detector.scan(text);
    if (delimiter !== null) {
      records = start(delimiter);
      yield* records.write(head);
      head = '';
    } else if (head.length > maxRecordLength) {
      throw new CsvParseError(1, { key: 'import.csv.headerTooLong', params: { max: String(maxRecordLength) } });
    }
  }
  records ??= start(detector.delimiterAtEnd());
  yield* records.write(head);
  yield* await records.end();
}

/**
 * The input as text: bytes decoded by the FileDecoder (a character split across chunks is kept
 * whole, a byte BOM removed), strings as they are, a leading BOM removed from those too.
 */
async function* decodeText(input: CsvInput, decoder: FileDecoder): AsyncGenerator<string, void, undefined> {
  let started = false;
  // A string chunk may end in the first half of a surrogate pair; csv-parse encodes each chunk
  // to UTF-8 on its own, so that half waits for the rest of its pair.
  let heldBack = '';
  // Readable yields `any`: treat every chunk as unknown and check it.
  const chunks: AsyncIterable<unknown> | Iterable<unknown> = input;
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      text = decoder.end() + chunk; // flush bytes left over from a previous byte chunk
    } else if (chunk instanceof Uint8Array) {
      text = decoder.decode(chunk);
    } else {
      throw new TypeError('readCsv: input chunks must be strings or bytes');
    }
    text = heldBack + text;
    heldBack = '';
    if (isHighSurrogate(text.charCodeAt(text.length - 1))) {
      heldBack = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text === '') continue;
    if (!started) {
      started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    yield text;
  }
  const rest = heldBack + decoder.end();
  if (rest !== '') yield started || !rest.startsWith(BOM) ? rest : rest.slice(1);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * Finds the end of the header line and whether it has a `;` outside quotes. Quote tracking here
 * just toggles on every `"`, which is exact for well-formed fields; malformed quoting is reported
 * by csv-parse afterwards. Leading blank lines are not the header line.
 */
class DelimiterDetector {
  private inQuotes = false;
  private sawContent = false;
  private sawSemicolon = false;

  /** Returns the delimiter once the header line has ended, otherwise null. */
  scan(text: string): CsvDelimiter | null {
    for (const c of text) {
      if (c === '"') {
        this.inQuotes = !this.inQuotes;
        this.sawContent = true;
      } else if (this.inQuotes) {
        continue;
      } else if (c === '\r' || c === '\n') {
        if (this.sawContent) return this.delimiterAtEnd();
      } else if (c === ';') {
        this.sawSemicolon = true;
        this.sawContent = true;
      } else if (c !== ' ' && c !== '\t') {
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
 * csv-parse driven chunk by chunk: `write` hands back the records completed by that chunk, so the
 * caller decides when to read more input. The parser's Transform runs synchronously inside
 * `write()`, and its readable side is drained right after.
 */
class RecordStream {
  private readonly parser: Parser;
  private readonly lines = new LineCounter();

  constructor(
    private readonly delimiter: CsvDelimiter,
    private readonly maxRecordLength: number,
  ) {
    this.parser = new Parser({
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'], // CRLF first: it is one line end, not two
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: maxRecordLength,
      raw: true,
    });
    // Errors are read from `errored` right after each write; this only keeps the stream's
    // asynchronous 'error' event from becoming an uncaught exception.
    this.parser.on('error', () => undefined);
  }

  write(text: string): CsvRecord[] {
    if (text !== '') this.parser.write(text);
    return this.take();
  }

  async end(): Promise<CsvRecord[]> {
    this.parser.end();
    await finished(this.parser, { readable: false }).catch(() => undefined);
    return this.take();
  }

  /** The records parsed so far, then the parse error if there was one. */
  private take(): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let parsed = this.read(); parsed !== null; parsed = this.read()) {
      const { line, content } = this.lines.advance(parsed.raw);
      const { record: fields } = parsed;
      const blank = fields.length === 1 && !content.includes('"') && (fields[0] ?? '').trim() === '';
      if (!blank) out.push({ line, fields });
    }
    const error = this.parser.errored;
    if (error) throw this.toParseError(error);
    return out;
  }

  /** With `raw`, csv-parse yields { record, raw }: the fields and the record's source text. */
  private read(): { record: string[]; raw: string } | null {
    return this.parser.read() as { record: string[]; raw: string } | null;
  }

  private toParseError(error: Error): CsvParseError {
    if (!(error instanceof CsvError)) return new CsvParseError(this.lines.next, { key: 'import.csv.parser', params: { detail: error.message } });
    const { line, content } = this.lines.advance(typeof error.raw === 'string' ? error.raw : '');
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return new CsvParseError(
          line + countLineBreaks(content.slice(0, lastFieldStart(content, this.delimiter))),
          { key: 'import.csv.quoteNotClosed' },
        );
      case 'INVALID_OPENING_QUOTE':
        return new CsvParseError(
          line + countLineBreaks(content),
          { key: 'import.csv.openingQuote' },
        );
      case 'CSV_INVALID_CLOSING_QUOTE':
        return new CsvParseError(
          line + countLineBreaks(content),
          { key: 'import.csv.closingQuote' },
        );
      case 'CSV_MAX_RECORD_SIZE':
        return new CsvParseError(line, { key: 'import.csv.rowTooLong', params: { max: String(this.maxRecordLength) } });
      default:
        return new CsvParseError(line, { key: 'import.csv.parser', params: { detail: error.message } });
    }
  }
}

/**
 * Physical line numbers from csv-parse's raw text (its own `info.lines` counts a quoted CRLF as
 * two lines). A record's raw text is: one line-end character per blank line skipped before it,
 * the record, and the first character of its line end.
 */
class LineCounter {
  /** The line on which the text not yet seen begins. */
  next = 1;

  /** The line where the record in `raw` starts and its text without the skipped blank lines. */
  advance(raw: string): { line: number; content: string } {
    const skipped = /^[\r\n]*/.exec(raw)?.[0].length ?? 0;
    const line = this.next + skipped;
    this.next += countLineBreaks(raw);
    return { line, content: raw.slice(skipped) };
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;

function countLineBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}

/**
 * Where the last field of a record cut short by a missing closing quote begins: after the last
 * delimiter outside quotes (toggling on every `"` is exact here, csv-parse accepted all before it).
 */
function lastFieldStart(content: string, delimiter: CsvDelimiter): number {
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === delimiter) start = i + 1;
  }
  return start;
}
