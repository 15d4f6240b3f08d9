/**
 * Custom rulebooks arrive as JSON files; this is the boundary where they become
 * a `Rulebook`. Every field is checked and every problem is reported, each as
 * `path: what is wrong` (e.g. `incumbentReview.combine.threshold.share.den:
 * must be a positive whole number`), so one run lists everything to fix.
 */
import { METHODS } from '../count/methods/index.js';
import { err, ok, type Result } from './result.js';
import type { Fraction, Rulebook, Threshold } from './rulebook.js';

/** Numerators and denominators of shares are at most this: the arithmetic stays exact and readable. */
export const MAX_FRACTION_PART = 10_000;

type Json = unknown;

class Checker {
  readonly problems: string[] = [];

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** An object with exactly these keys (optional ones may be missing); returns it, or undefined after reporting. */
  object(v: Json, path: string, required: readonly string[], optional: readonly string[] = [], orNull = false): Record<string, Json> | undefined {
    // A missing field was reported by its parent as missing.
    if (v === undefined && path !== '') return undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.problem(path || '(top level)', `must be an object${orNull ? ' or null' : ''}, not ${kindOf(v)}`);
      return undefined;
    }
    const o = v as Record<string, Json>;
    const known = [...required, ...optional];
    for (const k of Object.keys(o)) {
      if (!known.includes(k)) this.problem(join(path, k), `unknown field (expected ${list(known)})`);
    }
    for (const k of required) {
      if (!(k in o)) this.problem(join(path, k), 'missing');
    }
    return o;
  }

  string(v: Json, path: string, opts: { nonEmpty?: boolean; pattern?: RegExp; patternText?: string } = {}): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.fail(path, `must be a string, not ${kindOf(v)}`);
    if (opts.nonEmpty && v.trim() === '') return this.fail(path, 'must not be empty');
    if (opts.pattern && !opts.pattern.test(v)) return this.fail(path, `must be ${opts.patternText}, not ${JSON.stringify(v)}`);
    return v;
  }

  boolean(v: Json, path: string): boolean | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.fail(path, `must be true or false, not ${kindOf(v)}`);
    return v;
  }

  /** A whole number in [min, max]. */
  whole(v: Json, path: string, min: number, max = Number.MAX_SAFE_INTEGER, orNull = false): number | undefined {
    if (v === undefined) return undefined;
    const what = min === 1 && max === Number.MAX_SAFE_INTEGER ? 'a positive whole number' : max === Number.MAX_SAFE_INTEGER ? `a whole number, at least ${min}` : `a whole number from ${min} to ${max}`;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return this.fail(path, `must be ${what}${orNull ? ' or null' : ''}, not ${show(v)}`);
    return v;
  }

  choice<T extends string>(v: Json, path: string, choices: readonly T[]): T | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) return this.fail(path, `must be one of ${list(choices)}, not ${show(v)}`);
    return v as T;
  }

  /** A fraction num/den between 0 and 1 inclusive. */
  fraction(v: Json, path: string, orNull = false): Fraction | undefined {
    const o = this.object(v, path, ['num', 'den'], [], orNull);
    if (!o) return undefined;
    const before = this.problems.length;
    if (o.den !== undefined && (typeof o.den !== 'number' || !Number.isInteger(o.den) || o.den < 1)) this.problem(join(path, 'den'), `must be a positive whole number, not ${show(o.den)}`);
    else if (typeof o.den === 'number' && o.den > MAX_FRACTION_PART) this.problem(join(path, 'den'), `must be at most ${MAX_FRACTION_PART}, not ${o.den}`);
    if (o.num !== undefined && (typeof o.num !== 'number' || !Number.isInteger(o.num) || o.num < 0)) this.problem(join(path, 'num'), `must be a whole number, at least 0, not ${show(o.num)}`);
    if (this.problems.length > before || o.num === undefined || o.den === undefined) return undefined;
    const f = { num: o.num as number, den: o.den as number };
    if (f.num > f.den) return this.fail(path, `must be between 0 and 1, not ${f.num}/${f.den}`);
    return f;
  }

  threshold(v: Json, path: string): Threshold | undefined {
    const o = this.object(v, path, ['share', 'inclusive']);
    if (!o) return undefined;
    const share = this.fraction(o.share, join(path, 'share'));
    const inclusive = this.boolean(o.inclusive, join(path, 'inclusive'));
    if (share === undefined || inclusive === undefined) return undefined;
    if (share.num === 0) return this.fail(join(path, 'share'), 'must be more than 0 (a threshold of nothing is always met)');
    if (share.num === share.den && !inclusive) return this.fail(path, 'can never be met: more than all of the votes (make it inclusive, or lower the share)');
    return { share, inclusive };
  }

  private fail(path: string, message: string): undefined {
    this.problem(path, message);
    return undefined;
  }
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);
const list = (xs: readonly string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

function kindOf(v: Json): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${show(v)}`;
}

function show(v: Json): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/**
 * Every problem with a would-be rulebook, as `path: problem` lines; empty when
 * it is a valid rulebook.
 */
export function rulebookProblems(json: unknown): string[] {
  const c = new Checker();
  checkRulebook(c, json);
  return c.problems;
}

/** Checks a rulebook read from a file (or any JSON); `source` names it in the error message. */
export function parseRulebook(json: unknown, source: string): Result<Rulebook> {
  const problems = rulebookProblems(json);
  if (problems.length > 0) {
    const lines = problems.map((p) => `${source}: ${p}`);
    return err('invalid-rulebook', lines.join('\n'));
  }
  return ok(json as Rulebook);
}

const METHOD_IDS = METHODS.map((m) => m.id);

function checkRulebook(c: Checker, json: Json): void {
  const rb = c.object(json, '', ['id', 'version', 'name', 'description', 'eligibility', 'incumbentReview', 'selection', 'internalElection', 'exemptions', 'snapElection', 'uncertain']);
  if (!rb) return;
  c.string(rb.id, 'id', { nonEmpty: true, pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: 'lowercase letters, digits and hyphens (e.g. "labour-2021")' });
  c.whole(rb.version, 'version', 1);
  c.string(rb.name, 'name', { nonEmpty: true });
  c.string(rb.description, 'description');

  const el = c.object(rb.eligibility, 'eligibility', ['minMembershipMonths', 'arrearsGraceMonths', 'excludeSuspended']);
  if (el) {
    c.whole(el.minMembershipMonths, 'eligibility.minMembershipMonths', 0, 1200);
    if (el.arrearsGraceMonths !== null) c.whole(el.arrearsGraceMonths, 'eligibility.arrearsGraceMonths', 0, 1200, true);
    c.boolean(el.excludeSuspended, 'eligibility.excludeSuspended');
  }

  checkReview(c, rb.incumbentReview);
  checkSelection(c, rb.selection);

  if (rb.internalElection !== null && rb.internalElection !== undefined) {
    const ie = c.object(rb.internalElection, 'internalElection', ['seats', 'method', 'minWomen'], [], true);
    if (ie) {
      const seats = c.whole(ie.seats, 'internalElection.seats', 1);
      const method = c.choice(ie.method, 'internalElection.method', METHOD_IDS);
      const m = METHODS.find((x) => x.id === method);
      if (m && seats !== undefined && seats > 1 && !m.multiSeat) c.problem('internalElection.method', `${m.id} elects one candidate; ${seats} seats need a method that elects several (${list(METHODS.filter((x) => x.multiSeat).map((x) => x.id))})`);
      if (ie.minWomen !== null) {
        const w = c.whole(ie.minWomen, 'internalElection.minWomen', 0, seats ?? Number.MAX_SAFE_INTEGER, true);
        if (w !== undefined && w > 0 && m && !m.options.some((o) => o.name === 'minimum')) {
          c.problem('internalElection.minWomen', `${m.id} cannot enforce a minimum of women (methods that can: ${list(METHODS.filter((x) => x.options.some((o) => o.name === 'minimum')).map((x) => x.id))})`);
        }
      }
    }
  }

  const ex = c.object(rb.exemptions, 'exemptions', ['suspendedIncumbent', 'parentalLeaveMonths']);
  if (ex) {
    c.boolean(ex.suspendedIncumbent, 'exemptions.suspendedIncumbent');
    if (ex.parentalLeaveMonths !== null) c.whole(ex.parentalLeaveMonths, 'exemptions.parentalLeaveMonths', 1, 1200, true);
  }
  c.choice(rb.snapElection, 'snapElection', ['readopt-incumbents', 'continue'] as const);

  if (rb.uncertain !== undefined) {
    // Notes are matched against the fields only once the fields are right, so one mistake is not reported several times.
    const fieldsValid = c.problems.length === 0;
    const u = rb.uncertain;
    if (typeof u !== 'object' || u === null || Array.isArray(u)) c.problem('uncertain', `must be an object of notes by field path, not ${kindOf(u)}`);
    else {
      for (const [k, v] of Object.entries(u)) {
        if (typeof v !== 'string' || v.trim() === '') c.problem(`uncertain.${k}`, 'must be a note (a non-empty string) saying what is and is not known');
        if (fieldsValid && !hasPath(rb, k)) c.problem(`uncertain.${k}`, 'names no field of this rulebook');
      }
    }
  }
}

function checkReview(c: Checker, v: Json): void {
  const P = 'incumbentReview';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    c.object(v, P, []);
    return;
  }
  const kind = c.choice((v as Record<string, Json>).kind, `${P}.kind`, ['mandatory-reselection', 'trigger-ballot', 'members-meeting'] as const);
  if (!('kind' in v)) c.problem(`${P}.kind`, 'missing');
  switch (kind) {
    case undefined:
      return;
    case 'mandatory-reselection':
      c.object(v, P, ['kind']);
      return;
    case 'members-meeting': {
      const o = c.object(v, P, ['kind', 'readoptThreshold', 'appeal']);
      if (!o) return;
      c.threshold(o.readoptThreshold, `${P}.readoptThreshold`);
      if (o.appeal !== null && o.appeal !== undefined && o.appeal !== 'all-member-ballot') c.problem(`${P}.appeal`, `must be "all-member-ballot" or null, not ${show(o.appeal)}`);
      return;
    }
    case 'trigger-ballot': {
      const o = c.object(v, P, ['kind', 'combine', 'unitVote', 'affiliateCounting']);
      if (!o) return;
      checkCombine(c, o.combine);
      const uv = c.object(o.unitVote, `${P}.unitVote`, ['tie']);
      if (uv) c.choice(uv.tie, `${P}.unitVote.tie`, ['no', 'abstain'] as const);
      c.choice(o.affiliateCounting, `${P}.affiliateCounting`, ['per-branch', 'per-affiliate'] as const);
      return;
    }
  }
}

function checkCombine(c: Checker, v: Json): void {
  const P = 'incumbentReview.combine';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    c.object(v, P, []);
    return;
  }
  if (!('kind' in v)) c.problem(`${P}.kind`, 'missing');
  const kind = c.choice((v as Record<string, Json>).kind, `${P}.kind`, ['pooled', 'either-class', 'college'] as const);
  if (kind === undefined) return;
  if (kind !== 'college') {
    const o = c.object(v, P, ['kind', 'threshold']);
    if (o) c.threshold(o.threshold, `${P}.threshold`);
    return;
  }
  const o = c.object(v, P, ['kind', 'weights', 'threshold'], ['silentClass']);
  if (!o) return;
  c.threshold(o.threshold, `${P}.threshold`);
  if (o.silentClass !== undefined) c.choice(o.silentClass, `${P}.silentClass`, ['reweight', 'zero'] as const);
  const w = c.object(o.weights, `${P}.weights`, ['branch', 'affiliate']);
  if (!w) return;
  const b = c.fraction(w.branch, `${P}.weights.branch`);
  const a = c.fraction(w.affiliate, `${P}.weights.affiliate`);
  if (b && a && b.num * a.den + a.num * b.den !== a.den * b.den) {
    c.problem(`${P}.weights`, `must add up to 1, not ${b.num}/${b.den} + ${a.num}/${a.den}`);
  }
}

function checkSelection(c: Checker, v: Json): void {
  const P = 'selection';
  const s = c.object(v, P, ['ballot', 'method', 'nominations', 'shortlist']);
  if (!s) return;
  c.choice(s.ballot, `${P}.ballot`, ['omov', 'delegates'] as const);
  const method = c.choice(s.method, `${P}.method`, ['irv', 'plurality'] as const);
  if (method !== undefined && !METHOD_IDS.includes(method)) c.problem(`${P}.method`, `"${method}" is not a counting method here (methods: ${list(METHOD_IDS)})`);
  const n = c.object(s.nominations, `${P}.nominations`, ['perUnit', 'minWomenPerUnit']);
  if (n) {
    const per = c.whole(n.perUnit, `${P}.nominations.perUnit`, 1);
    c.whole(n.minWomenPerUnit, `${P}.nominations.minWomenPerUnit`, 0, per ?? Number.MAX_SAFE_INTEGER);
  }
  const sl = c.object(s.shortlist, `${P}.shortlist`, ['allWomen', 'minWomenLonglist', 'minWomenShortlist', 'incumbentAutomatically']);
  if (sl) {
    c.boolean(sl.allWomen, `${P}.shortlist.allWomen`);
    if (sl.minWomenLonglist !== null) c.fraction(sl.minWomenLonglist, `${P}.shortlist.minWomenLonglist`, true);
    if (sl.minWomenShortlist !== null) c.fraction(sl.minWomenShortlist, `${P}.shortlist.minWomenShortlist`, true);
    c.boolean(sl.incumbentAutomatically, `${P}.shortlist.incumbentAutomatically`);
  }
}

/** Whether a dotted path names a field present in the object (uncertain notes must point at something). */
function hasPath(root: Record<string, Json>, path: string): boolean {
  let v: Json = root;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, key)) return false;
    v = (v as Record<string, Json>)[key];
  }
  return path !== 'uncertain' && !path.startsWith('uncertain.');
}
