/**
 * A constituency party's all-member nomination meetings, for the web and the command line: who may
 * run one (the party's secretary or procedures secretary, or a national officer), calling one for a
 * contest of an open election that takes nominations by constituency parties, recording who
 * attended (judged by the rulebook on the day), the chair's rounds of the exhaustive ballot, and the
 * decision — which, when the meeting chose a candidate, is recorded first as the party's nomination
 * through the election's own nominating step (so the election's rules refuse a second nomination
 * or one after nominations close), then as the meeting's decision.
 */
import { randomInt } from 'node:crypto';
import type { MemberId, ProcessId, UnitId } from '../domain/ids.js';
import type { Member, Unit } from '../domain/organisation.js';
import {
  callNominationMeeting,
  meetingWinner,
  type InternalElectionState,
  type MeetingVoting,
  type NominationMeetingState,
} from '../domain/processes/index.js';
import type { Store } from '../store/store.js';
import { processStepRecord } from '../audit/index.js';
import type { Acting } from './acting.js';
import { processContext } from './acting.js';
import { fromDomain, inAppTerms, refusal, type AppResult } from './app-error.js';
import { applyStep } from './apply-step.js';
import { nominatingKinds, recordBodyNomination } from './election-nominations.js';
import { isOfKind, nextProcessId, type DocumentOfKind } from './load-process.js';
import { rulebookOf } from './rulebook-of.js';
import type { Rulebook } from '../domain/rulebook.js';

type Election = DocumentOfKind<'internal-election'>;
type Meeting = DocumentOfKind<'nomination-meeting'>;

/** Whether the election's contest takes nominations from constituency parties (and is still taking them). */
export function takesConstituencyNominations(state: InternalElectionState, rulebook: Rulebook): boolean {
  return nominatingKinds(state, rulebook).includes('constituency');
}

