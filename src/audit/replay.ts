/**
 * Replaying the audit log against the stored processes (`hustings audit replay`).
 *
 * The log is hash-chained, so whoever holds the database cannot rewrite it unseen; the
 * `processes` table is not. Replay folds each process's step entries, in order, into what the
 * log says the process now holds (each unit's meeting, the candidates, the lists, the frozen
 * electorate, the count, the declaration, its version) and names every place where the stored
 * state says otherwise. It reads only what the step entries carry (process-steps.ts), which
 * is the part of a step an officer decided; what the domain derives from it (an outcome's
 * arithmetic, a count's rounds) is checked by recounting, not here.
 */
import type { AuditEntry } from './chain.js';

export interface ReplayedProcess {
  readonly id: string;
  readonly kind: string;
  readonly version: number;
  readonly state: unknown;
}

export interface ReplayReport {
  /** Processes the log or the table knows of. */
  readonly processes: number;
  /** Step entries replayed. */
  readonly steps: number;
  /** Each difference in words, naming the process, what differs, and both values. */
  readonly differences: readonly string[];
}

type Fields = Readonly<Record<string, unknown>>;

interface Figures {
  readonly for: number;
  readonly against: number;
  readonly abstentions: number;
  readonly attendance: number;
  readonly date: string;
}

type UnitRecord = ({ readonly kind: 'meeting' } & Figures) | { readonly kind: 'absent' };

/** What the log says of one process, after its entries so far. */
interface Logged {
  kind: string;
  opened: boolean;
  version: number;
  readonly units: Map<string, UnitRecord>;
  membersMeeting: Figures | null;
  outcome: string | null;
  readonly candidates: Map<string, string>;
  readonly withdrawn: Set<string>;
  longlist: readonly string[] | null;
  shortlist: readonly string[] | null;
  electorate: { readonly eligible: number; readonly total: number } | null;
  count: { readonly method: string; readonly seed: number; readonly ballots: number; readonly elected: readonly string[] } | null;
  declared: readonly string[] | null;
  /** The voting window the ballot opened with, as the log has it (null: not opened, or opened before windows were logged). */
  window: { readonly opensAt: string; readonly closesAt: string } | null;
}

const KIND_OF_PREFIX: Readonly<Record<string, string>> = { trigger: 'trigger-ballot', selection: 'selection', election: 'internal-election' };

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): readonly string[] => (Array.isArray(v) ? v.map(str) : []);
/** A JSON object's fields, or null: a stored state may have been edited into any shape, so it is looked into, never trusted. */
const isFields = (v: unknown): v is Fields => typeof v === 'object' && v !== null;
const fieldsOf = (v: unknown): Fields | null => (isFields(v) ? v : null);
/** The objects of a list; none when it is not one. */
const listOf = (v: unknown): Fields[] => (Array.isArray(v) ? v.filter(isFields) : []);
const figuresOf = (d: Fields): Figures => ({
  for: num(d.for),
  against: num(d.against),
  abstentions: num(d.abstentions),
  attendance: num(d.attendance),
  date: str(d.date),
});

function fresh(kind: string): Logged {
  return {
    kind,
    opened: false,
    version: 0,
    units: new Map(),
    membersMeeting: null,
    outcome: null,
    candidates: new Map(),
    withdrawn: new Set(),
    longlist: null,
    shortlist: null,
    electorate: null,
    count: null,
    declared: null,
    window: null,
  };
}

