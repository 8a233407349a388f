// Validation of one imported row (a CSV record or an ingest API object) into a typed, normalized
// row, per entity. Columns and rules: README.md, "CSV files". Every error of a row is reported,
// not only the first, so that a clerk can fix a file in one pass.
import { CONDITIONAL_DOCUMENTS, DEFAULT_REQUIRED_DOCUMENTS } from '../../lib/documents.js';
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
  employees: ['role', 'slack_user', 'received_documents', 'extra_documents', 'active'],
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
  /** Conditional documents this person must also provide. */
  readonly extraDocuments: readonly string[];
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
  readonly message: string;
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
}

export const DEFAULT_ROW_CONTEXT: RowContext = { requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS };

// ---------------------------------------------------------------------------------------------
// Validation

type RawRecord = Readonly<Record<string, unknown>>;
type Validator<T> = (record: RawRecord, ctx: RowContext) => RowResult<T>;

/** Reads fields of one record, collecting every error. */
class FieldReader {
  readonly errors: FieldError[] = [];
  readonly provided: string[] = [];

  constructor(private readonly record: RawRecord) {}

  /** The value, or undefined after recording an error. */
  required<T>(field: string, parse: (raw: unknown) => ParseResult<T>): T | undefined {
    const raw = this.raw(field);
    if (isBlank(raw)) {
      this.addError(field, MESSAGES.required);
      return undefined;
    }
    return this.take(field, parse(raw));
  }

  /** The value, the fallback when blank, or undefined after recording an error. */
  optional<T>(field: string, parse: (raw: unknown) => ParseResult<T>, fallback: T): T | undefined {
    const raw = this.raw(field);
    if (isBlank(raw)) return fallback;
    this.provided.push(field);
    return this.take(field, parse(raw));
  }

