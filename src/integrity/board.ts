/**
 * The bulletin board: what is published of a ballot once voting has closed, so
 * that anyone can check it. One JSON document (format "hustings-bulletin-board",
 * version 1):
 *
 *   process     { id, kind, title, rulebook, closedOn }   closedOn is a date only
 *   candidates  [{ id, name, withdrawn, attributes? }]    in ballot-paper order; the record's
 *                                                         candidate numbers index this list
 *   seats, method, options                                the count's rule and the options it was
 *                                                         run with (method defaults fill the rest)
 *   electorate  { eligible, total, freezeDate } | null
 *   voters      { total, online, postal, inPerson }       members marked as voted, by channel
 *   ballots     [{ tracker, ranking }]                    every ballot in the box, sorted by tracker
 *                                                         (Unicode code point order); a ranking is
 *                                                         candidate ids, first preference first
 *   ballotsSha256                                         SHA-256 of the canonical ballot list
 *   declared    { elected, record } | null                the declared winners (ids, in order of
 *                                                         election) and the full count record;
 *                                                         null until the ballot is counted
 *
 * The canonical ballot list is, for each ballot in board order, the JSON text of
 * the pair [tracker, ranking] with no spaces and a newline after it, encoded as
 * UTF-8. It is what `jq -c '.ballots[] | [.tracker, .ranking]' board.json` prints,
 * so `… | sha256sum` gives the same digest without Hustings.
 *
 * The board holds no voter's name, no time finer than the closing date, and no
 * order but the trackers'. Pure: no I/O.
 */
import { z } from 'zod';
import type { CountRecord } from '../count/record.js';
import { ok, type Result } from '../domain/result.js';
import { sha256Hex } from './sha256.js';

export const BOARD_FORMAT = 'hustings-bulletin-board';
export const BOARD_VERSION = 1;

export interface BoardCandidate {
  readonly id: string;
  readonly name: string;
  /** Withdrawn before the count: ignored on every ballot. */
  readonly withdrawn: boolean;
  /** What a minimum-representation option reads (e.g. gender), only when one is in force. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface BoardBallot {
  readonly tracker: string;
  readonly ranking: readonly string[];
}

export type BoardOptionValue = string | number | boolean;

export interface Board {
  readonly format: typeof BOARD_FORMAT;
  readonly version: typeof BOARD_VERSION;
  readonly process: {
    readonly id: string;
    readonly kind: string;
    readonly title: string;
    readonly rulebook: string;
    /** The day voting closed (YYYY-MM-DD), or null if not recorded. */
    readonly closedOn: string | null;
  };
  readonly candidates: readonly BoardCandidate[];
  readonly seats: number;
  readonly method: string;
  readonly options: Readonly<Record<string, BoardOptionValue>>;
  readonly electorate: { readonly eligible: number; readonly total: number; readonly freezeDate: string } | null;
  readonly voters: { readonly total: number; readonly online: number; readonly postal: number; readonly inPerson: number };
  readonly ballots: readonly BoardBallot[];
  readonly ballotsSha256: string;
  readonly declared: { readonly elected: readonly string[]; readonly record: CountRecord } | null;
}

/** Everything a board holds except what is derived (the ballots' order and digest). */
export type BoardContents = Omit<Board, 'format' | 'version' | 'ballots' | 'ballotsSha256'> & { readonly ballots: readonly BoardBallot[] };

/** Code point order, so a board sorts the same way whatever language sorts it. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The canonical text of a ballot list, in the order given (see the module comment). */
export function canonicalBallots(ballots: readonly BoardBallot[]): string {
  let out = '';
  for (const b of ballots) out += JSON.stringify([b.tracker, b.ranking]) + '\n';
  return out;
}

export const ballotsDigest = (ballots: readonly BoardBallot[]): string => sha256Hex(canonicalBallots(ballots));

/** Ballots in board order: by tracker, in code point order. */
export function boardOrder(ballots: readonly BoardBallot[]): BoardBallot[] {
  return ballots.map((b) => ({ tracker: b.tracker, ranking: [...b.ranking] })).sort((a, b) => compareCodePoints(a.tracker, b.tracker));
}

