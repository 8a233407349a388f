// `npm run import -- <products|orders|employees> <file.csv>` (entry point: import.ts): loads a
// back-office CSV file into the configured database. This file only reads the command line and
// formats output; checking and writing the rows is src/domain/import. Exit codes: EXIT in run-cli.ts (0 ok, 1 invalid data,
// 2 usage / busy / config, 3 any other failure, 130 interrupted).
import { open } from 'node:fs/promises';
import type { ReadStream } from 'node:fs';
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open-database.js';
import { formatRowError, importCsv, InvalidImportError, type ImportSummary } from '../domain/import/import-records.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import/rows.js';
import { dateInZone } from '../lib/time/calendar.js';
import { abortOnSignals, EXIT, UsageError, type CliIo } from './run-cli.js';

const USAGE = `usage: npm run import -- <${IMPORT_KINDS.join('|')}> <file.csv>`;

interface ImportArgs {
  kind: ImportKind;
  file: string;
}

function parseImportArgs(argv: readonly string[]): ImportArgs {
  const [kind, file, ...extra] = argv;
  if (kind === undefined) throw new UsageError(`missing the type of data: one of ${IMPORT_KINDS.join(', ')}`, USAGE);
  if (!IMPORT_KINDS.includes(kind as ImportKind)) {
    throw new UsageError(`unknown type "${kind}": expected one of ${IMPORT_KINDS.join(', ')}`, USAGE);
  }
  if (file === undefined || file === '') throw new UsageError('missing the CSV file to import', USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`, USAGE);
  return { kind: kind as ImportKind, file };
}

/** Opened before the database, so a typo in the path costs nothing and changes nothing. */
async function openCsvFile(file: string): Promise<ReadStream> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${why}`);
  }
  if ((await handle.stat()).isDirectory()) {
    await handle.close();
    throw new UsageError(`${file} is a directory, not a CSV file`);
  }
  // The stream owns the handle from here on and closes it when destroyed.
  return handle.createReadStream();
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

function summaryLine(kind: ImportKind, s: ImportSummary, ms: number): string {
  const rows = s.created + s.updated + s.unchanged + s.skipped;
  return (
    `${kind}: ${count(s.created)} created, ${count(s.updated)} updated, ${count(s.unchanged)} unchanged, ` +
    `${count(s.skipped)} skipped (${plural(rows, 'row')} in ${(ms / 1000).toFixed(1)} s)`
  );
}

function invalidDataReport(error: InvalidImportError): string {
  const lines = error.errors.map((e) => formatRowError(e, error.unit));
  const badLines = new Set(error.errors.map((e) => e.position)).size;
  lines.push(`nothing was written: ${plural(error.errors.length, 'error')} on ${plural(badLines, 'line')}`);
  return `${lines.join('\n')}\n`;
}

export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const { kind, file } = parseImportArgs(argv);
  const config = io.config();
  const input = await openCsvFile(file);
  const stderr = (line: string) => io.stderr(`${line}\n`);
  const interrupt = abortOnSignals((signal) => stderr(`${signal}: stopping; nothing will be written (press Ctrl-C again to quit at once)`));
  try {
    const db = await openConfiguredDatabase(config, 'import');
    try {
      // A fresh DATA_DIR (or server database) gets its tables first.
      const applied = await migrate(db);
      if (applied.length > 0) stderr(`applied ${plural(applied.length, 'migration')} to the database first`);
      interrupt.signal.throwIfAborted();

      const now = new Date();
      const started = performance.now();
      const summary = await importCsv({ db }, kind, input, {
        actor: 'import',
        now,
        today: dateInZone(now, config.timezone),
        requiredDocuments: config.requiredDocuments,
        signal: interrupt.signal,
        onWarning: (message) => stderr(`warning: ${message}`),
        onProgress: (rows) => stderr(`… ${count(rows)} rows checked`),
      });
      io.stdout(`${summaryLine(kind, summary, performance.now() - started)}\n`);
      return EXIT.ok;
    } finally {
      // Always: closing the embedded database releases the DATA_DIR lock.
      await db.close();
    }
  } catch (error) {
    if (!(error instanceof InvalidImportError)) throw error;
    io.stderr(invalidDataReport(error));
    return EXIT.invalidData;
  } finally {
    interrupt.dispose();
    input.destroy();
  }
}
