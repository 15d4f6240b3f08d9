/**
 * Freezing the electorate of a selection or an internal election: every member of its branches is
 * judged at the freeze date, each judgement is stored with its reason, and the process moves to
 * "electorate frozen" with the counts. Logged as a long action, started and finished.
 */
import { auditRecord } from '../audit/index.js';
import { assessEligibility, mainBarWords } from '../domain/eligibility.js';
import type { Unit } from '../domain/organisation.js';
import type { ElectorateClass } from '../domain/rulebook.js';
import { supporterClassesOf, supporterReason } from '../domain/supporters.js';
import { supporterElection } from './supporters.js';
import { isPrivateSegment, judgeSegment, segmentWords, storedSegmentReason } from '../domain/segment.js';
import type { BallotDocument } from './ballot-paper.js';
import { applyProcess, type ProcessContext } from '../domain/processes/index.js';
import type { ElectorateEntry } from '../store/store.js';
import { processContext, type Acting } from './acting.js';
import { fromDomain, refusal, type AppResult } from './app-error.js';
import { applyStep } from './apply-step.js';
import { longAction, reasonOf, type ActionOutcome } from './audited-action.js';
import { loadProcess, type DocumentOfKind } from './load-process.js';
import { rulebookOf } from './rulebook-of.js';

export type BallotKind = BallotDocument['kind'];

/** Raised from inside the entry stream to abandon a freeze: the store then writes nothing. */
class NobodyEligible extends Error {}

export interface Frozen<K extends BallotKind = BallotKind> {
  readonly process: DocumentOfKind<K>;
  readonly eligible: number;
  readonly total: number;
  /** Members judged ineligible, by the first clause of their reason (e.g. "in arrears since …" → "in arrears"). */
  readonly barred: Readonly<Record<string, number>>;
  /** The eligible by class, when the electorate has supporters as well as members (a leadership election's); else null. */
  readonly classes: Readonly<Record<ElectorateClass, number>> | null;
}