/** A board from its contents: ballots sorted by tracker, their digest computed. */
export function makeBoard(contents: BoardContents): Board {
  const ballots = boardOrder(contents.ballots);
  const { process: proc, candidates, seats, method, options, electorate, voters, declared } = contents;
  return {
    format: BOARD_FORMAT,
    version: BOARD_VERSION,
    process: proc,
    candidates,
    seats,
    method,
    options,
    electorate,
    voters,
    ballots,
    ballotsSha256: ballotsDigest(ballots),
    declared,
  };
}

/** The board as published: indented JSON with the ballots last, one per line, ending with a newline. */
export function boardJson(board: Board): string {
  const { ballots, ...rest } = board;
  const head = JSON.stringify(rest, null, 2);
  const list = ballots.length === 0 ? '[]' : `[\n${ballots.map((b) => `    ${JSON.stringify({ tracker: b.tracker, ranking: b.ranking })}`).join(',\n')}\n  ]`;
  // `head` is an object's text ending in "\n}": the ballots go in as its last member.
  return `${head.slice(0, -2)},\n  "ballots": ${list}\n}\n`;
}

// ---- Reading a board ------------------------------------------------------------------------

// Each schema's words are the end of a sentence that starts with where the problem is, e.g.
// "ballots[12].ranking must be a list of candidate ids".
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf =
  <T>(isItem: (x: unknown) => x is T) =>
  (v: unknown): v is T[] =>
    Array.isArray(v) && v.every(isItem);
const isText = (x: unknown): x is string => typeof x === 'string';
const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

const text = () => z.string({ error: 'must be text' });
const count = () =>
  z
    .number({ error: 'must be a whole number of 0 or more' })
    .int({ error: 'must be a whole number of 0 or more', abort: true })
    .min(0, { error: 'must be a whole number of 0 or more' });
const object = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape, { error: 'must be an object' });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be a list' });
const ids = (words: string) => z.custom<readonly string[]>(listOf(isText), { error: words });
const indexes = () => z.custom<readonly number[]>(listOf(isIndex), { error: 'must be a list of candidate numbers' });
const decimal = () =>
  z.string({ error: 'must be a decimal number written as text' }).regex(/^-?\d+(\.\d+)?$/, { error: 'must be a decimal number written as text' });
/** Figures by candidate number, or by a reason a ballot became inactive. */
const decimalMap = () =>
  z.record(z.string().regex(/^(\d+|[a-zA-Z]+)$/), decimal(), {
    error: (iss) => (iss.code === 'invalid_key' ? `has a key "${String(iss.input)}" that is neither a candidate number nor a reason` : 'must be an object'),
  });

const stage = object({
  number: count(),
  threshold: decimal(),
  lost: decimal(),
  elected: indexes(),
  excluded: indexes(),
  tally: decimalMap(),
  inactive: decimalMap(),
  action: object({ kind: text(), candidates: indexes(), lost: decimal(), transfers: decimalMap(), inactive: decimalMap() }).exactOptional(),
});

/** A bad key is named by the object that holds it. */
const placeOf = (iss: z.core.$ZodIssue): PropertyKey[] => (iss.code === 'invalid_key' ? iss.path.slice(0, -1) : iss.path);

const RECORD_SHAPE = object({
  method: text(),
  arithmetic: text(),
  totalBallots: decimal(),
  elected: indexes(),
  seats: count(),
  candidates: ids('must be a list of names'),
  options: z.custom<Readonly<Record<string, unknown>>>(isObject, { error: 'must be an object' }),
  stages: list(stage),
  events: z.array(z.unknown(), { error: 'must be a list' }),
});

/** What the verifier reads of a declared count record is checked; the rest of the record is carried as published. */
const record = z.custom<CountRecord>().check((ctx) => {
  for (const iss of RECORD_SHAPE.safeParse(ctx.value).error?.issues ?? [])
    ctx.issues.push({ code: 'custom', input: ctx.value, path: placeOf(iss), message: iss.message });
});

const DECLARED = z.looseObject({ elected: ids('must be a list of candidate ids'), record }, { error: 'must be an object or null' }).nullable();