/** The constituency parties `member` may call and run nomination meetings for: those they are secretary or procedures secretary of; every one for a national officer. */
export async function meetingPartiesOf(store: Store, member: MemberId, nationalOfficer: boolean): Promise<Unit[]> {
  if (nationalOfficer) return (await store.listUnits({ kind: 'constituency' })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const units: Unit[] = [];
  for (const o of await store.listOffices({ member })) {
    if (o.role !== 'secretary' && o.role !== 'procedures-secretary') continue;
    const u = await store.getUnit(o.unit);
    if (u && u.kind === 'constituency' && !units.some((x) => x.id === u.id)) units.push(u);
  }
  return units.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/** Whether `member` runs the meeting: its party's secretary or procedures secretary, or a national officer. */
export async function mayRunMeeting(store: Store, member: MemberId, nationalOfficer: boolean, meeting: Pick<Meeting, 'constituency'>): Promise<boolean> {
  if (nationalOfficer) return true;
  return (await meetingPartiesOf(store, member, false)).some((u) => u.id === meeting.constituency);
}

/** Who the meeting may choose between: the contest's nominees and candidates still in it, by name. */
export function meetingCandidatesOf(state: InternalElectionState): { readonly member: string; readonly name: string }[] {
  const out = new Map<string, string>();
  for (const c of state.candidates) if (c.member !== null && c.withdrawn === null) out.set(c.member, c.name);
  for (const n of state.nominees) if (n.consent?.answer !== 'declined') out.set(n.member, n.name);
  if (state.leadership?.incumbent && !state.leadership.vacancy) out.set(state.leadership.incumbent.member, state.leadership.incumbent.name);
  return [...out].map(([member, name]) => ({ member, name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

export interface MeetingCallRequest {
  readonly election: Election;
  readonly party: UnitId;
  readonly date: NominationMeetingState['date'];
  readonly place: string;
  readonly candidates: readonly string[];
  /** In the room (the chair enters each round's tallies; the default) or online (members vote in the booth). */
  readonly voting?: MeetingVoting;
}

/** Calls a meeting: the party must take part in the contest's nominations, the candidates be the contest's, and nominations still open. */
export async function callMeeting(a: Acting, r: MeetingCallRequest): Promise<AppResult<Meeting>> {
  const rulebook = await rulebookOf(a.store, r.election);
  if (!rulebook.ok) return rulebook;
  const e = r.election.state;
  if (!takesConstituencyNominations(e, rulebook.value))
    return refusal('conflict', 'rulebook-forbids', `Constituency parties do not nominate in ${e.title}, so there is no nomination meeting to call.`);
  if (e.phase !== 'nominations') return refusal('conflict', 'timetable', `${e.title} is no longer taking nominations.`);
  const party = await a.store.getUnit(r.party);
  if (party?.kind !== 'constituency') return refusal('not-found', 'not-found', 'There is no such constituency party.');
  // A party nominates once for leader, and up to as many as there are seats in a contest of several.
  const most = e.leadership ? 1 : e.seats;
  if (e.nominations.filter((n) => n.body === party.id).length >= most)
    return refusal(
      'conflict',
      'already-nominated',
      `${party.name} has already nominated in ${e.title}${most > 1 ? `, as many as there are seats (${most})` : ''}.`,
    );
  const known = meetingCandidatesOf(e);
  const candidates = [];
  for (const id of r.candidates) {
    const c = known.find((k) => k.member === id);
    if (!c) return refusal('invalid', 'invalid-input', 'Choose the candidates from those nominated in the contest.');
    candidates.push(c);
  }
  const ctx = processContext(rulebook.value, a);
  const step = callNominationMeeting(
    {
      title: `${party.name}: nomination meeting for ${e.title}`,
      body: { id: party.id, name: party.name },
      election: { process: r.election.id, title: e.title, nominationsClose: e.timetable.nominationsClose },
      date: r.date,
      place: r.place,
      candidates,
      seed: randomInt(0, 2 ** 31),
      voting: r.voting ?? 'in-the-room',
    },
    ctx,
  );
  if (!step.ok) return { ok: false, error: fromDomain(step.error) };
  const id = await nextProcessId(a.store, `meeting-${party.id}`);
  const { state, event } = step.value;
  const audit = processStepRecord({ process: id, kind: 'nomination-meeting', version: 1, event }, a.actor, event.at);
  const created = await a.store.createProcess(
    { id, kind: 'nomination-meeting', constituency: party.id, rulebook: state.rulebook, state },
    { event, at: event.at, audit },
  );
  if (!created.ok) return inAppTerms(created);
  return { ok: true, value: { id, kind: 'nomination-meeting', constituency: party.id, rulebook: state.rulebook, state, version: created.value.version } };
}

/** The meetings called for an election's contest, newest first. */
export async function meetingsFor(store: Store, election: string): Promise<Meeting[]> {
  const all = await store.processDocuments({ kind: 'nomination-meeting' });
  return all
    .filter((p): p is Meeting => isOfKind(p, 'nomination-meeting') && p.state.election.process === election)
    .sort((a, b) => b.state.openedAt.localeCompare(a.state.openedAt));
}

/** The branches of a constituency party: its members are theirs. */
async function branchesOf(store: Store, party: UnitId): Promise<UnitId[]> {
  return (await store.listUnits({ kind: 'branch', parent: party })).map((u) => u.id);
}

/** The party's members, by name: the list the secretary ticks attendees from. */
export async function partyMembers(store: Store, party: UnitId): Promise<Member[]> {
  const out: Member[] = [];
  for await (const m of store.membersOf(await branchesOf(store, party))) out.push(m);
  return out.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/** Records members as attending, each judged by the rulebook on the day of the meeting. */
export async function recordAttendance(a: Acting, meeting: Meeting, members: readonly string[]): Promise<AppResult<Meeting>> {
  if (members.length === 0) return refusal('invalid', 'invalid-input', 'Choose at least one member who attended.');
  const found = await a.store.membersById(members as MemberId[]);
  if (found.length !== new Set(members).size) return refusal('not-found', 'not-found', 'Choose the attendees from the members found.');
  const branches = meeting.constituency === null ? [] : await branchesOf(a.store, meeting.constituency);
  return applyStep(a, meeting, { type: 'record-attendance', members: found, branches });
}

/** The chair's tallies of one round. */
export function enterRound(a: Acting, meeting: Meeting, votes: Readonly<Record<string, number>>, spoilt: number): Promise<AppResult<Meeting>> {
  return applyStep(a, meeting, { type: 'enter-round', votes, spoilt });
}

/**
 * The secretary confirms the meeting's decision. A nomination is recorded in the election first (its
 * rules refuse a party that has nominated already, or nominations that have closed), then the
 * meeting is decided; nominating no one needs a reason and changes only the meeting.
 */
export async function confirmDecision(a: Acting, meeting: Meeting, nominate: boolean, reason: string | null): Promise<AppResult<Meeting>> {
  if (nominate) {
    const winner = meetingWinner(meeting.state);
    if (!winner) return refusal('conflict', 'invalid-transition', 'No candidate has won yet: enter the rounds until one has more than half of the votes cast.');
    if (meeting.state.phase === 'decided') return refusal('conflict', 'invalid-transition', 'The meeting has already decided.');
    const election = await a.store.processDocument(meeting.state.election.process as ProcessId);
    if (!election || !isOfKind(election, 'internal-election'))
      return refusal('not-found', 'not-found', 'The election this meeting nominates in is no longer on record.');
    if (meeting.constituency === null) return refusal('invalid', 'invalid-input', 'The meeting belongs to no constituency party.');
    // The nomination and the meeting's decision are two writes. A confirmation whose second write failed
    // left this meeting's nomination recorded: the retry finds it and decides the meeting alone.
    const party = meeting.constituency;
    const recorded = election.state.nominations.some((n) => n.body === party && n.member === winner.member && n.meetingDate === meeting.state.date);
    if (!recorded) {
      const nominated = await recordBodyNomination(a, { process: election, body: party, member: winner.member as MemberId, meetingDate: meeting.state.date });
      if (!nominated.ok) return nominated;
    }
  }
  return applyStep(a, meeting, { type: 'decide', nominate, reason });
}
