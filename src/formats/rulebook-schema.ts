/**
 * Custom rulebooks arrive as JSON files; this is the boundary where they become
 * a `Rulebook`. The shape is one zod schema (also published, as JSON Schema,
 * for rulebook authors); every problem is reported, each as `path: what is
 * wrong` (e.g. `incumbentReview.combine.threshold.share.den: must be a
 * positive whole number`), so one run lists everything to fix. The words are
 * written here rather than taken from zod, so they read the same whatever zod's
 * own wording becomes.
 */
import { z } from 'zod';
import { METHODS } from '../count/methods/index.js';
import { err, ok, type Result } from '../domain/result.js';
import { SELF_IDENTIFIED } from '../domain/organisation.js';
import { SEGMENT_KINDS, type Rulebook } from '../domain/rulebook.js';

/** Numerators and denominators of shares are at most this: the arithmetic stays exact and readable. */
export const MAX_FRACTION_PART = 10_000;

const list = (xs: readonly string[]): string => xs.map((x) => JSON.stringify(x)).join(', ');

function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${show(v)}`;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** The issue zod hands an error function: what was found is all the wording needs. */
interface Found {
  readonly code: string;
  readonly input?: unknown;
}

/** A missing field is "missing" wherever it is, whatever it should have been. */
const says =
  (words: (input: unknown) => string) =>
  (iss: Found): string =>
    iss.input === undefined ? 'missing' : words(iss.input);

/**
 * An object with exactly these fields. `expected` lists them as the message for
 * an unknown field does, when that order differs from the order they are checked in.
 */
function strict<S extends z.ZodRawShape>(shape: S, opts: { orNull?: boolean; expected?: readonly string[] } = {}) {
  const expected = opts.expected ?? Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field (expected ${list(expected)})`
        : says((v) => `must be an object${opts.orNull ? ' or null' : ''}, not ${kindOf(v)}`)(iss),
  });
}

/** A whole number in [min, max]. */
function whole(min: number, max = Number.MAX_SAFE_INTEGER, orNull = false) {
  const what =
    min === 1 && max === Number.MAX_SAFE_INTEGER
      ? 'a positive whole number'
      : max === Number.MAX_SAFE_INTEGER
        ? `a whole number, at least ${min}`
        : `a whole number from ${min} to ${max}`;
  const error = says((v) => `must be ${what}${orNull ? ' or null' : ''}, not ${show(v)}`);
  // Aborting, so the checks that compare fields run only on fields that are right.
  const atLeast = z.number({ error }).int({ error, abort: true }).min(min, { error, abort: true });
  return max === Number.MAX_SAFE_INTEGER ? atLeast : atLeast.max(max, { error, abort: true });
}

const bool = () => z.boolean({ error: says((v) => `must be true or false, not ${kindOf(v)}`) });

const choice = <const T extends readonly [string, ...string[]]>(choices: T) =>
  z.enum(choices, { error: says((v) => `must be one of ${list(choices)}, not ${show(v)}`) });

const text = () => z.string({ error: says((v) => `must be a string, not ${kindOf(v)}`) });
const nonEmpty = () => text().regex(/\S/, { error: 'must not be empty', abort: true });

/** A fraction num/den between 0 and 1 inclusive. */
function fraction(orNull = false) {
  return strict(
    {
      num: whole(0),
      den: whole(1).max(MAX_FRACTION_PART, { error: (iss) => `must be at most ${MAX_FRACTION_PART}, not ${show(iss.input)}`, abort: true }),
    },
    { orNull, expected: ['num', 'den'] },
  ).check((ctx) => {
    const { num, den } = ctx.value;
    if (num > den) ctx.issues.push({ code: 'custom', input: ctx.value, message: `must be between 0 and 1, not ${num}/${den}` });
  });
}

