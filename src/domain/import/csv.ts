// Streaming CSV reader for back-office imports: RFC 4180 records (RecordScanner, below) and the
// rules that are ours (README.md, "CSV files"):
// - UTF-8 with or without BOM; bytes that are not valid UTF-8 are read as Windows-1252, what Excel
//   pt-BR saves as "CSV" (FileDecoder, which also says how a late invalid byte is handled).
// - The first non-blank record is the header; an empty file is an error.
// - The delimiter is `;` when the header line contains a `;` outside double quotes, otherwise `,`.
//   A `;` inside a quoted header name is part of that name, not a separator (with the purely
//   literal reading, `"a;b",c` could not be parsed at all).
// - Line ends may be CRLF, LF or a lone CR, mixed. Blank lines (empty, or only spaces/tabs and
//   unquoted) are skipped.
// - A field is quoted only when it starts with `"`; inside it `""` is a quote. A quote elsewhere in
//   an unquoted field, or text after a closing quote, is refused (nothing is guessed).
// - Errors name the physical line: where the record starts, or where the bad quote is.
// - Ragged rows are not an error here: each record carries its fields and the caller compares
//   `fields.length` with the header.
//
// Memory stays bounded by the chunk size plus the longest record (capped by `maxRecordLength`):
// the input is consumed one chunk at a time and the records a chunk completes are yielded before
// the next chunk is read.
import type { Readable } from 'node:stream';
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
   * Longest accepted record, in UTF-16 code units of the text as written (quotes and delimiters
   * included); guards memory against a missing closing quote.
   */
  readonly maxRecordLength?: number;
  /** Read the bytes as Windows-1252 from the start (after a NotUtf8Error); default: detect. */
  readonly encoding?: FileEncoding;
}

export type CsvInput =
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>
  | Readable;

/**
 * A single-pass reader: `header()` first (optional), then iterate the data records one by one, or
 * `batches()`: the records each chunk of input completed, for a caller that would rather not pay
 * an asynchronous step per record (an import of 100,000 rows spent more on those than on parsing).
 */
export interface CsvReader extends AsyncIterable<CsvRecord> {
  header(): Promise<CsvHeader>;
  /** The data records, as arrays (never empty); use either this or the records, once. */
  batches(): AsyncIterable<CsvRecord[]>;
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
  private readonly source: AsyncGenerator<CsvRecord[], void, undefined>;
  private headerPromise: Promise<CsvHeader> | undefined;
  /** Data records read along with the header. */
  private afterHeader: CsvRecord[] = [];

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

