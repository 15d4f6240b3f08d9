/**
 * The folder table of docs/architecture.md, held by reading every import in src/.
 *
 * Each folder names the folders it may import and the packages it may use. The pure core (count,
 * domain, audit, report, simulate, and the demo generator) reads no file, clock or database, so it
 * imports no `node:` module and no package beyond those named. The application layer (src/app) is
 * called by the web app and the command line, never the other way round, and those two never import
 * each other: src/bin, the executable, is the one place that knows both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Any `node:` module. */
const NODE = 'node:';

interface FolderRule {
  /** The other folders under src/ it may import (its own is always allowed). */
  readonly folders: readonly string[];
  /** Packages it may import; a name allows its subpaths (`@noble/hashes` allows `@noble/hashes/sha2.js`); `node:` allows every Node module. */
  readonly packages: readonly string[];
  /** Files of the folder with a wider rule, and that rule's extra packages. */
  readonly exceptions?: Readonly<Record<string, readonly string[]>>;
}

const PURE: readonly string[] = [];
const EVERY_ROOM = ['count', 'domain', 'audit', 'report', 'simulate', 'demo', 'formats', 'integrity', 'store', 'runtime', 'app'];

/** The folder table: what each folder may import. Keep it in step with docs/architecture.md. */
const TABLE: Readonly<Record<string, FolderRule>> = {
  count: { folders: [], packages: PURE },
  domain: { folders: ['count'], packages: PURE },
  audit: { folders: ['domain'], packages: PURE },
  report: { folders: ['count'], packages: PURE },
  simulate: { folders: ['count', 'domain', 'report'], packages: PURE, exceptions: { 'simulate/png.ts': ['@resvg/resvg-js', 'node:module'] } },
  demo: { folders: ['count', 'domain'], packages: PURE },
  verifiable: { folders: [], packages: ['@noble/curves', '@noble/hashes'] },
  formats: { folders: ['count', 'domain'], packages: ['zod', 'node:fs', 'fflate', 'saxes'] },
  integrity: { folders: ['count', 'domain', 'audit'], packages: ['zod', '@noble/hashes'] },
  store: { folders: ['domain', 'audit', 'formats', 'integrity'], packages: [NODE, 'better-sqlite3', 'pg', 'zod'] },
  runtime: { folders: ['domain', 'store'], packages: [NODE, 'zod', 'pino', 'nodemailer'] },
  app: {
    folders: ['count', 'domain', 'audit', 'demo', 'formats', 'integrity', 'store', 'verifiable', 'report'],
    packages: [NODE],
    exceptions: { 'app/postal-pdf.ts': ['pdfkit'] },
  },
  cli: { folders: EVERY_ROOM, packages: [NODE] },
  web: { folders: EVERY_ROOM, packages: [NODE, 'hono', '@hono/node-server', 'zod'] },
  bin: { folders: [...EVERY_ROOM, 'cli', 'web'], packages: [NODE] },
  /** The package root (src/index.ts): the library's public face. */
  '(root)': { folders: ['count', 'formats', 'report'], packages: PURE },
};

interface Import {
  readonly file: string;
  /** The folder under src/ it reaches ("count", "web"…), or "(root)" for a top-level file; null for a package. */
  readonly folder: string | null;
  readonly pkg: string | null;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(path: string): string {
  const parts = relative(SRC, path).split('/');
  return parts.length === 1 ? '(root)' : parts[0]!;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = m[1] ?? m[2] ?? m[3]!;
    return spec.startsWith('.') ? { file, folder: folderOf(resolve(dirname(file), spec)), pkg: null } : { file, folder: null, pkg: spec };
  });
}

const FILES = sources(SRC);
const ALL = FILES.flatMap(importsOf);
const allows = (names: readonly string[], pkg: string) => names.some((n) => (n === NODE ? pkg.startsWith(NODE) : pkg === n || pkg.startsWith(`${n}/`)));

/** The imports of a folder that break its row of the table. */
function breaking(folder: string): string[] {
  const rule = TABLE[folder]!;
  return ALL.filter((i) => folderOf(i.file) === folder)
    .filter((i) => {
      if (i.folder !== null) return i.folder !== folder && !rule.folders.includes(i.folder);
      const extra = rule.exceptions?.[relative(SRC, i.file)] ?? [];
      return !allows([...rule.packages, ...extra], i.pkg!);
    })
    .map((i) => `${relative(SRC, i.file)} imports ${i.folder ?? i.pkg}`);
}

describe('the folder table', () => {
  it('has a row for every folder in src/, and finds the imports it checks', () => {
    const folders = new Set(FILES.map(folderOf));
    expect([...folders].filter((f) => !(f in TABLE))).toEqual([]);
    expect(ALL.filter((i) => folderOf(i.file) === 'count').length).toBeGreaterThan(20);
    expect(ALL.filter((i) => folderOf(i.file) === 'app' && i.folder === 'store').length).toBeGreaterThan(5);
    expect(ALL.filter((i) => i.pkg === 'zod').length).toBeGreaterThan(3);
  });

  for (const folder of Object.keys(TABLE)) {
    const rule = TABLE[folder]!;
    const may = [...rule.folders, ...rule.packages.map((p) => (p === NODE ? 'node: modules' : p))];
    it(`${folder} imports only ${may.length === 0 ? 'itself' : may.join(', ')}`, () => {
      expect(breaking(folder)).toEqual([]);
    });
  }

  it('the pure core imports no node: module at all', () => {
    for (const folder of ['count', 'domain', 'audit', 'report', 'simulate', 'demo', 'verifiable']) {
      const node = ALL.filter((i) => folderOf(i.file) === folder && i.pkg?.startsWith(NODE) && !(relative(SRC, i.file) in (TABLE[folder]!.exceptions ?? {})));
      expect(
        node.map((i) => relative(SRC, i.file)),
        folder,
      ).toEqual([]);
    }
  });

  it('the web app and the command line never import each other; only src/bin knows both', () => {
    expect(breaking('web').filter((b) => b.endsWith(' cli') || b.endsWith(' bin'))).toEqual([]);
    expect(breaking('cli').filter((b) => b.endsWith(' web') || b.endsWith(' bin'))).toEqual([]);
    expect(TABLE.web!.folders).not.toContain('cli');
    expect(TABLE.cli!.folders).not.toContain('web');
  });

  it('verifier/ (the independent verifier, outside src/) imports only @noble/curves and @noble/hashes, and nothing in src/', () => {
    const root = resolve(SRC, '../verifier');
    const own = (file: string) => !relative(root, file).startsWith('..');
    const broken = sources(root).flatMap((file) => {
      const name = relative(root, file);
      const test = name.startsWith('test/');
      const allowed = ['@noble/curves', '@noble/hashes', ...(name === 'main.ts' ? ['node:fs'] : []), ...(test ? ['vitest', NODE] : [])];
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(IMPORT)]
        .map((m) => m[1] ?? m[2] ?? m[3]!)
        .filter((spec) => (spec.startsWith('.') ? !own(resolve(dirname(file), spec)) || resolve(dirname(file), spec).startsWith(SRC) : !allows(allowed, spec)))
        .map((spec) => `verifier/${name} imports ${spec}`);
    });
    expect(sources(root).length).toBeGreaterThan(3);
    expect(broken).toEqual([]);
  });

  it('a broken import is caught: the check is not vacuous', () => {
    const fake: Import = { file: join(SRC, 'count', 'x.ts'), folder: 'store', pkg: null };
    ALL.push(fake);
    try {
      expect(breaking('count')).toEqual(['count/x.ts imports store']);
    } finally {
      ALL.pop();
    }
  });
});
