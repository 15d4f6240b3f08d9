/**
 * Importing units and members from a membership system's CSV export
 * (formats: src/formats/units-csv.ts and members-csv.ts).
 *
 * Every row is checked before anything is written. If any row is wrong,
 * nothing is written and every problem is reported as `line N: field:
 * problem`; otherwise all rows are written in one transaction. A dry run
 * checks and reports the same way but never writes; a real import is logged
 * in the audit log as a long action, started and then finished with its outcome.
 * Either way the import's effect is told: how many rows add a unit or member,
 * change one already stored (and how many members it lapses), or change nothing,
 * with a few of each by name. The command line and the web app both import here.
 */
import { readFile } from 'node:fs/promises';
import { auditRecord } from '../audit/index.js';
import { dateOf, type Clock, type IsoDate } from '../domain/time.js';
import type { UnitId } from '../domain/ids.js';
import type { Member, Unit, UnitKind } from '../domain/organisation.js';
import type { MemberId } from '../domain/ids.js';
import type { DomainError, Result } from '../domain/result.js';
import { InputError } from '../formats/errors.js';
import { parseMembersCsv } from '../formats/members-csv.js';
import type { RowProblem, TableResult } from '../formats/membership-csv.js';
import { parseUnitsCsv } from '../formats/units-csv.js';
import type { AuditStore, OrganisationStore } from '../store/store.js';
import { longAction, reasonOf } from './audited-action.js';

export interface ImportOptions {
  /** Check every row and report, but write nothing. */
  readonly dryRun?: boolean;
  /** Today, which no date of birth may be after; the system clock's day if not given. */
  readonly today?: IsoDate;
}

export interface ImportSummary {
  /** Rows read (each one a unit or member; one already stored is replaced). */
  readonly rows: number;
  /** False in a dry run. */
  readonly written: boolean;
  /** What the rows do (or, in a dry run, would do) to what is stored. */
  readonly effect: ImportEffect;
}

/** How many rows add, change or leave as it is a unit or member; of the members changed, how many lapse; a few names of each. */
export interface ImportEffect {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  /** Members stored as not lapsed whose row makes them lapsed (they are among `changed`); always 0 for units. */
  readonly lapsed: number;
  /** The first few names of each, in file order. */
  readonly examples: { readonly added: readonly string[]; readonly changed: readonly string[]; readonly lapsed: readonly string[] };
}

/** Names given as examples of each part of an effect. */
export const EFFECT_EXAMPLES = 5;

/**
 * The file had bad rows: nothing was written. `message` says how many; `problems` lists them, which
 * the command line prints one a line; it is the one refusal an import gives, so it keeps its own code.
 */
export interface ImportRejected extends DomainError {
  readonly code: 'invalid-rows';
  readonly problems: readonly RowProblem[];
}

export type ImportResult = Result<ImportSummary, ImportRejected>;

export type MembershipTable = 'units' | 'members';

/** Imports the units or the members in `file`, logged as who acts, unless it is a dry run (which writes nothing and is not logged). */
export async function importMembership(
  store: OrganisationStore & AuditStore,
  what: MembershipTable,
  file: string,
  how: { readonly dryRun: boolean; readonly actor: string; readonly clock: Clock },
): Promise<ImportResult> {
  return importMembershipText(store, what, await readText(file), file, how);
}

