/**
 * Administrators appoint and remove officers: the offices the roles come from.
 * Each office must sit on the kind of unit it belongs to (a secretary on a
 * branch or affiliated branch, a procedures secretary on a constituency,
 * national officers and scrutineers on the party). Each appointment and removal
 * is logged in the audit log, by the administrator who made it.
 */
import { auditRecord } from '../../audit/index.js';
import { memberId, unitId } from '../../domain/ids.js';
import { OFFICE_ROLES, type OfficeRole, type UnitKind } from '../../domain/organisation.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { adminPage } from '../views/admin.js';
import { officeRows } from '../presenters/admin.js';
import { firstProblem } from './forms/fields.js';
import { officeForm } from './forms/office.js';
import { done, errorResponse, nowIso, page, viewContext, type AppDeps, type Ctx } from './http.js';

const UNIT_OF_ROLE: Readonly<Record<OfficeRole, readonly UnitKind[]>> = {
  secretary: ['branch', 'affiliated-branch'],
  'procedures-secretary': ['constituency'],
  chair: ['branch', 'affiliated-branch', 'constituency', 'region', 'party', 'affiliate'],
  'national-officer': ['party'],
  scrutineer: ['party'],
};

const list: Handler = async (c, deps) => {
  const held = await deps.store.listOffices();
  // The officers' names in one read; each unit once, however many offices sit on it.
  const members = new Map((await deps.store.membersById(held.map((o) => o.member))).map((m) => [m.id, m.name]));
  const units = new Map(
    (await Promise.all([...new Set(held.map((o) => o.unit))].map((id) => deps.store.getUnit(id)))).flatMap((u) => (u ? [[u.id, u.name] as const] : [])),
  );
  return page(c, adminPage({ offices: officeRows(held, units, members), roles: OFFICE_ROLES, administrators: deps.config.admins }, viewContext(c)));
};

type OfficeForm = { member: string; unit: string; role: OfficeRole };

/** The office the form names, checked against the store; or the refusal. */
async function officeFrom(c: Ctx, deps: AppDeps): Promise<OfficeForm | Response> {
  const read = officeForm.safeParse(c.get('form'));
  if (!read.success) return errorResponse(c, 400, `${firstProblem(read.error)} Nothing was saved.`, { href: paths.admin, text: 'Back to administration' });
  const got = read.data;
  if (!(OFFICE_ROLES as readonly string[]).includes(got.role))
    return errorResponse(c, 400, `"${got.role}" is not an office; the offices are ${OFFICE_ROLES.join(', ')}. Nothing was saved.`, {
      href: paths.admin,
      text: 'Back to administration',
    });
  const role = got.role as OfficeRole;
  const [unit, member] = await Promise.all([deps.store.getUnit(unitId(got.unit)), deps.store.getMember(memberId(got.member))]);
  if (!member) return errorResponse(c, 422, `There is no member "${got.member}". Nothing was saved.`, { href: paths.admin, text: 'Back to administration' });
  if (!unit) return errorResponse(c, 422, `There is no unit "${got.unit}". Nothing was saved.`, { href: paths.admin, text: 'Back to administration' });
  if (!UNIT_OF_ROLE[role].includes(unit.kind)) {
    return errorResponse(c, 422, `A ${role} is appointed to a ${UNIT_OF_ROLE[role].join(' or ')}, and ${unit.name} is a ${unit.kind}. Nothing was saved.`, {
      href: paths.admin,
      text: 'Back to administration',
    });
  }
  return { member: member.id, unit: unit.id, role };
}

const appoint: Handler = async (c, deps) => {
  const o = await officeFrom(c, deps);
  if (o instanceof Response) return o;
  await deps.store.putOffice({ member: memberId(o.member), unit: unitId(o.unit), role: o.role });
  await deps.store.appendAudit(auditRecord(c.get('who')!.member.id, 'office.appointed', { member: o.member, unit: o.unit, role: o.role }, nowIso(deps.clock)));
  return done(c, deps.config, paths.admin, `${o.member} is now ${o.role} of ${o.unit}.`);
};

const remove: Handler = async (c, deps) => {
  const o = await officeFrom(c, deps);
  if (o instanceof Response) return o;
  await deps.store.removeOffice({ member: memberId(o.member), unit: unitId(o.unit), role: o.role });
  await deps.store.appendAudit(auditRecord(c.get('who')!.member.id, 'office.removed', { member: o.member, unit: o.unit, role: o.role }, nowIso(deps.clock)));
  return done(c, deps.config, paths.admin, `${o.member} is no longer ${o.role} of ${o.unit}.`);
};

export const adminHandlers: Readonly<Record<string, Handler>> = {
  admin: list,
  'admin.appoint': appoint,
  'admin.remove': remove,
};