/** Applies one step entry to what the log says of its process. */
function apply(l: Logged, step: string, d: Fields): void {
  switch (step) {
    case 'opened':
    case 'exempted':
      l.opened = true;
      if (typeof d.outcome === 'string') l.outcome = d.outcome;
      // A selection that follows a trigger ballot opens with the incumbent standing, as c1.
      if (l.kind === 'selection' && typeof d.incumbent === 'string') l.candidates.set('c1', d.incumbent);
      return;
    case 'meeting-recorded':
    case 'meeting-corrected':
      l.units.set(str(d.unit), { kind: 'meeting', ...figuresOf(d) });
      return;
    case 'absence-recorded':
      l.units.set(str(d.unit), { kind: 'absent' });
      return;
    case 'closed':
    case 'snap-election':
      if (typeof d.outcome === 'string') l.outcome = d.outcome;
      return;
    case 'members-meeting-recorded':
      l.membersMeeting = figuresOf(d);
      if (d.readopted === true) l.outcome = 'readopted';
      return;
    case 'appeal-ballot-recorded':
      if (typeof d.outcome === 'string') l.outcome = d.outcome;
      return;
    case 'applied':
      l.candidates.set(str(d.candidate), str(d.name));
      return;
    case 'nominated':
      // A selection's nomination is by a unit; an election's enters a candidate.
      if (d.unit === undefined) l.candidates.set(str(d.candidate), str(d.name));
      return;
    case 'withdrawn':
      l.withdrawn.add(str(d.candidate));
      return;
    case 'longlisted':
      l.longlist = strs(d.candidates);
      return;
    case 'shortlisted':
      l.shortlist = strs(d.candidates);
      return;
    case 'ballot-opened':
      if (typeof d.opensAt === 'string' && typeof d.closesAt === 'string') l.window = { opensAt: d.opensAt, closesAt: d.closesAt };
      return;
    case 'electorate-frozen':
      l.electorate = { eligible: num(d.eligible), total: num(d.total) };
      return;
    case 'counted':
      l.count = { method: str(d.method), seed: num(d.seed), ballots: num(d.ballots), elected: d.winner !== undefined ? [str(d.winner)] : strs(d.elected) };
      return;
    case 'declared':
      l.declared = d.winner !== undefined ? [str(d.winner)] : strs(d.elected).map((e) => e.slice(0, e.indexOf(':') < 0 ? e.length : e.indexOf(':')));
      return;
  }
}

/** Every process's logged view, from the log's entries in order. */
function fold(entries: readonly AuditEntry[]): { readonly logged: Map<string, Logged>; readonly steps: number } {
  const logged = new Map<string, Logged>();
  let steps = 0;
  for (const e of entries) {
    const d = fieldsOf(e.data) ?? {};
    if (typeof d.process !== 'string' || typeof d.version !== 'number') continue;
    const dot = e.type.indexOf('.');
    const prefix = e.type.slice(0, dot);
    let kind = KIND_OF_PREFIX[prefix];
    let step = e.type.slice(dot + 1);
    if (e.type === 'process.step') {
      kind = str(d.kind);
      step = str(d.step);
    } else if (kind === undefined) continue;
    const l = logged.get(d.process) ?? fresh(kind);
    logged.set(d.process, l);
    l.version = Math.max(l.version, d.version);
    if (d.version === 1) l.opened = true;
    apply(l, step, d);
    steps++;
  }
  return { logged, steps };
}

const KIND_WORDS: Readonly<Record<string, string>> = { 'trigger-ballot': 'trigger ballot', selection: 'selection', 'internal-election': 'internal election' };

function figuresText(f: Figures, other: Figures): string {
  const parts = [`${f.for} for, ${f.against} against`];
  if (f.abstentions !== other.abstentions) parts.push(`${f.abstentions} abstaining`);
  if (f.attendance !== other.attendance) parts.push(`${f.attendance} present`);
  if (f.date !== other.date) parts.push(`held on ${f.date}`);
  return parts.join(', ');
}

const sameFigures = (a: Figures, b: Figures): boolean =>
  a.for === b.for && a.against === b.against && a.abstentions === b.abstentions && a.attendance === b.attendance && a.date === b.date;

/** A unit's record in words; `first` words it to follow "meeting is" (the second follows "but"). */
function unitText(r: UnitRecord | null | undefined, other: UnitRecord | null | undefined, first: boolean): string {
  if (r === null || r === undefined) return 'not recorded';
  const what = r.kind === 'absent' ? 'not held' : figuresText(r, other?.kind === 'meeting' ? other : { ...r, for: NaN });
  return first ? `recorded as ${what}` : what;
}

const listText = (xs: readonly string[] | null): string => (xs === null ? 'not set' : xs.length === 0 ? 'empty' : xs.join(', '));
const sameList = (a: readonly string[] | null, b: readonly string[] | null): boolean =>
  a === null || b === null ? a === b : a.length === b.length && a.every((x, i) => x === b[i]);

