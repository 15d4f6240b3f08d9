/**
 * What the audit log records of a process step: the step's event, as the
 * domain emitted it, projected onto the audit entry type declared for it.
 *
 * Only the fields the registry declares are copied, never the command: a
 * count's command carries the ballots, and the log must never hold one. A
 * step with no entry type of its own (or whose data no longer fits its
 * declaration) is logged as `process.step` with its name only, so every step
 * is logged and nothing undeclared ever is.
 */
import type { ProcessEvent } from '../domain/processes/common.js';
import { auditRecord, recordProblem, type AuditRecord } from './chain.js';
import type { AuditData, AuditEventType } from './events.js';

export type ProcessKindName = 'trigger-ballot' | 'selection' | 'internal-election' | 'nomination-meeting';

const PREFIX: Readonly<Record<ProcessKindName, string>> = {
  'trigger-ballot': 'trigger',
  selection: 'selection',
  'internal-election': 'election',
  'nomination-meeting': 'meeting',
};

type Fields = Readonly<Record<string, unknown>>;
type StepType = { [T in AuditEventType]: AuditData<T> extends { readonly process: string; readonly version: number } ? T : never }[AuditEventType];
type Own<T extends StepType> = Omit<AuditData<T>, 'process' | 'version'>;
type Projections = { readonly [T in StepType]?: (d: Fields) => Own<T> };

// Readers that pass a value through when it has the right type and otherwise
// give one that the registry's check refuses (so the step falls back to `process.step`).
const BAD = Symbol('bad') as unknown as never;
const text = (v: unknown): string => (typeof v === 'string' ? v : BAD);
const maybeText = (v: unknown): string | null => (v === null || v === undefined ? null : text(v));
const count = (v: unknown): number => (typeof v === 'number' ? v : BAD);
const maybeCount = (v: unknown): number | null => (v === null || v === undefined ? null : count(v));
const flag = (v: unknown): boolean => (typeof v === 'boolean' ? v : BAD);
const texts = (v: unknown): readonly string[] => (Array.isArray(v) ? v.map(text) : BAD);

/** What a dispute is about, in the log: "the process", "the meeting of <unit>", "the nomination of <candidate>", … */
function disputeSubjectText(v: unknown): string {
  const s = (typeof v === 'object' && v !== null ? v : {}) as Fields;
  if (s.kind === 'process') return 'the process';
  if (s.kind === 'count') return 'the count';
  if (s.kind === 'unit-meeting') return `the meeting of ${text(s.unit)}`;
  if (s.kind === 'nomination') return `the nomination of candidate ${text(s.candidate)}`;
  if (s.kind === 'eligibility')
    return s.member !== undefined ? `member ${text(s.member)} left out of the electorate` : `the refusal of candidate ${text(s.candidate)}`;
  return BAD;
}

/** A remedy in the log: what it orders, in words with its unit and dates. */
function remedyText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const r = (typeof v === 'object' ? v : {}) as Fields;
  if (r.kind === 'void-unit-result') return `the meeting of ${text(r.unit)} is void and must be held again by ${text(r.rerunBy)}`;
  if (r.kind === 'extend-timetable') return `the closing date moves to ${text(r.closes)}`;
  if (r.kind === 'reinstate-candidate') return `candidate ${text(r.candidate)} is reinstated`;
  if (r.kind === 'restore-member') return `member ${text(r.member)} is restored to the electorate`;
  if (r.kind === 'reinstate-applicant') return `supporter's application ${count(r.application)} is reinstated`;
  if (r.kind === 'pause-timetable') return 'the timetable is paused';
  if (r.kind === 'rerun-ballot') return `the ballot is void, its votes set aside, and it is held again from ${text(r.opens)} to ${text(r.closes)}`;
  return BAD;
}

function disputeDecision(d: Fields) {
  return { dispute: text(d.dispute), outcome: text(d.outcome), remedy: remedyText(d.remedy), reasons: text(d.reasons) };
}

