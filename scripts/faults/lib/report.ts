// The one table each script prints: its figures, their targets, and the verdict line with
// `lost=… duplicates=…`.

export interface Figure {
  name: string;
  value: string;
  target: string;
  /** undefined: informative only */
  ok: boolean | undefined;
}

export function formatNumber(value: number | undefined, unit = '', digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

export function renderTable(script: string, figures: Figure[], lost: number | undefined, duplicates: number | undefined, errors: string[]): { text: string; passed: boolean } {
  const header = ['figure', 'value', 'target', 'result'];
  const rows = figures.map((f) => [f.name, f.value, f.target, f.ok === undefined ? '' : f.ok ? 'ok' : 'FAILED']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const failed = figures.filter((f) => f.ok === false).map((f) => f.name);
  const passed = failed.length === 0 && errors.length === 0 && lost === 0 && duplicates === 0;
  const counts = `lost=${lost ?? '?'} duplicates=${duplicates ?? '?'}`;
  const verdict = passed ? `${script}: PASS ${counts}` : `${script}: FAIL ${counts}${failed.length > 0 ? ` (failed: ${failed.join(', ')})` : ''}`;
  const text = [
    `== ${script}`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    ...errors.map((e) => `error: ${e}`),
    verdict,
  ].join('\n');
  return { text, passed };
}
