// A small, realistic Brazilian back office for local mode, loaded through the same import path
// as a CSV file. Dates are relative to today so the demo always shows live alerts.
import type { Database } from '../db/database.js';
import { importRecords } from '../domain/import/import-records.js';
import { addDays, type CalendarDate } from '../lib/time/calendar.js';

export interface DemoCounts {
  products: number;
  orders: number;
  employees: number;
}

function products() {
  return [
    { sku: 'CAFE-500', name: 'Café torrado e moído 500 g', stock: 3, min_stock: 20, reorder_qty: 60, unit: 'pct' },
    { sku: 'ACUCAR-1KG', name: 'Açúcar cristal 1 kg', stock: 0, min_stock: 15, reorder_qty: 50, unit: 'pct' },
    { sku: 'ARROZ-5KG', name: 'Arroz agulhinha tipo 1, 5 kg', stock: 42, min_stock: 10, reorder_qty: 30, unit: 'pct' },
    { sku: 'FEIJAO-1KG', name: 'Feijão carioca 1 kg', stock: 12, min_stock: 12, reorder_qty: 40, unit: 'pct' },
    { sku: 'OLEO-900', name: 'Óleo de soja 900 ml', stock: 25, min_stock: 8, unit: 'un' },
    { sku: 'PAPEL-A4', name: 'Papel sulfite A4, resma 500 fls', stock: 6, min_stock: 10, reorder_qty: 20, unit: 'resma' },
    { sku: 'TONER-HP', name: 'Toner HP 85A', stock: 2, min_stock: 2, unit: 'un' },
    { sku: 'COPO-200', name: 'Copo descartável 200 ml (cx 100)', stock: 80, min_stock: 20, unit: 'cx' },
  ];
}

function orders(today: CalendarDate) {
  return [
    { number: 'PED-1001', customer: 'Padaria Pão Quente Ltda.', total: '1234.56', due_date: addDays(today, -5), status: 'pending' },
    { number: 'PED-1002', customer: 'Mercadinho São João ME', total: '8790.00', due_date: addDays(today, -38), status: 'pending' },
    { number: 'PED-1003', customer: 'Restaurante Sabor da Terra', total: '15420.90', due_date: addDays(today, -72), status: 'pending' },
    { number: 'PED-1004', customer: 'Lanchonete Esquina', total: '310.00', due_date: addDays(today, 7), status: 'pending' },
    { number: 'PED-1005', customer: 'Hotel Beira-Mar S.A.', total: '22500.00', due_date: addDays(today, -20), status: 'paid', paid_at: addDays(today, -18) },
  ];
}

function employees(today: CalendarDate) {
  return [
    { code: 'EMP-7', name: 'Ana Beatriz Souza', role: 'Analista financeira', start_date: addDays(today, 2), received_documents: 'cpf|rg|ctps|pis|bank_account' },
    { code: 'EMP-8', name: 'João Pedro Lima', role: 'Estoquista', start_date: addDays(today, 8), received_documents: 'cpf|rg' },
    { code: 'EMP-9', name: 'Marina Costa', role: 'Assistente de RH', start_date: addDays(today, 30), received_documents: 'cpf|rg|ctps|pis|proof_of_address|voter_id|bank_account|aso' },
  ];
}

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const [products, orders, employees] = await Promise.all([db.prisma.product.count(), db.prisma.order.count(), db.prisma.employee.count()]);
  return products + orders + employees === 0;
}

export async function loadDemoData(db: Database, options: { today: CalendarDate; now: Date; requiredDocuments: readonly string[] }): Promise<DemoCounts> {
  const common = { actor: 'demo', now: options.now, today: options.today, requiredDocuments: options.requiredDocuments };
  const p = products();
  const o = orders(options.today);
  const e = employees(options.today);
  await importRecords({ db }, 'products', p, common);
  await importRecords({ db }, 'orders', o, common);
  await importRecords({ db }, 'employees', e, common);
  return { products: p.length, orders: o.length, employees: e.length };
}
