/**
 * The floor: the least any tool must do with the IRV file, namely read it and
 * split it into lines and cells. Nothing is kept, so this is the cost of the
 * bytes, not of any ballot model. Counts cells so the work cannot be skipped.
 */
import { readFileSync } from 'node:fs';

const t0 = performance.now();
const lines = readFileSync(process.argv[2], 'utf8').split('\n');
let cells = 0;
for (const line of lines) if (line !== '') cells += line.split(',').length;
const t1 = performance.now();
process.stdout.write(JSON.stringify({ lines: lines.length, cells, ms: t1 - t0 }) + '\n');