/** As importMembership, from the file's text (an upload); `file` names it in messages and in the audit log. */
export function importMembershipText(
  store: OrganisationStore & AuditStore,
  what: MembershipTable,
  text: string,
  file: string,
  how: { readonly dryRun: boolean; readonly actor: string; readonly clock: Clock },
): Promise<ImportResult> {
  const options = { dryRun: how.dryRun, today: dateOf(how.clock.now()) };
  const run = () => (what === 'units' ? importUnitsCsv(store, text, file, options) : importMembersCsv(store, text, file, options));
  if (how.dryRun) return run();
  const now = () => how.clock.now().toISOString();
  const named = file.length > 1_000 ? `${file.slice(0, 999)}…` : file;
  const none = { added: null, changed: null, lapsed: null };
  return longAction(store, auditRecord(how.actor, 'import.started', { what, file: named }, now()), run, (o) =>
    auditRecord(
      how.actor,
      'import.finished',
      !o.ok
        ? { what, file: named, outcome: 'failed', rows: 0, problems: 0, reason: reasonOf(o.error), ...none }
        : o.value.ok
          ? {
              what,
              file: named,
              outcome: 'imported',
              rows: o.value.value.rows,
              problems: 0,
              reason: null,
              added: o.value.value.effect.added,
              changed: o.value.value.effect.changed,
              lapsed: o.value.value.effect.lapsed,
            }
          : { what, file: named, outcome: 'refused', rows: 0, problems: o.value.error.problems.length, reason: reasonOf(o.value.error.message), ...none },
      now(),
    ),
  );
}

export async function importUnits(store: OrganisationStore, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  return importUnitsCsv(store, await readText(file), file, options);
}

export async function importMembers(store: OrganisationStore, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  return importMembersCsv(store, await readText(file), file, options);
}

/** As importUnits, from the file's text (`file` names it in messages). */
export async function importUnitsCsv(store: OrganisationStore, text: string, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const units = await store.listUnits();
  const parsed = parseUnitsCsv(text, new Map(units.map((u) => [u.id, u.kind])));
  if (!parsed.ok) return rejected(parsed, file);
  const before = new Map(units.map((u) => [u.id as string, u]));
  const effect = effectOf(
    parsed.rows,
    (u) => before.get(u.id),
    sameUnit,
    () => false,
  );
  if (options.dryRun) return { ok: true, value: { rows: parsed.rows.length, written: false, effect } };
  await store.putUnits(parsed.rows);
  return { ok: true, value: { rows: parsed.rows.length, written: true, effect } };
}

/** As importMembers, from the file's text (`file` names it in messages). */
export async function importMembersCsv(store: OrganisationStore, text: string, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const parsed = parseMembersCsv(text, await unitKinds(store), { today: options.today ?? dateOf(new Date()) });
  if (!parsed.ok) return rejected(parsed, file);
  const shared = await sharedEmails(store, parsed.rows, parsed.lines, file);
  if (shared.length > 0) return rejected({ ok: false, problems: shared }, file);
  const before = await storedMembers(store, parsed.rows);
  const effect = effectOf(
    parsed.rows,
    (m) => before.get(m.id),
    sameMember,
    (was, now) => latestStatus(was) !== 'lapsed' && latestStatus(now) === 'lapsed',
  );
  if (options.dryRun) return { ok: true, value: { rows: parsed.rows.length, written: false, effect } };
  await store.putMembers(parsed.rows);
  return { ok: true, value: { rows: parsed.rows.length, written: true, effect } };
}

/** The effect in words, for the command line and the web: "3 added, 1 changed (1 lapsed), 5 unchanged". */
export function effectWords(what: MembershipTable, e: ImportEffect): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  return `${n(e.added)} added, ${n(e.changed)} changed${what === 'members' ? ` (${n(e.lapsed)} of them lapsed)` : ''}, ${n(e.unchanged)} unchanged`;
}

/** Members read by id a page at a time. */
const STORED_PAGE = 5_000;

async function storedMembers(store: OrganisationStore, rows: readonly Member[]): Promise<Map<string, Member>> {
  const out = new Map<string, Member>();
  for (let i = 0; i < rows.length; i += STORED_PAGE) {
    for (const m of await store.membersById(rows.slice(i, i + STORED_PAGE).map((r) => r.id as MemberId))) out.set(m.id, m);
  }
  return out;
}