  async *batches(): AsyncGenerator<CsvRecord[], void, undefined> {
    await this.header();
    try {
      if (this.afterHeader.length > 0) yield this.afterHeader;
      this.afterHeader = [];
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

  async *[Symbol.asyncIterator](): AsyncGenerator<CsvRecord, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  private async readHeader(): Promise<CsvHeader> {
    const first = await this.source.next();
    if (first.done === true) {
      throw new CsvParseError(1, { key: 'import.csv.empty' });
    }
    const [header, ...rest] = first.value;
    this.afterHeader = rest;
    return {
      names: header!.fields.map((name) => name.trim().toLowerCase()),
      delimiter: this.delimiter,
      line: header!.line,
    };
  }
}

/** Every record (header included), in arrays of those each chunk of input completed (never empty). */
async function* parseRecords(
  input: CsvInput,
  maxRecordLength: number,
  decoder: FileDecoder,
  onDelimiter: (delimiter: CsvDelimiter) => void,
): AsyncGenerator<CsvRecord[], void, undefined> {
  // The delimiter depends on the header line: keep text only until that line is complete.
  const detector = new DelimiterDetector();
  let head = '';
  let records: RecordScanner | null = null;
  const start = (delimiter: CsvDelimiter): RecordScanner => {
    onDelimiter(delimiter);
    return new RecordScanner(delimiter, maxRecordLength);
  };
  for await (const text of decodeText(input, decoder)) {
    let batch: CsvRecord[];
    if (records) {
      batch = records.write(text);
    } else {
      head += text;
      const delimiter = detector.scan(text);
      if (delimiter === null) {
        if (head.length > maxRecordLength) {
          throw new CsvParseError(1, { key: 'import.csv.headerTooLong', params: { max: String(maxRecordLength) } });
        }
        continue;
      }
      records = start(delimiter);
      batch = records.write(head);
      head = '';
    }
    if (batch.length > 0) yield batch;
  }
  records ??= start(detector.delimiterAtEnd());
  const last = [...records.write(head), ...records.end()];
  if (last.length > 0) yield last;
}

/**
 * The input as text: bytes decoded by the FileDecoder (a character split across chunks is kept
 * whole, a byte BOM removed), strings as they are, a leading BOM removed from those too. A string
 * chunk may end in the first half of a surrogate pair: the RecordScanner joins a field's pieces
 * as strings, which makes the pair whole again.
 */
async function* decodeText(input: CsvInput, decoder: FileDecoder): AsyncGenerator<string, void, undefined> {
  let started = false;
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
    if (text === '') continue;
    if (!started) {
      started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield started || !rest.startsWith(BOM) ? rest : rest.slice(1);
}

/**
 * Finds the end of the header line and whether it has a `;` outside quotes. Quote tracking here
 * just toggles on every `"`, which is exact for well-formed fields; malformed quoting is reported
 * by the RecordScanner afterwards. Leading blank lines are not the header line.
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

const enum Char {
  Cr = 13,
  Lf = 10,
  Quote = 34,
}

const enum At {
  /** nothing of the current field read yet */
  FieldStart,
  Unquoted,
  Quoted,
  /** a quote inside a quoted field: the closing one, or the first of `""` */
  QuoteInQuoted,
}

/**
 * RFC 4180 records from text given chunk by chunk: `write` hands back the records completed by
 * that chunk, so the caller decides when to read more input. One pass over the characters; a
 * field is sliced out of the chunk, and only a field cut by a chunk's end or holding `""` is
 * pieced together. Line ends are CRLF, LF or a lone CR (a CRLF split between two chunks too);
 * lines are counted as they go by, so every record and error knows its physical line.
 */
class RecordScanner {
  private readonly delimiter: number;
  private at = At.FieldStart;
  private fields: string[] = [];
  /** The current field's text from earlier chunks or before a `""`. */
  private piece = '';
  /** The current record's length from earlier chunks. */
  private carried = 0;
  private hasQuote = false;
  /** Physical line of the next character. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** The last character was a CR: an LF right after it ends the same line. */
  private afterCr = false;

  constructor(
    delimiter: CsvDelimiter,
    private readonly maxRecordLength: number,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  write(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const { delimiter } = this;
    let at = this.at;
    let line = this.line;
    let afterCr = this.afterCr;
    // Where the current field and record start in `text` (0 when they began in an earlier chunk).
    let fieldStart = 0;
    let recordStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const lineEnd = c === Char.Lf || c === Char.Cr;
      if (lineEnd) {
        // The LF of a CRLF: the CR ended the line (and the record: what follows is an empty line).
        if (!(c === Char.Lf && afterCr)) line++;
        afterCr = c === Char.Cr;
      } else {
        afterCr = false;
      }
      // The field this character ends (at a delimiter or a line end), if it ends one.
      let ended: string | undefined;
      switch (at) {
        case At.FieldStart:
          if (c === Char.Quote) {
            at = At.Quoted;
            this.hasQuote = true;
            this.quoteLine = line;
            fieldStart = i + 1;
          } else if (c === delimiter || lineEnd) {
            ended = '';
          } else {
            at = At.Unquoted;
            fieldStart = i;
          }
          break;
        case At.Unquoted:
          if (c === delimiter || lineEnd) {
            ended = this.piece + text.slice(fieldStart, i);
          } else if (c === Char.Quote) {
            throw new CsvParseError(line, { key: 'import.csv.openingQuote' });
          }
          break;
        case At.Quoted:
          if (c === Char.Quote) {
            this.piece += text.slice(fieldStart, i);
            at = At.QuoteInQuoted;
          }
          break;
        case At.QuoteInQuoted:
          if (c === Char.Quote) {
            // `""`: one quote, and the field goes on.
            this.piece += '"';
            fieldStart = i + 1;
            at = At.Quoted;
          } else if (c === delimiter || lineEnd) {
            ended = this.piece;
          } else {
            throw new CsvParseError(line, { key: 'import.csv.closingQuote' });
          }
          break;
      }
      if (ended !== undefined) {
        this.fields.push(ended);
        this.piece = '';
        at = At.FieldStart;
        if (lineEnd) {
          this.endRecord(out, i - recordStart);
          recordStart = i + 1;
          this.recordLine = line;
        }
      }
    }
    if (at === At.Unquoted || at === At.Quoted) this.piece += text.slice(fieldStart);
    this.carried += text.length - recordStart;
    this.at = at;
    this.line = line;
    this.afterCr = afterCr;
    this.checkLength(this.carried);
    return out;
  }

  /** The end of the input: the last record may have no line end. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    switch (this.at) {
      case At.Quoted:
        throw new CsvParseError(this.quoteLine, { key: 'import.csv.quoteNotClosed' });
      case At.FieldStart:
        // Nothing since the last line end (or a record ending in a delimiter: one more empty field).
        if (this.fields.length === 0) return out;
        this.fields.push('');
        break;
      default:
        this.fields.push(this.piece);
    }
    this.endRecord(out, 0);
    return out;
  }

  /** Completes the record of `fields`; `length` is its length in the current chunk. */
  private endRecord(out: CsvRecord[], length: number): void {
    const { fields } = this;
    this.checkLength(this.carried + length);
    this.carried = 0;
    // Blank lines (empty, or only spaces and tabs, unquoted) are skipped.
    const blank = fields.length === 1 && !this.hasQuote && fields[0]!.trim() === '';
    if (!blank) out.push({ line: this.recordLine, fields });
    this.fields = [];
    this.hasQuote = false;
  }

  private checkLength(length: number): void {
    if (length > this.maxRecordLength) {
      throw new CsvParseError(this.recordLine, { key: 'import.csv.rowTooLong', params: { max: String(this.maxRecordLength) } });
    }
  }
}