const threshold = () =>
  strict({ share: fraction(), inclusive: bool() }).check((ctx) => {
    const { share, inclusive } = ctx.value;
    if (share.num === 0)
      ctx.issues.push({ code: 'custom', input: share, path: ['share'], message: 'must be more than 0 (a threshold of nothing is always met)' });
    else if (share.num === share.den && !inclusive)
      ctx.issues.push({ code: 'custom', input: ctx.value, message: 'can never be met: more than all of the votes (make it inclusive, or lower the share)' });
  });

/** A union keyed on `kind`: a missing or unknown kind is reported at `kind`. */
const kinds = <T extends readonly [string, ...string[]]>(names: T) =>
  says((v) => {
    if (!isRecord(v)) return `must be an object, not ${kindOf(v)}`;
    return v.kind === undefined ? 'missing' : `must be one of ${list(names)}, not ${show(v.kind)}`;
  });

const combine = z.discriminatedUnion(
  'kind',
  [
    strict({ kind: z.literal('pooled'), threshold: threshold() }),
    strict({ kind: z.literal('either-class'), threshold: threshold() }),
    strict(
      {
        kind: z.literal('college'),
        threshold: threshold(),
        silentClass: choice(['reweight', 'zero']).exactOptional(),
        weights: strict({ branch: fraction(), affiliate: fraction() }).check((ctx) => {
          const { branch: b, affiliate: a } = ctx.value;
          if (b.num * a.den + a.num * b.den !== a.den * b.den)
            ctx.issues.push({ code: 'custom', input: ctx.value, message: `must add up to 1, not ${b.num}/${b.den} + ${a.num}/${a.den}` });
        }),
      },
      { expected: ['kind', 'weights', 'threshold', 'silentClass'] },
    ),
  ],
  { error: kinds(['pooled', 'either-class', 'college']) },
);

const incumbentReview = z.discriminatedUnion(
  'kind',
  [
    strict({ kind: z.literal('mandatory-reselection') }),
    strict({
      kind: z.literal('trigger-ballot'),
      combine,
      unitVote: strict({ tie: choice(['no', 'abstain']) }),
      affiliateCounting: choice(['per-branch', 'per-affiliate']),
    }),
    strict({
      kind: z.literal('members-meeting'),
      readoptThreshold: threshold(),
      appeal: z.literal('all-member-ballot', { error: says((v) => `must be "all-member-ballot" or null, not ${show(v)}`) }).nullable(),
    }),
  ],
  { error: kinds(['mandatory-reselection', 'trigger-ballot', 'members-meeting']) },
);

const [FIRST_METHOD, ...OTHER_METHODS] = METHODS.map((m) => m.id);
if (FIRST_METHOD === undefined) throw new Error('the registry of counting methods is empty');
const METHOD_IDS: readonly [string, ...string[]] = [FIRST_METHOD, ...OTHER_METHODS];
const methodsThat = (can: (m: (typeof METHODS)[number]) => boolean): string => list(METHODS.filter(can).map((m) => m.id));
const enforcesMinimum = (m: (typeof METHODS)[number]): boolean => m.options.some((o) => o.name === 'minimum');

const electionNominations = strict(
  {
    bodies: z
      .array(choice(['constituency', 'affiliate']), { error: says((v) => `must be a list of "constituency" or "affiliate", not ${kindOf(v)}`) })
      .min(1, {
        error: 'must name at least one kind of body',
      })
      .readonly(),
    threshold: whole(1),
  },
  { orNull: true },
);

/** Seats, method and minimum agree: a one-seat method for one seat, a minimum the method can enforce and the seats can hold. */
function checkSeatsMethod<T extends { seats: number; method: string; minWomen: number | null }>(ctx: z.core.ParsePayload<T>): void {
  const { seats, method, minWomen } = ctx.value;
  const m = METHODS.find((x) => x.id === method);
  if (m && seats > 1 && !m.multiSeat)
    ctx.issues.push({
      code: 'custom',
      input: method,
      path: ['method'],
      message: `${m.id} elects one candidate; ${seats} seats need a method that elects several (${methodsThat((x) => x.multiSeat)})`,
    });
  if (minWomen === null) return;
  if (minWomen > seats)
    ctx.issues.push({ code: 'custom', input: minWomen, path: ['minWomen'], message: `must be a whole number from 0 to ${seats} or null, not ${minWomen}` });
  else if (minWomen > 0 && m && !enforcesMinimum(m)) {
    ctx.issues.push({
      code: 'custom',
      input: minWomen,
      path: ['minWomen'],
      message: `${m.id} cannot enforce a minimum of women (methods that can: ${methodsThat(enforcesMinimum)})`,
    });
  }
}

