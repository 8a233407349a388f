// The one import pipeline behind `npm run import` (CSV) and the ingest API (JSON): validate every
// row, upsert valid ones in batches inside one transaction, and roll everything back if any row
// was invalid — reporting every bad row, not just the first.
import type { Database } from '../../db/database.js';
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../deps.js';
import { readCsv, CsvParseError, type CsvHeader, type CsvInput, type CsvReader, type CsvRecord } from './csv.js';
import { NotUtf8Error, type FileEncoding } from './file-decoder.js';
import { MONEY_COLUMNS, MoneyConventions } from './money-convention.js';
import { describeProblem, type Problem } from './problem.js';
import {
  DuplicateKeyTracker,
  KEY_COLUMN,
  matchKeyOf,
  checkHeader,
  recordReader,
  validateRow,
  type ImportKind,
  type RowContext,
  type RowTypes,
} from './rows.js';
import { IMPORT_BATCH_SIZE, upsertRows, type ImportSummary, type UpsertOptions, type ValidRow } from './upsert-rows.js';

export type { ImportSummary };

/** Where a problem is: `line` in a CSV file, `row` (from 1) in an API body. */
export interface RowError {
  position: number;
  field: string;
  problem: Problem;
}

export class InvalidImportError extends AppError {
  constructor(
    readonly errors: readonly RowError[],
    readonly unit: 'line' | 'row',
    /** how a CSV file's bytes were read, when it matters to the reader of the errors */
    readonly encoding?: FileEncoding,
  ) {
    super('invalid_input', `${errors.length} invalid ${unit}(s); nothing was written`);
  }
}

export interface ImportOptions extends Omit<UpsertOptions, 'onProgress'> {
  /** rows read and checked so far (CSV: called every PROGRESS_EVERY rows) */
  onProgress?: (rowsRead: number) => void;
}

export const PROGRESS_EVERY = 10_000;

interface Positioned {
  position: number;
  record: Record<string, unknown>;
  /** a problem with the row as a whole (a ragged CSV row, a JSON item that is not an object) */
  problem?: Problem;
}

/**
 * Records come in groups (a CSV file: those of one chunk of input), so that the per-record work
 * stays synchronous: an asynchronous step per record cost more than parsing it.
 */
type RecordGroups = AsyncIterable<Iterable<Positioned>> | Iterable<Iterable<Positioned>>;

/** Validates records one by one and yields batches of valid rows while none was invalid. */
async function* validBatches<K extends ImportKind>(
  kind: K,
  groups: RecordGroups,
  ctx: RowContext,
  unit: 'line' | 'row',
  errors: RowError[],
  onProgress?: (n: number) => void,
  signal?: AbortSignal,
): AsyncGenerator<ValidRow<RowTypes[K]>[]> {
  const keyColumn = KEY_COLUMN[kind];
  const duplicates = new DuplicateKeyTracker(keyColumn, unit);
  let batch: ValidRow<RowTypes[K]>[] = [];
  let read = 0;
  for await (const records of groups) for (const { position, record, problem } of records) {
    read++;
    // Checked per row too, so that a long file full of errors also stops promptly.
    signal?.throwIfAborted();
    if (onProgress && read % PROGRESS_EVERY === 0) onProgress(read);
    if (problem) {
      errors.push({ position, field: '', problem });
      continue;
    }
    const result = validateRow(kind, record, ctx);
    if (!result.ok) {
      errors.push(...result.errors.map((e) => ({ position, field: e.field, problem: e.problem })));
      continue;
    }
    const row = result.row as unknown as Record<string, string>;
    const duplicate = duplicates.check(row[keyColumn]!, position, matchKeyOf(kind, result.row));
    if (duplicate) {
      errors.push({ position, field: keyColumn, problem: duplicate });
      continue;
    }
    // Once a row is bad nothing will be written: keep validating, stop batching.
    if (errors.length > 0) continue;
    batch.push({ row: result.row, provided: result.provided });
    if (batch.length >= IMPORT_BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (errors.length > 0) throw new InvalidImportError(errors, unit);
  if (batch.length > 0) yield batch;
}

function runImport<K extends ImportKind>(
  db: Database,
  kind: K,
  groups: RecordGroups,
  unit: 'line' | 'row',
  ctx: RowContext,
  options: ImportOptions,
): Promise<ImportSummary> {
  const errors: RowError[] = [];
  const batches = validBatches(kind, groups, ctx, unit, errors, options.onProgress, options.signal);
  return upsertRows(db, kind, batches, { ...options, onProgress: undefined });
}

/** The ingest API: a JSON array of objects with the CSV column names; rows counted from 1. */
export function importRecords({ db }: Pick<Deps, 'db'>, kind: ImportKind, body: readonly unknown[], options: ImportOptions): Promise<ImportSummary> {
  const positioned = body.map((item, index): Positioned => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return { position: index + 1, record: {}, problem: { key: 'import.notObject' } };
    }
    return { position: index + 1, record: lowerCaseKeys(item as Record<string, unknown>) };
  });
  return runImport(db, kind, [positioned], 'row', { requiredDocuments: options.requiredDocuments }, options);
}

function lowerCaseKeys(item: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(item)) record[key.trim().toLowerCase()] = value;
  return record;
}

export interface CsvImportOptions extends ImportOptions {
  /** one warning naming unknown columns, if any */
  onWarning?: (warning: Problem) => void;
  /** the file is read again from the start, and why: progress counts start over */
  onReadAgain?: (reason: Problem) => void;
}

