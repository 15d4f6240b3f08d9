/**
 * The bench's child scripts (floor, peers, Scottish wards) are TypeScript, but
 * they are run as plain compiled JavaScript so that no TypeScript loader adds
 * start-up time or memory to what is measured: Hustings itself runs from
 * dist/, and the peers deserve the same footing. Each file is transpiled on its
 * own (no type check here; `npm run typecheck` covers bench/) into
 * bench/.data/js/, keeping relative paths so `./x.js` imports still resolve.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export function compileBench(benchDir: string, outDir: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      if (e.name.startsWith('.')) return [];
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
    });
  // Start clean so a renamed or deleted script cannot linger and be run.
  rmSync(outDir, { recursive: true, force: true });
  for (const file of walk(benchDir)) {
    const rel = path.relative(benchDir, file);
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, verbatimModuleSyntax: false },
    });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
}