/** "1,204 members, 35 affiliated supporters and 12 registered supporters". */
export function electorateClassWords(classes: Readonly<Record<ElectorateClass, number>>): string {
  const n = (count: number, one: string) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : `${one}s`}`;
  return `${n(classes.member, 'member')}, ${n(classes['affiliated-supporter'], 'affiliated supporter')} and ${n(classes['registered-supporter'], 'registered supporter')}`;
}

/**
 * Freezes the electorate of process `id` (a constituency's branches, or every branch for a national
 * election). The step is checked before any member is read, so a freeze out of turn writes nothing;
 * if nobody is eligible nothing is written either.
 */
export async function freezeElectorate<K extends BallotKind>(
  a: Acting,
  id: string,
  kind: K,
  onProgress?: (judged: number) => void,
): Promise<AppResult<Frozen<K>>> {
  const loaded = await loadProcess(a.store, id, kind);
  if (!loaded.ok) return loaded;
  const proc: BallotDocument = loaded.value;
  const rulebook = await rulebookOf(a.store, proc);
  if (!rulebook.ok) return rulebook;
  const state = proc.state;
  const ctx = processContext(rulebook.value, a);
  // The counts are not known yet; any positive ones let the machine say whether the step is allowed now.
  const trial = applyProcess(state, { type: 'freeze-electorate', eligible: 1, total: 1 }, ctx);
  if (!trial.ok) return { ok: false, error: fromDomain(trial.error) };

  const now = () => a.clock.now().toISOString();
  return longAction(
    a.store,
    auditRecord(a.actor, 'electorate.freeze-started', { process: proc.id, freezeDate: state.timetable.freezeDate }, now()),
    () => judgeAndFreeze(a, proc, kind, ctx, onProgress),
    (o) => auditRecord(a.actor, 'electorate.freeze-finished', freezeFinished(proc.id, o), now()),
  );
}

/** The name of the region each branch lies in (branch → constituency → region). */
async function branchRegions(a: Acting, branches: readonly Unit[]): Promise<Map<string, string>> {
  const constituencies = new Map((await a.store.listUnits({ kind: 'constituency' })).map((c) => [c.id, c.parent]));
  const regions = new Map((await a.store.listUnits({ kind: 'region' })).map((r) => [r.id, r.name]));
  const out = new Map<string, string>();
  for (const b of branches) {
    const constituency = b.parent === null ? null : (constituencies.get(b.parent) ?? null);
    const region = constituency === null ? undefined : regions.get(constituency);
    if (region !== undefined) out.set(b.id, region);
  }
  return out;
}

function freezeFinished<K extends BallotKind>(processId: string, o: ActionOutcome<AppResult<Frozen<K>>>) {
  if (!o.ok) return { process: processId, outcome: 'failed', eligible: null, total: null, reason: reasonOf(o.error) };
  if (!o.value.ok) return { process: processId, outcome: 'refused', eligible: null, total: null, reason: reasonOf(o.value.error.message) };
  return { process: processId, outcome: 'frozen', eligible: o.value.value.eligible, total: o.value.value.total, reason: null };
}

async function judgeAndFreeze<K extends BallotKind>(
  a: Acting,
  proc: BallotDocument,
  kind: K,
  ctx: ProcessContext,
  onProgress?: (judged: number) => void,
): Promise<AppResult<Frozen<K>>> {
  const freezeDate = proc.state.timetable.freezeDate;
  let branches: Unit[];
  let unitName: string;
  if (proc.constituency !== null) {
    const c = await a.store.getUnit(proc.constituency);
    branches = await a.store.listUnits({ kind: 'branch', parent: proc.constituency });
    unitName = c?.name ?? proc.constituency;
  } else {
    branches = await a.store.listUnits({ kind: 'branch' });
    unitName = 'the party';
  }
  if (branches.length === 0) return refusal('conflict', 'no-branches', `${unitName} has no branches in the store, so it has no members to judge`);
  const branchIds = branches.map((b) => b.id);
  const branchNames = new Map(branches.map((b) => [b.id, b.name]));
  const unitBranches = new Set(branchIds);
  const barred: Record<string, number> = {};
  let eligible = 0;
  let judged = 0;
  const rules = ctx.rulebook.eligibility;
  const contest = proc.kind === 'internal-election' ? (proc.state.contest ?? null) : null;
  const regionOf = contest?.segment.kind === 'region' ? await branchRegions(a, branches) : new Map<string, string>();
  // A leadership election's supporters, in its deputy leader's contest as in the leader's: they applied to the election, whose queue the leader's contest keeps.
  const withSupporters = proc.kind === 'internal-election' && proc.state.leadership !== undefined && proc.state.leadership !== null;
  const takesSupporters = withSupporters && supporterClassesOf(ctx.rulebook.leadership).length > 0;
  const supporterQueue = takesSupporters ? await supporterElection(a.store, proc.id) : null;
  const supporters = supporterQueue?.ok ? await a.store.acceptedSupporters(supporterQueue.value.process.id) : [];
  const classes: Record<ElectorateClass, number> = { member: 0, 'affiliated-supporter': 0, 'registered-supporter': 0 };
  async function* entries(): AsyncGenerator<ElectorateEntry> {
    for await (const member of a.store.membersOf(branchIds)) {
      const assessed = assessEligibility(member, rules, { freezeDate, unitBranches, unitName, branchNames });
      let j = assessed.judgement;
      let why = j.eligible ? null : mainBarWords(assessed.bars);
      // A contest of several: the election's electorate, filtered by who the contest is for.
      if (j.eligible && contest !== null) {
        const title = proc.state.title;
        const seg = judgeSegment(member, contest.segment, title, { region: regionOf.get(member.branch) ?? null, freezeDate });
        if (!seg.eligible) {
          j = { eligible: false, reason: storedSegmentReason(contest.segment, title, seg) };
          why = `not among ${segmentWords(contest.segment)}`;
        } else if (isPrivateSegment(contest.segment)) {
          // Eligible or not, the same words: a reason that differed would tell readers who self-identifies.
          j = { eligible: true, reason: storedSegmentReason(contest.segment, title, seg) };
        }
      }
      judged++;
      if (why === null) {
        eligible++;
        classes.member++;
      } else barred[why] = (barred[why] ?? 0) + 1;
      if (onProgress && judged % 10_000 === 0) onProgress(judged);
      yield { member: member.id, eligible: j.eligible, reason: j.reason };
    }
    // A leadership election with supporters: each accepted supporter of this election, with their class.
    for (const s of supporters) {
      judged++;
      eligible++;
      classes[s.class]++;
      yield { member: s.member, eligible: true, reason: supporterReason(s.class, s.acceptedOn) };
    }
    if (eligible === 0) throw new NobodyEligible();
  }
  let stored: Awaited<ReturnType<typeof a.store.freezeElectorate>>;
  try {
    stored = await a.store.freezeElectorate(proc.id, entries());
  } catch (e) {
    if (e instanceof NobodyEligible)
      return refusal(
        'conflict',
        'nobody-eligible',
        `nobody among the ${judged} members of ${unitName} is eligible at the freeze date ${freezeDate}; nothing was frozen`,
      );
    throw e;
  }
  if (!stored.ok) return { ok: false, error: fromDomain(stored.error) };
  const summary =
    supporters.length > 0
      ? `${stored.value.eligible} of ${stored.value.total} eligible on ${freezeDate} under ${proc.rulebook}: ${electorateClassWords(classes)}`
      : `${stored.value.eligible} of ${stored.value.total} members eligible on ${freezeDate} under ${proc.rulebook}`;
  const after = await applyStep(
    a,
    { id: proc.id, kind, rulebook: proc.rulebook },
    { type: 'freeze-electorate', eligible: stored.value.eligible, total: stored.value.total, summary },
  );
  if (!after.ok) return after;
  const byClass = takesSupporters ? classes : null;
  return { ok: true, value: { process: after.value, eligible: stored.value.eligible, total: stored.value.total, barred, classes: byClass } };
}
