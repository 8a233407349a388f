// `npm run import -- <products|orders|employees> <file.csv>` (entry point: import.ts): loads a
// back-office CSV file into the configured database. This file only reads the command line and
// formats output; checking and writing the rows is src/domain/import. Exit codes: EXIT in run-cli.ts (0 ok, 1 invalid data,
// 2 usage / busy / config, 3 any other failure, 130 interrupted).
import { open } from 'node:fs/promises';
import { createReadStream, type ReadStream } from 'node:fs';
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open-database.js';
import { formatRowError, importCsv, InvalidImportError, type CsvImportSummary } from '../domain/import/import-records.js';
import type { FileEncoding } from '../domain/import/file-decoder.js';
import { describeProblem } from '../domain/import/problem.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/import/rows.js';
import { createI18n, type I18n } from '../i18n/index.js';
import { dateInZone } from '../lib/time/calendar.js';
import { abortOnSignals, EXIT, UsageError, type CliIo } from './run-cli.js';

interface ImportArgs {
  kind: ImportKind;
  file: string;
}

/** In the bot's language (BOT_LOCALE), like the rest of what the command prints. */
function parseImportArgs(i18n: I18n, argv: readonly string[]): ImportArgs {
  const kinds = IMPORT_KINDS.join(', ');
  const usage = i18n.t('import.cli.usage', { kinds: IMPORT_KINDS.join('|') });
  const [kind, file, ...extra] = argv;
  if (kind === undefined) throw new UsageError(i18n.t('import.cli.missingKind', { kinds }), usage);
  if (!IMPORT_KINDS.includes(kind as ImportKind)) throw new UsageError(i18n.t('import.cli.unknownKind', { kind, kinds }), usage);
  if (file === undefined || file === '') throw new UsageError(i18n.t('import.cli.missingFile'), usage);
  if (extra.length > 0) throw new UsageError(i18n.plural('import.cli.extra', extra.length, { args: extra.join(' ') }), usage);
  return { kind: kind as ImportKind, file };
}

/** Opened before the database, so a typo in the path costs nothing and changes nothing. */
async function openCsvFile(i18n: I18n, file: string): Promise<ReadStream> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? i18n.t('import.cli.noSuchFile') : code === 'EACCES' || code === 'EPERM' ? i18n.t('import.cli.permissionDenied') : (error as Error).message;
    throw new UsageError(i18n.t('import.cli.cannotRead', { file, why }));
  }
  if ((await handle.stat()).isDirectory()) {
    await handle.close();
    throw new UsageError(i18n.t('import.cli.directory', { file }));
  }
  // The stream owns the handle from here on and closes it when destroyed.
  return handle.createReadStream();
}

/** Said whenever the file was not UTF-8, so that a wrong guess cannot go unnoticed. */
const encodingNote = (i18n: I18n, encoding: FileEncoding | undefined): string =>
  encoding === 'windows-1252' ? i18n.t('import.cli.windows1252') : '';

function summaryLine(i18n: I18n, kind: ImportKind, s: CsvImportSummary, ms: number): string {
  const rows = s.created + s.updated + s.unchanged + s.skipped;
  const seconds = new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).format(ms / 1000);
  return i18n.t('import.cli.summary', {
    kind,
    created: i18n.plural('import.cli.created', s.created),
    updated: i18n.plural('import.cli.updated', s.updated),
    unchanged: i18n.plural('import.cli.unchanged', s.unchanged),
    skipped: i18n.plural('import.cli.skipped', s.skipped),
    rows: i18n.plural('import.cli.rows', rows),
    seconds,
    note: encodingNote(i18n, s.encoding),
  });
}

function invalidDataReport(i18n: I18n, error: InvalidImportError): string {
  const lines = error.errors.map((e) => formatRowError(i18n, e, error.unit));
  const badLines = new Set(error.errors.map((e) => e.position)).size;
  lines.push(
    i18n.t('import.cli.nothingWritten', {
      errors: i18n.plural('import.cli.errors', error.errors.length),
      lines: i18n.plural('import.cli.lines', badLines),
      note: encodingNote(i18n, error.encoding),
    }),
  );
  return `${lines.join('\n')}\n`;
}

export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  // The configuration first: its locale words the usage errors too.
  const config = io.config();
  const i18n = createI18n(config.locale, config.timezone);
  const { kind, file } = parseImportArgs(i18n, argv);
  const first = await openCsvFile(i18n, file);
  const streams = [first];
  // The file may be read again from the start (as Windows-1252, or with a money column settled).
  let reads = 0;
  const reopen = (): ReadStream => {
    if (reads++ === 0) return first;
    const again = createReadStream(file);
    streams.push(again);
    return again;
  };
  const stderr = (line: string) => io.stderr(`${line}\n`);
  const interrupt = abortOnSignals((signal) => stderr(i18n.t('import.cli.stopping', { signal })));
  try {
    const db = await openConfiguredDatabase(config, 'import');
    try {
      // A fresh DATA_DIR (or server database) gets its tables first.
      const applied = await migrate(db);
      if (applied.length > 0) stderr(i18n.plural('import.cli.migrations', applied.length));
      interrupt.signal.throwIfAborted();

      const now = new Date();
      const started = performance.now();
      const summary = await importCsv({ db }, kind, reopen, {
        actor: 'import',
        now,
        today: dateInZone(now, config.timezone),
        requiredDocuments: config.requiredDocuments,
        signal: interrupt.signal,
        onWarning: (warning) => stderr(i18n.t('import.cli.warning', { message: describeProblem(i18n, warning) })),
        onProgress: (rows) => stderr(i18n.t('import.cli.progress', { count: rows })),
        onReadAgain: (reason) => stderr(describeProblem(i18n, reason)),
      });
      io.stdout(`${summaryLine(i18n, kind, summary, performance.now() - started)}\n`);
      return EXIT.ok;
    } finally {
      // Always: closing the embedded database releases the DATA_DIR lock.
      await db.close();
    }
  } catch (error) {
    if (!(error instanceof InvalidImportError)) throw error;
    io.stderr(invalidDataReport(i18n, error));
    return EXIT.invalidData;
  } finally {
    interrupt.dispose();
    for (const input of streams) input.destroy();
  }
}
