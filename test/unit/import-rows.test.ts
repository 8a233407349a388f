import { describe, expect, it } from 'vitest';
import {
  DuplicateKeyTracker,
  KEY_COLUMN,
  KNOWN_COLUMNS,
  REQUIRED_COLUMNS,
  checkHeader,
  recordReader,
  validateRow,
  type FieldError,
  type RowContext,
} from '../../src/domain/import/rows.js';
import type { Problem } from '../../src/domain/import/problem.js';
import { CONDITIONAL_DOCUMENTS, DEFAULT_REQUIRED_DOCUMENTS, KNOWN_DOCUMENTS } from '../../src/lib/documents.js';
import { inEnglish, worded } from '../support/import-words.js';

const ctx: RowContext = { requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS };

function errorsOf(result: { ok: boolean; errors?: readonly FieldError[] }) {
  expect(result.ok).toBe(false);
  return (result.errors ?? []).map(worded);
}

const columnsInEnglish = (columns: readonly (string | Problem)[]) => columns.map((c) => (typeof c === 'string' ? c : inEnglish(c)));

describe('document sets and columns', () => {
  it('exports the default required and conditional admission documents', () => {
    // Not ctps nor pis: the CPF stands for the digital CTPS, and the simplified layout asks no NIS.
    expect(DEFAULT_REQUIRED_DOCUMENTS).toEqual([
      'cpf',
      'rg',
      'proof_of_address',
      'voter_id',
      'bank_account',
      'aso',
    ]);
    expect(CONDITIONAL_DOCUMENTS).toEqual([
      'military_service',
      'marriage_certificate',
      'birth_certificate_children',
      'children_vaccination_school',
    ]);
    expect(KNOWN_DOCUMENTS).toEqual([...DEFAULT_REQUIRED_DOCUMENTS, 'ctps', 'pis', ...CONDITIONAL_DOCUMENTS]);
  });

  it('lists the columns of each kind', () => {
    expect(REQUIRED_COLUMNS.products).toEqual(['sku', 'name', 'stock', 'min_stock']);
    expect(KNOWN_COLUMNS.products).toEqual(['sku', 'name', 'stock', 'min_stock', 'reorder_qty', 'unit', 'active']);
    expect(REQUIRED_COLUMNS.orders).toEqual(['number', 'customer', 'total', 'due_date', 'status']);
    expect(KNOWN_COLUMNS.orders).toEqual([
      'number',
      'customer',
      'total',
      'due_date',
      'status',
      'currency',
      'paid_at',
      'active',
    ]);
    expect(REQUIRED_COLUMNS.employees).toEqual(['code', 'name', 'start_date']);
    expect(KNOWN_COLUMNS.employees).toEqual([
      'code',
      'name',
      'start_date',
      'role',
      'slack_user',
      'received_documents',
      'extra_documents',
      'prelim_sent',
      'birth_date',
      'sex',
      'marital_status',
      'dependents',
      'active',
    ]);
    expect(KEY_COLUMN).toEqual({ products: 'sku', orders: 'number', employees: 'code' });
  });
});

