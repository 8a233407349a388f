// Writes validated rows in batched multi-row upserts (one prepared statement per kind, run once per
// batch, arrays in through unnest), all batches in one transaction: a CSV file or an API body lands
// whole or not at all. On a server, a large batch of products may be offered to COPY first
// (upsertProducts says when and why).
// Optional columns a row did not provide keep their stored value on update. The transaction is
// the driver's, not Prisma's (Database.transaction says why).
import type { Database, SqlSession } from '../../db/database.js';
import { assertNever } from '../../lib/assert-never.js';
import { AppError } from '../../lib/errors.js';
import { Turns } from '../../lib/turns.js';
import { matchKeyOf, type EmployeeRow, type ImportKind, type OrderRow, type ProductRow, type RowTypes } from './rows.js';

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/** A validated row and the optional columns it gave a value for. */
export interface ValidRow<T> {
  row: T;
  provided: readonly string[];
}

export interface UpsertOptions {
  /** who is recorded on stock movements and received documents: "import" or "api" */
  actor: string;
  now: Date;
  /** today in BOT_TIMEZONE: orders imported as paid without paid_at, hires imported with prelim_sent=true */
  today: string;
  requiredDocuments: readonly string[];
  /** rows written so far, after each batch */
  onProgress?: (rowsWritten: number) => void;
  /** aborting it (Ctrl-C in the CLI) rolls the whole import back; its reason is thrown */
  signal?: AbortSignal;
}

type Counts = Omit<ImportSummary, 'unchanged'>;
/** A batch's counts, and the keys of its rows another writer got to first (PRODUCTS_SQL says why). */
type Written = Counts & { raced: string[] };

/**
 * Rows per batch. A batch of products written by COPY takes four round trips, and each waits for
 * our process to take the answer while it reads the next batch: 100,000 new products on the server
 * took 0.95–1.1 s in batches of 10,000, 1.2–1.5 s in batches of 2,000 (PGlite: 3.55 s and 3.87 s).
 */
export const IMPORT_BATCH_SIZE = 10_000;
/**
 * A batch of at least this many products is offered to COPY first, where the session can: below
 * it, COPY's savepoint and extra round trips cost more than its page-at-a-time writes save.
 */
export const COPY_MIN_ROWS = 100;
const QUEUED_BATCHES = 2;
/**
 * Raced rows are read afresh and written again, up to this many attempts in all. The second one
 * normally writes them: ON CONFLICT locks a conflicting row even when its WHERE leaves it alone, so
 * nobody else changes it until this import ends.
 */
const MAX_ATTEMPTS = 5;

/**
 * Upserts every batch inside one transaction. When `batches` throws (a later row turned out
 * invalid), everything written so far is rolled back and the error propagates.
 */
