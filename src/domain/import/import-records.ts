// The one import pipeline behind `npm run import` (CSV) and the ingest API (JSON): validate every
// row, upsert valid ones in batches inside one transaction, and roll everything back if any row
// was invalid — reporting every bad row, not just the first.
import type { Database } from '../../db/database.js';
import { AppError } from '../../lib/errors.js';
import type { Deps } from '../deps.js';
import { readCsv, CsvParseError, type CsvInput } from './csv.js';
import {
  DuplicateKeyTracker,
  KEY_COLUMN,
  checkHeader,
  recordFromFields,
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
  message: string;
}

export class InvalidImportError extends AppError {
  constructor(
    readonly errors: readonly RowError[],
    readonly unit: 'line' | 'row',
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
  problem?: string;
}

/** Validates records one by one and yields batches of valid rows while none was invalid. */
async function* validBatches<K extends ImportKind>(
  kind: K,
  records: AsyncIterable<Positioned> | Iterable<Positioned>,
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
  for await (const { position, record, problem } of records) {
    read++;
    // Checked per row too, so that a long file full of errors also stops promptly.
    signal?.throwIfAborted();
    if (onProgress && read % PROGRESS_EVERY === 0) onProgress(read);
    if (problem) {
      errors.push({ position, field: '', message: problem });
      continue;
    }
    const result = validateRow(kind, record, ctx);
    if (!result.ok) {
      errors.push(...result.errors.map((e) => ({ position, field: e.field, message: e.message })));
      continue;
    }
    const key = (result.row as unknown as Record<string, string>)[keyColumn]!;
    const duplicate = duplicates.check(key, position);
    if (duplicate) {
      errors.push({ position, field: keyColumn, message: duplicate });
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
  records: AsyncIterable<Positioned> | Iterable<Positioned>,
  unit: 'line' | 'row',
  options: ImportOptions,
): Promise<ImportSummary> {
  const errors: RowError[] = [];
  const batches = validBatches(kind, records, { requiredDocuments: options.requiredDocuments }, unit, errors, options.onProgress, options.signal);
  return upsertRows(db, kind, batches, { ...options, onProgress: undefined });
}

/** The ingest API: a JSON array of objects with the CSV column names; rows counted from 1. */
export function importRecords({ db }: Pick<Deps, 'db'>, kind: ImportKind, body: readonly unknown[], options: ImportOptions): Promise<ImportSummary> {
  const positioned = body.map((item, index): Positioned => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return { position: index + 1, record: {}, problem: 'must be a JSON object' };
    }
    return { position: index + 1, record: lowerCaseKeys(item as Record<string, unknown>) };
  });
  return runImport(db, kind, positioned, 'row', options);
}

function lowerCaseKeys(item: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(item)) record[key.trim().toLowerCase()] = value;
  return record;
}

export interface CsvImportOptions extends ImportOptions {
  /** one warning naming unknown columns, if any */
  onWarning?: (message: string) => void;
}

/** `npm run import`: a CSV file, streamed; errors reported as `line N, column NAME: message`. */
export async function importCsv({ db }: Pick<Deps, 'db'>, kind: ImportKind, input: CsvInput, options: CsvImportOptions): Promise<ImportSummary> {
  const reader = readCsv(input);
  try {
    const header = await readHeader(reader, kind, options);
    const records = (async function* (): AsyncGenerator<Positioned> {
      for await (const { line, fields } of reader) {
        yield { position: line, record: recordFromFields(header, fields), problem: raggedProblem(fields.length - header.length) };
      }
    })();
    return await runImport(db, kind, records, 'line', options);
  } catch (error) {
    if (error instanceof CsvParseError) throw new InvalidImportError([{ position: error.line, field: '', message: error.detail }], 'line');
    throw error;
  } finally {
    await reader.close();
  }
}

function raggedProblem(extra: number): string | undefined {
  if (extra > 0) return `has ${extra} more field(s) than the header`;
  if (extra < 0) return `has ${-extra} fewer field(s) than the header`;
  return undefined;
}

async function readHeader(reader: ReturnType<typeof readCsv>, kind: ImportKind, options: CsvImportOptions): Promise<readonly string[]> {
  const header = await reader.header();
  const check = checkHeader(kind, header.names);
  if (check.warning) options.onWarning?.(check.warning);
  if (!check.ok) {
    throw new InvalidImportError(check.errors.map((message) => ({ position: header.line, field: '', message })), 'line');
  }
  return header.names;
}

/** `line 4, column stock: must be a whole number` — or `row 4, field stock: …` for the API. */
export function formatRowError(error: RowError, unit: 'line' | 'row'): string {
  const where = error.field ? `, ${unit === 'line' ? 'column' : 'field'} ${error.field}` : '';
  return `${unit} ${error.position}${where}: ${error.message}`;
}
