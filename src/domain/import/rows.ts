// Validation of one imported row (a CSV record or an ingest API object) into a typed, normalized
// row, per entity. Columns and rules: README.md, "CSV files". Every error of a row is reported,
// not only the first, so that a clerk can fix a file in one pass.
import { z } from 'zod';
import { CONDITIONAL_DOCUMENTS, DEFAULT_REQUIRED_DOCUMENTS, KNOWN_DOCUMENTS } from '../../lib/documents.js';
import {
  deriveDocuments,
  parseDependents,
  parseMaritalStatus,
  parsePrelimSent,
  parseSex,
  type PrelimSent,
} from './admission-columns.js';
import type { Problem } from './problem.js';
import {
  MESSAGES,
  isBlank,
  keyOf,
  parseBoolean,
  parseChoice,
  parseCurrency,
  parseDate,
  parseDecimal,
  parseDocumentList,
  parseInteger,
  parseKey,
  parseSlackUserId,
  parseText,
  type KeyName,
  type MoneyOptions,
  type ParseResult,
} from './values.js';

export type ImportKind = 'products' | 'orders' | 'employees';
export const IMPORT_KINDS: readonly ImportKind[] = ['products', 'orders', 'employees'];

export const ORDER_STATUSES = ['pending', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const REQUIRED_COLUMNS = {
  products: ['sku', 'name', 'stock', 'min_stock'],
  orders: ['number', 'customer', 'total', 'due_date', 'status'],
  employees: ['code', 'name', 'start_date'],
} as const satisfies Record<ImportKind, readonly string[]>;

export const OPTIONAL_COLUMNS = {
  products: ['reorder_qty', 'unit', 'active'],
  orders: ['currency', 'paid_at', 'active'],
  employees: ['role', 'slack_user', 'received_documents', 'extra_documents', 'prelim_sent', 'birth_date', 'sex', 'marital_status', 'dependents', 'active'],
} as const satisfies Record<ImportKind, readonly string[]>;

export const KNOWN_COLUMNS: { readonly [K in ImportKind]: readonly string[] } = {
  products: [...REQUIRED_COLUMNS.products, ...OPTIONAL_COLUMNS.products],
  orders: [...REQUIRED_COLUMNS.orders, ...OPTIONAL_COLUMNS.orders],
  employees: [...REQUIRED_COLUMNS.employees, ...OPTIONAL_COLUMNS.employees],
};

/** The column each entity is upserted by. */
export const KEY_COLUMN = {
  products: 'sku',
  orders: 'number',
  employees: 'code',
} as const satisfies Record<ImportKind, string>;

export const NAME_MAX = 200;
export const ROLE_MAX = 100;
export const UNIT_MAX = 16;
export const DEFAULT_UNIT = 'un';
export const DEFAULT_CURRENCY = 'BRL';

// ---------------------------------------------------------------------------------------------
// Normalized rows

export interface ProductRow {
  readonly sku: string;
  readonly skuKey: string;
  readonly name: string;
  readonly stock: number;
  readonly minStock: number;
  readonly reorderQty: number | null;
  readonly unit: string;
  readonly active: boolean;
}

export interface OrderRow {
  readonly number: string;
  readonly numberKey: string;
  readonly customer: string;
  /** Canonical decimal string with 2 places ("1234.56"): never a float. */
  readonly total: string;
  readonly currency: string;
  /** Calendar dates `YYYY-MM-DD`. */
  readonly dueDate: string;
  readonly status: OrderStatus;
  readonly paidAt: string | null;
  readonly active: boolean;
}

export interface EmployeeRow {
  readonly code: string;
  readonly codeKey: string;
  readonly name: string;
  readonly startDate: string;
  readonly role: string | null;
  readonly slackUser: string | null;
  /** Documents to mark received (an import only adds, never removes). */
  readonly receivedDocuments: readonly string[];
  /** Conditional documents this person must also provide: `extra_documents` and those derived (admission-columns.ts). */
  readonly extraDocuments: readonly string[];
  /** Documents of the configured required set this person does not need (voter ID for a minor). */
  readonly exemptDocuments: readonly string[];
  /** eSocial S-2190 sent (`prelim_sent`): true, the date it was sent, or false; applied only when given. */
  readonly prelimSent: PrelimSent;
  readonly active: boolean;
}

export interface RowTypes {
  products: ProductRow;
  orders: OrderRow;
  employees: EmployeeRow;
}

export interface FieldError {
  /** Column name as in the CSV header / JSON field. */
  readonly field: string;
  readonly problem: Problem;
}

export type RowResult<T> =
  | {
      readonly ok: true;
      readonly row: T;
      /**
       * Optional columns that had a value. The others hold their defaults, which an update may
       * prefer not to apply over what is stored (e.g. a file without `unit`).
       */
      readonly provided: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface RowContext {
  /** Admission documents every hire must provide (configurable; lower-case codes). */
  readonly requiredDocuments: readonly string[];
  /**
   * How a CSV file writes a money column (its delimiter, a decimal comma seen in the column),
   * asked for each value. Absent for the ingest API: each value stands alone.
   */
  readonly money?: (column: string) => MoneyOptions;
}

export const DEFAULT_ROW_CONTEXT: RowContext = { requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS };

// ---------------------------------------------------------------------------------------------
// Validation: one zod schema per import kind. Each cell goes through the small pure parsers of
// values.ts (the same ones the CSV strings and the JSON values share); zod runs every column, so
// every error of a row is reported, in column order (the order of each schema's keys).

type RawRecord = Readonly<Record<string, unknown>>;

// Every issue of these schemas is ours and carries its problem in `params` (the message is its key, for logs).
const issue = (problem: Problem) => ({ message: 'key' in problem ? problem.key : problem.plural, params: { problem } });

function problemOf(zodIssue: z.core.$ZodIssue): Problem {
  const problem = (zodIssue as { params?: { problem?: Problem } }).params?.problem;
  if (!problem) throw new Error(`import row check without a problem: ${zodIssue.message}`);
  return problem;
}

/** Turns a values.ts result into the cell's value, or a zod issue carrying its problem. */
function take<T>(result: ParseResult<T>, ctx: z.RefinementCtx): T {
  if (result.ok) return result.value;
  ctx.addIssue({ code: 'custom', ...issue(result.problem) });
  return z.NEVER;
}

// Cells are plain transforms, not `z.unknown().transform(…)` (a pipe) nor piped into a range check:
// each pipe stage costs per cell, and a 100,000-row import spent ~0.5 s in them (`--cpu-prof`).

/** A column that must have a value. */
const required = <T>(parse: (raw: unknown) => ParseResult<T>) =>
  z.transform((raw: unknown, ctx) =>
    take(isBlank(raw) ? { ok: false, problem: MESSAGES.required } : parse(raw), ctx),
  );

/** A column that may be left blank, which gives `fallback`. */
const optional = <T>(parse: (raw: unknown) => ParseResult<T>, fallback: T) =>
  z.transform((raw: unknown, ctx) => (isBlank(raw) ? fallback : take(parse(raw), ctx)));

/** A whole number of at least `least`. */
const integerAtLeast = (least: number) => {
  const tooSmall: Problem = { key: 'import.atLeast', params: { least: String(least) } };
  return (raw: unknown): ParseResult<number> => {
    const result = parseInteger(raw);
    return result.ok && result.value < least ? { ok: false, problem: tooSmall } : result;
  };
};
const key = (what: KeyName) => required((raw) => parseKey(raw, what));
const text = (max: number) => (raw: unknown) => parseText(raw, { max });
const documents = (known: readonly string[]) => (raw: unknown) => parseDocumentList(raw, known);

const productSchema = z
  .object({
    sku: key('sku'),
    name: required(text(NAME_MAX)),
    stock: required(integerAtLeast(0)),
    min_stock: required(integerAtLeast(0)),
    reorder_qty: optional<number | null>(integerAtLeast(1), null),
    unit: optional(text(UNIT_MAX), DEFAULT_UNIT),
    active: optional(parseBoolean, true),
  })
  .transform(
    (r): ProductRow => ({
      sku: r.sku.value,
      skuKey: r.sku.key,
      name: r.name,
      stock: r.stock,
      minStock: r.min_stock,
      reorderQty: r.reorder_qty,
      unit: r.unit,
      active: r.active,
    }),
  );

const orderSchema = (ctx: RowContext) => z
  .object({
    number: key('orderNumber'),
    customer: required(text(NAME_MAX)),
    total: required((raw) => parseDecimal(raw, ctx.money?.('total'))).refine((total) => !total.startsWith('-'), issue({ key: 'import.atLeast', params: { least: '0' } })),
    due_date: required(parseDate),
    status: required((raw) => parseChoice(raw, ORDER_STATUSES)),
    currency: optional(parseCurrency, DEFAULT_CURRENCY),
    paid_at: optional<string | null>(parseDate, null),
    active: optional(parseBoolean, true),
  })
  // A pending order has not been paid: a payment date would contradict the status. Checked even
  // when other columns failed (`when`), as long as both values could be read.
  .refine((r) => !(r.status === 'pending' && typeof r.paid_at === 'string'), {
    path: ['paid_at'],
    ...issue({ key: 'import.paidAtPending' }),
    when: () => true,
  })
  .transform(
    (r): OrderRow => ({
      number: r.number.value,
      numberKey: r.number.key,
      customer: r.customer,
      total: r.total,
      currency: r.currency,
      dueDate: r.due_date,
      status: r.status,
      paidAt: r.paid_at,
      active: r.active,
    }),
  );

function employeeSchema(ctx: RowContext) {
  // Any configured required document or any other known one (ctps, pis, conditional ones) may be marked received.
  const receivable = [...new Set([...ctx.requiredDocuments.map(keyOf), ...KNOWN_DOCUMENTS])];
  return z
    .object({
      code: key('employeeCode'),
      name: required(text(NAME_MAX)),
      start_date: required(parseDate),
      role: optional<string | null>(text(ROLE_MAX), null),
      slack_user: optional<string | null>(parseSlackUserId, null),
      received_documents: optional(documents(receivable), []),
      extra_documents: optional(documents(CONDITIONAL_DOCUMENTS), []),
      prelim_sent: optional<PrelimSent>(parsePrelimSent, false),
      birth_date: optional<string | null>(parseDate, null),
      sex: optional(parseSex, null),
      marital_status: optional(parseMaritalStatus, null),
      dependents: optional(parseDependents, null),
      active: optional(parseBoolean, true),
    })
    .refine((r) => typeof r.birth_date !== 'string' || typeof r.start_date !== 'string' || r.birth_date < r.start_date, {
      path: ['birth_date'],
      ...issue({ key: 'import.birthBeforeStart' }),
      when: () => true,
    })
    .transform((r): EmployeeRow => {
      const derived = deriveDocuments({ startDate: r.start_date, birthDate: r.birth_date, sex: r.sex, maritalStatus: r.marital_status, dependents: r.dependents });
      return {
        code: r.code.value,
        codeKey: r.code.key,
        name: r.name,
        startDate: r.start_date,
        role: r.role,
        slackUser: r.slack_user,
        receivedDocuments: r.received_documents,
        extraDocuments: [...new Set([...r.extra_documents, ...derived.add])],
        exemptDocuments: derived.exempt,
        prelimSent: r.prelim_sent,
        active: r.active,
      };
    });
}

type RowSchema<K extends ImportKind> = z.ZodType<RowTypes[K], RawRecord>;

/** A schema that depends on the context, built once per context (an import passes one context for every row). */
function perContext<K extends ImportKind>(build: (ctx: RowContext) => RowSchema<K>): (ctx: RowContext) => RowSchema<K> {
  const built = new WeakMap<RowContext, RowSchema<K>>();
  return (ctx) => {
    let schema = built.get(ctx);
    if (!schema) built.set(ctx, (schema = build(ctx)));
    return schema;
  };
}

const SCHEMAS: { readonly [K in ImportKind]: (ctx: RowContext) => RowSchema<K> } = {
  products: () => productSchema,
  // Orders: a file's money convention; employees: the configured documents.
  orders: perContext(orderSchema),
  employees: perContext(employeeSchema),
};

/**
 * Validates one row: CSV strings or JSON values (numbers, booleans, arrays of document codes).
 * Columns outside KNOWN_COLUMNS are ignored here; `checkHeader` warns about them.
 */
export function validateRow<K extends ImportKind>(
  kind: K,
  record: RawRecord,
  ctx: RowContext = DEFAULT_ROW_CONTEXT,
): RowResult<RowTypes[K]> {
  const cells = knownCells(record, KNOWN_COLUMNS[kind]);
  const schema: RowSchema<K> = SCHEMAS[kind](ctx);
  const result = schema.safeParse(cells);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((zodIssue) => ({ field: String(zodIssue.path[0]), problem: problemOf(zodIssue) })),
    };
  }
  return {
    ok: true,
    row: result.data,
    provided: OPTIONAL_COLUMNS[kind].filter((column) => !isBlank(cells[column])),
  };
}

