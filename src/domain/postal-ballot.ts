/**
 * A union's statutory postal ballot (Trade Union and Labour Relations (Consolidation) Act 1992,
 * ss. 46–56): the rules of the papers, the returns log and the scrutineer's report, as pure
 * functions. The election itself (candidates, electorate, timetable, count) is an internal
 * election; this is what the statute adds to it.
 *
 * Papers. Every voting paper bears a number of one series of consecutive whole numbers, a different
 * number for each paper produced (s. 51(2) as we read it). The numbers 1…N are handed to the frozen
 * register in an order drawn from a cryptographically secure shuffle (the caller's), so a paper's
 * number says nothing about where its member stands in the register. A spoilt paper is replaced by
 * the next number in the series; the spoilt one is void.
 *
 * Secrecy. Which member holds which number is the register↔number link. The statutory scheme gives
 * it to the independent scrutineer, not the union: in Hustings only the scrutineer role may read it,
 * and no officer page, export or log names it. The returns log is by number alone. A returned
 * paper's marks are kept by number only until the count; counting takes them away from their
 * numbers (merged, so not even their order is left), and the destruction at the end of the
 * retention period deletes both the link and the marks, keeping the figures and a record of it.
 */
import { addMonths, longDate } from './calendar.js';
import { err, ok, type Result } from './result.js';
import type { IsoDate } from './time.js';

/**
 * What the statute adds to an internal election, as rulebook data. A candidate's election address
 * is their statement (at most the rulebook's `statementWords`), printed in the packs as written.
 */
export interface StatutoryPostalRules {
  /** Months from the announcement of the result for which the scrutineer keeps the papers and the register, before they are destroyed. */
  readonly retentionMonths: number;
  /** Papers in one print file of the packs for the printer. */
  readonly packBatchSize: number;
}

/** A paper as the returns log sees it: never its member. */
export interface PostalPaper {
  readonly number: number;
  /** 'void': spoilt and replaced (by `replacedBy`). */
  readonly state: 'issued' | 'void';
  readonly replacedBy: number | null;
}

/**
 * How a returned paper was logged. received: on time, the first return of a live number, and so
 * counted; late: after the last day for return (recorded, not counted); duplicate: a number already
 * returned (recorded, not counted twice); void: a paper that had been spoilt and replaced (recorded, not counted).
 */
export type ReturnKind = 'received' | 'late' | 'duplicate' | 'void';
export const RETURN_KINDS: readonly ReturnKind[] = ['received', 'late', 'duplicate', 'void'];

export interface PostalReturn {
  readonly number: number;
  readonly kind: ReturnKind;
  /** The day the paper reached the scrutineer. */
  readonly receivedOn: IsoDate;
}

/** What the scrutineer said of a paper's return, for the person who entered it. */
export const RETURN_WORDS: Readonly<Record<ReturnKind, string>> = {
  received: 'received in time: it will be counted',
  late: 'received after the last day for return: recorded, not counted',
  duplicate: 'already returned: recorded again, not counted twice',
  void: 'spoilt and replaced before it came back: recorded, not counted',
};

/** A paper number as typed: a whole number from 1. */
export function paperNumber(text: string): Result<number> {
  const t = text.trim();
  if (!/^[0-9]{1,9}$/.test(t) || Number(t) < 1)
    return err('invalid-input', `"${text}" is not a paper number: the number printed on the voting paper, a whole number from 1.`);
  return ok(Number(t));
}

/**
 * How a paper coming back is logged: refused when no paper of that number was issued; otherwise one of
 * the kinds. `earlier` are the returns of the same number already logged; `lastDay` the last day for return.
 */
export function judgeReturn(
  paper: PostalPaper | null,
  number: number,
  earlier: readonly PostalReturn[],
  receivedOn: IsoDate,
  lastDay: IsoDate,
): Result<ReturnKind> {
  if (paper === null) return err('unknown-paper', `No paper numbered ${number} was issued in this ballot: check the number printed on the paper.`);
  if (paper.state === 'void') return ok('void');
  if (earlier.some((r) => r.kind === 'received' || r.kind === 'late')) return ok('duplicate');
  if (receivedOn > lastDay) return ok('late');
  return ok('received');
}

/**
 * Whether a paper may be spoilt and replaced: it must be live, and not yet have come back (a paper
 * already received is counted as it is). The replacement is the next number in the series.
 */
export function checkSpoil(paper: PostalPaper | null, number: number, earlier: readonly PostalReturn[]): Result<true> {
  if (paper === null) return err('unknown-paper', `No paper numbered ${number} was issued in this ballot: check the number printed on the paper.`);
  if (paper.state === 'void') return err('already-void', `Paper ${number} was already spoilt and replaced by paper ${paper.replacedBy ?? '?'}.`);
  if (earlier.length > 0) return err('already-returned', `Paper ${number} has already come back, so it cannot be spoilt and replaced.`);
  return ok(true);
}