  addError(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  /** Succeeds only when no field failed, which is also when no value is undefined. */
  finish<T extends object>(values: { readonly [K in keyof T]: T[K] | undefined }): RowResult<T> {
    if (this.errors.length === 0 && isComplete<T>(values)) {
      return { ok: true, row: values, provided: this.provided };
    }
    return { ok: false, errors: this.errors };
  }

  private raw(field: string): unknown {
    // Own properties only: a JSON body may carry "__proto__" or "constructor" keys.
    return Object.hasOwn(this.record, field) ? this.record[field] : undefined;
  }

  private take<T>(field: string, result: ParseResult<T>): T | undefined {
    if (result.ok) return result.value;
    this.addError(field, result.message);
    return undefined;
  }
}

function isComplete<T extends object>(values: { readonly [K in keyof T]: T[K] | undefined }): values is T {
  return Object.values(values).every((value) => value !== undefined);
}

const atLeast = (least: number) => (raw: unknown): ParseResult<number> => {
  const result = parseInteger(raw);
  if (result.ok && result.value < least) return { ok: false, message: `must be ${least} or more` };
  return result;
};

const nonNegativeDecimal = (raw: unknown): ParseResult<string> => {
  const result = parseDecimal(raw);
  if (result.ok && result.value.startsWith('-')) return { ok: false, message: 'must be 0 or more' };
  return result;
};

const key = (what: string) => (raw: unknown) => parseKey(raw, what);
const text = (max: number) => (raw: unknown) => parseText(raw, { max });
const documents = (known: readonly string[]) => (raw: unknown) => parseDocumentList(raw, known);
const orderStatus = (raw: unknown) => parseChoice(raw, ORDER_STATUSES);

// Fields are read in column order so that errors come out in the order of the file's columns.

export const validateProduct: Validator<ProductRow> = (record) => {
  const r = new FieldReader(record);
  const sku = r.required('sku', key('SKU'));
  return r.finish<ProductRow>({
    sku: sku?.value,
    skuKey: sku?.key,
    name: r.required('name', text(NAME_MAX)),
    stock: r.required('stock', atLeast(0)),
    minStock: r.required('min_stock', atLeast(0)),
    reorderQty: r.optional<number | null>('reorder_qty', atLeast(1), null),
    unit: r.optional('unit', text(UNIT_MAX), DEFAULT_UNIT),
    active: r.optional('active', parseBoolean, true),
  });
};

export const validateOrder: Validator<OrderRow> = (record) => {
  const r = new FieldReader(record);
  const number = r.required('number', key('order number'));
  const customer = r.required('customer', text(NAME_MAX));
  const total = r.required('total', nonNegativeDecimal);
  const dueDate = r.required('due_date', parseDate);
  const status = r.required('status', orderStatus);
  const currency = r.optional('currency', parseCurrency, DEFAULT_CURRENCY);
  const paidAt = r.optional<string | null>('paid_at', parseDate, null);
  const active = r.optional('active', parseBoolean, true);
  // A pending order has not been paid: a payment date would contradict the status.
  if (status === 'pending' && typeof paidAt === 'string') {
    r.addError('paid_at', 'must be empty when status is pending');
  }
  return r.finish<OrderRow>({
    number: number?.value,
    numberKey: number?.key,
    customer,
    total,
    currency,
    dueDate,
    status,
    paidAt,
    active,
  });
};

export const validateEmployee: Validator<EmployeeRow> = (record, ctx) => {
  const r = new FieldReader(record);
  const code = r.required('code', key('employee code'));
  // Any configured required document or conditional one may be marked received.
  const receivable = [...new Set([...ctx.requiredDocuments.map(keyOf), ...CONDITIONAL_DOCUMENTS])];
  return r.finish<EmployeeRow>({
    code: code?.value,
    codeKey: code?.key,
    name: r.required('name', text(NAME_MAX)),
    startDate: r.required('start_date', parseDate),
    role: r.optional<string | null>('role', text(ROLE_MAX), null),
    slackUser: r.optional<string | null>('slack_user', parseSlackUserId, null),
    receivedDocuments: r.optional('received_documents', documents(receivable), []),
    extraDocuments: r.optional('extra_documents', documents(CONDITIONAL_DOCUMENTS), []),
    active: r.optional('active', parseBoolean, true),
  });
};

const VALIDATORS: { readonly [K in ImportKind]: Validator<RowTypes[K]> } = {
  products: validateProduct,
  orders: validateOrder,
  employees: validateEmployee,
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
  const validate: Validator<RowTypes[K]> = VALIDATORS[kind];
  return validate(record, ctx);
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
  /** Unknown column names; unnamed columns appear as "(unnamed column N)". */
  readonly unknown: readonly string[];
  /** One message per kind of problem (missing, duplicated). */
  readonly errors: readonly string[];
  /** A single warning naming every ignored column, or null. */
  readonly warning: string | null;
}

/** "missing required column: x" or "missing required columns: x, y". */
const listMessage = (items: readonly string[], one: string, many: string): string =>
  `${items.length === 1 ? one : many}: ${items.join(', ')}`;

export function checkHeader(kind: ImportKind, header: readonly string[]): HeaderCheck {
  const names = header.map((name) => name.trim().toLowerCase());
  const known = new Set(KNOWN_COLUMNS[kind]);
  const present = new Set(names);
  const missing = REQUIRED_COLUMNS[kind].filter((column) => !present.has(column));
  const duplicates = [...new Set(names.filter((n, i) => n !== '' && names.indexOf(n) !== i))];
  const unknown = [
    ...new Set(
      names.flatMap((name, i) => {
        if (name === '') return [`(unnamed column ${i + 1})`];
        return known.has(name) ? [] : [name];
      }),
    ),
  ];

  const errors: string[] = [];
  if (missing.length > 0) {
    errors.push(listMessage(missing, 'missing required column', 'missing required columns'));
  }
  if (duplicates.length > 0) {
    errors.push(
      listMessage(duplicates, 'column appears more than once', 'columns appear more than once'),
    );
  }
  const warning =
    unknown.length === 0
      ? null
      : listMessage(unknown, 'unknown column ignored', 'unknown columns ignored');
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
   * @param what the key's name in messages, e.g. "sku"
   * @param unit "line" for CSV files, "row" for API bodies
   */
  constructor(
    private readonly what: string,
    private readonly unit: 'line' | 'row' = 'line',
  ) {}

  /** Remembers the key; returns an error message when it appeared before, otherwise null. */
  check(value: string, position: number): string | null {
    const normalized = keyOf(value.trim());
    const first = this.firstSeen.get(normalized);
    if (first !== undefined) {
      return `duplicate ${this.what} ${value.trim()}, first seen on ${this.unit} ${first}`;
    }
    this.firstSeen.set(normalized, position);
    return null;
  }

  get size(): number {
    return this.firstSeen.size;
  }
}