function effectOf<T extends { readonly name: string }>(
  rows: readonly T[],
  stored: (row: T) => T | undefined,
  same: (a: T, b: T) => boolean,
  lapses: (was: T, now: T) => boolean,
): ImportEffect {
  let added = 0;
  let changed = 0;
  let lapsed = 0;
  const examples = { added: [] as string[], changed: [] as string[], lapsed: [] as string[] };
  const note = (list: string[], name: string) => {
    if (list.length < EFFECT_EXAMPLES) list.push(name);
  };
  for (const row of rows) {
    const was = stored(row);
    if (was === undefined) {
      added++;
      note(examples.added, row.name);
    } else if (!same(was, row)) {
      changed++;
      note(examples.changed, row.name);
      if (lapses(was, row)) {
        lapsed++;
        note(examples.lapsed, row.name);
      }
    }
  }
  return { added, changed, unchanged: rows.length - added - changed, lapsed, examples };
}

const sameUnit = (a: Unit, b: Unit): boolean => a.kind === b.kind && a.name === b.name && a.parent === b.parent && a.constituency === b.constituency;

const sameMember = (a: Member, b: Member): boolean =>
  a.name === b.name &&
  a.email === b.email &&
  a.branch === b.branch &&
  a.joined === b.joined &&
  a.gender === b.gender &&
  a.statusHistory.length === b.statusHistory.length &&
  a.statusHistory.every((h, i) => h.from === b.statusHistory[i].from && h.status === b.statusHistory[i].status) &&
  // A file without these columns keeps what is stored, so only a value the row gives can change them.
  (b.born === undefined || (a.born ?? null) === b.born) &&
  (b.membershipClass === undefined || (a.membershipClass ?? null) === b.membershipClass) &&
  (b.selfIdentified === undefined || [...(a.selfIdentified ?? [])].sort().join('\n') === [...b.selfIdentified].sort().join('\n'));

/** The member's status after the last change of their history. */
const latestStatus = (m: Member) => m.statusHistory[m.statusHistory.length - 1]?.status ?? null;

/**
 * Members sharing an email address (ignoring case), within the file or with a member already stored under
 * another id: refused, since a sign-in code for that address could sign in only one of them. A stored
 * member whose row is in the file takes the file's address, so only the file's addresses count for them.
 */
async function sharedEmails(store: OrganisationStore, members: readonly Member[], lines: readonly number[], file: string): Promise<RowProblem[]> {
  const problems: RowProblem[] = [];
  const byEmail = new Map<string, { readonly email: string; readonly line: number }>();
  members.forEach((m, i) => {
    if (m.email === null) return;
    const key = m.email.toLowerCase();
    const first = byEmail.get(key);
    if (first) problems.push({ line: lines[i], field: 'email', problem: `${file}:${first.line} and ${file}:${lines[i]}: the same email address ${m.email}` });
    else byEmail.set(key, { email: m.email, line: lines[i] });
  });
  if (byEmail.size === 0) return problems;
  const inFile = new Set(members.map((m) => m.id as string));
  const branches = (await store.listUnits({ kind: 'branch' })).map((u) => u.id);
  for await (const stored of store.membersOf(branches)) {
    if (stored.email === null || inFile.has(stored.id)) continue;
    const clash = byEmail.get(stored.email.toLowerCase());
    if (clash)
      problems.push({
        line: clash.line,
        field: 'email',
        problem: `${file}:${clash.line}: the same email address ${clash.email} as member ${stored.id} (${stored.name}), already stored`,
      });
  }
  return problems.sort((a, b) => a.line - b.line);
}

async function unitKinds(store: OrganisationStore): Promise<Map<UnitId, UnitKind>> {
  return new Map((await store.listUnits()).map((u) => [u.id, u.kind]));
}

function rejected(parsed: Extract<TableResult<unknown>, { ok: false }>, file: string): ImportResult {
  const n = parsed.problems.length;
  return {
    ok: false,
    error: { code: 'invalid-rows', message: `${file}: ${n} problem${n === 1 ? '' : 's'}; nothing was imported`, problems: parsed.problems },
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      null,
      `cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(e))})`,
    );
  }
}