describe('products', () => {
  it('normalizes a CSV row and applies defaults', () => {
    const result = validateRow('products', { sku: ' Sku-1 ', name: 'Caneta azul', stock: '10', min_stock: '5' });
    expect(result).toEqual({
      ok: true,
      row: {
        sku: 'Sku-1',
        skuKey: 'sku-1',
        name: 'Caneta azul',
        stock: 10,
        minStock: 5,
        reorderQty: null,
        unit: 'un',
        active: true,
      },
      provided: [],
    });
  });

  it('reads every optional column and says which were given', () => {
    const result = validateRow('products', {
      sku: 'A',
      name: 'Açúcar 🙂',
      stock: '1.200,00',
      min_stock: '0',
      reorder_qty: '50',
      unit: 'kg',
      active: 'não',
    });
    expect(result).toMatchObject({
      ok: true,
      row: { stock: 1200, minStock: 0, reorderQty: 50, unit: 'kg', active: false, name: 'Açúcar 🙂' },
      provided: ['reorder_qty', 'unit', 'active'],
    });
  });

  it('treats blank optional cells as absent', () => {
    const result = validateRow('products', { sku: 'A', name: 'N', stock: '1', min_stock: '1', reorder_qty: ' ', unit: '', active: '' });
    expect(result).toMatchObject({ ok: true, row: { reorderQty: null, unit: 'un', active: true }, provided: [] });
  });

  it('accepts JSON values from the ingest API', () => {
    const result = validateRow('products', { sku: 'A', name: 'N', stock: 3, min_stock: 0, reorder_qty: 2, active: false });
    expect(result).toMatchObject({ ok: true, row: { stock: 3, minStock: 0, reorderQty: 2, active: false } });
  });

  it('keeps an injection-looking name as data', () => {
    const name = "'; DROP TABLE products; --";
    const result = validateRow('products', { sku: 'X', name, stock: '1', min_stock: '1' });
    expect(result).toMatchObject({ ok: true, row: { name } });
  });

  it('reports every error of the row, in column order', () => {
    const result = validateRow('products', {
      sku: 'SKU 1',
      stock: '-1',
      min_stock: '2,5',
      reorder_qty: '0',
      unit: 'x'.repeat(17),
      active: 'talvez',
    });
    expect(errorsOf(result)).toEqual([
      { field: 'sku', message: 'must not contain spaces or invisible characters (a SKU is a single word)' },
      { field: 'name', message: 'is required' },
      { field: 'stock', message: 'must be 0 or more' },
      { field: 'min_stock', message: 'must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)' },
      { field: 'reorder_qty', message: 'must be 1 or more' },
      { field: 'unit', message: 'must be at most 16 characters' },
      { field: 'active', message: 'must be true or false (also accepted: yes/no, sim/não, 1/0)' },
    ]);
  });

  it('reports missing required fields', () => {
    expect(errorsOf(validateRow('products', {}))).toEqual([
      { field: 'sku', message: 'is required' },
      { field: 'name', message: 'is required' },
      { field: 'stock', message: 'is required' },
      { field: 'min_stock', message: 'is required' },
    ]);
  });

  it('limits names to 200 characters', () => {
    const base = { sku: 'A', stock: '1', min_stock: '1' };
    expect(validateRow('products', { ...base, name: 'n'.repeat(200) }).ok).toBe(true);
    expect(errorsOf(validateRow('products', { ...base, name: 'n'.repeat(201) }))).toEqual([
      { field: 'name', message: 'must be at most 200 characters' },
    ]);
  });

  it('reads only own properties of the record, never inherited ones', () => {
    const inherited = Object.create({ sku: 'P' }) as Record<string, unknown>;
    const record = Object.assign(inherited, { name: 'N', stock: 1, min_stock: 1 });
    expect(errorsOf(validateRow('products', record))).toEqual([{ field: 'sku', message: 'is required' }]);
  });
});