/** What the count needs beyond the ballots (the candidates and the rule; the declared result is DECLARED). Shared with an encrypted board's `count`. */
const COUNT_TERMS = {
  candidates: list(
    object({
      id: text(),
      name: text(),
      withdrawn: z.boolean({ error: 'must be true or false' }),
      attributes: z
        .custom<Readonly<Record<string, string>>>((v) => isObject(v) && Object.values(v).every(isText), { error: 'must map names to text' })
        .exactOptional(),
    }),
  ),
  seats: z
    .number({ error: 'must be a whole number of 1 or more' })
    .int({ error: 'must be a whole number of 1 or more', abort: true })
    .min(1, { error: 'must be a whole number of 1 or more' }),
  method: text(),
  options: z.custom<Readonly<Record<string, BoardOptionValue>>>(
    (v) => isObject(v) && Object.values(v).every((o) => ['string', 'number', 'boolean'].includes(typeof o)),
    {
      error: 'must map option names to text, numbers or true/false',
    },
  ),
};

const BOARD_SCHEMA = z.object({
  format: z.literal(BOARD_FORMAT),
  version: z.literal(BOARD_VERSION),
  process: object({ id: text(), kind: text(), title: text(), rulebook: text(), closedOn: z.string({ error: 'must be text or null' }).nullable() }),
  ...COUNT_TERMS,
  electorate: object({ eligible: count(), total: count(), freezeDate: text() }).nullable(),
  voters: object({ total: count(), online: count(), postal: count(), inPerson: count() }),
  ballots: list(object({ tracker: text(), ranking: ids('must be a list of candidate ids') })),
  ballotsSha256: z.string({ error: 'must be 64 lower-case hex digits' }).regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lower-case hex digits' }),
  declared: DECLARED,
});

/** `ballots[12].ranking`: how a reader of the board names a place in it. */
function where(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/**
 * Reads a published board, checking its shape (not yet its content: see
 * verifyBoard). Every problem is named by where it is, e.g.
 * "ballots[12].ranking must be a list of candidate ids".
 */
export function readBoard(json: string): Result<Board, { readonly code: 'invalid-board'; readonly message: string; readonly problems: readonly string[] }> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail([`it is not JSON (${why})`]);
  }
  if (!isObject(value)) return fail(['it must be a JSON object']);
  if (value.format !== BOARD_FORMAT) return fail([`format must be "${BOARD_FORMAT}", not ${JSON.stringify(value.format ?? null)}`]);
  if (value.version !== BOARD_VERSION)
    return fail([`version ${JSON.stringify(value.version ?? null)} is not one this Hustings reads (it reads version ${BOARD_VERSION})`]);
  const parsed = BOARD_SCHEMA.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  // One problem for each place: the first thing wrong there is the one to fix.
  const problems = new Map<string, string>();
  for (const iss of parsed.error.issues) {
    const at = where(placeOf(iss));
    if (!problems.has(at + iss.message)) problems.set(at + iss.message, `${at} ${iss.message}`);
  }
  return fail([...problems.values()]);
}

/** The count's terms as an encrypted board carries them (docs/verifiable-ballots.md §11, `count`). */
export type CountTerms = Pick<Board, 'candidates' | 'seats' | 'method' | 'options' | 'declared'> & { readonly title: string };

const COUNT_TERMS_SCHEMA = z.object({ title: text(), ...COUNT_TERMS, declared: DECLARED }, { error: 'must be an object' });

/** Reads an encrypted board's `count`, each problem named by where it is ("count.seats must be …"). */
export function readCountTerms(
  value: unknown,
): Result<CountTerms, { readonly code: 'invalid-board'; readonly message: string; readonly problems: readonly string[] }> {
  const parsed = COUNT_TERMS_SCHEMA.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return fail([...new Set(parsed.error.issues.map((iss) => `${where(['count', ...placeOf(iss)])} ${iss.message}`))]);
}

function fail(problems: readonly string[]): { ok: false; error: { code: 'invalid-board'; message: string; problems: readonly string[] } } {
  const shown = problems.slice(0, 10);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : '';
  return { ok: false, error: { code: 'invalid-board', message: `not a bulletin board: ${shown.join('; ')}${more}`, problems } };
}
