/**
 * The administrators' page as the view shows it: each office, member and unit named in words (a unit
 * with the units above it, "Cardiff West CLP, Wales"), members with their email address (the page is
 * for administrators alone), and the matches of a search by name to choose from. Pure.
 */
import type { MemberId, UnitId } from '../../domain/ids.js';
import type { Member, Office, OfficeRole, Unit } from '../../domain/organisation.js';
import type { AdminChoice, AdminView } from '../views/admin.js';

const OFFICE_WORDS: Readonly<Record<OfficeRole, string>> = {
  secretary: 'secretary',
  'procedures-secretary': 'procedures secretary',
  chair: 'chair',
  'national-officer': 'national officer',
  scrutineer: 'scrutineer',
};

/** An office in words: "procedures secretary". */
export function officeWords(role: OfficeRole): string {
  return OFFICE_WORDS[role];
}

/** The unit and the units above it, short of the party itself: "Cardiff West CLP, Wales"; the party alone is its own name. */
export function unitPlace(unit: Unit, units: ReadonlyMap<UnitId, Unit>): string {
  const names = [unit.name];
  const seen = new Set<UnitId>([unit.id]);
  for (let up = unit.parent === null ? undefined : units.get(unit.parent); up && up.kind !== 'party' && !seen.has(up.id); ) {
    names.push(up.name);
    seen.add(up.id);
    up = up.parent === null ? undefined : units.get(up.parent);
  }
  return names.join(', ');
}

/** The appointment as a sentence: "Jo Bloggs is now secretary of Cardiff West CLP." */
export function appointedWords(member: Member, role: OfficeRole, unit: Unit, removed: boolean): string {
  return `${member.name} is ${removed ? 'no longer' : 'now'} ${officeWords(role)} of ${unit.name}.`;
}

export function officeRows(offices: readonly Office[], units: ReadonlyMap<UnitId, Unit>, members: ReadonlyMap<MemberId, Member>): AdminView['offices'] {
  return offices.map((o) => {
    const unit = units.get(o.unit);
    const member = members.get(o.member);
    return {
      unit: o.unit,
      unitName: unit ? unitPlace(unit, units) : 'a unit no longer stored',
      role: o.role,
      office: officeWords(o.role),
      member: o.member,
      memberName: member?.name ?? 'a member no longer stored',
      email: member?.email ?? null,
    };
  });
}

/** Members found by name, each with their email address and branch, to choose one. */
export function memberChoices(found: readonly Member[], units: ReadonlyMap<UnitId, Unit>): AdminChoice[] {
  return found.map((m) => {
    const branch = units.get(m.branch);
    const where = branch ? unitPlace(branch, units) : null;
    return { value: m.id, label: m.name, hint: [m.email ?? 'no email address', where].filter((x) => x !== null).join('; ') };
  });
}

/** Units found by name, each with the units above it. */
export function unitChoices(found: readonly Unit[], units: ReadonlyMap<UnitId, Unit>): AdminChoice[] {
  return found.map((u) => ({ value: u.id, label: unitPlace(u, units), hint: KIND_WORDS[u.kind] }));
}

const KIND_WORDS: Readonly<Record<Unit['kind'], string>> = {
  party: 'the party',
  region: 'a region',
  constituency: 'a constituency',
  branch: 'a branch',
  affiliate: 'an affiliate',
  'affiliated-branch': 'an affiliated branch',
};

/** The kinds of unit an office sits on, in words: "a branch or an affiliated branch". */
export function unitKindsWords(kinds: readonly Unit['kind'][]): string {
  return kinds.map((k) => KIND_WORDS[k]).join(' or ');
}