/** The stored result of a trigger ballot's unit, in the log's terms. */
function storedUnit(result: unknown): UnitRecord | null {
  const r = fieldsOf(result);
  if (r === null) return null;
  if (r.kind === 'absent') return { kind: 'absent' };
  return { kind: 'meeting', ...figuresOf(r) };
}

function sameUnit(a: UnitRecord | null | undefined, b: UnitRecord | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  if (a.kind === 'absent' || b.kind === 'absent') return a.kind === b.kind;
  return sameFigures(a, b);
}

function compareTrigger(name: string, l: Logged, s: Fields, out: string[]): void {
  const units = listOf(s.units);
  const known = new Set<string>();
  for (const u of units) {
    const id = str(u.id);
    known.add(id);
    const stored = storedUnit(u.result);
    const log = l.units.get(id);
    if (!sameUnit(stored, log)) {
      out.push(
        `${name}: unit ${str(u.name) || id}'s meeting is ${unitText(stored, log, true)} in the processes table but ${unitText(log, stored, false)} in the audit log`,
      );
    }
  }
  for (const id of l.units.keys()) {
    if (!known.has(id)) out.push(`${name}: the audit log records a meeting of unit ${id}, which the processes table does not list`);
  }
  const meeting = fieldsOf(s.membersMeeting);
  const mm: Figures | null = meeting === null ? null : figuresOf(meeting);
  if ((mm === null) !== (l.membersMeeting === null) || (mm && l.membersMeeting && !sameFigures(mm, l.membersMeeting))) {
    const t = (f: Figures | null, o: Figures | null) => (f === null ? 'not recorded' : figuresText(f, o ?? { ...f, for: NaN }));
    out.push(
      `${name}: the members' meeting is ${mm === null ? '' : 'recorded as '}${t(mm, l.membersMeeting)} in the processes table but ${t(l.membersMeeting, mm)} in the audit log`,
    );
  }
  const decided = fieldsOf(s.outcome);
  const outcome = decided === null ? null : str(decided.result);
  if (outcome !== l.outcome)
    out.push(`${name}: the outcome is ${outcome ?? 'not decided'} in the processes table but ${l.outcome ?? 'not decided'} in the audit log`);
}

function compareBallot(name: string, l: Logged, s: Fields, out: string[]): void {
  const candidates = listOf(s.candidates);
  const stored = new Map(candidates.map((c) => [str(c.id), c]));
  for (const [id, c] of stored) {
    const logged = l.candidates.get(id);
    if (logged === undefined) out.push(`${name}: candidate ${str(c.name)} (${id}) is in the processes table but was never entered in the audit log`);
    else if (logged !== str(c.name)) out.push(`${name}: candidate ${id} is named ${str(c.name)} in the processes table but ${logged} in the audit log`);
    const withdrawn = c.withdrawn !== null && c.withdrawn !== undefined;
    if (withdrawn !== l.withdrawn.has(id))
      out.push(
        `${name}: candidate ${str(c.name)} (${id}) has ${withdrawn ? '' : 'not '}withdrawn in the processes table but has ${withdrawn ? 'not ' : ''}in the audit log`,
      );
  }
  for (const [id, n] of l.candidates) {
    if (!stored.has(id)) out.push(`${name}: the audit log enters candidate ${n} (${id}), who is not in the processes table`);
  }
  if (s.kind === 'selection') {
    for (const which of ['longlist', 'shortlist'] as const) {
      const mine = Array.isArray(s[which]) ? strs(s[which]) : null;
      if (!sameList(mine, l[which])) out.push(`${name}: the ${which} is ${listText(mine)} in the processes table but ${listText(l[which])} in the audit log`);
    }
  }
  const e = fieldsOf(s.electorate);
  const se = e === null ? null : { eligible: num(e.eligible), total: num(e.total) };
  if ((se === null) !== (l.electorate === null) || (se && l.electorate && (se.eligible !== l.electorate.eligible || se.total !== l.electorate.total))) {
    const t = (x: { eligible: number; total: number } | null) => (x === null ? 'not frozen' : `${x.eligible} eligible of ${x.total}`);
    out.push(`${name}: the electorate is ${t(se)} in the processes table but ${t(l.electorate)} in the audit log`);
  }
  // The window voting is held to: moved in the store, it would let votes in after the closing moment the ballot opened with.
  const b = fieldsOf(s.ballot);
  if (l.window !== null) {
    for (const [key, words] of [
      ['opensAt', 'opens'],
      ['closesAt', 'closes'],
    ] as const) {
      const moment = b === null ? undefined : b[key];
      const stored = typeof moment === 'string' ? moment : null;
      if (stored !== l.window[key])
        out.push(`${name}: voting ${words} at ${stored ?? 'no stated moment'} in the processes table but at ${l.window[key]} in the audit log`);
    }
  }
  const c = fieldsOf(s.count);
  const sc = c === null ? null : { method: str(c.method), seed: num(c.seed), ballots: num(c.ballots), elected: strs(c.elected) };
  const lc = l.count;
  if (sc === null || lc === null) {
    if (sc !== lc)
      out.push(`${name}: the count is ${sc ? 'recorded' : 'not recorded'} in the processes table but ${lc ? 'recorded' : 'not recorded'} in the audit log`);
  } else {
    if (sc.method !== lc.method) out.push(`${name}: the count's method is ${sc.method} in the processes table but ${lc.method} in the audit log`);
    if (sc.seed !== lc.seed) out.push(`${name}: the count's seed is ${sc.seed} in the processes table but ${lc.seed} in the audit log`);
    if (sc.ballots !== lc.ballots) out.push(`${name}: the count is of ${sc.ballots} ballots in the processes table but ${lc.ballots} in the audit log`);
    if (!sameList(sc.elected, lc.elected))
      out.push(`${name}: the count elects ${listText(sc.elected)} in the processes table but ${listText(lc.elected)} in the audit log`);
  }
  const d = fieldsOf(s.declaration);
  const sd = d === null ? null : d.winner !== undefined ? [str(d.winner)] : listOf(d.elected).map((x) => str(x.id));
  if (!sameList(sd, l.declared)) {
    const t = (x: readonly string[] | null) => (x === null ? 'not declared' : `declared for ${listText(x)}`);
    out.push(`${name}: the result is ${t(sd)} in the processes table but ${t(l.declared)} in the audit log`);
  }
}