/** What `npm run import` reports: the counts, and how the file's bytes were read. */
export interface CsvImportSummary extends ImportSummary {
  encoding: FileEncoding;
}

/**
 * The file to import, or a way to open it again from the start: a second reading is what lets a
 * file be read again as Windows-1252 after a late invalid byte, or with a money column settled by
 * a late decimal comma (money-convention.ts). Given only once, those cases are reported instead.
 */
export type CsvSource = CsvInput | (() => CsvInput);

/** How to read the file on the next pass. */
interface PassSettings {
  encoding?: FileEncoding;
  settledMoneyColumns: readonly string[];
}

/** Thrown by a pass that found a reason to read the file again (nothing was written). */
class ReadAgain extends Error {
  constructor(
    readonly settings: PassSettings,
    readonly otherwise: InvalidImportError,
  ) {
    super('the file must be read again from the start');
  }
}

/** `npm run import`: a CSV file, streamed; errors reported as `line N, column NAME: message`. */
export async function importCsv({ db }: Pick<Deps, 'db'>, kind: ImportKind, source: CsvSource, options: CsvImportOptions): Promise<CsvImportSummary> {
  let settings: PassSettings = { settledMoneyColumns: [] };
  // At most three passes: each reason to read again (encoding, money columns) comes up once.
  for (let pass = 1; ; pass++) {
    try {
      const input = typeof source === 'function' ? source() : source;
      // The header warning was given by the first pass already.
      return await importCsvPass(db, kind, input, settings, pass === 1 ? options : { ...options, onWarning: undefined });
    } catch (error) {
      if (!(error instanceof ReadAgain)) throw error;
      if (typeof source !== 'function') throw error.otherwise;
      options.onReadAgain?.(readAgainReason(settings, error.settings));
      settings = error.settings;
    }
  }
}

function readAgainReason(before: PassSettings, next: PassSettings): Problem {
  if (next.encoding !== before.encoding) return { key: 'import.readAgain.encoding' };
  const settled = next.settledMoneyColumns.filter((column) => !before.settledMoneyColumns.includes(column));
  return { key: 'import.readAgain.money', params: { columns: settled.join(', ') } };
}

async function importCsvPass(db: Database, kind: ImportKind, input: CsvInput, settings: PassSettings, options: CsvImportOptions): Promise<CsvImportSummary> {
  const reader = readCsv(input, { encoding: settings.encoding });
  try {
    const header = await readHeader(reader, kind, options);
    const money = new MoneyConventions(MONEY_COLUMNS[kind], header.delimiter === ';', settings.settledMoneyColumns);
    // Each record is paired with the header and observed as it is validated, in file order: a
    // money column is settled by the rows before a row, never after it (money-convention.ts).
    const recordOf = recordReader(kind, header.names);
    const positioned = function* (records: CsvRecord[]): Generator<Positioned> {
      for (const { line, fields } of records) {
        const record = recordOf(fields);
        money.observe(record);
        yield { position: line, record, problem: raggedProblem(fields.length - header.names.length) };
      }
    };
    const records = (async function* (): AsyncGenerator<Iterable<Positioned>> {
      for await (const batch of reader.batches()) yield positioned(batch);
    })();
    const ctx: RowContext = { requiredDocuments: options.requiredDocuments, money: money.options };
    try {
      return { ...(await runImport(db, kind, records, 'line', ctx, options)), encoding: reader.encoding };
    } catch (error) {
      if (!(error instanceof InvalidImportError)) throw error;
      const refused = new InvalidImportError(error.errors, 'line', reader.encoding);
      if (money.settledLate.length > 0) throw new ReadAgain({ ...settings, settledMoneyColumns: money.settled }, refused);
      throw refused;
    }
  } catch (error) {
    if (error instanceof NotUtf8Error) {
      const refused = new InvalidImportError([{ position: error.line, field: '', problem: NotUtf8Error.problem }], 'line');
      throw new ReadAgain({ ...settings, encoding: 'windows-1252' }, refused);
    }
    if (error instanceof CsvParseError) throw new InvalidImportError([{ position: error.line, field: '', problem: error.problem }], 'line', reader.encoding);
    throw error;
  } finally {
    await reader.close();
  }
}

function raggedProblem(extra: number): Problem | undefined {
  if (extra > 0) return { plural: 'import.moreFields', count: extra };
  if (extra < 0) return { plural: 'import.fewerFields', count: -extra };
  return undefined;
}

async function readHeader(reader: CsvReader, kind: ImportKind, options: CsvImportOptions): Promise<CsvHeader> {
  const header = await reader.header();
  const check = checkHeader(kind, header.names);
  if (check.warning) options.onWarning?.(check.warning);
  if (!check.ok) {
    throw new InvalidImportError(check.errors.map((problem) => ({ position: header.line, field: '', problem })), 'line', reader.encoding);
  }
  return header;
}

/** `line 4, column stock: must be a whole number` — or `row 4, field stock: …` for the API — in the bot's language. */
export function formatRowError(i18n: I18n, error: RowError, unit: 'line' | 'row'): string {
  const params = { position: String(error.position), field: error.field, message: describeProblem(i18n, error.problem) };
  if (unit === 'line') return i18n.t(error.field ? 'import.at.lineColumn' : 'import.at.line', params);
  return i18n.t(error.field ? 'import.at.rowField' : 'import.at.row', params);
}
