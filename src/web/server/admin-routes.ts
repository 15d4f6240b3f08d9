/**
 * Administrators appoint and remove officers: the offices the roles come from. The member and the
 * unit are found by name (a GET search, so it works without JavaScript) and chosen from the matches;
 * the page and its confirmations name them in words, never by id. Each office must sit on the kind of
 * unit it belongs to (a secretary on a branch or affiliated branch, a procedures secretary on a
 * constituency, national officers and scrutineers on the party). Each appointment and removal is
 * logged in the audit log, by the administrator who made it.
 */
import { auditRecord } from '../../audit/index.js';
import { memberId, unitId, type MemberId, type UnitId } from '../../domain/ids.js';
import { OFFICE_ROLES, type Member, type OfficeRole, type Unit, type UnitKind } from '../../domain/organisation.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { adminPage, OFFICE_FIELDS, RULEBOOK_IN_FORCE_FIELD, type AdminView } from '../views/admin.js';
import { rulebookInForce, setRulebookInForce } from '../../app/rulebook-in-force.js';
import { PRESETS } from '../../domain/presets.js';
import { importHandlers } from './import-routes.js';
import { mailFailureHandlers } from './mail-failure-routes.js';
import { z } from 'zod';
import { appointedWords, memberChoices, officeRows, officeWords, unitChoices, unitKindsWords } from '../presenters/admin.js';
import type { FieldErrors } from '../views/context.js';
import { choice, parseForm } from './forms/fields.js';
import { officeForm } from './forms/office.js';
import { done, errorResponse, nowIso, page, viewContext, type AppDeps, type Ctx } from './http.js';

const rulebookForm = z.object({
  [RULEBOOK_IN_FORCE_FIELD]: choice(
    PRESETS.map((rb) => rb.id),
    'Choose one of the rulebooks listed.',
  ),
});

const UNIT_OF_ROLE: Readonly<Record<OfficeRole, readonly UnitKind[]>> = {
  secretary: ['branch', 'affiliated-branch'],
  'procedures-secretary': ['constituency'],
  chair: ['branch', 'affiliated-branch', 'constituency', 'region', 'party', 'affiliate'],
  'national-officer': ['party'],
  scrutineer: ['party'],
};

/** Matches shown for a search: enough to find a common name, few enough to read. */
const MATCHES = 20;

interface Shown {
  readonly memberText: string;
  readonly unitText: string;
  readonly chosen?: AdminView['chosen'];
  readonly errors?: FieldErrors;
}

/** The administration page: offices, the search's matches, and the other sections; `status` for a refusal shown with the form kept. */
async function adminView(c: Ctx, deps: AppDeps, shown: Shown, status: 200 | 400 | 422 = 200): Promise<Response> {
  const { store } = deps;
  const [held, units] = await Promise.all([store.listOffices(), store.listUnits()]);
  const byUnit = new Map(units.map((u) => [u.id, u]));
  const [members, admins, foundMembers, foundUnits] = await Promise.all([
    store.membersById(held.map((o) => o.member)),
    store.membersById(deps.config.admins),
    shown.memberText === '' ? null : store.findMembers(shown.memberText, MATCHES),
    shown.unitText === '' ? null : store.findUnits(shown.unitText, MATCHES),
  ]);
  const byMember = new Map<MemberId, Member>(members.map((m) => [m.id, m]));
  const data: AdminView = {
    offices: officeRows(held, byUnit, byMember),
    roles: OFFICE_ROLES.map((r) => ({ value: r, text: `${officeWords(r)} (of ${unitKindsWords(UNIT_OF_ROLE[r])})` })),
    administrators: admins.map((m) => m.name),
    find: {
      memberText: shown.memberText,
      unitText: shown.unitText,
      members: foundMembers === null ? null : memberChoices(foundMembers, byUnit),
      units: foundUnits === null ? null : unitChoices(foundUnits, byUnit),
    },
    ...(shown.chosen ? { chosen: shown.chosen } : {}),
    ...(shown.errors ? { errors: shown.errors } : {}),
    rulebook: await rulebookSection(deps),
  };
  return page(c, adminPage(data, viewContext(c)), status);
}

/** The rulebook in force for the page: by name; one named that this Hustings does not bundle is said so, with the bundled ones to choose. */
async function rulebookSection(deps: AppDeps): Promise<AdminView['rulebook']> {
  const inForce = await rulebookInForce(deps.store);
  const choices = PRESETS.map((rb) => ({ value: rb.id, text: rb.name }));
  if (!inForce.ok) return { name: 'a rulebook this version of Hustings does not bundle', named: true, id: '', choices };
  return { name: inForce.value.rulebook.name, named: inForce.value.named, id: inForce.value.rulebook.id, choices };
}

