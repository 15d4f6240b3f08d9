/**
 * A union's statutory postal ballot (TULRCA 1992 ss. 46–56): the use cases the scrutineer's pages
 * and `hustings postal` share. The election is an internal election under a rulebook with
 * `statutoryPostal`; this adds its numbered papers, the returns log, the marks of the returned
 * papers, the count from them, the scrutineer's report and the destruction of the records.
 *
 * Secrecy (see src/domain/postal-ballot.ts): the register↔number link is read only by
 * `inspectRegister` and by the packs' printing, both the scrutineer's, each logged. The returns log
 * and the marks are by number; at the count the marks leave their numbers for good.
 */
import { randomInt } from 'node:crypto';
import { auditRecord, canonicalJson } from '../audit/index.js';
import type { ProcessId } from '../domain/ids.js';
import { localDate } from '../domain/local-time.js';
import {
  checkDestroy,
  paperNumber,
  paperNumbers,
  readMarks,
  turnoutWords,
  type PaperMarks,
  type PostalFigures,
  type ReturnKind,
  type StatutoryPostalRules,
} from '../domain/postal-ballot.js';
import { contestTitle, type InternalElectionState } from '../domain/processes/internal-election.js';
import { votingWindow } from '../domain/processes/index.js';
import type { InternalElectionDocument, ProcessDocument } from '../domain/processes/documents.js';
import type { Rulebook } from '../domain/rulebook.js';
import { isIsoDate, type Clock, type IsoDate } from '../domain/time.js';
import { readScannedPapers } from '../formats/postal-marks-csv.js';
import { sha256Hex } from '../integrity/sha256.js';
import type { PostalBallotRecord, PostalComplaint, ProcessStore, RegisterLine, Store } from '../store/store.js';
import { inAppTerms, refusal, type AppResult } from './app-error.js';
import { standingPaper, type PaperCandidate } from './ballot-paper.js';
import { recordCount, type CountingStore } from './record-count.js';
import { rulebookFor, type RulebookStore } from './rulebook-of.js';

/** An internal election held as a statutory postal ballot, with its rules. */
export interface PostalElection {
  readonly process: InternalElectionDocument;
  readonly state: InternalElectionState;
  readonly rulebook: Rulebook;
  readonly rules: StatutoryPostalRules;
}

/** The process as a statutory postal ballot, or why it is not one. */
export async function postalElection(store: ProcessStore & RulebookStore, id: ProcessId): Promise<AppResult<PostalElection>> {
  const proc = await store.processDocument(id);
  if (proc?.kind !== 'internal-election') return refusal('not-found', 'not-found', `There is no internal election "${id}".`);
  const rulebook = await rulebookFor(store, proc);
  const rules = rulebook?.statutoryPostal;
  if (!rulebook || !rules)
    return refusal('conflict', 'not-postal', `${contestTitle(proc.state)} is not held as a statutory postal ballot (its rulebook has no postal rules).`);
  return { ok: true, value: { process: proc, state: proc.state, rulebook, rules } };
}

/** The candidates on the paper, in the rulebook's order (never rotated per voter: one paper is printed for all). */
export function postalCandidates(e: PostalElection): PaperCandidate[] {
  return standingPaper(e.state, { ...e.rulebook, ballotOrder: 'surname' }, null);
}

/** The last day a paper may reach the scrutineer: the ballot's closing day, in the organisation's calendar. */
function lastDayOf(state: InternalElectionState): IsoDate {
  return state.timetable.ballotCloses;
}

export interface PostalSetupInput {
  /** The independent scrutineer, as the papers name them. */
  readonly scrutineer: string;
  readonly returnAddress: string;
}

/**
 * Issues one numbered paper per eligible member of the frozen register: the numbers 1…N in an order
 * drawn from the operating system's CSPRNG. Once the register is frozen and before the ballot closes.
 */