const SELF_IDENTIFIED_WORDS: readonly [string, ...string[]] = [...SELF_IDENTIFIED];

const segment = z.discriminatedUnion(
  'kind',
  [
    strict({ kind: z.literal('everyone') }),
    strict({ kind: z.literal('region'), region: nonEmpty() }),
    strict({ kind: z.literal('under-age'), age: whole(1, 150) }),
    strict({ kind: z.literal('self-identified'), characteristic: choice(SELF_IDENTIFIED_WORDS) }),
    strict({
      kind: z.literal('membership-class'),
      classes: z
        .array(nonEmpty(), { error: says((v) => `must be a list of class names, not ${kindOf(v)}`) })
        .min(1, { error: 'must name at least one class' })
        .readonly(),
    }),
  ],
  { error: says((v) => `must be a segment (kind: ${list(SEGMENT_KINDS)}), not ${kindOf(v)}`) },
);

const contest = strict({
  id: nonEmpty().regex(/^[a-z0-9][a-z0-9-]*$/, { error: (iss) => `must be lowercase letters, digits and hyphens (e.g. "youth"), not ${show(iss.input)}` }),
  title: nonEmpty(),
  seats: whole(1),
  method: choice(METHOD_IDS),
  minWomen: whole(0, Number.MAX_SAFE_INTEGER, true).nullable(),
  segment,
}).check(checkSeatsMethod);

const internalElection = strict(
  {
    seats: whole(1),
    method: choice(METHOD_IDS),
    minWomen: whole(0, Number.MAX_SAFE_INTEGER, true).nullable(),
    // Added after rulebook files were first written: a file without it has officers enter candidates directly.
    nominations: electionNominations.nullable().default(null),
    contests: z
      .array(contest, { error: says((v) => `must be a list of contests, not ${kindOf(v)}`) })
      .min(1, { error: 'must list at least one contest (or be left out)' })
      .check((ctx) => {
        const seen = new Set<string>();
        ctx.value.forEach((c, i) => {
          if (seen.has(c.id)) ctx.issues.push({ code: 'custom', input: c.id, path: [i, 'id'], message: `"${c.id}" names two contests; each needs its own id` });
          seen.add(c.id);
        });
      })
      .readonly()
      .optional(),
  },
  { orNull: true },
).check(checkSeatsMethod);

