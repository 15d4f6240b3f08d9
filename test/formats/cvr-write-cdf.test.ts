import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { election } from '../../src/count/ballots.js';
import { readCvrSources, writeCdfJson } from '../../src/formats/cvr/index.js';
import { readElectionFile } from '../../src/formats/index.js';
import { ballots, scratch, write } from './cvr/helpers.js';

const dir = scratch();

describe('writing CDF JSON', () => {
  const original = election({
    title: 'Mayor',
    candidates: ['Alice', 'Bob', 'Carol'],
    ballots: [{ ranks: [0, 1, 2], weight: 3 }, { ranks: [[], 1] }, { ranks: [[0, 1], 2], weight: 2 }, { ranks: [] }, { ranks: [2] }],
  });

  it('writes a report its own reader reads back to the same election', async () => {
    const path = `${dir}/mayor.json`;
    await writeCdfJson(original, path, { generatedDate: '2026-12-07T00:00:00Z' });
    const report = JSON.parse(readFileSync(path, 'utf8')) as { CVR: unknown[]; Election: { Contest: { Name: string }[] }[]; '@type': string };
    expect(report['@type']).toBe('CVR.CastVoteRecordReport');
    expect(report.CVR).toHaveLength(8);
    expect(report.Election[0]?.Contest[0]?.Name).toBe('Mayor');
    const back = (await readCvrSources([{ provider: 'cdf', path }], { candidates: 'declared', title: 'Mayor' })).election;
    expect(back.candidates).toEqual(original.candidates);
    expect(ballots(back)).toEqual(ballots(original));
    expect(back.ballots.total).toBe(8n);
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('refuses a folder that does not exist, leaving nothing behind', async () => {
    await expect(writeCdfJson(original, `${dir}/missing/x.json`)).rejects.toThrow(/missing\/x\.json: cannot write the file \(no such file or folder\)/);
  });
});

const CLI = 'dist/bin/main.js';
describe.skipIf(!existsSync(CLI))('hustings count of cast-vote record formats', () => {
  it('counts a CSV, writes it as CDF JSON with --write-cdf, and counts the CDF to the same result', async () => {
    const csv = write(dir, 'votes.csv', 'rank1,rank2\nAlice,Bob\nBob,Alice\nAlice,\nCarol,Bob\nCarol,Bob\n');
    const cdf = `${dir}/votes.json`;
    const first = execFileSync('node', [CLI, 'count', csv, '--method', 'irv', '--format', 'csv', '--write-cdf', cdf], { encoding: 'utf8' });
    const second = execFileSync('node', [CLI, 'count', cdf, '--method', 'irv', '--format', 'csv'], { encoding: 'utf8' });
    expect(second.replace(/votes\.json|votes/g, '')).toBe(first.replace(/votes\.csv|votes/g, ''));
    const e = await readElectionFile(cdf);
    expect(e.ballots.total).toBe(5n);
  });

  it('says where a cast-vote record file is wrong, with exit 1 and no stack trace', () => {
    const bad = write(dir, 'bad.json', '{"CVR": [], "Election": [{"Candidate": [], "Contest": []}]}');
    const run = spawnSync('node', [CLI, 'count', bad, '--method', 'irv'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`${bad}: the report has no Contest\n`);
    const contest = spawnSync('node', [CLI, 'count', `${dir}/votes.csv`, '--method', 'irv', '--contest', 'x'], { encoding: 'utf8' });
    expect(contest.stderr).toMatch(/--contest is only used with cast-vote record formats/);
  });
});