export async function upsertRows<K extends ImportKind>(
  db: Database,
  kind: K,
  batches: AsyncIterable<ValidRow<RowTypes[K]>[]> | Iterable<ValidRow<RowTypes[K]>[]>,
  options: UpsertOptions,
): Promise<ImportSummary> {
  return db.transaction(
    async (tx) => {
      // The batch statements' row estimates put them past jit_above_cost, and compiling them took
      // longer than running them (~25 ms a batch of 2,000 products on PostgreSQL 15).
      await tx.exec('SET LOCAL jit = off');
      const total: ImportSummary = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
      const session: BatchSession = { tx, turns: new Turns(), copyNext: false };
      let written = 0;
      const write = async (batch: ValidRow<RowTypes[K]>[]) => {
        let rows = batch;
        for (let attempt = 1; ; attempt++) {
          // Raced rows are written again by the statement, which copes with another writer's rows.
          const counts = await upsertBatch(session, kind, rows, options, attempt === 1);
          total.created += counts.created;
          total.updated += counts.updated;
          total.skipped += counts.skipped;
          total.unchanged += rows.length - counts.created - counts.updated - counts.skipped - counts.raced.length;
          if (counts.raced.length === 0) break;
          if (attempt === MAX_ATTEMPTS) {
            throw new AppError('busy', `import: ${counts.raced.length} ${kind} rows changed by another writer on each of ${MAX_ATTEMPTS} attempts`, {
              userMessage: 'Some of these rows kept being changed by someone else while they were imported; nothing was imported. Please try again.',
            });
          }
          const again = new Set(counts.raced);
          rows = rows.filter((r) => again.has(matchKeyOf(kind, r.row)));
        }
        written += batch.length;
        options.onProgress?.(written);
      };
      // Batches are written while the next ones are read and checked: the server's work and ours
      // overlap (a 100,000-row import spent ~40% of its time waiting for the server otherwise). Two
      // are queued on the connection, so the driver sends the next one the moment the server
      // answers, not once this loop has resumed: that wait left the server idle 4–13 ms between
      // batches (PostgreSQL's log). One statement at a time still, on the transaction's connection.
      const queued: Promise<void>[] = [];
      try {
        for await (const batch of batches) {
          options.signal?.throwIfAborted();
          if (batch.length === 0) continue;
          if (queued.length === QUEUED_BATCHES) await queued.shift();
          const writing = write(batch);
          // Its failure is thrown by the await of it; until then it must not count as unhandled.
          writing.catch(() => undefined);
          queued.push(writing);
        }
        for (const writing of queued.splice(0)) await writing;
      } catch (error) {
        // Let the queued statements finish before the transaction rolls back.
        await Promise.allSettled(queued);
        throw error;
      }
      // Last chance to give up: returning commits.
      options.signal?.throwIfAborted();
      return total;
    },
  );
}

/** The import's transaction, shared by the batches in flight on its connection. */
interface BatchSession {
  tx: SqlSession;
  turns: Turns;
  /** whether the next large batch of products is offered to COPY first (upsertProducts says when) */
  copyNext: boolean;
}

function upsertBatch<K extends ImportKind>(
  session: BatchSession,
  kind: K,
  batch: ValidRow<RowTypes[K]>[],
  options: UpsertOptions,
  mayCopy: boolean,
): Promise<Written> {
  switch (kind) {
    case 'products':
      return upsertProducts(session, batch as ValidRow<ProductRow>[], options, mayCopy);
    case 'orders':
      return upsertOrders(session.tx, batch as ValidRow<OrderRow>[], options);
    case 'employees':
      return upsertEmployees(session.tx, batch as ValidRow<EmployeeRow>[], options);
    default:
      return assertNever(kind, 'import kind');
  }
}

const given = (r: ValidRow<unknown>, name: string) => r.provided.includes(name);

/**
 * One column of a batch as a PostgreSQL array literal (`{"a","b",NULL}`), for a `$n::type[]`
 * parameter. One string per column instead of a JS array: pg escapes an array element by element
 * (and Prisma, when these went through it, encoded each one through JSON first) — ~0.5 s and much
 * of the garbage of a 100,000-row import (`--cpu-prof`).
 */