/**
 * Every known column, absent ones as undefined (a blank cell), read from own properties only: a
 * JSON body may carry "__proto__" or "constructor" keys.
 */
function knownCells(record: RawRecord, columns: readonly string[]): Record<string, unknown> {
  const cells: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const column of columns) cells[column] = Object.hasOwn(record, column) ? record[column] : undefined;
  return cells;
}

/**
 * Pairs a CSV record's fields with the header. Fields past the header and missing trailing
 * fields are left out: the caller reports a ragged row from the field count.
 */
export function recordFromFields(
  header: readonly string[],
  fields: readonly string[],
): Record<string, string> {
  // No prototype: a column named "__proto__" must stay a plain column.
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  header.forEach((name, index) => {
    const value = fields[index];
    if (name !== '' && value !== undefined && !Object.hasOwn(record, name)) record[name] = value;
  });
  return record;
}

// ---------------------------------------------------------------------------------------------
// Header

export interface HeaderCheck {
  /** No missing or duplicated columns. */
  readonly ok: boolean;
  readonly missing: readonly string[];
  readonly duplicates: readonly string[];
  /** Unknown column names; an unnamed column is a problem naming its position ("(unnamed column N)"). */
  readonly unknown: readonly (string | Problem)[];
  /** One problem per kind (missing, duplicated). */
  readonly errors: readonly Problem[];
  /** A single warning naming every ignored column, or null. */
  readonly warning: Problem | null;
}

