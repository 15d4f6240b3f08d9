/**
 * One name means one thing: no exported name is declared by two modules of
 * src/ (two `Role`s or two `ProcessEvent`s read alike at the import and mean
 * different things, or the same thing kept twice until the copies drift).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const DECLARATION = /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:type|interface|class|const|let|var|enum|function\*?|async\s+function\*?)\s+([A-Za-z_$][\w$]*)/gm;

/** Module paths (relative to src/) by the names they declare and export. */
function declarers(): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(DECLARATION)) {
      const name = m[1]!;
      const list = byName.get(name) ?? [];
      list.push(relative(SRC, file));
      byName.set(name, list);
    }
  }
  return byName;
}

describe('exported names', () => {
  const byName = declarers();

  it('finds the declarations it checks', () => {
    expect(byName.size).toBeGreaterThan(500);
    expect(byName.get('judgeEligibility')).toEqual(['domain/eligibility.ts']);
  });

  it('are each declared by one module only', () => {
    const twice = [...byName].filter(([, files]) => files.length > 1).map(([name, files]) => `${name}: ${files.sort().join(', ')}`);
    expect(twice).toEqual([]);
  });
});