function column<T>(items: readonly T[], pick: (item: T) => string | number | boolean | null | undefined): string {
  // Joined once: 2,000 `+=` build a rope that pg then flattens, twice the time (measured).
  const elements = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const value = pick(items[i]!);
    if (value === null || value === undefined) elements[i] = 'NULL';
    else if (typeof value !== 'string') elements[i] = String(value);
    else elements[i] = NEEDS_ESCAPE.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;
  }
  return `{${elements.join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;

// The stored rows of a batch are looked up one index probe per input row (LATERAL … OFFSET 0 keeps
// the planner from turning it into a join). As a plain join, the planner hash-joined the batch with
// a scan of the whole table — in one long import transaction its statistics are stale — so each
// batch cost grew with the table: a re-import of 100,000 products took 3.1 s instead of 2.5 s on
// the server, and 100,000 new rows into a 1,000,000-product table 5.0 s instead of 3.5 s.
//
// Every kind's upsert writes a row only over the version of it that "old" read (its ctid): a row
// another writer inserted or changed in between is not written but returned as raced, and written
// by the next attempt, which reads it afresh. Otherwise its stock movement would carry a wrong
// delta, a column the file leaves out would be put back to a stale value, and an order paid in
// between would go back to pending. Every row sent is written unless it raced, so raced rows are
// looked for only when fewer were written than sent: the search cost ~2 ms of a ~25 ms batch of
// new products. They are found with EXCEPT, which hashes or sorts whatever the row estimates:
// NOT IN became a scan of every written row per row sent on PGlite (~1 s a batch), where the
// INSERT's estimate did not fit work_mem.
const PRODUCTS_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::boolean[], $8::text[], $9::boolean[], $10::boolean[])
    WITH ORDINALITY AS t(sku, sku_key, name, stock, min_stock, reorder_qty, reorder_given, unit, active, active_given, ord)
),
old AS (
  SELECT p.* FROM input i CROSS JOIN LATERAL (
    SELECT p.ctid AS version, p.id, p.sku_key, p.name, p.stock, p.min_stock, p.reorder_qty, p.unit, p.active FROM products p WHERE p.sku_key = i.sku_key OFFSET 0
  ) p
),
-- newProductLines gives a new row the values this gives it: keep the two in step.
merged AS (
  SELECT i.ord, i.sku, i.sku_key, i.name, i.stock, i.min_stock,
         CASE WHEN i.reorder_given THEN i.reorder_qty ELSE o.reorder_qty END AS reorder_qty,
         COALESCE(i.unit, o.unit, 'un') AS unit,
         CASE WHEN i.active_given THEN i.active ELSE COALESCE(o.active, true) END AS active
  FROM input i LEFT JOIN old o USING (sku_key)
),
-- A row stored as it is goes no further: ON CONFLICT finds that out only after a speculative
-- insertion, a third of a re-import's time on the server. New rows take their ids in file order.
sent AS (
  SELECT m.* FROM merged m LEFT JOIN old o USING (sku_key)
  WHERE o.id IS NULL OR (o.name, o.stock, o.min_stock, o.reorder_qty, o.unit, o.active)
        IS DISTINCT FROM (m.name, m.stock, m.min_stock, m.reorder_qty, m.unit, m.active)
),
up AS (
  INSERT INTO products AS p (sku, sku_key, name, stock, initial_stock, min_stock, reorder_qty, unit, active, created_at, updated_at)
  SELECT s.sku, s.sku_key, s.name, s.stock, s.stock, s.min_stock, s.reorder_qty, s.unit, s.active, $11, $11 FROM sent s ORDER BY s.ord
  ON CONFLICT (sku_key) DO UPDATE SET
    name = EXCLUDED.name, stock = EXCLUDED.stock, min_stock = EXCLUDED.min_stock,
    reorder_qty = EXCLUDED.reorder_qty, unit = EXCLUDED.unit, active = EXCLUDED.active, updated_at = $11
  WHERE p.ctid IN (SELECT version FROM old)
  RETURNING p.id, p.sku_key, p.stock, (xmax = 0) AS inserted
),
-- A new product's first stock is its initial_stock, not a movement (the migration that added it says why).
moves AS (
  INSERT INTO stock_movements (product_id, delta, stock_after, reason, actor, created_at)
  SELECT up.id, up.stock - o.stock, up.stock, 'import', $12, $11
  FROM up JOIN old o USING (sku_key)
  WHERE NOT up.inserted AND up.stock <> o.stock
)
SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated,
       CASE WHEN count(*) = (SELECT count(*) FROM sent) THEN '{}' ELSE ARRAY(SELECT sku_key FROM sent EXCEPT SELECT sku_key FROM up) END AS raced
FROM up`;