describe('orders', () => {
  const valid = { number: 'PED-1001', customer: 'Padaria São João', total: '1.234,56', due_date: '2026-01-05', status: 'pending' };

  it('normalizes a CSV row and applies defaults', () => {
    expect(validateRow('orders', valid)).toEqual({
      ok: true,
      row: {
        number: 'PED-1001',
        numberKey: 'ped-1001',
        customer: 'Padaria São João',
        total: '1234.56',
        currency: 'BRL',
        dueDate: '2026-01-05',
        status: 'pending',
        paidAt: null,
        active: true,
      },
      provided: [],
    });
  });

  it('accepts JSON numbers and decimal strings for the total', () => {
    expect(validateRow('orders', { ...valid, total: 1234.5 })).toMatchObject({ ok: true, row: { total: '1234.50' } });
    expect(validateRow('orders', { ...valid, total: '1234.56' })).toMatchObject({ ok: true, row: { total: '1234.56' } });
    expect(errorsOf(validateRow('orders', { ...valid, total: 0.1 + 0.2 }))).toEqual([
      { field: 'total', message: 'must have at most 2 decimal places' },
    ]);
  });

  it('reads status case-insensitively, currency, paid_at and active', () => {
    const result = validateRow('orders', { ...valid, status: 'PAID', currency: 'usd', paid_at: '2026-01-04', active: 'false' });
    expect(result).toMatchObject({
      ok: true,
      row: { status: 'paid', currency: 'USD', paidAt: '2026-01-04', active: false },
      provided: ['currency', 'paid_at', 'active'],
    });
  });

  it('a paid order without paid_at is fine, and paid_at may be any valid date', () => {
    expect(validateRow('orders', { ...valid, status: 'paid' }).ok).toBe(true);
    expect(validateRow('orders', { ...valid, status: 'cancelled', paid_at: '1999-01-01' }).ok).toBe(true);
  });

  it('refuses paid_at on a pending order', () => {
    expect(errorsOf(validateRow('orders', { ...valid, paid_at: '2026-01-04' }))).toEqual([
      { field: 'paid_at', message: 'must be empty when status is pending' },
    ]);
  });

  it('reports every error of the row', () => {
    const result = validateRow('orders', {
      number: 'PED 1',
      customer: 'a\nb',
      total: '-10,00',
      due_date: '2026-02-29',
      status: 'open',
      currency: 'R$',
      paid_at: '12/31/2026',
      active: 'x',
    });
    expect(errorsOf(result)).toEqual([
      { field: 'number', message: 'must not contain spaces or invisible characters (an order number is a single word)' },
      { field: 'customer', message: 'must not contain control characters such as line breaks or tabs' },
      { field: 'total', message: 'must be 0 or more' },
      { field: 'due_date', message: 'must be a real calendar date (that day does not exist)' },
      { field: 'status', message: 'must be one of: pending, paid, cancelled' },
      { field: 'currency', message: 'must be a 3-letter currency code like BRL' },
      { field: 'paid_at', message: 'month 31 does not exist: dates are DD/MM/AAAA' },
      { field: 'active', message: 'must be true or false (also accepted: yes/no, sim/não, 1/0)' },
    ]);
  });

  it('reports a money value with another currency symbol or thousands commas', () => {
    expect(validateRow('orders', { ...valid, total: 'R$ 10,00' })).toMatchObject({ ok: true, row: { total: '10.00' } });
    expect(errorsOf(validateRow('orders', { ...valid, total: 'US$ 10.00' }))).toEqual([
      { field: 'total', message: 'must be a plain number or an amount in reais (R$ 1.234,56): no other currency symbol or code' },
    ]);
    expect(errorsOf(validateRow('orders', { ...valid, total: '1,234.56' }))).toEqual([
      { field: 'total', message: 'must be a number like 1234.56 or 1.234,56' },
    ]);
  });

  it('reports missing required fields', () => {
    expect(errorsOf(validateRow('orders', { currency: 'BRL' })).map((e) => e.field)).toEqual([
      'number',
      'customer',
      'total',
      'due_date',
      'status',
    ]);
  });
});

