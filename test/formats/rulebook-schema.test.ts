import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABOUR_2021, PRESETS, UNION_EXECUTIVE_STATUTORY } from '../../src/domain/presets.js';
import { RULEBOOK_SCHEMA, rulebookJsonSchema, rulebookProblems } from '../../src/formats/rulebook-schema.js';
import { disputeRulesOf } from '../../src/domain/rulebook.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the published JSON Schema of a rulebook file', () => {
  it('docs/rulebook.schema.json is the one generated from the schema the command line checks with', () => {
    // On a difference, regenerate it: hustings rulebook schema > docs/rulebook.schema.json
    expect(readFileSync(join(ROOT, 'docs/rulebook.schema.json'), 'utf8')).toBe(rulebookJsonSchema());
  });

  it('describes every bundled rulebook, and names each field with what it may hold', () => {
    for (const p of PRESETS) expect(RULEBOOK_SCHEMA.safeParse(JSON.parse(JSON.stringify(p))).success, p.id).toBe(true);
    const schema = JSON.parse(rulebookJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    // nominationMeeting (Labour's nomination meetings) and emergency (endorsement and emergency selections) are optional, and the union's rulebook has neither; ballots and disputes are set by no bundled rulebook (a rulebook without ballots lets each process choose encrypted ballots; without disputes it has the default powers).
    const union = Object.keys(UNION_EXECUTIVE_STATUTORY);
    expect(Object.keys(schema.properties)).toEqual([...union.slice(0, -1), 'nominationMeeting', 'emergency', 'ballots', 'disputes', ...union.slice(-1)]);
    // ballotOrder, statementWords and leadership came later and have defaults, so a rulebook file written before them still reads;
    // statutoryPostal is only for a union's statutory postal ballot.
    expect(schema.required).toEqual(
      Object.keys(LABOUR_2021).filter(
        (k) => k !== 'ballotOrder' && k !== 'statementWords' && k !== 'leadership' && k !== 'nominationMeeting' && k !== 'emergency',
      ),
    );
    expect(schema.properties.statementWords.default).toBe(400);
    expect(schema.properties.ballotOrder.default).toBe('surname');
    expect(schema.properties.snapElection.enum).toEqual(['readopt-incumbents', 'continue']);
  });
});

describe("the disputes panel's powers in a rulebook file", () => {
  it('lists remedies Hustings knows, with whether decisions are published; absent, the defaults', () => {
    const json = JSON.parse(JSON.stringify(LABOUR_2021));
    expect(rulebookProblems({ ...json, disputes: { remedies: ['void-unit-result', 'extend-timetable'], publishDecisions: true } })).toEqual([]);
    expect(rulebookProblems({ ...json, disputes: { remedies: ['pause'], publishDecisions: true } })[0]).toMatch(/^disputes\.remedies\.0: must be one of /);
    expect(rulebookProblems({ ...json, disputes: { remedies: [] } })[0]).toMatch(/^disputes\.publishDecisions: /);
    expect(disputeRulesOf(LABOUR_2021)).toEqual({
      remedies: ['void-unit-result', 'reinstate-candidate', 'restore-member', 'reinstate-applicant', 'extend-timetable', 'pause-timetable', 'rerun-ballot'],
      publishDecisions: false,
    });
  });
});

describe('a statutory postal ballot in a rulebook file', () => {
  it('needs an internal election to hold, and whole numbers for its retention and batches', () => {
    const json = JSON.parse(JSON.stringify(UNION_EXECUTIVE_STATUTORY));
    expect(rulebookProblems(json)).toEqual([]);
    expect(rulebookProblems({ ...json, internalElection: null, uncertain: {} })).toEqual([
      'statutoryPostal: is how an internal election is held, but internalElection is null: give the election its seats and method',
    ]);
    expect(rulebookProblems({ ...json, statutoryPostal: { retentionMonths: 0, packBatchSize: 500 } })[0]).toMatch(/^statutoryPostal\.retentionMonths: /);
  });
});