/** "missing required column: x" or "missing required columns: x, y". */
const listProblem = (
  items: readonly (string | Problem)[],
  plural: 'import.missingColumns' | 'import.duplicateColumns' | 'import.unknownColumns',
): Problem => ({ plural, count: items.length, items });

export function checkHeader(kind: ImportKind, header: readonly string[]): HeaderCheck {
  const names = header.map((name) => name.trim().toLowerCase());
  const known = new Set(KNOWN_COLUMNS[kind]);
  const present = new Set(names);
  const missing = REQUIRED_COLUMNS[kind].filter((column) => !present.has(column));
  const duplicates = [...new Set(names.filter((n, i) => n !== '' && names.indexOf(n) !== i))];
  const unknown = [
    ...new Set(
      names.flatMap((name, i): (string | Problem)[] => {
        if (name === '') return [{ key: 'import.unnamedColumn', params: { number: String(i + 1) } }];
        return known.has(name) ? [] : [name];
      }),
    ),
  ];

  const errors: Problem[] = [];
  if (missing.length > 0) errors.push(listProblem(missing, 'import.missingColumns'));
  if (duplicates.length > 0) errors.push(listProblem(duplicates, 'import.duplicateColumns'));
  const warning = unknown.length === 0 ? null : listProblem(unknown, 'import.unknownColumns');
  return { ok: errors.length === 0, missing, duplicates, unknown, errors, warning };
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys within one file or request body

/**
 * Reports a key (SKU, order number, employee code) seen earlier in the same file or body,
 * case-insensitively. Memory grows with the number of distinct keys only.
 */
export class DuplicateKeyTracker {
  private readonly firstSeen = new Map<string, number>();

  /**
   * @param what the key's column, e.g. "sku"
   * @param unit "line" for CSV files, "row" for API bodies
   */
  constructor(
    private readonly what: string,
    private readonly unit: 'line' | 'row' = 'line',
  ) {}

  /** Remembers the key; returns a problem when it appeared before, otherwise null. */
  check(value: string, position: number): Problem | null {
    const normalized = keyOf(value.trim());
    const first = this.firstSeen.get(normalized);
    if (first !== undefined) {
      return { key: `import.duplicateKey.${this.unit}`, params: { column: this.what, value: value.trim(), first: String(first) } };
    }
    this.firstSeen.set(normalized, position);
    return null;
  }

  get size(): number {
    return this.firstSeen.size;
  }
}
