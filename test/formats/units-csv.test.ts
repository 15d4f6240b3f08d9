import { describe, expect, it } from 'vitest';
import { unitId, type UnitId } from '../../src/domain/ids.js';
import type { UnitKind } from '../../src/domain/organisation.js';
import { formatProblem } from '../../src/formats/membership-csv.js';
import { parseUnitsCsv } from '../../src/formats/units-csv.js';

const none = new Map<UnitId, UnitKind>();
const stored = (entries: [string, UnitKind][]) => new Map(entries.map(([id, k]) => [unitId(id), k]));

/** The problems, as the dry run prints them. */
function problems(text: string, existing = none): string[] {
  const r = parseUnitsCsv(text, existing);
  if (r.ok) throw new Error('expected problems');
  return r.problems.map(formatProblem);
}

const HEADER = 'unit_id,kind,name,parent_id,constituency_id\n';

describe('units CSV', () => {
  it('reads a whole organisation, rows in any order, columns in any order, quoted cells and CRLF', () => {
    const text =
      'Name , KIND,unit_id,parent_id,constituency_id\r\n' +
      'Wigan Central,branch,B1,C1,\r\n' +
      'Wigan,constituency,C1,R1,\r\n' +
      '"North West, and ""Cumbria""",region,R1,P,\r\n' +
      'Labour Party,party,P,,\r\n' +
      '\r\n' +
      'Unite,affiliate,U,P,\r\n' +
      'Unite Wigan — Ynys Môn,affiliated-branch,U1,U,C1\r\n';
    const r = parseUnitsCsv(text, none);
    expect(r).toEqual({
      ok: true,
      rows: [
        { id: 'B1', kind: 'branch', name: 'Wigan Central', parent: 'C1', constituency: null },
        { id: 'C1', kind: 'constituency', name: 'Wigan', parent: 'R1', constituency: null },
        { id: 'R1', kind: 'region', name: 'North West, and "Cumbria"', parent: 'P', constituency: null },
        { id: 'P', kind: 'party', name: 'Labour Party', parent: null, constituency: null },
        { id: 'U', kind: 'affiliate', name: 'Unite', parent: 'P', constituency: null },
        { id: 'U1', kind: 'affiliated-branch', name: 'Unite Wigan — Ynys Môn', parent: 'U', constituency: 'C1' },
      ],
    });
  });

  it('checks parents against the units already stored, and may leave out constituency_id', () => {
    const r = parseUnitsCsv('unit_id,kind,name,parent_id\nB9,branch,New branch,C1\n', stored([['C1', 'constituency']]));
    expect(r).toEqual({ ok: true, rows: [{ id: 'B9', kind: 'branch', name: 'New branch', parent: 'C1', constituency: null }] });
  });

  it('accepts a file with a header and no rows, and replaces a stored unit of the same kind', () => {
    expect(parseUnitsCsv(HEADER, none)).toEqual({ ok: true, rows: [] });
    expect(parseUnitsCsv(HEADER + 'P,party,Renamed,,\n', stored([['P', 'party']])).ok).toBe(true);
  });

  it('reports every bad row as line N: field: problem, in line order', () => {
    const text =
      HEADER +
      'P,party,Party,,\n' + // 2
      'R1,region,North,P,\n' + // 3
      'C1,constituency,Wigan,R1,\n' + // 4
      ',branch,No id,C1,\n' + // 5
      'B1,branch,,C1,\n' + // 6
      'B1,branch,Again,C1,\n' + // 7
      'B2,ward,Ward,C1,\n' + // 8
      'B3,branch,Orphan,C9,\n' + // 9
      'B4,branch,Wrong parent,R1,\n' + // 10
      'B5,branch,No parent,,\n' + // 11
      'P2,party,Second party,,\n' + // 12
      'R2,region,Party with parent,P,\n' + // 13 (fine)
      'U1,affiliated-branch,Unattached,U,\n' + // 14
      'U,affiliate,Unite,P,\n' + // 15 (fine)
      'U2,affiliated-branch,Attached to a branch,U,B1\n' + // 16
      'B6,branch,Attached,C1,C1\n' + // 17
      'P3,party,Party with a parent,P,\n' + // 18
      'B7,branch,Short row,C1\n' + // 19
      'U3,affiliated-branch,Attached nowhere,U,C7\n'; // 20
    expect(problems(text)).toEqual([
      'line 5: unit_id: blank: every unit needs an id',
      'line 6: name: blank: every unit needs a name',
      'line 7: unit_id: duplicate id "B1" (first on line 6)',
      'line 8: kind: unknown kind "ward" (one of party, region, constituency, branch, affiliate, affiliated-branch)',
      'line 9: parent_id: unknown unit "C9": not in this file or the store',
      'line 10: parent_id: "R1" is a region, but a branch belongs to a constituency',
      'line 11: parent_id: blank: a branch belongs to a constituency',
      'line 12: kind: there is already a party, "P"',
      'line 14: constituency_id: blank: an affiliated branch is attached to a constituency',
      'line 16: constituency_id: "B1" is a branch, not a constituency',
      'line 17: constituency_id: only an affiliated branch is attached to a constituency: leave it blank for a branch',
      'line 18: parent_id: a party has no parent: leave it blank',
      'line 18: kind: there is already a party, "P"',
      'line 19: row: 4 cells, but the header has 5',
      'line 20: constituency_id: unknown unit "C7": not in this file or the store',
    ]);
  });

  it('refuses a second party beside the stored one, and a change of kind', () => {
    expect(problems(HEADER + 'P2,party,Another,,\n', stored([['P', 'party']]))).toEqual(['line 2: kind: there is already a party, "P"']);
    expect(
      problems(
        HEADER + 'C1,branch,Was a constituency,C2,\n',
        stored([
          ['C1', 'constituency'],
          ['C2', 'constituency'],
        ]),
      ),
    ).toEqual(['line 2: kind: "C1" is a constituency in the store; a unit\'s kind cannot change']);
  });

  it('reports header problems and stops there', () => {
    expect(problems('')).toEqual(['line 1: header: the file is empty: expected a header row such as unit_id,kind,name,parent_id']);
    expect(problems('unit_id,kind,nom,parent_id,parent_id\nP,party,Party,,\n')).toEqual([
      'line 1: header: unknown column "nom" (the columns are unit_id, kind, name, parent_id, constituency_id)',
      'line 1: header: column "parent_id" appears twice',
      'line 1: header: missing column "name"',
    ]);
  });

  it('reports a badly quoted row and goes on to the next (which may then miss the unit the bad row gave)', () => {
    expect(problems(HEADER + 'P,party,"Labour" Party,,\nR1,region,,P,\n')).toEqual([
      'line 2: csv: unexpected text after a quoted cell: "Party,," (a closing quote must be followed by a comma or the end of the row; write a quote inside a quoted cell as "")',
      'line 3: name: blank: every unit needs a name',
      'line 3: parent_id: unknown unit "P": not in this file or the store',
    ]);
  });
});
