import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, hustings } from './built.js';

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'hustings-meeting-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, lines: readonly string[]): string {
  const p = join(tmp, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

/** A CLP's nomination meeting: three rounds, two dropped together in the first. */
const THREE_ROUNDS = ['candidate,round 1,round 2,round 3', 'Ash,9,11,12', 'Birch,8,9,15', 'Cedar,6,7,', 'Damson,4,,', 'Elder,1,,', 'blank or spoilt,0,2,0'];

describe('hustings meeting count', () => {
  it('prints every round and the winner', () => {
    const r = hustings(['meeting', 'count', file('clp.csv', THREE_ROUNDS), '--title', 'Nomination for leader']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Nomination for leader');
    expect(r.stdout).toMatch(/Votes cast in round 2; 2 papers were blank or spoilt\./);
    expect(r.stdout).toMatch(/Elder\s+1 x/);
    expect(r.stdout).toMatch(/Damson\s+4 x/);
    expect(r.stdout.trim().endsWith('Birch is elected in round 3.')).toBe(true);
  });

  it('says who stands in the next round when no one has a majority yet', () => {
    const r = hustings([
      'meeting',
      'count',
      file(
        'two.csv',
        THREE_ROUNDS.map((l) => l.split(',').slice(0, 3).join(',')),
      ),
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No one has a majority yet: round 3 is next, with Ash, Birch standing.');
  });

  it('writes CSV and URCVT as the record alone, with no transfers between rounds', () => {
    const csv = hustings(['meeting', 'count', file('clp.csv', THREE_ROUNDS), '--format', 'csv']);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split(/\r?\n/)[1]).toBe('Action,Votes in round 1,Votes in round 2,Votes in round 3,');
    expect(csv.stderr).toBe('');
    expect(csv.stdout).not.toContain('is elected in round');
    const json = hustings(['meeting', 'count', file('clp.csv', THREE_ROUNDS), '--format', 'urcvt']);
    const urcvt = JSON.parse(json.stdout) as { results: { tallyResults: { transfers: object }[] }[] };
    for (const round of urcvt.results) for (const t of round.tallyResults) expect(t.transfers).toEqual({});
  });

  it('settles a tie by the order given', () => {
    const tied = ['candidate,round 1', 'Ash,10', 'Birch,4', 'Cedar,4', 'Damson,4'];
    // 4 + 4 = 8 is not below 4, so one of three tied goes: the declared order's last.
    const r = hustings(['meeting', 'count', file('tie.csv', tied), '--no-look-back', '--tie-break', 'order', '--tie-order', 'Ash,Cedar,Damson,Birch']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Birch\s+4 x/);
    expect(r.stdout).toContain('declared candidate order');
  });

  it('reads a quoted name containing a comma in the tie order, as hustings count does', () => {
    const tied = ['candidate,round 1', 'Ash,10', '"Birch, Jo",4', 'Cedar,4', 'Damson,4'];
    const r = hustings(['meeting', 'count', file('comma.csv', tied), '--no-look-back', '--tie-break', 'order', '--tie-order', 'Ash,"Birch, Jo",Damson,Cedar']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Cedar\s+4 x/);
    const unquoted = hustings(['meeting', 'count', file('comma.csv', tied), '--tie-break', 'order', '--tie-order', 'Ash,Birch, Jo,Damson,Cedar']);
    expect(unquoted.status).toBe(2);
    expect(unquoted.stderr).toContain('--tie-order names "Birch", who is not a candidate (a name containing a comma is written in double quotes: "Smith, Jo")');
  });

  it('reports a mistake with the file and line, and prints nothing else', () => {
    const bad = file('bad.csv', ['candidate,round 1,round 2', 'Ash,9,11', 'Birch,8,9', 'Cedar,7,3']);
    const r = hustings(['meeting', 'count', bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${bad}:4: Cedar is not standing in round 2, so cannot have votes in it.\n`);
    const word = file('word.csv', ['candidate,round 1', 'Ash,nine', 'Birch,8']);
    expect(hustings(['meeting', 'count', word]).stderr).toBe(`${word}:2: round 1: Ash's votes must be a whole number of votes, not "nine"\n`);
    const header = file('header.csv', ['candidate,round 1,round 3', 'Ash,9,9', 'Birch,8,8']);
    expect(hustings(['meeting', 'count', header]).stderr).toBe(`${header}:1: column 3 must be "round 2", not "round 3"\n`);
  });

  it('refuses a wrong command line with the usage status', () => {
    const r = hustings(['meeting', 'count', file('clp.csv', THREE_ROUNDS), '--tie-order', 'Ash']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--tie-order is only used with --tie-break order');
  });
});