/** A share that must be reached, more than nothing (a threshold of nothing is always met). */
const positiveShare = () =>
  fraction().check((ctx) => {
    if (ctx.value.num === 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must be more than 0 (a threshold of nothing is always met)' });
  });

/** Who may stand for a post: the leader's, and the deputy leader's when the rulebook has a deputy contest. */
const leadershipNominations = () =>
  strict({
    parliamentaryShare: positiveShare(),
    constituencyShare: positiveShare().nullable(),
    affiliateRoute: strict({ affiliates: whole(1), unions: whole(0), membershipShare: fraction() }, { orNull: true })
      .check((ctx) => {
        const { affiliates, unions } = ctx.value;
        if (unions > affiliates)
          ctx.issues.push({ code: 'custom', input: unions, path: ['unions'], message: `must be a whole number from 0 to ${affiliates}, not ${unions}` });
      })
      .nullable(),
    challengerShare: positiveShare(),
  });

const leadership = strict(
  {
    method: choice(METHOD_IDS),
    nominations: leadershipNominations(),
    deputy: leadershipNominations().optional(),
    // Added after rulebook files were first written: a file without it lets members alone vote for leader.
    electorate: strict({
      affiliatedSupporters: bool(),
      registeredSupporters: strict({ feePence: whole(0, 100000) }, { orNull: true }).nullable(),
    }).optional(),
  },
  { orNull: true },
);

const selection = strict({
  ballot: choice(['omov', 'delegates']),
  method: choice(['irv', 'plurality']).check((ctx) => {
    if (!METHOD_IDS.includes(ctx.value))
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `"${ctx.value}" is not a counting method here (methods: ${list(METHOD_IDS)})` });
  }),
  nominations: strict({ perUnit: whole(1), minWomenPerUnit: whole(0) }).check((ctx) => {
    const { perUnit, minWomenPerUnit } = ctx.value;
    if (minWomenPerUnit > perUnit)
      ctx.issues.push({
        code: 'custom',
        input: minWomenPerUnit,
        path: ['minWomenPerUnit'],
        message: `must be a whole number from 0 to ${perUnit}, not ${minWomenPerUnit}`,
      });
  }),
  shortlist: strict({
    allWomen: bool(),
    minWomenLonglist: fraction(true).nullable(),
    minWomenShortlist: fraction(true).nullable(),
    incumbentAutomatically: bool(),
  }),
});

const NOTE = 'must be a note (a non-empty string) saying what is and is not known';

/** The shape of a rulebook file. Whether each uncertain note names a field of the rulebook is checked after it. */
export const RULEBOOK_SCHEMA = z
  .strictObject(
    {
      id: nonEmpty().regex(/^[a-z0-9][a-z0-9-]*$/, {
        error: (iss) => `must be lowercase letters, digits and hyphens (e.g. "labour-2021"), not ${show(iss.input)}`,
      }),
      version: whole(1),
      name: nonEmpty(),
      description: text(),
      eligibility: strict({ minMembershipMonths: whole(0, 1200), arrearsGraceMonths: whole(0, 1200, true).nullable(), excludeSuspended: bool() }),
      incumbentReview,
      selection,
      internalElection: internalElection.nullable(),
      // Added after rulebook files were first written: a file without it sets no leadership election.
      leadership: leadership.nullable().default(null),
      exemptions: strict({ suspendedIncumbent: bool(), parentalLeaveMonths: whole(1, 1200, true).nullable() }),
      snapElection: choice(['readopt-incumbents', 'continue']),
      // Added after rulebook files were first written: a file without it keeps the order Labour's ballots use.
      ballotOrder: choice(['surname', 'rotated']).default('surname'),
      // Added after rulebook files were first written: a file without it allows statements of up to 400 words.
      statementWords: whole(1, 100000).default(400),
      statutoryPostal: strict({ retentionMonths: whole(1, 1200), packBatchSize: whole(1, 100000) }).optional(),
      nominationMeeting: strict({ provisionalWeeks: whole(0, 520) }).optional(),
      emergency: strict({
        readoptionEndorsement: choice(['none', 'every-readoption', 'snap-election']),
        nationalBody: nonEmpty(),
        emergencySelection: choice(['members-ballot', 'panel-decides']),
      }).optional(),
      // Added after rulebook files were first written: a file without it lets each process choose (plain unless it asks).
      ballots: strict({ encryption: choice(['never', 'optional', 'required']) }).optional(),
      // Added after rulebook files were first written: a file without it has the default powers (DEFAULT_DISPUTE_RULES).
      disputes: strict({
        remedies: z
          .array(
            choice(['void-unit-result', 'reinstate-candidate', 'restore-member', 'reinstate-applicant', 'extend-timetable', 'pause-timetable', 'rerun-ballot']),
            {
              error: says((v) => `must be a list of remedies, not ${kindOf(v)}`),
            },
          )
          .readonly(),
        publishDecisions: bool(),
      }).optional(),
      uncertain: z.record(z.string(), z.string({ error: NOTE }).regex(/\S/, { error: NOTE }), {
        error: says((v) => `must be an object of notes by field path, not ${kindOf(v)}`),
      }),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `unknown field (expected ${list(['id', 'version', 'name', 'description', 'eligibility', 'incumbentReview', 'selection', 'internalElection', 'leadership', 'exemptions', 'snapElection', 'ballotOrder', 'statementWords', 'statutoryPostal', 'nominationMeeting', 'emergency', 'ballots', 'disputes', 'uncertain'])})`
          : `must be an object, not ${kindOf(iss.input)}`,
    },
  )
  .check((ctx) => {
    // A statutory postal ballot is how an internal election is held: there must be one.
    if (ctx.value.statutoryPostal !== undefined && ctx.value.internalElection === null)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.statutoryPostal,
        path: ['statutoryPostal'],
        message: 'is how an internal election is held, but internalElection is null: give the election its seats and method',
      });
  });

