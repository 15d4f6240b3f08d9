/**
 * Writes a generated party into a store and puts some processes under way, each
 * step through the domain's state machines (so everything stored is a state the
 * rules can reach): trigger ballots open with some meetings recorded, a few
 * closed (triggered or readopted), an exempt incumbent, selections at three
 * different phases, and a national executive election taking nominations.
 *
 * Deterministic: the seed and the party's "today" fix every choice and every
 * timestamp (the steps run on a demo clock, dated in the weeks before today).
 */
import { Prng } from '../count/prng.js';
import type { DemoParty } from '../demo/generate.js';
import { addDays, addMonths } from '../domain/calendar.js';
import type { UnitId } from '../domain/ids.js';
import type { Incumbent, Member } from '../domain/organisation.js';
import type { InternalElectionDocument, ProcessDocument, SelectionDocument, TriggerBallotDocument } from '../domain/processes/documents.js';
import type { Rulebook } from '../domain/rulebook.js';
import { fixedClock, type IsoDate } from '../domain/time.js';
import type { Store } from '../store/store.js';
import type { Acting } from './acting.js';
import type { AppResult } from './app-error.js';
import { applyStepTo } from './apply-step.js';
import { freezeElectorate } from './freeze-electorate.js';
import { openElection, openSelectionIn, openTrigger } from './open-process.js';

export type PopulateProgress = (stage: 'units' | 'members' | 'offices' | 'processes', done: number, total: number) => void;

export interface DemoSummary {
  readonly units: Readonly<Record<string, number>>;
  readonly members: number;
  readonly offices: number;
  readonly incumbents: number;
  readonly processes: readonly { readonly id: string; readonly kind: string; readonly phase: string; readonly detail: string }[];
}

const MEMBER_BATCH = 10_000;

export async function populate(store: Store, party: DemoParty, rulebook: Rulebook, progress?: PopulateProgress): Promise<DemoSummary> {
  const units: Record<string, number> = {};
  for (const u of party.units) units[u.kind] = (units[u.kind] ?? 0) + 1;
  progress?.('units', 0, party.units.length);
  await store.putUnits(party.units);
  progress?.('units', party.units.length, party.units.length);

  let written = 0;
  for (const batch of party.members(MEMBER_BATCH)) {
    await store.putMembers(batch);
    written += batch.length;
    progress?.('members', written, party.memberTotal);
  }

  for (const [i, office] of party.offices.entries()) {
    await store.putOffice(office);
    if (i % 500 === 0) progress?.('offices', i, party.offices.length);
  }
  for (const incumbent of party.incumbents) await store.putIncumbent(incumbent);
  progress?.('offices', party.offices.length, party.offices.length);

  const processes = await startProcesses(store, party, rulebook, progress);
  return { units, members: written, offices: party.offices.length, incumbents: party.incumbents.length, processes };
}

/** Every step of the generated party is one the rules allow: a refusal is a bug in the generator. */
function must<T>(r: AppResult<T>): T {
  if (!r.ok) throw new Error(`the demo party was refused a step: ${r.error.message}`);
  return r.value;
}

/** Evening of a day, UTC: when a secretary gets round to recording the meeting. */
const evening = (d: IsoDate): string => `${d}T20:00:00.000Z`;
const morning = (d: IsoDate): string => `${d}T09:00:00.000Z`;

