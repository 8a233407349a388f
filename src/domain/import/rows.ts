// Validation of one imported row (a CSV record or an ingest API object) into a typed, normalized
// row, per entity. Columns and rules: README.md, "CSV files". Every error of a row is reported,
// not only the first, so that a clerk can fix a file in one pass.
import { CONDITIONAL_DOCUMENTS, DEFAULT_REQUIRED_DOCUMENTS, KNOWN_DOCUMENTS } from '../../lib/documents.js';
import {
  deriveDocuments,
  parseDependents,
  parseMaritalStatus,
  parsePrelimSent,
  parseSex,
  type PrelimSent,
} from './admission-columns.js';
import { KeyPositions } from './key-positions.js';
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
  type ParsedKey,
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

/** The field of a validated row holding that column's key as matched (keyOf). */
const MATCH_KEY = {
  products: 'skuKey',
  orders: 'numberKey',
  employees: 'codeKey',
} as const satisfies { [K in ImportKind]: keyof RowTypes[K] };

/** A validated row's key as matched (MATCH_KEY). */
export function matchKeyOf<K extends ImportKind>(kind: K, row: RowTypes[K]): string {
  return (row as unknown as Record<string, string>)[MATCH_KEY[kind]]!;
}

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
// Validation: one list of cells per import kind, in column order. Each cell goes through the small
// pure parsers of values.ts (the same ones the CSV strings and the JSON values share); every cell
// is read, so every error of a row is reported, in column order, then the checks between cells.
// Plain functions, not a schema library: a 100,000-row import spent more in a zod schema's
// per-cell steps and objects than in the parsers themselves (`--cpu-prof`).

type RawRecord = Readonly<Record<string, unknown>>;

/** How one cell is read: its value, or a problem. */
type Cell<T> = (raw: unknown) => ParseResult<T>;

const REQUIRED: ParseResult<never> = { ok: false, problem: MESSAGES.required };

/** A column that must have a value. */
const required =
  <T>(parse: Cell<T>): Cell<T> =>
  (raw) =>
    isBlank(raw) ? REQUIRED : parse(raw);

/** A column that may be left blank, which gives `fallback`. */
const optional = <T>(parse: Cell<T>, fallback: T): Cell<T> => {
  const blank: ParseResult<T> = { ok: true, value: fallback };
  return (raw) => (isBlank(raw) ? blank : parse(raw));
};

/** A whole number of at least `least`. */
const integerAtLeast = (least: number): Cell<number> => {
  const tooSmall: ParseResult<never> = { ok: false, problem: { key: 'import.atLeast', params: { least: String(least) } } };
  return (raw) => {
    const result = parseInteger(raw);
    return result.ok && result.value < least ? tooSmall : result;
  };
};
const key = (what: KeyName): Cell<ParsedKey> => required((raw) => parseKey(raw, what));
const text = (max: number): Cell<string> => (raw) => parseText(raw, { max });
const documents = (known: readonly string[]): Cell<readonly string[]> => (raw) => parseDocumentList(raw, known);

/** What a kind's cells read into, column by column. */
type ValuesOf<P> = { readonly [K in keyof P]: P[K] extends Cell<infer V> ? V : never };

/** The values of a row's cells; a cell that could not be read is undefined. */
type MaybeValues<P> = { readonly [K in keyof P]: ValuesOf<P>[K] | undefined };

/** A rule between cells, reported on `field` when `holds` is false. */
interface CrossCheck<P> {
  readonly field: keyof P & string;
  readonly problem: Problem;
  /** Given every value, read or not: a rule only judges values that could be read. */
  readonly holds: (values: MaybeValues<P>) => boolean;
}

/** How a row of one kind is read: its known columns in order, their parsers, its checks, its build. */
interface RowSpec<T> {
  readonly columns: readonly string[];
  readonly parsers: readonly Cell<unknown>[];
  readonly checks: readonly { readonly field: string; readonly problem: Problem; readonly holds: (values: Record<string, unknown>) => boolean }[];
  /** The row, from values that were all read. */
  readonly build: (values: Record<string, unknown>) => T;
}

/** `rowSpec(cells)(build, checks)`: two steps, so that the cells' types are known to the others. */
const rowSpec =
  <P extends Record<string, Cell<unknown>>>(cells: P) =>
  <T>(build: (values: ValuesOf<P>) => T, checks: readonly CrossCheck<P>[] = []): RowSpec<T> => ({
    columns: Object.keys(cells),
    parsers: Object.values(cells),
    checks: checks as unknown as RowSpec<T>['checks'],
    build: build as unknown as RowSpec<T>['build'],
  });