/**
 * With `mayCopy`, a large batch on a server may be offered to COPY whole (`SqlSession.copyFrom`
 * says why), as if every row were new. COPY has no ON CONFLICT: it runs in a savepoint, and when
 * it meets a stored SKU (or one another writer inserted meanwhile) it is rolled back and the
 * statement writes the batch. Which batches are offered follows what the last one met: the first
 * goes to the statement, and once a batch turns out all new the next ones go to COPY, until one of
 * them fails. So a re-import, or an ingest API call re-sending stored products, never pays for a
 * failed COPY (its lines built and sent, its dead tuples): a re-import of 100,000 products took
 * 1.6–1.7× COPY's time against 1.7–2.0× when the first batch was offered to COPY, and a new import
 * took as long either way (1.9–2.4×; bench/import.bench.ts, the two in turn, same hour).
 */
async function upsertProducts(session: BatchSession, batch: ValidRow<ProductRow>[], options: UpsertOptions, mayCopy: boolean): Promise<Written> {
  const { tx, turns } = session;
  if (mayCopy && session.copyNext && tx.copyFrom !== undefined && batch.length >= COPY_MIN_ROWS) {
    const data = newProductLines(batch, options.now);
    if (await turns.alone(() => copyNewProducts(tx, data))) return { created: batch.length, updated: 0, skipped: 0, raced: [] };
    session.copyNext = false;
  }
  const [result] = await turns.shared(() => tx.query<Written>(PRODUCTS_SQL, [
    column(batch, (r) => r.row.sku),
    column(batch, (r) => r.row.skuKey),
    column(batch, (r) => r.row.name),
    column(batch, (r) => r.row.stock),
    column(batch, (r) => r.row.minStock),
    column(batch, (r) => r.row.reorderQty),
    column(batch, (r) => given(r, 'reorder_qty')),
    column(batch, (r) => (given(r, 'unit') ? r.row.unit : null)),
    column(batch, (r) => r.row.active),
    column(batch, (r) => given(r, 'active')),
    options.now,
    options.actor,
  ], 'import-products'));
  if (!session.copyNext) session.copyNext = result!.created === batch.length;
  return { created: result!.created, updated: result!.updated, skipped: 0, raced: result!.raced };
}

const COPY_PRODUCTS_SQL =
  'COPY products (sku, sku_key, name, stock, initial_stock, min_stock, reorder_qty, unit, active, created_at, updated_at) FROM STDIN';

/**
 * Whether the rows were written; false when one of their SKUs is stored (or another writer
 * inserted it meanwhile). Any other failure is thrown too, but only after the rollback to the
 * savepoint: a batch queued behind this one must not fail instead, with "current transaction is
 * aborted", and hide the cause.
 */
async function copyNewProducts(tx: SqlSession, data: string): Promise<boolean> {
  await tx.exec('SAVEPOINT import_copy');
  try {
    await tx.copyFrom!(COPY_PRODUCTS_SQL, data);
  } catch (error) {
    await tx.exec('ROLLBACK TO SAVEPOINT import_copy').catch(() => undefined);
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  await tx.exec('RELEASE SAVEPOINT import_copy');
  return true;
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

/** The rows as products with no stored version, as PRODUCTS_SQL's `merged` makes them, in COPY's text format. */
function newProductLines(batch: ValidRow<ProductRow>[], now: Date): string {
  const at = now.toISOString();
  const lines = new Array<string>(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const r = batch[i]!;
    const { row } = r;
    const reorderQty = given(r, 'reorder_qty') ? row.reorderQty : null;
    const active = given(r, 'active') ? row.active : true;
    lines[i] = `${copyText(row.sku)}\t${copyText(row.skuKey)}\t${copyText(row.name)}\t${row.stock}\t${row.stock}\t${row.minStock}\t${
      reorderQty ?? '\\N'}\t${copyText(given(r, 'unit') ? row.unit : 'un')}\t${active ? 't' : 'f'}\t${at}\t${at}\n`;
  }
  return lines.join('');
}

/** A text value in COPY's text format, where a backslash, a tab and a line break are escaped. */
export function copyText(value: string): string {
  return value.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]!);
}