// The schema and the domain's type describe one shape: a change to either that the other lacks fails to compile.
type Parsed = z.infer<typeof RULEBOOK_SCHEMA>;
const _sameShape: [Parsed extends Rulebook ? true : false, Rulebook extends Parsed ? true : false] = [true, true];
void _sameShape;

const pathText = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/**
 * Every problem with a would-be rulebook, as `path: problem` lines; empty when
 * it is a valid rulebook.
 */
export function rulebookProblems(json: unknown): string[] {
  const parsed = RULEBOOK_SCHEMA.safeParse(json);
  const problems = new Map<string, string>();
  const add = (path: string, message: string): void => {
    // One problem per field: the first thing wrong with it is the one to fix.
    if (!problems.has(path)) problems.set(path, `${path || '(top level)'}: ${message}`);
  };
  for (const iss of parsed.error?.issues ?? []) {
    const path = pathText(iss.path);
    if (iss.code === 'unrecognized_keys') for (const k of iss.keys) add(path ? `${path}.${k}` : k, iss.message);
    else add(path, iss.message);
  }
  // Notes are matched against the fields only once the fields are right, so one mistake is not reported several times.
  const uncertain = isRecord(json) ? json.uncertain : undefined;
  if (![...problems.keys()].every((p) => p.startsWith('uncertain.')) || !isRecord(uncertain)) return [...problems.values()];
  const lines: string[] = [];
  for (const k of Object.keys(uncertain)) {
    const note = problems.get(`uncertain.${k}`);
    if (note !== undefined) lines.push(note);
    if (!hasPath(json, k)) lines.push(`uncertain.${k}: names no field of this rulebook`);
  }
  return lines;
}

/** Checks a rulebook read from a file (or any JSON); `source` names it in the error message. */
export function parseRulebook(json: unknown, source: string): Result<Rulebook> {
  const problems = rulebookProblems(json);
  if (problems.length > 0) return err('invalid-rulebook', problems.map((p) => `${source}: ${p}`).join('\n'));
  const parsed = RULEBOOK_SCHEMA.parse(json);
  return ok(parsed);
}

/** The JSON Schema of a rulebook file as an author writes it (docs/rulebook.schema.json): a field with a default may be left out. */
export function rulebookJsonSchema(): string {
  const schema = z.toJSONSchema(RULEBOOK_SCHEMA, { target: 'draft-2020-12', io: 'input' });
  const described = {
    ...schema,
    title: 'Hustings rulebook',
    description: 'A custom rulebook: the rules of one party, union or society, as `hustings rulebook show <id> --format json` prints them.',
  };
  return `${JSON.stringify(described, null, 2)}\n`;
}

/** Whether a dotted path names a field present in the object (uncertain notes must point at something). */
function hasPath(root: unknown, path: string): boolean {
  let v: unknown = root;
  for (const key of path.split('.')) {
    if (!isRecord(v) || !Object.hasOwn(v, key)) return false;
    v = v[key];
  }
  return path !== 'uncertain' && !path.startsWith('uncertain.');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
