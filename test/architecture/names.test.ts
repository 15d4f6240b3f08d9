/**
 * One name means one thing: no exported name is declared by two modules of
 * src/ (two `Role`s or two `ProcessEvent`s read alike at the import and mean
 * different things, or the same thing kept twice until the copies drift).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const DECLARATION =
  /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:type|interface|class|const|let|var|enum|function\*?|async\s+function\*?)\s+([A-Za-z_$][\w$]*)/gm;

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

/** Names bound in a file (variables, parameters, destructured names) that shadow Node's global `process`. */
function shadowsOfProcess(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && ts.isIdentifier(n.name) && n.name.text === 'process') {
      found.push(`${relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(n.name.getStart(sf)).line + 1}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('local names', () => {
  it("never shadow Node's global process (a stored process is `proc`, its id `processId`)", () => {
    expect(sources(SRC).flatMap(shadowsOfProcess)).toEqual([]);
  });

  it('the check finds a shadowing binding when there is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'names-'));
    const file = join(dir, 'x.ts');
    writeFileSync(file, 'export function f(process: string) { const { process: p } = { process }; return p; }\n');
    try {
      expect(shadowsOfProcess(file)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