const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

// An import never moves an order from paid or cancelled back to pending: such rows are skipped.
// Statuses travel as text[]: the PGlite adapter cannot bind an array of an enum type.
const ORDERS_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::date[], $7::text[], $8::date[], $9::boolean[], $10::boolean[])
    WITH ORDINALITY AS t(number, number_key, customer, total, currency, due_date, status, paid_at, active, active_given, ord)
),
old AS (
  SELECT o.* FROM input i CROSS JOIN LATERAL (
    SELECT o.ctid AS version, o.id, o.number_key, o.customer, o.total, o.currency, o.due_date, o.status, o.paid_at, o.active
    FROM orders o WHERE o.number_key = i.number_key OFFSET 0
  ) o
),
skipped AS (
  SELECT i.number_key FROM input i JOIN old o USING (number_key)
  WHERE o.status IN ('paid', 'cancelled') AND i.status = 'pending'
),
merged AS (
  SELECT i.ord, i.number, i.number_key, i.customer, i.total, COALESCE(i.currency, o.currency, 'BRL') AS currency, i.due_date,
         i.status::"OrderStatus" AS status,
         CASE WHEN i.status = 'paid' THEN COALESCE(i.paid_at, o.paid_at, $11::date) ELSE COALESCE(i.paid_at, o.paid_at) END AS paid_at,
         CASE WHEN i.active_given THEN i.active ELSE COALESCE(o.active, true) END AS active
  FROM input i LEFT JOIN old o USING (number_key)
  WHERE i.number_key NOT IN (SELECT number_key FROM skipped)
),
sent AS (
  SELECT m.* FROM merged m LEFT JOIN old o USING (number_key)
  WHERE o.id IS NULL OR (o.customer, o.total, o.currency, o.due_date, o.status, o.paid_at, o.active)
        IS DISTINCT FROM (m.customer, m.total, m.currency, m.due_date, m.status, m.paid_at, m.active)
),
up AS (
  INSERT INTO orders AS o (number, number_key, customer, total, currency, due_date, status, paid_at, active, created_at, updated_at)
  SELECT number, number_key, customer, total, currency, due_date, status, paid_at, active, $12, $12 FROM sent ORDER BY ord
  ON CONFLICT (number_key) DO UPDATE SET
    customer = EXCLUDED.customer, total = EXCLUDED.total, currency = EXCLUDED.currency, due_date = EXCLUDED.due_date,
    status = EXCLUDED.status, paid_at = EXCLUDED.paid_at, active = EXCLUDED.active, updated_at = $12
  WHERE o.ctid IN (SELECT version FROM old)
  RETURNING o.number_key, (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated,
       (SELECT count(*)::int FROM skipped) AS skipped,
       CASE WHEN count(*) = (SELECT count(*) FROM sent) THEN '{}' ELSE ARRAY(SELECT number_key FROM sent EXCEPT SELECT number_key FROM up) END AS raced
FROM up`;

async function upsertOrders(tx: SqlSession, batch: ValidRow<OrderRow>[], options: UpsertOptions): Promise<Written> {
  const [result] = await tx.query<Written>(ORDERS_SQL, [
    column(batch, (r) => r.row.number),
    column(batch, (r) => r.row.numberKey),
    column(batch, (r) => r.row.customer),
    column(batch, (r) => r.row.total),
    column(batch, (r) => (given(r, 'currency') ? r.row.currency : null)),
    column(batch, (r) => r.row.dueDate),
    column(batch, (r) => r.row.status),
    column(batch, (r) => r.row.paidAt),
    column(batch, (r) => r.row.active),
    column(batch, (r) => given(r, 'active')),
    options.today,
    options.now,
  ], 'import-orders');
  return result!;
}

const EMPLOYEES_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::boolean[], $7::text[], $8::boolean[], $9::boolean[], $10::boolean[], $12::boolean[], $13::date[], $14::boolean[])
    WITH ORDINALITY AS t(code, code_key, name, start_date, role, role_given, slack_user, slack_given, active, active_given, prelim_given, prelim_sent_on, prelim_keep, ord)
),
old AS (
  SELECT e.* FROM input i CROSS JOIN LATERAL (
    SELECT e.ctid AS version, e.id, e.code_key, e.name, e.start_date, e.role, e.slack_user, e.active, e.prelim_sent_on
    FROM employees e WHERE e.code_key = i.code_key OFFSET 0
  ) e
),
merged AS (
  SELECT i.ord, i.code, i.code_key, i.name, i.start_date,
         CASE WHEN i.role_given THEN i.role ELSE o.role END AS role,
         CASE WHEN i.slack_given THEN i.slack_user ELSE o.slack_user END AS slack_user,
         CASE WHEN i.active_given THEN i.active ELSE COALESCE(o.active, true) END AS active,
         -- prelim_sent: a date sets it, "true" keeps a date already known (else the import's day), "false" clears it
         CASE WHEN NOT i.prelim_given THEN o.prelim_sent_on
              WHEN i.prelim_keep THEN COALESCE(o.prelim_sent_on, i.prelim_sent_on)
              ELSE i.prelim_sent_on END AS prelim_sent_on
  FROM input i LEFT JOIN old o USING (code_key)
),
sent AS (
  SELECT m.* FROM merged m LEFT JOIN old o USING (code_key)
  WHERE o.id IS NULL OR (o.name, o.start_date, o.role, o.slack_user, o.active, o.prelim_sent_on)
        IS DISTINCT FROM (m.name, m.start_date, m.role, m.slack_user, m.active, m.prelim_sent_on)
),
up AS (
  INSERT INTO employees AS e (code, code_key, name, start_date, role, slack_user, active, prelim_sent_on, created_at, updated_at)
  SELECT code, code_key, name, start_date, role, slack_user, active, prelim_sent_on, $11, $11 FROM sent ORDER BY ord
  ON CONFLICT (code_key) DO UPDATE SET
    name = EXCLUDED.name, start_date = EXCLUDED.start_date, role = EXCLUDED.role,
    slack_user = EXCLUDED.slack_user, active = EXCLUDED.active, prelim_sent_on = EXCLUDED.prelim_sent_on, updated_at = $11
  WHERE e.ctid IN (SELECT version FROM old)
  RETURNING e.id, e.code_key, (xmax = 0) AS inserted
)
SELECT id, inserted, NULL::text AS raced FROM up
UNION ALL
SELECT NULL, NULL, code_key FROM (SELECT code_key FROM sent EXCEPT SELECT code_key FROM up) AS raced
WHERE (SELECT count(*) FROM up) < (SELECT count(*) FROM sent)`;

// Every hire in the batch has a row per required document (new hires: all missing), but for the
// ones its row exempts (a minor's voter ID).
const REQUIRED_DOCUMENTS_SQL = `
INSERT INTO admission_documents (employee_id, code, required)
SELECT e.id, d.code, true
FROM unnest($1::text[], $2::text[]) AS d(code_key, code) JOIN employees e USING (code_key)
ON CONFLICT (employee_id, code) DO NOTHING`;

// Conditional documents a row names become required; received ones are marked received.
// Nothing is ever removed or moved back to missing, and a waiver stays a waiver.
// Two statements, not two CTEs of one: a row may name the same document in `extra_documents` and
// `received_documents`, and one statement may not insert and then update the same row
// (PostgreSQL: "ON CONFLICT DO UPDATE command cannot affect row a second time").
const EXTRA_DOCUMENTS_SQL = `
INSERT INTO admission_documents AS d (employee_id, code, required)
SELECT e.id, x.code, true
FROM unnest($1::text[], $2::text[]) AS x(code_key, code) JOIN employees e USING (code_key)
ON CONFLICT (employee_id, code) DO UPDATE SET required = true WHERE NOT d.required
RETURNING d.employee_id`;

const RECEIVED_DOCUMENTS_SQL = `
INSERT INTO admission_documents AS d (employee_id, code, required, status, actor, changed_at)
SELECT e.id, r.code, false, 'received', $3, $4
FROM unnest($1::text[], $2::text[]) AS r(code_key, code) JOIN employees e USING (code_key)
ON CONFLICT (employee_id, code) DO UPDATE SET status = 'received', actor = $3, changed_at = $4
WHERE d.status = 'missing'
RETURNING d.employee_id`;

async function upsertEmployees(tx: SqlSession, batch: ValidRow<EmployeeRow>[], options: UpsertOptions): Promise<Written> {
  const result = await tx.query<{ id: number | null; inserted: boolean | null; raced: string | null }>(EMPLOYEES_SQL, [
    column(batch, (r) => r.row.code),
    column(batch, (r) => r.row.codeKey),
    column(batch, (r) => r.row.name),
    column(batch, (r) => r.row.startDate),
    column(batch, (r) => r.row.role),
    column(batch, (r) => given(r, 'role')),
    column(batch, (r) => r.row.slackUser),
    column(batch, (r) => given(r, 'slack_user')),
    column(batch, (r) => r.row.active),
    column(batch, (r) => given(r, 'active')),
    options.now,
    column(batch, (r) => given(r, 'prelim_sent')),
    column(batch, (r) => (r.row.prelimSent === false ? null : r.row.prelimSent === true ? options.today : r.row.prelimSent)),
    column(batch, (r) => r.row.prelimSent === true),
  ], 'import-employees');
  const changed = result.filter((r): r is { id: number; inserted: boolean; raced: null } => r.id !== null);
  const raced = result.flatMap((r) => (r.raced === null ? [] : [r.raced]));

  // A raced hire's documents wait for the attempt that writes the hire.
  const waiting = new Set(raced);
  const pairs = (pick: (row: EmployeeRow) => readonly string[]) =>
    batch.filter((r) => !waiting.has(r.row.codeKey)).flatMap((r) => pick(r.row).map((code) => [r.row.codeKey, code] as const));
  const required = pairs((row) => options.requiredDocuments.filter((code) => !row.exemptDocuments.includes(code)));
  await tx.query(REQUIRED_DOCUMENTS_SQL, [column(required, ([key]) => key), column(required, ([, code]) => code)], 'import-required-documents');
  const extra = pairs((row) => row.extraDocuments);
  const received = pairs((row) => row.receivedDocuments);
  const extraChanged = extra.length === 0 ? [] : await tx.query<{ employee_id: number }>(EXTRA_DOCUMENTS_SQL, [
    column(extra, ([key]) => key),
    column(extra, ([, code]) => code),
  ], 'import-extra-documents');
  const receivedChanged = received.length === 0 ? [] : await tx.query<{ employee_id: number }>(RECEIVED_DOCUMENTS_SQL, [
    column(received, ([key]) => key),
    column(received, ([, code]) => code),
    options.actor,
    options.now,
  ], 'import-received-documents');
  const documentChanges = [...extraChanged, ...receivedChanged];

  const inserted = new Set(changed.filter((c) => c.inserted).map((c) => c.id));
  const updated = new Set([...changed.filter((c) => !c.inserted).map((c) => c.id), ...documentChanges.map((d) => d.employee_id)]);
  for (const id of inserted) updated.delete(id);
  return { created: inserted.size, updated: updated.size, skipped: 0, raced };
}