/** The dispute steps' projections, the same for each kind of process. */
function disputeProjections<P extends 'trigger' | 'selection' | 'election'>(prefix: P) {
  return {
    [`${prefix}.dispute-lodged`]: (d: Fields) => ({ dispute: text(d.dispute), about: disputeSubjectText(d.subject), lodgedAs: text(d.role) }),
    [`${prefix}.dispute-decided`]: (d: Fields) => disputeDecision(d),
    [`${prefix}.dispute-appealed`]: (d: Fields) => ({ dispute: text(d.dispute) }),
    [`${prefix}.dispute-appeal-decided`]: (d: Fields) => disputeDecision(d),
  } as {
    readonly [K in `${P}.dispute-lodged`]: (d: Fields) => { dispute: string; about: string; lodgedAs: string };
  } & { readonly [K in `${P}.dispute-${'decided' | 'appeal-decided'}`]: (d: Fields) => ReturnType<typeof disputeDecision> } & {
    readonly [K in `${P}.dispute-appealed`]: (d: Fields) => { dispute: string };
  };
}
const dates = (v: unknown): { readonly [step: string]: string | null } => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return BAD;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maybeText(x)]));
};
const meeting = (d: Fields) => ({
  for: count(d.for),
  against: count(d.against),
  abstentions: count(d.abstentions),
  attendance: count(d.attendance),
  date: text(d.date),
});

/** How an officer-entered decision arrived (both null for a unit's own entry). */
const arrival = (d: Fields) => {
  const a = (typeof d.arrived === 'object' && d.arrived !== null ? d.arrived : null) as Fields | null;
  return { arrivedBy: a === null ? null : text(a.via), received: a === null ? null : text(a.received) };
};
/** The figures a declaration announced, as lines a reader can check against the results page. */
const declared = (d: Fields) => {
  const f = (typeof d.figures === 'object' && d.figures !== null ? d.figures : {}) as Fields;
  const t = (typeof f.turnout === 'object' && f.turnout !== null ? f.turnout : {}) as Fields;
  return {
    figures: Array.isArray(f.candidates)
      ? f.candidates.map((x: unknown) => {
          const c = (typeof x === 'object' && x !== null ? x : {}) as Fields;
          return `${text(c.name)}: ${text(c.first)} → ${text(c.final)}`;
        })
      : BAD,
    ballots: count(t.ballots),
    electorate: count(t.electorate),
  };
};
const timetableResumed = (d: Fields) => ({
  reason: text(d.reason),
  pausedSince: text(d.pausedSince),
  shiftedDays: maybeCount(d.shiftedDays),
  timetable: dates(d.timetable),
});
const timetableExtended = (d: Fields) => ({ reason: text(d.reason), step: text(d.step), from: text(d.from), to: text(d.to), timetable: dates(d.timetable) });
const endorsement = (d: Fields) => ({ reason: text(d.reason), date: text(d.date), outcome: text(d.outcome) });
const statementApproved = (d: Fields) => ({ member: text(d.member), photoSha256: maybeText(d.photoSha256) });
const statementWritten = (d: Fields) => ({ member: text(d.member), words: count(d.words), photo: flag(d.photo), photoSha256: maybeText(d.photoSha256) });