async function startProcesses(store: Store, party: DemoParty, rulebook: Rulebook, progress?: PopulateProgress): Promise<DemoSummary['processes']> {
  const T = party.options.today;
  const rng = new Prng(party.options.seed, 3);
  const clock = fixedClock(morning(T));
  const a: Acting = { store, clock, actor: 'demo' };
  const out: { id: string; kind: string; phase: string; detail: string }[] = [];
  const note = (p: ProcessDocument, detail: string): void => {
    out.push({ id: p.id, kind: p.kind, phase: p.state.phase, detail });
  };
  const constituencyOf = new Map(party.units.filter((u) => u.kind === 'constituency').map((u) => [u.id, u]));
  const branchSize = new Map(party.branches.map((b) => [b.id as string, b.count]));

  const exempt = (inc: Incumbent, on: IsoDate): boolean =>
    inc.suspended ||
    (rulebook.exemptions.parentalLeaveMonths !== null &&
      inc.parentalLeaveEnded !== null &&
      addMonths(inc.parentalLeaveEnded, rulebook.exemptions.parentalLeaveMonths) >= on);
  const pool = rng.shuffled(party.incumbents.filter((i) => !exempt(i, addDays(T, -120))));
  // At least two closed (one leaning each way) and two under way, when there are enough seats.
  const closedCount = Math.min(pool.length, Math.max(2, Math.round(party.incumbents.length * 0.02)));
  const openCount = Math.min(pool.length - closedCount, Math.max(2, Math.round(party.incumbents.length * 0.06)));
  const totalSteps = closedCount + openCount + 4;
  let stepsDone = 0;
  const tick = (): void => progress?.('processes', ++stepsDone, totalSteps);

  /** Records meetings for a share of the ballot's units, each on a day between `from` and `to`, leaning to `lean` (share wanting a selection). */
  const holdMeetings = async (proc: TriggerBallotDocument, from: IsoDate, to: IsoDate, share: number, lean: number): Promise<TriggerBallotDocument> => {
    const s = proc.state;
    const span = Math.max(0, daysBetween(from, to));
    const meetings = s.units
      .filter(() => rng.float() < share)
      .map((u) => ({ u, date: addDays(from, rng.int(0, span)), absent: rng.float() < 0.08 }))
      .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
    let last = proc;
    for (const m of meetings) {
      clock.set(evening(m.date));
      if (m.absent) {
        last = must(await applyStepTo(a, proc.id, 'trigger-ballot', { type: 'record-absent', unit: m.u.id, note: 'no quorate meeting could be arranged' }));
        continue;
      }
      const members = m.u.class === 'branch' ? (branchSize.get(m.u.id) ?? 20) : 40;
      const attendance = Math.max(3, Math.round(members * (0.04 + rng.float() * 0.12)));
      const abstentions = rng.int(0, Math.floor(attendance * 0.1));
      const cast = attendance - abstentions - rng.int(0, Math.floor(attendance * 0.05));
      const majority = Math.floor(cast / 2) + 1;
      const winner = Math.min(cast, majority + rng.int(0, Math.max(0, cast - majority)));
      const yes = rng.float() < lean;
      const figures = { for: yes ? winner : cast - winner, against: yes ? cast - winner : winner, abstentions, attendance, date: m.date };
      last = must(await applyStepTo(a, proc.id, 'trigger-ballot', { type: 'record-meeting', unit: m.u.id, ...figures }));
    }
    return last;
  };

  // Trigger ballots held four months ago and closed: alternately leaning to a selection and against.
  const triggered: TriggerBallotDocument[] = [];
  for (let k = 0; k < closedCount; k++) {
    const inc = pool[k];
    const opened = addDays(T, -120);
    const closes = addDays(T, -80);
    clock.set(morning(opened));
    let p: TriggerBallotDocument = must(await openTrigger(a, constituencyOf.get(inc.constituency)!, rulebook, closes));
    p = await holdMeetings(p, addDays(opened, 2), addDays(closes, -1), 0.95, k % 2 === 0 ? 0.8 : 0.2);
    clock.set(morning(addDays(closes, 1)));
    p = must(await applyStepTo(a, p.id, 'trigger-ballot', { type: 'close' }));
    if (p.state.phase === 'triggered') triggered.push(p);
    note(p, `${inc.name}: ${p.state.phase}`);
    tick();
  }

  // Trigger ballots under way: opened in the last month, some of their units have met.
  for (let k = closedCount; k < closedCount + openCount; k++) {
    const inc = pool[k];
    const opened = addDays(T, -rng.int(10, 30));
    clock.set(morning(opened));
    let p: TriggerBallotDocument = must(await openTrigger(a, constituencyOf.get(inc.constituency)!, rulebook, addDays(opened, 42)));
    p = await holdMeetings(p, addDays(opened, 1), T, 0.3 + rng.float() * 0.5, 0.35 + rng.float() * 0.3);
    const s = p.state;
    note(p, `${inc.name}: ${s.units.filter((u) => u.result !== null).length} of ${s.units.length} units recorded`);
    tick();
  }

  // An exempt incumbent, if there is one: the review opens and ends at once.
  const exemptOne = party.incumbents.find((i) => exempt(i, addDays(T, -5)) && !pool.slice(0, closedCount + openCount).includes(i));
  if (exemptOne) {
    clock.set(morning(addDays(T, -5)));
    const p = must(await openTrigger(a, constituencyOf.get(exemptOne.constituency)!, rulebook, addDays(T, 37)));
    note(p, `${exemptOne.name}: ${p.state.exemption?.reason ?? 'exempt'}`);
  }
  tick();

  // Selections: one following a triggered ballot (ballot open), two in vacant seats (applications; nominations).
  const held = new Set(party.incumbents.map((i) => i.constituency as string));
  const vacant = rng.shuffled(party.constituencies.filter((c) => !held.has(c.id)));
  const candidatesFrom = (constituency: UnitId, women: number, men: number): Member[] => {
    const picked: Member[] = [];
    let w = 0;
    let m = 0;
    for (const [i, b] of party.branches.entries()) {
      if (b.constituency !== constituency) continue;
      // Past the officers at the head of each branch.
      for (const member of party.membersOfBranch(i).slice(4)) {
        const last = member.statusHistory[member.statusHistory.length - 1];
        if (last.status !== 'current' || member.joined > addDays(T, -800)) continue;
        if (member.gender === 'woman' && w < women) {
          picked.push(member);
          w++;
        } else if (member.gender === 'man' && m < men) {
          picked.push(member);
          m++;
        }
        if (w === women && m === men) return rng.shuffled(picked);
      }
    }
    return rng.shuffled(picked);
  };

  const seatA = triggered[0]?.constituency ?? vacant.pop()?.id;
  if (seatA) {
    const opened = addDays(T, -75);
    clock.set(morning(opened));
    let { process: p }: { process: SelectionDocument } = must(
      await openSelectionIn(a, constituencyOf.get(seatA)!, rulebook, {
        timetable: {
          applicationsClose: addDays(T, -60),
          nominationsClose: addDays(T, -45),
          freezeDate: opened,
          ballotOpens: addDays(T, -20),
          ballotCloses: addDays(T, 7),
        },
      }),
    );
    p = await runSelection(a, clock, p, candidatesFrom(seatA, 3, 2), rng, {
      applyFrom: addDays(T, -74),
      closeApps: addDays(T, -60),
      nominateFrom: addDays(T, -58),
      nominateTo: addDays(T, -46),
    });
    clock.set(morning(addDays(T, -44)));
    const standing = p.state.candidates.filter((c) => c.withdrawn === null);
    p = must(await applyStepTo(a, p.id, 'selection', { type: 'set-longlist', candidates: standing.map((c) => c.id) }));
    clock.set(morning(addDays(T, -40)));
    const short = [
      ...standing.filter((c) => !c.incumbent && c.gender === 'woman').slice(0, 2),
      ...standing.filter((c) => !c.incumbent && c.gender !== 'woman').slice(0, 1),
    ];
    p = must(await applyStepTo(a, p.id, 'selection', { type: 'set-shortlist', candidates: short.map((c) => c.id) }));
    clock.set(morning(addDays(T, -35)));
    must(await freezeElectorate(a, p.id, 'selection'));
    clock.set(morning(addDays(T, -20)));
    p = must(await applyStepTo(a, p.id, 'selection', { type: 'open-ballot' }));
    const s = p.state;
    note(p, `${s.title}: ${s.shortlist?.length ?? 0} shortlisted, ${s.electorate?.eligible ?? 0} of ${s.electorate?.total ?? 0} members eligible`);
  }
  tick();

  const seatB = vacant.pop();
  if (seatB) {
    const opened = addDays(T, -10);
    clock.set(morning(opened));
    let { process: p }: { process: SelectionDocument } = must(
      await openSelectionIn(a, constituencyOf.get(seatB.id)!, rulebook, {
        timetable: {
          applicationsClose: addDays(T, 10),
          nominationsClose: addDays(T, 24),
          freezeDate: opened,
          ballotOpens: addDays(T, 38),
          ballotCloses: addDays(T, 52),
        },
      }),
    );
    p = await runSelection(a, clock, p, candidatesFrom(seatB.id, 2, 1), rng, {
      applyFrom: addDays(T, -9),
      closeApps: null,
      nominateFrom: null,
      nominateTo: null,
    });
    note(p, `${p.state.title}: ${p.state.candidates.length} applications so far`);
  }
  tick();

  const seatC = vacant.pop();
  if (seatC) {
    const opened = addDays(T, -40);
    clock.set(morning(opened));
    let { process: p }: { process: SelectionDocument } = must(
      await openSelectionIn(a, constituencyOf.get(seatC.id)!, rulebook, {
        timetable: {
          applicationsClose: addDays(T, -20),
          nominationsClose: addDays(T, 6),
          freezeDate: opened,
          ballotOpens: addDays(T, 20),
          ballotCloses: addDays(T, 34),
        },
        allWomenShortlist: true,
      }),
    );
    p = await runSelection(a, clock, p, candidatesFrom(seatC.id, 4, 0), rng, {
      applyFrom: addDays(T, -39),
      closeApps: addDays(T, -20),
      nominateFrom: addDays(T, -15),
      nominateTo: addDays(T, -1),
    });
    const s = p.state;
    note(p, `${s.title} (all-women shortlist): ${s.nominations.length} of ${s.units.length} units have nominated`);
  }
  tick();

  // The national executive's constituency section: nominations open, electorate to be frozen.
  if (rulebook.internalElection !== null) {
    const opened = addDays(T, -14);
    clock.set(morning(opened));
    let p: InternalElectionDocument = must(
      await openElection(
        a,
        rulebook,
        `National Executive Committee, constituency section ${T.slice(0, 4)}`,
        { nominationsClose: addDays(T, 14), freezeDate: opened, ballotOpens: addDays(T, 28), ballotCloses: addDays(T, 49) },
        `nec-${T.slice(0, 4)}`,
      ),
    );
    const nominees: Member[] = [];
    const step = Math.max(1, Math.floor(party.branches.length / 12));
    for (let i = 0; i < party.branches.length && nominees.length < 12; i += step) {
      const member = party
        .membersOfBranch(i)
        .find((m, k) => k >= 4 && m.statusHistory.length === 1 && (nominees.length % 2 === 0 ? m.gender === 'woman' : m.gender === 'man'));
      if (member) nominees.push(member);
    }
    for (const [k, m] of nominees.entries()) {
      clock.set(evening(addDays(opened, 1 + k)));
      p = must(await applyStepTo(a, p.id, 'internal-election', { type: 'nominate', name: m.name, gender: m.gender, member: m.id }));
    }
    note(p, `${nominees.length} nominated for ${rulebook.internalElection.seats} seats (${rulebook.internalElection.method})`);
  }
  tick();
  return out;
}

