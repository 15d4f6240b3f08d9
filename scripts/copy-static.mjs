// The browser's files (CSS, the small ES modules) are not TypeScript, so tsc leaves them behind:
// this puts them beside the compiled web app, where the server finds them relative to its own module.
// The encrypted booth needs the protocol itself in the page, so src/verifiable/booth.ts is bundled
// (with @noble/curves and @noble/hashes) into one ES module, verifiable.js, beside them.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const from = fileURLToPath(new URL('../src/web/static/', import.meta.url));
const to = fileURLToPath(new URL('../dist/web/static/', import.meta.url));
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
await build({
  entryPoints: [fileURLToPath(new URL('../src/verifiable/booth.ts', import.meta.url))],
  outfile: `${to}verifiable.js`,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