const nameRulebook: Handler = async (c, deps) => {
  const read = parseForm(rulebookForm, c.get('form'));
  if (!read.ok) return errorResponse(c, 400, `${Object.values(read.form.errors)[0]} Nothing was saved.`, { href: paths.admin, text: 'Back to administration' });
  const set = await setRulebookInForce(deps.store, read.value[RULEBOOK_IN_FORCE_FIELD], { actor: c.get('who')!.member.id, clock: deps.clock });
  if (!set.ok) return errorResponse(c, 422, `${set.error.message} Nothing was saved.`, { href: paths.admin, text: 'Back to administration' });
  const name = set.value.rulebook.name;
  return done(
    c,
    deps.config,
    paths.admin,
    set.value.changed ? `${name} is now the rulebook in force.` : `${name} was already the rulebook in force; nothing changed.`,
  );
};

const list: Handler = async (c, deps) => {
  const typed = (name: string) => (c.req.query(name) ?? '').trim().slice(0, 200);
  return adminView(c, deps, { memberText: typed(OFFICE_FIELDS.memberText), unitText: typed(OFFICE_FIELDS.unitText) });
};

/** The office the form names, checked against the store; or the page again with the problem beside its field. */
async function officeFrom(c: Ctx, deps: AppDeps): Promise<{ member: Member; unit: Unit; role: OfficeRole } | Response> {
  const read = parseForm(officeForm, c.get('form'));
  const typed = { memberText: read.form.values[OFFICE_FIELDS.memberText] ?? '', unitText: read.form.values[OFFICE_FIELDS.unitText] ?? '' };
  const chosen = {
    member: read.form.values[OFFICE_FIELDS.member] ?? '',
    unit: read.form.values[OFFICE_FIELDS.unit] ?? '',
    role: read.form.values[OFFICE_FIELDS.role] ?? '',
  };
  if (!read.ok) return adminView(c, deps, { ...typed, chosen, errors: read.form.errors }, 400);
  const got = read.value;
  const [unit, member] = await Promise.all([deps.store.getUnit(unitId(got.unit)), deps.store.getMember(memberId(got.member))]);
  const errors: Record<string, string> = {};
  if (!member) errors[OFFICE_FIELDS.member] = 'That member is no longer stored; find them again.';
  if (!unit) errors[OFFICE_FIELDS.unit] = 'That unit is no longer stored; find it again.';
  else if (!UNIT_OF_ROLE[got.role].includes(unit.kind))
    errors[OFFICE_FIELDS.role] = `A ${officeWords(got.role)} is appointed to ${unitKindsWords(UNIT_OF_ROLE[got.role])}, and ${unit.name} is not one.`;
  if (!member || !unit || Object.keys(errors).length > 0) return adminView(c, deps, { ...typed, chosen, errors }, 422);
  return { member, unit, role: got.role };
}

const appoint: Handler = async (c, deps) => {
  const o = await officeFrom(c, deps);
  if (o instanceof Response) return o;
  await deps.store.putOffice({ member: o.member.id, unit: o.unit.id, role: o.role });
  await deps.store.appendAudit(
    auditRecord(c.get('who')!.member.id, 'office.appointed', { member: o.member.id, unit: o.unit.id, role: o.role }, nowIso(deps.clock)),
  );
  return done(c, deps.config, paths.admin, appointedWords(o.member, o.role, o.unit, false));
};

const remove: Handler = async (c, deps) => {
  const o = await officeFrom(c, deps);
  if (o instanceof Response) return o;
  await deps.store.removeOffice({ member: o.member.id as MemberId, unit: o.unit.id as UnitId, role: o.role });
  await deps.store.appendAudit(
    auditRecord(c.get('who')!.member.id, 'office.removed', { member: o.member.id, unit: o.unit.id, role: o.role }, nowIso(deps.clock)),
  );
  return done(c, deps.config, paths.admin, appointedWords(o.member, o.role, o.unit, true));
};

export const adminHandlers: Readonly<Record<string, Handler>> = {
  admin: list,
  'admin.appoint': appoint,
  'admin.remove': remove,
  'admin.rulebook': nameRulebook,
  ...importHandlers,
  ...mailFailureHandlers,
};