const PROJECTIONS: Projections = {
  'trigger.opened': (d) => ({
    constituency: text(d.constituency),
    incumbent: text(d.incumbent),
    rulebook: text(d.rulebook),
    mode: text(d.mode),
    closes: text(d.closes),
    units: Array.isArray(d.units) ? d.units.length : BAD,
    outcome: maybeText(d.outcome),
  }),
  'trigger.exempted': (d) => ({ constituency: text(d.constituency), incumbent: text(d.incumbent), rulebook: text(d.rulebook), reason: text(d.reason) }),
  'trigger.meeting-recorded': (d) => ({ unit: text(d.unit), ...meeting(d), ...arrival(d) }),
  'trigger.meeting-corrected': (d) => ({ unit: text(d.unit), ...meeting(d), reason: text(d.reason) }),
  'trigger.absence-recorded': (d) => ({ unit: text(d.unit), note: maybeText(d.note), ...arrival(d) }),
  'trigger.closed': (d) => ({
    outcome: text(d.outcome),
    arithmetic: texts(d.arithmetic),
    decisions:
      d.decisions === undefined
        ? []
        : Array.isArray(d.decisions)
          ? d.decisions.map((x: unknown) => {
              const r = (typeof x === 'object' && x !== null ? x : {}) as Fields;
              return `${text(r.unit)}: ${text(r.decision)}`;
            })
          : BAD,
  }),
  'trigger.snap-election': (d) => ({ outcome: text(d.outcome), cancelledPhase: text(d.cancelledPhase), note: maybeText(d.note) }),
  'trigger.members-meeting-recorded': (d) => ({ ...meeting(d), readopted: flag(d.readopted) }),
  'trigger.appeal-lodged': (d) => ({ incumbent: text(d.incumbent) }),
  ...disputeProjections('trigger'),
  ...disputeProjections('selection'),
  ...disputeProjections('election'),
  'trigger.appeal-ballot-recorded': (d) => ({
    for: count(d.for),
    against: count(d.against),
    spoilt: count(d.spoilt),
    date: text(d.date),
    outcome: text(d.outcome),
  }),

  'selection.opened': (d) => ({
    constituency: text(d.constituency),
    title: text(d.title),
    rulebook: text(d.rulebook),
    followsTrigger: maybeText(d.followsTrigger),
    incumbent: maybeText(d.incumbent),
    allWomenShortlist: flag(d.allWomenShortlist),
    timetable: dates(d.timetable),
  }),
  'selection.applied': (d) => ({ candidate: text(d.candidate), name: text(d.name), gender: maybeText(d.gender) }),
  'selection.withdrawn': (d) => ({ candidate: text(d.candidate), name: text(d.name), phase: text(d.phase), reason: maybeText(d.reason) }),
  'selection.statement-written': (d) => statementWritten(d),
  'selection.statement-approved': (d) => statementApproved(d),
  'selection.statement-returned': (d) => ({ member: text(d.member), reason: text(d.reason) }),
  'selection.applications-closed': (d) => ({ candidates: texts(d.candidates) }),
  'selection.nominated': (d) => ({ unit: text(d.unit), candidates: texts(d.candidates) }),
  'selection.longlisted': (d) => ({ candidates: texts(d.candidates), incumbentAdded: maybeText(d.incumbentAdded) }),
  'selection.shortlisted': (d) => ({ candidates: texts(d.candidates), incumbentAdded: maybeText(d.incumbentAdded) }),
  'selection.electorate-frozen': (d) => ({ freezeDate: text(d.freezeDate), eligible: count(d.eligible), total: count(d.total), summary: text(d.summary) }),
  'selection.ballot-opened': (d) => ({
    candidates: texts(d.candidates),
    opensAt: maybeText(d.opensAt),
    closesAt: maybeText(d.closesAt),
    timeZone: maybeText(d.timeZone),
  }),
  'selection.ballot-closed': () => ({}),
  'selection.counted': (d) => ({ method: text(d.method), ballots: count(d.ballots), seed: count(d.seed), winner: text(d.winner), rounds: count(d.rounds) }),
  'selection.panel-decided': (d) => ({ winner: text(d.winner), name: text(d.name), reasons: text(d.reasons) }),
  'selection.timetable-paused': (d) => ({ reason: text(d.reason) }),
  'selection.timetable-resumed': (d) => timetableResumed(d),
  'selection.timetable-extended': (d) => timetableExtended(d),
  'election.timetable-paused': (d) => ({ reason: text(d.reason) }),
  'election.timetable-resumed': (d) => timetableResumed(d),
  'election.timetable-extended': (d) => timetableExtended(d),
  'trigger.timetable-paused': (d) => ({ reason: text(d.reason) }),
  'trigger.timetable-resumed': (d) => timetableResumed(d),
  'trigger.timetable-extended': (d) => timetableExtended(d),
  'trigger.endorsed': (d) => endorsement(d),
  'trigger.endorsement-refused': (d) => endorsement(d),
  'selection.declared': (d) => ({ winner: text(d.winner), name: text(d.name), ...declared(d) }),

  'election.opened': (d) => ({
    title: text(d.title),
    rulebook: text(d.rulebook),
    seats: count(d.seats),
    method: text(d.method),
    minWomen: maybeCount(d.minWomen),
    timetable: dates(d.timetable),
    election: maybeText(d.election),
    contest: maybeText(d.contest),
    electorate: maybeText(d.electorate),
    leadership: maybeText(d.leadership),
  }),
  'meeting.called': (d) => ({
    title: text(d.title),
    rulebook: text(d.rulebook),
    body: text(d.body),
    bodyName: text(d.bodyName),
    election: text(d.election),
    date: text(d.date),
    place: text(d.place),
    candidates: texts(d.candidates),
    seed: count(d.seed),
    voting: maybeText(d.voting),
  }),
  'meeting.attendance-recorded': (d) => ({
    added: count(d.added),
    eligibleAdded: count(d.eligibleAdded),
    present: count(d.present),
    eligiblePresent: count(d.eligiblePresent),
  }),
  'meeting.round-recorded': (d) => ({ round: count(d.round), votes: texts(d.votes), spoilt: count(d.spoilt), outcome: text(d.outcome) }),
  'meeting.round-opened': (d) => ({ round: count(d.round), candidates: texts(d.candidates), eligiblePresent: count(d.eligiblePresent) }),
  'meeting.round-closed': (d) => ({ round: count(d.round), votes: texts(d.votes), turnout: count(d.turnout), outcome: text(d.outcome) }),
  'meeting.decided': (d) => ({ nominated: maybeText(d.nominated), name: maybeText(d.name), rounds: count(d.rounds), reason: maybeText(d.reason) }),

  'election.nominated': (d) => ({ candidate: text(d.candidate), name: text(d.name), gender: maybeText(d.gender) }),
  'election.withdrawn': (d) => ({ candidate: text(d.candidate), name: text(d.name), phase: text(d.phase), reason: maybeText(d.reason) }),
  'election.body-nominated': (d) => ({
    body: text(d.body),
    bodyName: text(d.bodyName),
    member: text(d.member),
    name: text(d.name),
    meetingDate: text(d.meetingDate),
    nominations: count(d.nominations),
    threshold: count(d.threshold),
  }),
  'election.leader-nominated': (d) => ({
    route: text(d.route),
    body: text(d.body),
    bodyName: text(d.bodyName),
    member: text(d.member),
    name: text(d.name),
    valid: flag(d.valid),
  }),
  'election.nomination-accepted': (d) => ({ member: text(d.member), name: text(d.name) }),
  'election.nomination-declined': (d) => ({ member: text(d.member), name: text(d.name) }),
  'election.statement-written': (d) => statementWritten(d),
  'election.statement-approved': (d) => statementApproved(d),
  'election.statement-returned': (d) => ({ member: text(d.member), reason: text(d.reason) }),
  'election.electorate-frozen': (d) => ({
    freezeDate: text(d.freezeDate),
    eligible: count(d.eligible),
    total: count(d.total),
    summary: text(d.summary),
    candidates: texts(d.candidates),
  }),
  'election.ballot-opened': (d) => ({
    candidates: texts(d.candidates),
    opensAt: maybeText(d.opensAt),
    closesAt: maybeText(d.closesAt),
    timeZone: maybeText(d.timeZone),
  }),
  'election.ballot-closed': () => ({}),
  'election.counted': (d) => ({
    method: text(d.method),
    ballots: count(d.ballots),
    seed: count(d.seed),
    elected: texts(d.elected),
    rounds: count(d.rounds),
    constraint: maybeText(d.constraint),
  }),
  'election.declared': (d) => ({
    elected: Array.isArray(d.elected)
      ? d.elected.map((x: unknown) => {
          const c = (typeof x === 'object' && x !== null ? x : {}) as Fields;
          return `${text(c.id)}: ${text(c.name)}`;
        })
      : BAD,
    ...declared(d),
  }),
};