interface SelectionPlan {
  readonly applyFrom: IsoDate;
  readonly closeApps: IsoDate | null;
  readonly nominateFrom: IsoDate | null;
  readonly nominateTo: IsoDate | null;
}

/** Applications, then (if the plan says) closing them and nominations from about half the units. */
async function runSelection(
  a: Acting,
  clock: ReturnType<typeof fixedClock>,
  p: SelectionDocument,
  applicants: readonly Member[],
  rng: Prng,
  plan: SelectionPlan,
): Promise<SelectionDocument> {
  for (const [k, m] of applicants.entries()) {
    clock.set(evening(addDays(plan.applyFrom, k)));
    p = must(await applyStepTo(a, p.id, 'selection', { type: 'apply', name: m.name, gender: m.gender, member: m.id }));
  }
  if (plan.closeApps === null) return p;
  clock.set(morning(plan.closeApps));
  p = must(await applyStepTo(a, p.id, 'selection', { type: 'close-applications' }));
  if (plan.nominateFrom === null || plan.nominateTo === null) return p;
  const s = p.state;
  const standing = s.candidates.filter((c) => c.withdrawn === null);
  const women = standing.filter((c) => c.gender === 'woman');
  const span = daysBetween(plan.nominateFrom, plan.nominateTo);
  const nominating = s.units
    .filter(() => rng.float() < 0.5)
    .map((u) => ({ u, date: addDays(plan.nominateFrom!, rng.int(0, span)) }))
    .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  for (const { u, date } of nominating) {
    const first = rng.pick(standing);
    // Two nominations must include a woman; otherwise one.
    const second =
      women.length > 0 && rng.float() < 0.5
        ? rng.pick(women.filter((w) => w.id !== first.id).length > 0 ? women.filter((w) => w.id !== first.id) : women)
        : undefined;
    const names = second && second.id !== first.id ? [first.id, second.id] : [first.id];
    clock.set(evening(date));
    p = must(await applyStepTo(a, p.id, 'selection', { type: 'nominate', unit: u.id, candidates: names }));
  }
  return p;
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