/**
 * Replays the log's step entries and compares them with the stored processes. `constituencyName`
 * gives the name of a constituency by id (for trigger ballots, which have no title of their own).
 */
export function replayAudit(
  entries: readonly AuditEntry[],
  processes: readonly ReplayedProcess[],
  constituencyName: (id: string) => string | undefined = () => undefined,
): ReplayReport {
  const { logged, steps } = fold(entries);
  const differences: string[] = [];
  const stored = new Map(processes.map((p) => [p.id, p]));
  for (const p of processes) {
    const s = fieldsOf(p.state) ?? {};
    const where = typeof s.title === 'string' ? s.title : typeof s.constituency === 'string' ? (constituencyName(s.constituency) ?? s.constituency) : p.id;
    const name = `${KIND_WORDS[p.kind] ?? p.kind} ${where} (${p.id})`;
    const l = logged.get(p.id);
    if (l === undefined || !l.opened) {
      differences.push(`${name}: it is in the processes table (at version ${p.version}) but the audit log has no entry of its opening`);
      if (l === undefined) continue;
    }
    if (l.kind !== p.kind)
      differences.push(`${name}: it is ${KIND_WORDS[p.kind] ?? p.kind} in the processes table but ${KIND_WORDS[l.kind] ?? l.kind} in the audit log`);
    if (l.version !== p.version) {
      differences.push(
        p.version > l.version
          ? `${name}: the processes table is at version ${p.version} but the audit log's last step is version ${l.version}: ${p.version - l.version} step${p.version - l.version === 1 ? ' was' : 's were'} made without an entry`
          : `${name}: the audit log records steps up to version ${l.version} but the processes table is only at version ${p.version}`,
      );
    }
    if (p.kind === 'trigger-ballot') compareTrigger(name, l, s, differences);
    else compareBallot(name, l, s, differences);
  }
  for (const [id, l] of logged) {
    if (!stored.has(id))
      differences.push(
        `${KIND_WORDS[l.kind] ?? l.kind} ${id}: the audit log records ${l.version} step${l.version === 1 ? '' : 's'} of it but it is not in the processes table`,
      );
  }
  return { processes: new Set([...stored.keys(), ...logged.keys()]).size, steps, differences };
}