export async function issuePostalPapers(
  store: Store,
  clock: Clock,
  id: ProcessId,
  input: PostalSetupInput,
  actor: string,
): Promise<AppResult<{ readonly papers: number }>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const { state } = found.value;
  if (state.phase !== 'electorate-frozen' && state.phase !== 'ballot-open')
    return refusal(
      'conflict',
      'not-frozen',
      `Papers are issued once the register is frozen and before the ballot closes; ${contestTitle(state)} is ${phaseWords(state.phase)}.`,
    );
  const scrutineer = input.scrutineer.trim();
  const returnAddress = input.returnAddress.trim();
  if (scrutineer === '') return refusal('invalid', 'scrutineer', 'Name the independent scrutineer: the papers must say who they go back to.');
  if (returnAddress === '') return refusal('invalid', 'return-address', 'Give the address the papers go back to.');
  const members = (await store.electorate(id)).filter((e) => e.eligible).map((e) => e.member);
  if (members.length === 0)
    return refusal('conflict', 'empty-register', 'The frozen register has no member entitled to vote, so there is no one to send a paper to.');
  const numbers = paperNumbers(members.length, (bound) => randomInt(bound));
  const at = clock.now().toISOString();
  const lastDay = lastDayOf(state);
  const issued = await store.issuePostalPapers(
    { process: id, scrutineer, returnAddress, lastDay, issuedAt: at },
    members.map((member, i) => ({ number: numbers[i], member })),
    auditRecord(actor, 'postal.papers-issued', { process: id, papers: members.length, scrutineer, lastDay }, at),
  );
  if (!issued.ok) return inAppTerms(issued);
  return { ok: true, value: { papers: members.length } };
}

const phaseWords = (phase: InternalElectionState['phase']): string =>
  ({
    nominations: 'still taking nominations',
    'electorate-frozen': 'frozen, not yet open',
    'ballot-open': 'open',
    closed: 'closed',
    counted: 'counted',
    declared: 'declared',
  })[phase];

/** The ballot as kept, or a refusal while no papers have been issued. */
export async function postalRecord(store: Store, e: PostalElection): Promise<AppResult<PostalBallotRecord>> {
  const ballot = await store.postalBallot(e.process.id);
  if (!ballot) return refusal('conflict', 'not-issued', `No papers have been issued yet in ${contestTitle(e.state)}.`);
  return { ok: true, value: ballot };
}

/** A page of the register (who holds which number), for the scrutineer alone; each reading is logged. */
export async function inspectRegister(store: Store, clock: Clock, id: ProcessId, actor: string, after = 0): Promise<AppResult<readonly RegisterLine[]>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const ballot = await postalRecord(store, found.value);
  if (!ballot.ok) return ballot;
  if (ballot.value.destroyedAt !== null)
    return refusal('conflict', 'destroyed', `The register of ${contestTitle(found.value.state)} was destroyed at the end of its retention period.`);
  const lines = await store.postalRegister(id, { after, limit: 500 });
  await store.appendAudit(auditRecord(actor, 'postal.register-inspected', { process: id, lines: lines.length }, clock.now().toISOString()));
  return { ok: true, value: lines };
}

/** Reads a day as typed ("2026-05-01"), or today in the organisation's calendar when empty. */
function receivedDay(text: string, e: PostalElection, now: Date): AppResult<IsoDate> {
  const t = text.trim();
  if (t === '') return { ok: true, value: localDate(now, votingWindow(e.state).zone) };
  if (!isIsoDate(t)) return refusal('invalid', 'received-on', `"${text}" is not a date: write it as 2026-05-01.`);
  return { ok: true, value: t };
}

/** Logs a returned paper by its number (typed), received on `receivedOn` (a date, or today). */
export async function logReturn(
  store: Store,
  clock: Clock,
  id: ProcessId,
  numberText: string,
  receivedOnText: string,
  actor: string,
): Promise<AppResult<{ readonly number: number; readonly kind: ReturnKind }>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const number = paperNumber(numberText);
  if (!number.ok) return inAppTerms(number);
  const day = receivedDay(receivedOnText, found.value, clock.now());
  if (!day.ok) return day;
  const at = clock.now().toISOString();
  const kind = await store.logPostalReturn(id, number.value, day.value, (k) =>
    auditRecord(actor, 'postal.return-logged', { process: id, number: number.value, kind: k, receivedOn: day.value }, at),
  );
  if (!kind.ok) return inAppTerms(kind);
  return { ok: true, value: { number: number.value, kind: kind.value } };
}

