// The browser's files (CSS, the small ES modules) are not TypeScript, so tsc leaves them behind:
// this puts them beside the compiled web app, where the server finds them relative to its own module.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../src/web/static/', import.meta.url));
const to = fileURLToPath(new URL('../dist/web/static/', import.meta.url));
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
