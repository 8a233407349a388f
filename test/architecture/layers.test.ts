// Layers point one way and no module imports itself round a circle (docs/architecture.md, "Layers").
// Read from the source text: every static `import … from`, `export … from` and dynamic `import()`
// of a relative path is an edge.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/**
 * Each top-level folder (or root file) of src/ and its rank: a module may import only from a lower
 * rank or its own folder. Same rank, different folder: not allowed either (siblings stay apart).
 */
const RANK: Record<string, number> = {
  generated: 0,
  lib: 0,
  i18n: 1,
  'config.ts': 2,
  db: 3,
  domain: 4,
  blocks: 5,
  notify: 6,
  scheduler: 6,
  commands: 7,
  slack: 8,
  http: 8,
  local: 8,
  cli: 8,
  app: 9,
  'main.ts': 10,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '.ts'));
}

function area(file: string): string {
  return relative(SRC, file).split('/')[0]!;
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => !target.includes('/generated/'))]));

describe('architecture', () => {
  it('gives every folder of src/ a layer', () => {
    expect(files.map(area).filter((a) => !(a in RANK))).toEqual([]);
  });

  it('never imports from a higher layer or a sibling', () => {
    const climbs: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const from = area(file);
        const to = area(target);
        if (from !== to && RANK[to]! >= RANK[from]!) climbs.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(climbs).toEqual([]);
  });

  it('has no import cycle', () => {
    // Tarjan's strongly connected components: any component of two or more files is a cycle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (file: string): void => {
      indexOf.set(file, index);
      low.set(file, index);
      index += 1;
      stack.push(file);
      onStack.add(file);
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (!indexOf.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file)!, low.get(target)!));
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file)!, indexOf.get(target)!));
        }
      }
      if (low.get(file) === indexOf.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(relative(SRC, member));
        } while (member !== file);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const file of graph.keys()) if (!indexOf.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('finds the imports it checks (the checker itself works)', () => {
    const main = graph.get(join(SRC, 'main.ts')) ?? [];
    expect(main.length).toBeGreaterThan(0);
  });
});