/** A spoilt paper made void, and its member sent the next number. */
export async function spoilPaper(
  store: Store,
  clock: Clock,
  id: ProcessId,
  numberText: string,
  actor: string,
): Promise<AppResult<{ readonly number: number; readonly replacement: number }>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const number = paperNumber(numberText);
  if (!number.ok) return inAppTerms(number);
  const at = clock.now().toISOString();
  const done = await store.spoilPostalPaper(id, number.value, (replacement) =>
    auditRecord(actor, 'postal.paper-spoilt', { process: id, number: number.value, replacement }, at),
  );
  if (!done.ok) return inAppTerms(done);
  return { ok: true, value: { number: number.value, replacement: done.value.replacement } };
}

/** Enters a received paper's marks: for each candidate's id, what is written in their box. */
export async function enterMarks(
  store: Store,
  clock: Clock,
  id: ProcessId,
  numberText: string,
  boxes: Readonly<Record<string, string>>,
  actor: string,
  source = 'typed',
): Promise<AppResult<PaperMarks>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const number = paperNumber(numberText);
  if (!number.ok) return inAppTerms(number);
  const candidates = postalCandidates(found.value);
  const marks = readMarks(
    candidates.map((c) => ({ candidate: c, mark: boxes[c.id] ?? '' })),
    found.value.state.method,
    found.value.state.seats,
  );
  if (!marks.ok) return inAppTerms(marks);
  const entered = await store.enterPostalMarks(
    id,
    number.value,
    marks.value,
    auditRecord(actor, 'postal.marks-entered', { process: id, number: number.value, valid: marks.value.valid, source }, clock.now().toISOString()),
  );
  if (!entered.ok) return inAppTerms(entered);
  return { ok: true, value: marks.value };
}

/** One line of a file of scanned papers that could not be entered, by its line number. */
export interface ScanProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Enters the marks of a CSV of scanned papers: a header `paper` then one column per candidate (by
 * the name on the paper), and a line per paper: its number, and each box's mark. Lines that cannot
 * be entered are reported by line number; the others are entered.
 */
export async function enterScannedPapers(
  store: Store,
  clock: Clock,
  id: ProcessId,
  file: { readonly name: string; readonly text: string },
  actor: string,
): Promise<AppResult<{ readonly entered: number; readonly problems: readonly ScanProblem[] }>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const read = readScannedPapers(file.text, postalCandidates(found.value));
  if (!read.ok) return refusal('invalid', 'bad-file', read.error.message);
  const problems: ScanProblem[] = [...read.value.problems];
  let entered = 0;
  for (const paper of read.value.papers) {
    const r = await enterMarks(store, clock, id, String(paper.number), paper.boxes, actor, file.name);
    if (r.ok) entered++;
    else problems.push({ line: paper.line, message: r.error.message });
  }
  problems.sort((a, b) => a.line - b.line);
  return { ok: true, value: { entered, problems } };
}

/**
 * Counts the returned papers by the rulebook's method, once the ballot has closed and every paper
 * received in time has its marks entered; then takes the marks from their numbers for good.
 */
export async function countPostalBallot(store: Store, clock: Clock, id: ProcessId, actor: string): Promise<AppResult<ProcessDocument>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const ballot = await postalRecord(store, found.value);
  if (!ballot.ok) return ballot;
  const awaiting = await store.postalAwaitingMarks(id);
  if (awaiting.length > 0) {
    const shown = awaiting.slice(0, 10).join(', ');
    return refusal(
      'conflict',
      'marks-missing',
      `${awaiting.length} ${awaiting.length === 1 ? 'paper received in time has' : 'papers received in time have'} no marks entered yet (${shown}${awaiting.length > 10 ? '…' : ''}): enter them before the count.`,
    );
  }
  const rankings = await store.postalRankings(id);
  const text = canonicalJson(rankings.map((r) => ({ count: r.count, ranking: [...r.ranking] })));
  const counted = await recordCount(
    store as CountingStore,
    clock,
    found.value.process,
    found.value.rulebook,
    { kind: 'file', name: 'the returned postal papers', sha256: sha256Hex(text), ballots: rankings },
    actor,
  );
  if (!counted.ok) return counted;
  const f = ballot.value.figures;
  await store.separatePostalMarks(
    id,
    clock.now().toISOString(),
    auditRecord(actor, 'postal.marks-separated', { process: id, valid: f.valid, invalid: f.invalid }, clock.now().toISOString()),
  );
  return counted;
}