const productSpec = rowSpec({
  sku: key('sku'),
  name: required(text(NAME_MAX)),
  stock: required(integerAtLeast(0)),
  min_stock: required(integerAtLeast(0)),
  reorder_qty: optional<number | null>(integerAtLeast(1), null),
  unit: optional(text(UNIT_MAX), DEFAULT_UNIT),
  active: optional(parseBoolean, true),
})(
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

function orderSpec(ctx: RowContext) {
  const negative: ParseResult<never> = { ok: false, problem: { key: 'import.atLeast', params: { least: '0' } } };
  return rowSpec({
    number: key('orderNumber'),
    customer: required(text(NAME_MAX)),
    total: required((raw): ParseResult<string> => {
      const total = parseDecimal(raw, ctx.money?.('total'));
      return total.ok && total.value.startsWith('-') ? negative : total;
    }),
    due_date: required(parseDate),
    status: required((raw) => parseChoice(raw, ORDER_STATUSES)),
    currency: optional(parseCurrency, DEFAULT_CURRENCY),
    paid_at: optional<string | null>(parseDate, null),
    active: optional(parseBoolean, true),
  })(
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
    // A pending order has not been paid: a payment date would contradict the status.
    [{ field: 'paid_at', problem: { key: 'import.paidAtPending' }, holds: (r) => !(r.status === 'pending' && typeof r.paid_at === 'string') }],
  );
}

function employeeSpec(ctx: RowContext) {
  // Any configured required document or any other known one (ctps, pis, conditional ones) may be marked received.
  const receivable = [...new Set([...ctx.requiredDocuments.map(keyOf), ...KNOWN_DOCUMENTS])];
  return rowSpec({
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
  })(
    (r): EmployeeRow => {
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
    },
    [
      {
        field: 'birth_date',
        problem: { key: 'import.birthBeforeStart' },
        holds: (r) => typeof r.birth_date !== 'string' || typeof r.start_date !== 'string' || r.birth_date < r.start_date,
      },
    ],
  );
}

/** A spec that depends on the context, built once per context (an import passes one context for every row). */
function perContext<T>(build: (ctx: RowContext) => RowSpec<T>): (ctx: RowContext) => RowSpec<T> {
  const built = new WeakMap<RowContext, RowSpec<T>>();
  return (ctx) => {
    let spec = built.get(ctx);
    if (!spec) built.set(ctx, (spec = build(ctx)));
    return spec;
  };
}

const SPECS: { readonly [K in ImportKind]: (ctx: RowContext) => RowSpec<RowTypes[K]> } = {
  products: () => productSpec,
  // Orders: a file's money convention; employees: the configured documents.
  orders: perContext(orderSpec),
  employees: perContext(employeeSpec),
};

/**
 * A cell of the record, absent ones as undefined (a blank cell), read from own properties only: a
 * JSON body may carry "__proto__" or "constructor" keys.
 */
const cellOf = (record: RawRecord, column: string): unknown => (Object.hasOwn(record, column) ? record[column] : undefined);

/**
 * Validates one row: CSV strings or JSON values (numbers, booleans, arrays of document codes).
 * Columns outside KNOWN_COLUMNS are ignored here; `checkHeader` warns about them.
 */
export function validateRow<K extends ImportKind>(
  kind: K,
  record: RawRecord,
  ctx: RowContext = DEFAULT_ROW_CONTEXT,
): RowResult<RowTypes[K]> {
  const spec = SPECS[kind](ctx) as RowSpec<RowTypes[K]>;
  const { columns, parsers } = spec;
  const values: Record<string, unknown> = {};
  let errors: FieldError[] | undefined;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const result = parsers[i]!(cellOf(record, column));
    if (result.ok) {
      values[column] = result.value;
    } else {
      values[column] = undefined;
      (errors ??= []).push({ field: column, problem: result.problem });
    }
  }
  for (const check of spec.checks) {
    if (!check.holds(values)) (errors ??= []).push({ field: check.field, problem: check.problem });
  }
  if (errors) return { ok: false, errors };
  return {
    ok: true,
    row: spec.build(values),
    provided: OPTIONAL_COLUMNS[kind].filter((column) => !isBlank(cellOf(record, column))),
  };
}

/**
 * Pairs a CSV record's fields with the header, for the kind's known columns only: the others are
 * ignored by validation (checkHeader warns about them), so a column named "__proto__" is never
 * even read. Fields past the header and missing trailing fields are left out (undefined, a blank
 * cell): the caller reports a ragged row from the field count. Built once per file, so that every
 * record has the same shape: a record built as a dictionary cost more than validating it.
 */
export function recordReader(kind: ImportKind, header: readonly string[]): (fields: readonly string[]) => Record<string, string | undefined> {
  const columns = KNOWN_COLUMNS[kind];
  const indexes = columns.map((column) => header.indexOf(column));
  return (fields) => {
    const record: Record<string, string | undefined> = {};
    for (let i = 0; i < columns.length; i++) {
      const index = indexes[i]!;
      record[columns[i]!] = index < 0 ? undefined : fields[index];
    }
    return record;
  };
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
  private readonly firstSeen = new KeyPositions();

  /**
   * @param what the key's column, e.g. "sku"
   * @param unit "line" for CSV files, "row" for API bodies
   */
  constructor(
    private readonly what: string,
    private readonly unit: 'line' | 'row' = 'line',
  ) {}

  /**
   * Remembers the key; returns a problem when it appeared before, otherwise null.
   * @param normalized `keyOf(value.trim())`, when the caller has it already
   */
  check(value: string, position: number, normalized = keyOf(value.trim())): Problem | null {
    const first = this.firstSeen.firstOrAdd(normalized, position);
    if (first === undefined) return null;
    return { key: `import.duplicateKey.${this.unit}`, params: { column: this.what, value: value.trim(), first: String(first) } };
  }

  get size(): number {
    return this.firstSeen.size;
  }
}