/** Methods whose papers are marked with crosses (one per seat at most); the others take preferences 1, 2, 3… */
const CROSS_METHODS: readonly string[] = ['plurality', 'block'];

export const marksWithCrosses = (method: string): boolean => CROSS_METHODS.includes(method);

/** A returned paper's marks: candidates by id, first preference first (crosses in ballot-paper order); invalid papers carry none. */
export type PaperMarks = { readonly valid: true; readonly ranking: readonly string[] } | { readonly valid: false; readonly reason: string };

export interface MarkedCandidate {
  readonly id: string;
  readonly name: string;
}

/**
 * Reads a paper's marks: for each candidate, what is written in their box ('' for nothing). Crosses
 * ("X", "x", "✓" or "1") for plurality and block; preferences 1, 2, 3… for ranked methods, which
 * must start at 1 with no number twice (the marks after a gap are not counted). A paper is invalid
 * (spoilt, not counted) when unmarked, with more crosses than seats, or with no first preference.
 * A mark that is neither is an error for the person entering it to correct, not an invalid paper.
 */
export function readMarks(boxes: readonly { readonly candidate: MarkedCandidate; readonly mark: string }[], method: string, seats: number): Result<PaperMarks> {
  const marked = boxes.map((b) => ({ ...b, mark: b.mark.trim() })).filter((b) => b.mark !== '');
  if (marked.length === 0) return ok({ valid: false, reason: 'no mark' });
  if (marksWithCrosses(method)) {
    const bad = marked.find((b) => !/^(x|✓|✔|1)$/i.test(b.mark));
    if (bad) return err('invalid-input', `"${bad.mark}" beside ${bad.candidate.name} is not a cross: write X for a marked box, or leave it empty.`);
    if (marked.length > seats) return ok({ valid: false, reason: `${marked.length} crosses for ${seats} ${seats === 1 ? 'seat' : 'seats'}` });
    return ok({ valid: true, ranking: marked.map((b) => b.candidate.id) });
  }
  const bad = marked.find((b) => !/^[0-9]{1,3}$/.test(b.mark) || Number(b.mark) < 1);
  if (bad) return err('invalid-input', `"${bad.mark}" beside ${bad.candidate.name} is not a preference: write 1, 2, 3… or leave the box empty.`);
  const byPreference = new Map<number, MarkedCandidate[]>();
  for (const b of marked) byPreference.set(Number(b.mark), [...(byPreference.get(Number(b.mark)) ?? []), b.candidate]);
  const ranking: string[] = [];
  for (let p = 1; byPreference.has(p); p++) {
    const at = byPreference.get(p) ?? [];
    // Two candidates given the same preference: the paper counts up to the one before.
    if (at.length !== 1) break;
    ranking.push(...at.map((c) => c.id));
  }
  if (ranking.length === 0) return ok({ valid: false, reason: 'no single first preference' });
  return ok({ valid: true, ranking });
}

/** The figures of a postal ballot, as its returns log has them. */
export interface PostalFigures {
  /** Papers produced, replacements included. */
  readonly issued: number;
  /** Papers spoilt and replaced (each also counted in `issued`). */
  readonly spoilt: number;
  /** Returns logged, of every kind. */
  readonly returned: number;
  readonly received: number;
  readonly late: number;
  readonly duplicate: number;
  readonly voidReturned: number;
  /** Of the received papers whose marks are entered: valid and invalid. */
  readonly valid: number;
  readonly invalid: number;
  /** Members on the register (papers sent to members: issued less those replaced). */
  readonly register: number;
}

/** Turnout as the report states it: received in time, of the members sent a paper, to one decimal place ("31.4%"). */
export function turnoutWords(f: Pick<PostalFigures, 'received' | 'register'>): string {
  if (f.register === 0) return 'no papers were sent';
  const tenths = Math.round((f.received * 1000) / f.register);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/** The day the papers and register may be destroyed: `months` after the result was announced. */
export function destroyableFrom(announcedOn: IsoDate, months: number): IsoDate {
  return addMonths(announcedOn, months);
}

/** Refuses destruction before the retention period has run (or before the result is announced). */
export function checkDestroy(announcedOn: IsoDate | null, months: number, today: IsoDate): Result<true> {
  if (announcedOn === null) return err('not-declared', 'The result has not been announced, so the retention period has not begun: nothing may be destroyed.');
  const from = destroyableFrom(announcedOn, months);
  if (today < from)
    return err(
      'retention',
      `The papers and the register must be kept until ${longDate(from)} (${months} months from the announcement on ${longDate(announcedOn)}); nothing was destroyed.`,
    );
  return ok(true);
}

/** Consecutive numbers 1…n in the order `randomBelow` draws (a CSPRNG's Fisher–Yates, from the caller). */
export function paperNumbers(n: number, randomBelow: (bound: number) => number): number[] {
  const numbers = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    const held = numbers[i] ?? 0;
    numbers[i] = numbers[j] ?? 0;
    numbers[j] = held;
  }
  return numbers;
}
