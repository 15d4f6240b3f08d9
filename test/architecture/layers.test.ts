/**
 * The layering docs/architecture.md promises, held by reading every import in
 * src/: the pure core (count, domain, audit, report, simulate) reads no file,
 * clock or database and imports nothing from the rooms around it; the
 * application layer (src/app) is called by the web app and the command line,
 * never the other way round; and those two adapters never import each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

interface Import {
  readonly file: string;
  /** A folder under src/ ("count", "web"…) or a top-level file ("config.ts"), for imports inside the tree. */
  readonly room: string | null;
  /** `node:fs`, `pg`…, for imports from outside the tree. */
  readonly external: string | null;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const roomOf = (file: string): string => relative(SRC, file).split('/')[0]!;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.')) found.push({ file, room: roomOf(resolve(dirname(file), spec)), external: null });
    else found.push({ file, room: null, external: spec });
  }
  return found;
}

const ALL = sources(SRC).flatMap(importsOf);
const show = (i: Import) => `${relative(SRC, i.file)} imports ${i.room ?? i.external}`;

/** The imports of a room that break its rule. */
function breaking(room: string, allowedRooms: readonly string[], allowedExternal: (i: Import) => boolean = () => false): string[] {
  return ALL.filter((i) => roomOf(i.file) === room)
    .filter((i) => (i.room !== null ? !allowedRooms.includes(i.room) : !allowedExternal(i)))
    .map(show);
}

describe('the layering', () => {
  it('finds the imports it checks', () => {
    expect(ALL.filter((i) => roomOf(i.file) === 'count').length).toBeGreaterThan(20);
    expect(ALL.filter((i) => roomOf(i.file) === 'app').length).toBeGreaterThan(5);
  });

  it('count imports nothing outside itself: no node: modules, no packages', () => {
    expect(breaking('count', ['count'])).toEqual([]);
  });

  it('domain imports only domain and count, and no node: modules', () => {
    expect(breaking('domain', ['domain', 'count'])).toEqual([]);
  });

  it('audit imports only audit, domain and count, and no node: modules', () => {
    expect(breaking('audit', ['audit', 'domain', 'count'])).toEqual([]);
  });

  it('report imports only report and count, and no node: modules', () => {
    expect(breaking('report', ['report', 'count'])).toEqual([]);
  });

  it('simulate is pure but for png.ts, which draws with resvg', () => {
    expect(breaking('simulate', ['simulate', 'domain', 'report', 'count'], (i) => relative(SRC, i.file) === 'simulate/png.ts')).toEqual([]);
  });

  it('the command line and the web app never import each other: src/bin, the executable, is the one place that knows both', () => {
    expect(ALL.filter((i) => roomOf(i.file) === 'web' && i.room === 'cli').map(show)).toEqual([]);
    expect(ALL.filter((i) => roomOf(i.file) === 'cli' && i.room === 'web').map(show)).toEqual([]);
  });

  it('the demo generator is pure: it imports only demo, domain and count (its PRNG), and no node: modules', () => {
    expect(breaking('demo', ['demo', 'domain', 'count'])).toEqual([]);
  });

  it('the application layer and the adapters below it never import the web app, the command line or the executable', () => {
    for (const room of ['app', 'demo', 'store', 'integrity', 'formats', 'runtime', 'count', 'domain', 'audit', 'report', 'simulate']) {
      expect(ALL.filter((i) => roomOf(i.file) === room && (i.room === 'web' || i.room === 'cli' || i.room === 'bin')).map(show), room).toEqual([]);
    }
  });

  it('formats (the files read at the edge) imports only the pure core, node:fs and zod: rulebook files are checked there, so domain stays free of packages', () => {
    expect(breaking('formats', ['formats', 'domain', 'count'], (i) => i.external === 'zod' || i.external!.startsWith('node:fs'))).toEqual([]);
  });

  it('integrity (boards and their verification) is pure but for zod, which reads a board', () => {
    expect(breaking('integrity', ['integrity', 'audit', 'domain', 'count'], (i) => i.external === 'zod' || i.external!.startsWith('@noble/hashes'))).toEqual([]);
  });
});
