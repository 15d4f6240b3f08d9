/**
 * Units from a membership system's export: one row per unit.
 *
 *     unit_id,kind,name,parent_id,constituency_id
 *     LAB,party,Labour Party,,
 *     R-NW,region,North West,LAB,
 *     C-042,constituency,Wigan,R-NW,
 *     B-042-1,branch,Wigan Central,C-042,
 *     U-UNITE,affiliate,Unite,LAB,
 *     U-UNITE-042,affiliated-branch,Unite Wigan,U-UNITE,C-042
 *
 * - `kind`: party, region, constituency, branch, affiliate or affiliated-branch.
 * - `parent_id`: blank for the party; otherwise a unit of the kind this kind
 *   belongs to (region → party, constituency → region, branch → constituency,
 *   affiliate → party, affiliated branch → affiliate), in this file or
 *   already stored. Rows may come in any order.
 * - `constituency_id`: only for an affiliated branch (the constituency it is
 *   attached to), blank otherwise; `constituency_id` may be left out entirely.
 * - A unit already stored is replaced by its row, but may not change kind
 *   (its members and children would no longer fit). There is one party.
 *
 * Columns may come in any order; names are case-insensitive; cells are trimmed.
 */
import { unitId, type UnitId } from '../domain/ids.js';
import { PARENT_KIND, UNIT_KINDS, type Unit, type UnitKind } from '../domain/organisation.js';
import { readTable, type RowProblem, type TableResult } from './membership-csv.js';

export const UNIT_COLUMNS = { required: ['unit_id', 'kind', 'name', 'parent_id'], optional: ['constituency_id'] } as const;

/** How a kind of unit is written in messages: "a branch", "an affiliate". */
const an = (kind: UnitKind): string => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind.replace('-', ' ')}`;

/**
 * Reads and checks every row of a units file against itself and the units
 * already stored (`existing`: id → kind). Either all units, or all problems.
 */
export function parseUnitsCsv(text: string, existing: ReadonlyMap<UnitId, UnitKind>): TableResult<Unit> {
  const problems: RowProblem[] = [];
  interface Draft {
    line: number;
    id: string;
    kind: UnitKind | null;
    name: string;
    parent: string;
    constituency: string;
  }
  const drafts: Draft[] = [];
  const firstLine = new Map<string, number>();

  readTable(text, { required: UNIT_COLUMNS.required, optional: UNIT_COLUMNS.optional }, problems, (row) => {
    const add = (field: string, problem: string) => problems.push({ line: row.line, field, problem });
    const id = row.get('unit_id');
    if (id === '') add('unit_id', 'blank: every unit needs an id');
    else if (firstLine.has(id)) add('unit_id', `duplicate id "${id}" (first on line ${firstLine.get(id)})`);
    else firstLine.set(id, row.line);

    const kindText = row.get('kind');
    let kind: UnitKind | null = null;
    if (kindText === '') add('kind', `blank: give one of ${UNIT_KINDS.join(', ')}`);
    else if (!(UNIT_KINDS as readonly string[]).includes(kindText.toLowerCase())) add('kind', `unknown kind "${kindText}" (one of ${UNIT_KINDS.join(', ')})`);
    else kind = kindText.toLowerCase() as UnitKind;

    const name = row.get('name');
    if (name === '') add('name', 'blank: every unit needs a name');

    if (kind !== null && id !== '') {
      const stored = existing.get(unitId(id));
      if (stored !== undefined && stored !== kind) add('kind', `"${id}" is ${an(stored)} in the store; a unit's kind cannot change`);
    }
    drafts.push({ line: row.line, id, kind, name, parent: row.get('parent_id'), constituency: row.get('constituency_id') });
  });

  // References are checked once every row is read, so a row may name a unit further down.
  const kindOf = new Map<string, UnitKind>(existing);
  for (const d of drafts) if (d.kind !== null && d.id !== '' && firstLine.get(d.id) === d.line) kindOf.set(d.id, d.kind);
  const parties = new Set<string>([...existing].filter(([, k]) => k === 'party').map(([id]) => id));

  const units: Unit[] = [];
  for (const d of drafts) {
    const add = (field: string, problem: string) => problems.push({ line: d.line, field, problem });
    if (d.kind === null) continue;
    const parentKind = PARENT_KIND[d.kind];
    if (parentKind === null) {
      if (d.parent !== '') add('parent_id', `${an(d.kind)} has no parent: leave it blank`);
      const others = [...parties].filter((p) => p !== d.id);
      if (others.length > 0) add('kind', `there is already a party, "${others[0]}"`);
      parties.add(d.id);
    } else if (d.parent === '') {
      add('parent_id', `blank: ${an(d.kind)} belongs to ${an(parentKind)}`);
    } else if (!kindOf.has(d.parent)) {
      add('parent_id', `unknown unit "${d.parent}": not in this file or the store`);
    } else if (kindOf.get(d.parent) !== parentKind) {
      add('parent_id', `"${d.parent}" is ${an(kindOf.get(d.parent)!)}, but ${an(d.kind)} belongs to ${an(parentKind)}`);
    }
    if (d.kind === 'affiliated-branch') {
      if (d.constituency === '') add('constituency_id', 'blank: an affiliated branch is attached to a constituency');
      else if (!kindOf.has(d.constituency)) add('constituency_id', `unknown unit "${d.constituency}": not in this file or the store`);
      else if (kindOf.get(d.constituency) !== 'constituency')
        add('constituency_id', `"${d.constituency}" is ${an(kindOf.get(d.constituency)!)}, not a constituency`);
    } else if (d.constituency !== '') {
      add('constituency_id', `only an affiliated branch is attached to a constituency: leave it blank for ${an(d.kind)}`);
    }
    units.push({
      id: unitId(d.id),
      kind: d.kind,
      name: d.name,
      parent: d.parent === '' ? null : unitId(d.parent),
      constituency: d.constituency === '' ? null : unitId(d.constituency),
    });
  }
  if (problems.length > 0) return { ok: false, problems: [...problems].sort((a, b) => a.line - b.line) };
  return { ok: true, rows: units };
}