describe('employees', () => {
  const valid = { code: 'EMP-7', name: 'Maria José da Silva', start_date: '2026-02-02' };

  it('normalizes a CSV row and applies defaults', () => {
    expect(validateRow('employees', valid, ctx)).toEqual({
      ok: true,
      row: {
        code: 'EMP-7',
        codeKey: 'emp-7',
        name: 'Maria José da Silva',
        startDate: '2026-02-02',
        role: null,
        slackUser: null,
        receivedDocuments: [],
        extraDocuments: [],
        exemptDocuments: [],
        prelimSent: false,
        active: true,
      },
      provided: [],
    });
  });

  describe('conditional documents from birth_date, sex, marital_status and dependents (ages on the start date)', () => {
    const derived = (cells: Record<string, unknown>) => {
      const result = validateRow('employees', { ...valid, ...cells }, ctx);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return { extra: result.row.extraDocuments, exempt: result.row.exemptDocuments };
    };

    it('military service certificate for men aged 18 to 45, voter ID from 18', () => {
      // Start 2026-02-02: born 2008-02-02 is 18 that day, born 2008-02-03 is still 17.
      expect(derived({ birth_date: '02/02/2008', sex: 'M' })).toEqual({ extra: ['military_service', 'voter_id'], exempt: [] });
      expect(derived({ birth_date: '2008-02-03', sex: 'masculino' })).toEqual({ extra: [], exempt: ['voter_id'] });
      expect(derived({ birth_date: '1980-02-03', sex: 'M' })).toEqual({ extra: ['military_service', 'voter_id'], exempt: [] }); // 45
      expect(derived({ birth_date: '1980-02-02', sex: 'M' })).toEqual({ extra: ['voter_id'], exempt: [] }); // 46
      expect(derived({ birth_date: '1990-05-10', sex: 'F' })).toEqual({ extra: ['voter_id'], exempt: [] });
      // Without a birth date, neither is derived and nothing is exempted.
      expect(derived({ sex: 'M' })).toEqual({ extra: [], exempt: [] });
    });

    it('marriage certificate when married', () => {
      expect(derived({ marital_status: 'Casada' }).extra).toEqual(['marriage_certificate']);
      expect(derived({ marital_status: '2' }).extra).toEqual(['marriage_certificate']);
      expect(derived({ marital_status: 'solteiro' }).extra).toEqual([]);
      expect(derived({ marital_status: 'união  estável' }).extra).toEqual([]);
    });

    it("children's birth certificates and vaccination / school records for dependents under 14", () => {
      const children = ['birth_certificate_children', 'children_vaccination_school'];
      expect(derived({ dependents: '2' }).extra).toEqual(children);
      expect(derived({ dependents: 0 }).extra).toEqual([]);
      // Birth dates: 2012-02-02 is 14 on the start date (no longer counts), 2012-02-03 is 13.
      expect(derived({ dependents: '2012-02-02' }).extra).toEqual([]);
      expect(derived({ dependents: '2012-02-02|03/02/2012' }).extra).toEqual(children);
      // extra_documents still adds by hand, without duplicates.
      expect(derived({ dependents: '1', extra_documents: 'birth_certificate_children|military_service' }).extra).toEqual(['birth_certificate_children', 'military_service', 'children_vaccination_school']);
    });

    it('reads prelim_sent as yes/no words or a date', () => {
      const prelim = (value: unknown) => {
        const result = validateRow('employees', { ...valid, prelim_sent: value }, ctx);
        return result.ok ? result.row.prelimSent : result.errors.map(worded);
      };
      expect(prelim('sim')).toBe(true);
      expect(prelim('não')).toBe(false);
      expect(prelim(true)).toBe(true);
      expect(prelim('30/01/2026')).toBe('2026-01-30');
      expect(prelim('talvez')).toEqual([{ field: 'prelim_sent', message: 'must be sim/não (true/false) or the date the S-2190 was sent (DD/MM/AAAA)' }]);
    });

    it('reports every bad column', () => {
      expect(errorsOf(validateRow('employees', { ...valid, birth_date: '2026-03-01', sex: 'x', marital_status: 'complicado', dependents: 'dois' }, ctx))).toEqual([
        { field: 'sex', message: 'must be M or F (also accepted: masculino/feminino, male/female)' },
        { field: 'marital_status', message: 'must be solteiro, casado, divorciado, separado, viúvo or união estável (or eSocial codes 1 to 5)' },
        { field: 'dependents', message: 'must be the number of dependents under 14 (like 2) or their birth dates separated by | (like 03/05/2015|01/08/2019)' },
        { field: 'birth_date', message: 'must be before start_date' },
      ]);
    });
  });

  it('reads documents, role and slack user', () => {
    const result = validateRow(
      'employees',
      {
        ...valid,
        role: 'Analista',
        slack_user: '<@U012AB3CD|maria>',
        received_documents: 'CPF|rg|military_service|cpf',
        extra_documents: 'military_service|Birth_Certificate_Children',
        active: 'sim',
      },
      ctx,
    );
    expect(result).toMatchObject({
      ok: true,
      row: {
        role: 'Analista',
        slackUser: 'U012AB3CD',
        receivedDocuments: ['cpf', 'rg', 'military_service'],
        extraDocuments: ['military_service', 'birth_certificate_children'],
        active: true,
      },
      provided: ['role', 'slack_user', 'received_documents', 'extra_documents', 'active'],
    });
  });

  it('accepts JSON arrays for document lists', () => {
    const result = validateRow('employees', { ...valid, received_documents: ['aso'], extra_documents: [] }, ctx);
    expect(result).toMatchObject({ ok: true, row: { receivedDocuments: ['aso'], extraDocuments: [] } });
  });

  it('checks received documents against the configured required set plus every known code', () => {
    const custom: RowContext = { requiredDocuments: ['cpf', 'CNH'] };
    expect(validateRow('employees', { ...valid, received_documents: 'cnh|marriage_certificate' }, custom)).toMatchObject({
      ok: true,
      row: { receivedDocuments: ['cnh', 'marriage_certificate'] },
    });
    expect(errorsOf(validateRow('employees', { ...valid, received_documents: 'cpf|aso|passport' }, custom))).toEqual([
      {
        field: 'received_documents',
        message:
          'has unknown document code "passport" (known codes: cpf, cnh, rg, proof_of_address, voter_id, bank_account, aso, ctps, pis, military_service, marriage_certificate, birth_certificate_children, children_vaccination_school)',
      },
    ]);
  });

  it('uses the default required set when no context is given', () => {
    expect(validateRow('employees', { ...valid, received_documents: 'aso|voter_id' }).ok).toBe(true);
  });

  it('extra_documents only takes conditional documents', () => {
    expect(errorsOf(validateRow('employees', { ...valid, extra_documents: 'cpf' }, ctx))).toEqual([
      {
        field: 'extra_documents',
        message:
          'has unknown document code "cpf" (known codes: military_service, marriage_certificate, birth_certificate_children, children_vaccination_school)',
      },
    ]);
  });

  it('reports every error of the row', () => {
    const result = validateRow(
      'employees',
      {
        code: '',
        name: 'x'.repeat(201),
        start_date: '2026-02-30',
        role: 'r'.repeat(101),
        slack_user: 'maria',
        received_documents: 'passport',
        extra_documents: 42,
        active: 'yes please',
      },
      ctx,
    );
    expect(errorsOf(result)).toEqual([
      { field: 'code', message: 'is required' },
      { field: 'name', message: 'must be at most 200 characters' },
      { field: 'start_date', message: 'must be a real calendar date (that day does not exist)' },
      { field: 'role', message: 'must be at most 100 characters' },
      { field: 'slack_user', message: 'must be a Slack user ID like U012AB3CD (not a name or @handle)' },
      {
        field: 'received_documents',
        message: `has unknown document code "passport" (known codes: ${KNOWN_DOCUMENTS.join(', ')})`,
      },
      { field: 'extra_documents', message: 'must be a list of document codes separated by |' },
      { field: 'active', message: 'must be true or false (also accepted: yes/no, sim/não, 1/0)' },
    ]);
  });
});

