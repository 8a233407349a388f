import { join } from 'node:path';

export const TMP_DIR = join(import.meta.dirname, '..', '..', '.vitest-tmp');
export const PGLITE_TEMPLATE_FILE = join(TMP_DIR, 'pglite-template.tar');
/** the same database before any migration, for the tests of migrate itself */
export const PGLITE_EMPTY_TEMPLATE_FILE = join(TMP_DIR, 'pglite-empty-template.tar');

export function serverTemplateName(): string {
  return `retaguarda_tmpl_${process.pid}`;
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
