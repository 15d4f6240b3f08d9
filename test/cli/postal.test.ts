/**
 * `hustings postal packs|report`, the built command on a store holding a union's statutory postal
 * ballot: the print files in batches and the report as a PDF; refused (exit 1) for an election that
 * is not one, and (exit 2) for a wrong command line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuePostalPapers } from '../../src/app/postal-ballot.js';
import { openStore } from '../../src/store/index.js';
import { frozenPostalElection } from '../app/postal-fixture.js';
import { ensureBuilt, hustings } from './built.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-postal-cli-'));
const db = `sqlite:${join(dir, 'union.db')}`;
let id = '';
beforeAll(async () => {
  ensureBuilt();
  const store = await openStore(db);
  try {
    const e = await frozenPostalElection(store, { seats: 1, method: 'plurality' });
    id = e.id;
    const r = await issuePostalPapers(store, e.clock, e.id, { scrutineer: 'Civica Election Services', returnAddress: 'Freepost RTXX' }, 'scrutineer');
    if (!r.ok) throw new Error(r.error.message);
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hustings postal', () => {
  it('writes the packs and the election addresses, and the report', () => {
    const out = join(dir, 'packs');
    const packs = hustings(['postal', 'packs', id, '--out', out, '--db', db]);
    expect(packs.stderr).toBe('');
    expect(packs.status).toBe(0);
    expect(packs.stdout).toMatch(/^Wrote 6 voting papers in 1 files, and the election addresses, to /);
    expect(readdirSync(out).sort()).toEqual(['election-addresses.pdf', 'papers-0001.pdf']);
    expect(execFileSync('pdfinfo', [join(out, 'papers-0001.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+6/);
    const again = hustings(['postal', 'packs', id, '--out', out, '--db', db]);
    expect([again.status, again.stderr]).toEqual([1, `hustings: ${out} is not empty: give a new or empty directory for the print files\n`]);
    const report = hustings(['postal', 'report', id, '--out', join(dir, 'report.pdf'), '--db', db]);
    expect([report.status, report.stdout]).toEqual([0, `Wrote the scrutineer's report of National Executive 2026 to ${join(dir, 'report.pdf')}.\n`]);
  });

  it('refuses what is not a statutory postal ballot, and a wrong command line', () => {
    const none = hustings(['postal', 'report', 'el-nothing', '--out', join(dir, 'x.pdf'), '--db', db]);
    expect([none.status, none.stderr]).toEqual([1, 'hustings: There is no internal election "el-nothing".\n']);
    expect(hustings(['postal', 'print', id, '--out', dir, '--db', db]).status).toBe(2);
    expect(hustings(['postal', 'packs', id, '--db', db]).status).toBe(2);
  });
});