describe('checkHeader', () => {
  it('accepts the required columns in any order', () => {
    expect(checkHeader('products', ['min_stock', 'stock', 'name', 'sku'])).toEqual({
      ok: true,
      missing: [],
      duplicates: [],
      unknown: [],
      errors: [],
      warning: null,
    });
  });

  it('normalizes names (case, spaces) itself', () => {
    expect(checkHeader('orders', [' Number', 'CUSTOMER', 'total', 'due_date', 'Status ']).ok).toBe(true);
  });

  it('reports missing required columns as one error', () => {
    const check = checkHeader('orders', ['number', 'total']);
    expect(check.ok).toBe(false);
    expect(check.missing).toEqual(['customer', 'due_date', 'status']);
    expect(check.errors.map(inEnglish)).toEqual(['missing required columns: customer, due_date, status']);
    expect(checkHeader('employees', ['code', 'name']).errors.map(inEnglish)).toEqual(['missing required column: start_date']);
  });

  it('reports duplicated columns as an error', () => {
    const check = checkHeader('employees', ['code', 'name', 'start_date', 'name', 'NAME', 'role', 'role']);
    expect(check.ok).toBe(false);
    expect(check.duplicates).toEqual(['name', 'role']);
    expect(check.errors.map(inEnglish)).toEqual(['columns appear more than once: name, role']);
    expect(checkHeader('employees', ['code', 'name', 'start_date', 'code']).errors.map(inEnglish)).toEqual([
      'column appears more than once: code',
    ]);
  });

  it('names every unknown column in one warning, including unnamed ones', () => {
    const check = checkHeader('products', ['sku', 'name', 'stock', 'min_stock', 'price', 'Color', 'price', '']);
    expect(check.ok).toBe(false); // "price" twice is still a duplicate
    expect(columnsInEnglish(check.unknown)).toEqual(['price', 'color', '(unnamed column 8)']);
    expect(check.warning && inEnglish(check.warning)).toBe('unknown columns ignored: price, color, (unnamed column 8)');
    const one = checkHeader('products', ['sku', 'name', 'stock', 'min_stock', 'x']);
    expect(one.ok).toBe(true);
    expect(one.warning && inEnglish(one.warning)).toBe('unknown column ignored: x');
  });

  it('does not treat several unnamed columns (trailing delimiters) as duplicates', () => {
    const check = checkHeader('employees', ['code', 'name', 'start_date', '', '']);
    expect(check.ok).toBe(true);
    expect(check.duplicates).toEqual([]);
    expect(columnsInEnglish(check.unknown)).toEqual(['(unnamed column 4)', '(unnamed column 5)']);
  });
});