export interface StepOf {
  readonly process: string;
  readonly kind: ProcessKindName;
  /** The process's version after the step. */
  readonly version: number;
  /** The domain's event for the step. */
  readonly event: unknown;
}

/** The audit record of one process step, by `actor`, at the event's time (or `fallbackAt` if it has none). */
export function processStepRecord(step: StepOf, actor: string, fallbackAt: string): AuditRecord {
  const ev = (typeof step.event === 'object' && step.event !== null ? step.event : {}) as Partial<ProcessEvent>;
  const at = utcInstant(typeof ev.at === 'string' ? ev.at : fallbackAt) ?? fallbackAt;
  const name = typeof ev.type === 'string' ? ev.type : 'unnamed';
  const data = (typeof ev.data === 'object' && ev.data !== null ? ev.data : {}) as Fields;
  const type = `${PREFIX[step.kind]}.${name}`;
  const project = Object.hasOwn(PROJECTIONS, type) ? (PROJECTIONS[type as StepType] as (d: Fields) => object) : undefined;
  if (project !== undefined) {
    const specific = { actor, type: type as StepType, data: { process: step.process, version: step.version, ...project(data) }, at } as AuditRecord;
    if (recordProblem(specific) === null) return specific;
  }
  return auditRecord(actor, 'process.step', { process: step.process, version: step.version, kind: step.kind, step: name.slice(0, 200) }, at);
}

/** An instant in the one form the log keeps (UTC, milliseconds), or null if it is not one. */
export function utcInstant(at: string): string | null {
  const t = Date.parse(at);
  return /^\d{4}-\d{2}-\d{2}T/.test(at) && !Number.isNaN(t) ? new Date(t).toISOString() : null;
}

/** The audit types a step of each kind can have (for the tests and the docs). */
export const PROCESS_STEP_TYPES: readonly string[] = Object.keys(PROJECTIONS);
