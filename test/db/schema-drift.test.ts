// Fails when prisma/schema.prisma and the database built by our hand-written migrations disagree:
// tables, columns, types, nullability, enums, unique constraints and indexes.
import { readFileSync } from 'node:fs';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/test-database.js';

// Kept out of schema.prisma on purpose (see the migration's comment).
const ALLOWED_EXTRA_INDEXES = new Set(['alerts_one_unresolved_per_fingerprint', 'products_low_stock_idx', 'orders_pending_due_idx']);

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isRequired: boolean;
  isList: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
    indexes: DmmfIndex[];
  };
}

const dmmf = JSON.parse(
  get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', readFileSync('prisma/schema.prisma', 'utf8')]] })),
) as Dmmf;
const models = dmmf.datamodel.models;
const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (f: DmmfField) => f.dbName ?? f.name;
const enumNames = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));

/** The column type PostgreSQL reports for a Prisma field, as `data_type[(args)]`. */
function expectedType(field: DmmfField): string {
  if (field.kind === 'enum') return `USER-DEFINED:${enumNames.get(field.type)}`;
  const native = field.nativeType;
  switch (field.type) {
    case 'String':
      return native?.[0] === 'VarChar' ? `character varying(${native[1][0]})` : 'text';
    case 'Int':
      return 'integer';
    case 'BigInt':
      return 'bigint';
    case 'Boolean':
      return 'boolean';
    case 'Json':
      return native?.[0] === 'Json' ? 'json' : 'jsonb';
    case 'Decimal':
      return native ? `numeric(${native[1].join(',')})` : 'numeric(65,30)';
    case 'DateTime':
      if (native?.[0] === 'Date') return 'date';
      if (native?.[0] === 'Timestamptz') return `timestamp with time zone(${native[1][0] ?? 6})`;
      return `timestamp without time zone(${native?.[1][0] ?? 3})`;
    default:
      return `unsupported:${field.type}`;
  }
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  datetime_precision: number | null;
}

function actualType(c: ColumnRow): string {
  if (c.data_type === 'USER-DEFINED') return `USER-DEFINED:${c.udt_name}`;
  if (c.data_type === 'numeric') return `numeric(${c.numeric_precision},${c.numeric_scale})`;
  if (c.data_type === 'character varying') return `character varying(${c.character_maximum_length})`;
  if (c.data_type.startsWith('timestamp')) return `${c.data_type}(${c.datetime_precision})`;
  return c.data_type;
}

describeEachDatabase('schema.prisma matches the migrated database', (ctx) => {
  // The raw driver, not Prisma: catalog types (name, sql_identifier) do not deserialize through Prisma.
  const query = <R>(sql: string) => ctx.db.withSession((s) => s.query<R>(sql));

  it('has exactly the tables of the models', async () => {
    const rows = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(models.map(tableOf).sort());
  });

  it('has every column with its type and nullability, and no other', async () => {
    const rows = await query<ColumnRow>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, character_maximum_length,
              numeric_precision, numeric_scale, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = rows.map((c) => `${c.table_name}.${c.column_name}: ${actualType(c)}${c.is_nullable === 'NO' ? ' NOT NULL' : ''}`).sort();
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
          .map((f) => `${tableOf(m)}.${columnOf(f)}: ${expectedType(f)}${f.isRequired ? ' NOT NULL' : ''}`),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('has the enum types with the same values in the same order', async () => {
    const rows = await query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]));
    expect(actual).toEqual(expected);
  });

  it('has the primary keys, unique constraints and indexes of the schema, and no others', async () => {
    const rows = await query<{ table_name: string; index_name: string; is_unique: boolean; is_primary: boolean; columns: string[]; is_partial: boolean }>(
      `SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
              ix.indpred IS NOT NULL AS is_partial,
              array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`,
    );
    const extras = rows.filter((r) => ALLOWED_EXTRA_INDEXES.has(r.index_name));
    expect(extras.map((r) => r.index_name).sort()).toEqual([...ALLOWED_EXTRA_INDEXES].sort());
    for (const extra of extras) expect(extra.is_partial, `${extra.index_name} must be partial`).toBe(true);

    const describe = (table: string, kind: string, columns: string[]) => `${table} ${kind} (${columns.join(', ')})`;
    const actual = rows
      .filter((r) => !ALLOWED_EXTRA_INDEXES.has(r.index_name))
      .map((r) => describe(r.table_name, r.is_primary ? 'id' : r.is_unique ? 'unique' : 'normal', r.columns))
      .sort();
    const byModel = new Map(models.map((m) => [m.name, m]));
    const expected = dmmf.datamodel.indexes
      .map((ix) => {
        const model = byModel.get(ix.model)!;
        const columns = ix.fields.map((f) => columnOf(model.fields.find((mf) => mf.name === f.name)!));
        return describe(tableOf(model), ix.type, columns);
      })
      .sort();
    expect(actual).toEqual(expected);
  });
});