describe('recordReader', () => {
  it('pairs fields with the header, known columns only, leaving out extra, unnamed and missing fields', () => {
    const products = recordReader('products', ['sku', '', 'name', 'colour']);
    expect(products(['A', 'x', 'N', 'red', 'extra'])).toMatchObject({ sku: 'A', name: 'N', stock: undefined });
    expect(products(['A', 'x', 'N', 'red'])).not.toHaveProperty('colour');
    expect(products(['A'])).toMatchObject({ sku: 'A', name: undefined });
    expect(validateRow('products', products(['A', 'x', 'N']))).toMatchObject({ ok: false, errors: [{ field: 'stock' }, { field: 'min_stock' }] });
  });

  it('reads a "__proto__" column as nothing: it is not a known column', () => {
    const record = recordReader('products', ['__proto__', 'sku'])(['{"x":1}', 'A']);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.hasOwn(record, '__proto__')).toBe(false);
    expect(record.sku).toBe('A');
  });
});

describe('DuplicateKeyTracker', () => {
  const said = (problem: Problem | null) => problem && inEnglish(problem);

  it('reports a key seen earlier, case-insensitively, with the first line', () => {
    const tracker = new DuplicateKeyTracker('sku');
    expect(tracker.check('SKU-1', 3)).toBeNull();
    expect(tracker.check('SKU-2', 4)).toBeNull();
    expect(said(tracker.check('sku-1', 9))).toBe('duplicate sku sku-1, first seen on line 3');
    expect(said(tracker.check('SKU-1', 12))).toBe('duplicate sku SKU-1, first seen on line 3');
  });

  it('counts API rows when told so', () => {
    const tracker = new DuplicateKeyTracker('order number', 'row');
    tracker.check('PED-1', 1);
    expect(said(tracker.check('ped-1', 2))).toBe('duplicate order number ped-1, first seen on row 1');
  });

  it('keeps one entry per distinct key', () => {
    const tracker = new DuplicateKeyTracker('code');
    for (let i = 0; i < 1000; i++) tracker.check(`EMP-${i % 10}`, i + 2);
    expect(tracker.size).toBe(10);
  });
});
