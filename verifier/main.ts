/**
 * The independent verifier's command line: `npx tsx verifier/main.ts board.json [--json]`.
 * Prints each failure with its code, or the decrypted rankings for a recount; exits 1 when the board
 * fails, 2 when the file cannot be read as JSON.
 */
import { readFileSync } from 'node:fs';
import { verifyBoard } from './checks.js';

function main(args: readonly string[]): number {
  const json = args.includes('--json');
  const files = args.filter((a) => a !== '--json');
  if (files.length !== 1) {
    console.error('usage: npx tsx verifier/main.ts <board.json> [--json]');
    return 2;
  }
  const path = files[0]!;
  let board: unknown;
  try {
    board = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    console.error(`${path}: cannot be read as JSON: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const verdict = verifyBoard(board);
  if (json) {
    console.log(JSON.stringify({ ok: verdict.failures.length === 0, failures: verdict.failures, rankings: verdict.rankings }));
    return verdict.failures.length === 0 ? 0 : 1;
  }
  for (const f of verdict.failures) console.log(`FAIL [${f.code}] ${f.where}: ${f.message}`);
  if (verdict.rankings === null) {
    console.log(`${path}: the board does not verify (${verdict.failures.length} failure${verdict.failures.length === 1 ? '' : 's'})`);
    return 1;
  }
  console.log(`${path}: the board verifies; ${verdict.rankings.length} rankings for the recount (candidates numbered from 0, most preferred first):`);
  for (const r of verdict.rankings) console.log(r === null ? 'invalid' : r.length === 0 ? 'blank' : r.join(' '));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
