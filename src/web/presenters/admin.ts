/** The administrators' list of offices, each unit and member named (by id where the store has no name for it). */
import type { MemberId, UnitId } from '../../domain/ids.js';
import type { Office } from '../../domain/organisation.js';
import type { AdminView } from '../views/admin.js';

export function officeRows(offices: readonly Office[], units: ReadonlyMap<UnitId, string>, members: ReadonlyMap<MemberId, string>): AdminView['offices'] {
  return offices.map((o) => ({
    unit: o.unit,
    unitName: units.get(o.unit) ?? o.unit,
    role: o.role,
    member: o.member,
    memberName: members.get(o.member) ?? o.member,
  }));
}
