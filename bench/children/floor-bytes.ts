/**
 * The raw floor: read the file's bytes and find every line and cell boundary
 * in the Buffer, with no decoding to strings. Below this only the disk is left,
 * so it shows how much of any tool's time is the bytes themselves.
 */
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const buf = readFileSync(process.argv[2]);
let lines = 0;
let commas = 0;
for (let i = 0; i < buf.length; i++) {
  const b = buf[i];
  if (b === 10) lines++;
  else if (b === 44) commas++;
}
const t1 = performance.now();
process.stdout.write(JSON.stringify({ lines, cells: commas + lines, ms: t1 - t0 }) + '\n');