/** Records a complaint about the ballot, for the scrutineer's report. */
export async function addComplaint(store: Store, clock: Clock, id: ProcessId, text: string, actor: string): Promise<AppResult<PostalComplaint>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const t = text.trim();
  if (t === '') return refusal('invalid', 'complaint', 'Write the complaint: who made it, when, and what it says.');
  if (t.length > 4000) return refusal('invalid', 'complaint', 'A complaint may be at most 4,000 characters; summarise it and keep the full text on file.');
  const at = clock.now().toISOString();
  const complaint = { at, text: t };
  const done = await store.addPostalComplaint(id, complaint, auditRecord(actor, 'postal.complaint', { process: id }, at));
  if (!done) return refusal('conflict', 'not-issued', `No papers have been issued yet in ${contestTitle(found.value.state)}.`);
  return { ok: true, value: complaint };
}

/** The day the result was announced (declared), in the organisation's calendar; null before. */
function announcedOn(e: PostalElection): IsoDate | null {
  const at = e.state.declaration?.at;
  return at ? localDate(new Date(at), votingWindow(e.state).zone) : null;
}

/** Destroys the register link and the returned papers' marks, once the retention period has run. */
export async function destroyPostalRecords(store: Store, clock: Clock, id: ProcessId, actor: string): Promise<AppResult<{ readonly announcedOn: IsoDate }>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const ballot = await postalRecord(store, found.value);
  if (!ballot.ok) return ballot;
  if (ballot.value.destroyedAt !== null) return refusal('conflict', 'destroyed', 'The records were destroyed already.');
  const announced = announcedOn(found.value);
  const today = localDate(clock.now(), votingWindow(found.value.state).zone);
  const allowed = checkDestroy(announced, found.value.rules.retentionMonths, today);
  if (!allowed.ok) return inAppTerms(allowed);
  const at = clock.now().toISOString();
  await store.destroyPostalRecords(
    id,
    at,
    auditRecord(actor, 'postal.records-destroyed', { process: id, announcedOn: announced!, retentionMonths: found.value.rules.retentionMonths }, at),
  );
  return { ok: true, value: { announcedOn: announced! } };
}

/** A candidate's line in the report: the votes cast for them (first preferences), and whether elected. */
export interface ReportCandidate {
  readonly name: string;
  readonly votes: string;
  readonly elected: boolean;
}

/** What the scrutineer's report says (s. 52): the figures, complaints and the result. */
export interface ScrutineerReport {
  readonly title: string;
  readonly scrutineer: string;
  readonly method: string;
  readonly seats: number;
  readonly lastDay: IsoDate;
  readonly figures: PostalFigures;
  readonly turnout: string;
  readonly complaints: readonly PostalComplaint[];
  /** Null until counted. */
  readonly result: { readonly candidates: readonly ReportCandidate[]; readonly elected: readonly string[]; readonly declared: boolean } | null;
  readonly retention: { readonly months: number; readonly announcedOn: IsoDate | null; readonly destroyedAt: string | null };
}

export async function scrutineerReport(store: Store, id: ProcessId): Promise<AppResult<ScrutineerReport>> {
  const found = await postalElection(store, id);
  if (!found.ok) return found;
  const e = found.value;
  const ballot = await postalRecord(store, e);
  if (!ballot.ok) return ballot;
  const b = ballot.value;
  const count = e.state.count;
  const name = (cid: string) => e.state.candidates.find((c) => c.id === cid)?.name ?? cid;
  const result =
    count === null
      ? null
      : {
          candidates: count.candidates.map((cid) => ({ name: name(cid), votes: count.rounds[0]?.tally[cid] ?? '0', elected: count.elected.includes(cid) })),
          elected: count.elected.map(name),
          declared: e.state.declaration !== null,
        };
  return {
    ok: true,
    value: {
      title: contestTitle(e.state),
      scrutineer: b.scrutineer,
      method: e.state.method,
      seats: e.state.seats,
      lastDay: b.lastDay,
      figures: b.figures,
      turnout: turnoutWords(b.figures),
      complaints: b.complaints,
      result,
      retention: { months: e.rules.retentionMonths, announcedOn: announcedOn(e), destroyedAt: b.destroyedAt },
    },
  };
}

/** A member's paper for the packs: the register read by the scrutineer, page after page. */
export async function* registerPages(store: Store, id: ProcessId): AsyncGenerator<readonly RegisterLine[]> {
  let after = 0;
  for (;;) {
    const page = await store.postalRegister(id, { after, limit: 1000 });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].number;
  }
}
