/**
 * What each process step logs. Every kind of step of the three processes is
 * run through the process service on a store in memory, and each must be
 * logged under its own type (never the name-only fallback), in the step's
 * transaction, with its version and time, by whoever acted, with data that
 * passes the registry — and the count, whose command carries the ballots,
 * logs the number of ballots and nothing of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_STEP_TYPES, processStepRecord, recordProblem, verifyChain, type AuditEntry } from '../../src/audit/index.js';
import { applyStep, freezeElectorate, openElection, openSelectionIn, openTrigger, type Acting } from '../app/steps.js';
import { memberId, unitId } from '../../src/domain/ids.js';
import { callMeeting, confirmDecision, enterRound, recordAttendance } from '../../src/app/nomination-meetings.js';
import { castBoothVote, closeBoothRound, openBoothRound } from '../../src/app/meeting-booth.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { LABOUR_1979, LABOUR_2021, LIBDEM_READOPTION } from '../../src/domain/presets.js';
import type { InternalElectionState, SelectionState } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { sha256Hex } from '../../src/integrity/sha256.js';
import { openStore } from '../../src/store/index.js';
import type { Store, StoredProcess } from '../../src/store/store.js';

const unit = (id: string, kind: Unit['kind'], parent: string | null, constituency: string | null = null): Unit => ({
  id: unitId(id),
  kind,
  name: `Unit ${id}`,
  parent: parent === null ? null : unitId(parent),
  constituency: constituency === null ? null : unitId(constituency),
});

const member = (n: number, branch: string, gender: string): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId(branch),
  joined: isoDate('2010-01-01'),
  statusHistory: [{ from: isoDate('2010-01-01'), status: 'current' }],
  gender,
});

const noon = (d: string) => `${d}T12:00:00.000Z`;
let store: Store;
let log: AuditEntry[];
const clock = fixedClock(noon('2024-03-01'));
const a = (): Acting => ({ store, clock, actor: 'tester' });
const at = (d: string) => clock.set(noon(d));
/** The ballots in a count command: rankings no audit entry may hold. */
const SECRET_RANKING = ['c3', 'c1', 'c2'];

beforeAll(async () => {
  store = await openStore('sqlite::memory:');
  const constituencies = ['ash', 'cro', 'dun', 'eve', 'fen'];
  await store.putUnits([
    unit('party', 'party', null),
    unit('north', 'region', 'party'),
    unit('aff', 'affiliate', 'party'),
    ...constituencies.flatMap((c) => [unit(c, 'constituency', 'north'), unit(`${c}:b1`, 'branch', c, c), unit(`${c}:b2`, 'branch', c, c)]),
    unit('ash:aff-1', 'affiliated-branch', 'aff', 'ash'),
    unit('gor', 'constituency', 'north'),
    unit('gor:b1', 'branch', 'gor', 'gor'),
  ]);
  await store.putIncumbent({ constituency: unitId('gor'), name: 'Incumbent of gor', member: null, gender: 'man', suspended: false, parentalLeaveEnded: null });
  await store.putMembers(Array.from({ length: 24 }, (_, i) => member(i + 1, `${constituencies[i % 5]}:b${(i % 2) + 1}`, i % 2 === 0 ? 'woman' : 'man')));
  for (const c of constituencies) {
    await store.putIncumbent({
      constituency: unitId(c),
      name: `Incumbent of ${c}`,
      member: null,
      gender: 'woman',
      suspended: c === 'dun',
      parentalLeaveEnded: null,
    });
  }
  const con = async (id: string) => (await store.getUnit(unitId(id)))!;

  // A trigger ballot under labour-2021: meetings recorded, corrected and missed, then closed.
  at('2024-03-01');
  let tb = await openTrigger(a(), await con('ash'), LABOUR_2021, isoDate('2024-04-01'));
  at('2024-03-10');
  tb = await applyStep(a(), tb.id, 'trigger-ballot', {
    type: 'record-meeting',
    unit: 'ash:b1',
    for: 9,
    against: 2,
    abstentions: 1,
    attendance: 12,
    date: isoDate('2024-03-10'),
  });
  tb = await applyStep(a(), tb.id, 'trigger-ballot', {
    type: 'correct-meeting',
    unit: 'ash:b1',
    for: 10,
    against: 1,
    abstentions: 1,
    attendance: 12,
    date: isoDate('2024-03-10'),
    reason: 'a miscount',
  });
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'record-absent', unit: 'ash:b2', note: 'not quorate' });
  tb = await applyStep(a(), tb.id, 'trigger-ballot', {
    type: 'record-meeting',
    unit: 'ash:aff-1',
    for: 5,
    against: 0,
    abstentions: 0,
    attendance: 5,
    date: isoDate('2024-03-10'),
  });
  // Its timetable paused, resumed the same day and extended by a day.
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'pause-timetable', reason: 'A by-election nearby.' });
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'resume-timetable', reason: 'The by-election is over.' });
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'extend-timetable', reason: 'Easter.', closes: isoDate('2024-04-02') });
  at('2024-04-03');
  tb = await applyStep(a(), tb.id, 'trigger-ballot', { type: 'close' });

  // A members' meeting, an appeal and the appeal ballot; an exempt incumbent; mandatory reselection; a snap election.
  at('2024-03-01');
  const mm = await openTrigger(a(), await con('cro'), LIBDEM_READOPTION, isoDate('2024-04-01'));
  // A dispute about the members' meeting review, dismissed, appealed and upheld with a longer timetable.
  await applyStep(a(), mm.id, 'trigger-ballot', { type: 'lodge-dispute', subject: { kind: 'process' }, role: 'member', grounds: 'Too short a notice.' });
  await applyStep(a(), mm.id, 'trigger-ballot', { type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'The rules were met.' });
  await applyStep(a(), mm.id, 'trigger-ballot', { type: 'appeal-dispute', dispute: '1', grounds: 'Members were away.' });
  await applyStep(a(), mm.id, 'trigger-ballot', {
    type: 'decide-dispute-appeal',
    dispute: '1',
    outcome: 'upheld',
    reasons: 'Members were away over Easter.',
    remedy: { kind: 'extend-timetable', closes: isoDate('2024-04-20') },
  });
  at('2024-03-05');
  await applyStep(a(), mm.id, 'trigger-ballot', {
    type: 'record-members-meeting',
    for: 3,
    against: 9,
    abstentions: 0,
    attendance: 12,
    date: isoDate('2024-03-05'),
  });
  await applyStep(a(), mm.id, 'trigger-ballot', { type: 'appeal' });
  at('2024-03-20');
  await applyStep(a(), mm.id, 'trigger-ballot', { type: 'record-appeal-ballot', for: 40, against: 20, spoilt: 1, date: isoDate('2024-03-20') });
  await openTrigger(a(), await con('dun'), LABOUR_2021, isoDate('2024-04-01'));
  await openTrigger(a(), await con('eve'), LABOUR_1979, isoDate('2024-04-01'));
  const snap = await openTrigger(a(), await con('fen'), LABOUR_2021, isoDate('2024-04-20'));
  await applyStep(a(), snap.id, 'trigger-ballot', { type: 'snap-election', note: 'dissolution' });
  await applyStep(a(), snap.id, 'trigger-ballot', { type: 'endorse', reason: 'Stands again.', date: isoDate('2024-03-20') });
  // A snap election's readoption the NEC refuses to endorse, and the emergency selection its panel decides.
  at('2024-03-01');
  const refused = await openTrigger(a(), await con('gor'), LABOUR_2021, isoDate('2024-04-20'));
  await applyStep(a(), refused.id, 'trigger-ballot', { type: 'snap-election', note: 'dissolution' });
  await applyStep(a(), refused.id, 'trigger-ballot', { type: 'refuse-endorsement', reason: 'Under investigation.', date: isoDate('2024-03-01') });
  let em: StoredProcess = (
    await openSelectionIn(a(), await con('gor'), LABOUR_2021, {
      timetable: {
        applicationsClose: isoDate('2024-03-02'),
        nominationsClose: isoDate('2024-03-02'),
        freezeDate: isoDate('2024-03-01'),
        ballotOpens: isoDate('2024-03-05'),
        ballotCloses: isoDate('2024-03-06'),
      },
      emergency: { panel: 'NEC panel', reason: 'The NEC refused to endorse the MP.' },
    })
  ).process;
  em = await applyStep(a(), em.id, 'selection', { type: 'apply', name: 'Gwen', gender: 'woman' });
  em = await applyStep(a(), em.id, 'selection', { type: 'pause-timetable', reason: 'Waiting for the panel.' });
  em = await applyStep(a(), em.id, 'selection', { type: 'resume-timetable', reason: 'The panel is formed.' });
  em = await applyStep(a(), em.id, 'selection', { type: 'extend-timetable', reason: 'One more day.', closes: isoDate('2024-03-03') });
  at('2024-03-03');
  em = await applyStep(a(), em.id, 'selection', { type: 'set-shortlist', candidates: ['c1'] });
  await applyStep(a(), em.id, 'selection', { type: 'panel-decide', candidate: 'c1', reasons: 'The one candidate, and a strong one.' });

  // The selection the trigger ballot started, through to a declaration.
  at('2024-04-03');
  let sel: StoredProcess = (
    await openSelectionIn(a(), await con('ash'), LABOUR_2021, {
      timetable: {
        applicationsClose: isoDate('2024-04-05'),
        nominationsClose: isoDate('2024-04-10'),
        freezeDate: isoDate('2024-04-01'),
        ballotOpens: isoDate('2024-04-12'),
        ballotCloses: isoDate('2024-04-14'),
      },
    })
  ).process;
  // A member applies with a statement; it is returned, rewritten and approved.
  sel = await applyStep(a(), sel.id, 'selection', { type: 'apply', name: 'Member 1', gender: 'woman', member: 'm1', statement: 'I will listen.' });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'decide-statement', member: 'm1', approve: false, reason: 'Please say more.' });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'write-statement', member: 'm1', text: 'I will listen, and act.' });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'decide-statement', member: 'm1', approve: true });
  for (const [name, gender] of [
    ['Ann', 'woman'],
    ['Bo', 'man'],
    ['Cy', 'woman'],
    ['Di', 'man'],
  ] as const) {
    sel = await applyStep(a(), sel.id, 'selection', { type: 'apply', name, gender });
  }
  const standing = (sel.state as SelectionState).candidates.map((c) => c.id);
  sel = await applyStep(a(), sel.id, 'selection', { type: 'withdraw', candidate: standing[standing.length - 1], reason: 'moved away' });
  at('2024-04-05');
  sel = await applyStep(a(), sel.id, 'selection', { type: 'close-applications' });
  at('2024-04-06');
  sel = await applyStep(a(), sel.id, 'selection', { type: 'nominate', unit: 'ash:b1', candidates: [standing[1], standing[2]] });
  at('2024-04-10');
  const list = (sel.state as SelectionState).candidates.filter((c) => c.withdrawn === null).map((c) => c.id);
  sel = await applyStep(a(), sel.id, 'selection', { type: 'set-longlist', candidates: list });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'set-shortlist', candidates: list });
  sel = (await freezeElectorate(a(), sel.id, 'selection')).process;
  at('2024-04-12');
  sel = await applyStep(a(), sel.id, 'selection', { type: 'open-ballot' });
  at('2024-04-14');
  sel = await applyStep(a(), sel.id, 'selection', { type: 'close-ballot' });
  const paper = (sel.state as SelectionState).shortlist!;
  sel = await applyStep(a(), sel.id, 'selection', { type: 'record-count', ballots: [{ ranking: [paper[2], paper[0], paper[1]], count: 2 }], seed: 5 });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'declare' });
  // A dispute about its count, dismissed, appealed and dismissed again.
  sel = await applyStep(a(), sel.id, 'selection', { type: 'lodge-dispute', subject: { kind: 'count' }, role: 'candidate', grounds: 'Miscounted.' });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'The count was checked.' });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'appeal-dispute', dispute: '1', grounds: 'Not checked by hand.' });
  sel = await applyStep(a(), sel.id, 'selection', { type: 'decide-dispute-appeal', dispute: '1', outcome: 'dismissed', reasons: 'It was.' });

  // A national election, through to a declaration.
  at('2024-05-01');
  let el = await openElection(a(), LABOUR_2021, 'NEC 2024', {
    nominationsClose: isoDate('2024-05-05'),
    freezeDate: isoDate('2024-05-01'),
    ballotOpens: isoDate('2024-05-06'),
    ballotCloses: isoDate('2024-05-08'),
  });
  for (let i = 1; i <= 11; i++)
    el = await applyStep(a(), el.id, 'internal-election', { type: 'nominate', name: `Nominee ${i}`, gender: i <= 6 ? 'woman' : 'man' });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'withdraw', candidate: (el.state as InternalElectionState).candidates[10].id });
  // Five constituency parties nominate member 1, who accepts and writes a statement; member 2 declines.
  for (const c of constituencies) {
    const body = await con(c);
    el = await applyStep(a(), el.id, 'internal-election', {
      type: 'body-nominate',
      body: { id: body.id, name: body.name, kind: body.kind },
      candidate: (await store.getMember(memberId('m1')))!,
      meetingDate: isoDate('2024-05-01'),
    });
  }
  const ash = await con('ash');
  el = await applyStep(a(), el.id, 'internal-election', {
    type: 'body-nominate',
    body: { id: ash.id, name: ash.name, kind: ash.kind },
    candidate: (await store.getMember(memberId('m2')))!,
    meetingDate: isoDate('2024-05-01'),
  });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'consent', member: 'm1', answer: 'accepted' });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'consent', member: 'm2', answer: 'declined' });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'write-statement', member: 'm1', text: 'For the members.' });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'decide-statement', member: 'm1', approve: false, reason: 'Too short.' });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'write-statement', member: 'm1', text: 'For the members, always.' });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'decide-statement', member: 'm1', approve: true });
  // Ash's all-member nomination meeting: called, attended, one round, and it nominates no one.
  const settled = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  let meeting = settled(await callMeeting(a(), { election: el, party: unitId('ash'), date: isoDate('2024-05-01'), place: 'online', candidates: ['m1'] }));
  meeting = settled(await recordAttendance(a(), meeting, ['m1', 'm6', 'm11']));
  meeting = settled(await enterRound(a(), meeting, { m1: 2 }, 1));
  settled(await confirmDecision(a(), meeting, false, 'The meeting chose to make no further nomination.'));
  // Ash meets again online: the chair opens a round, a member votes in the booth, the chair closes it.
  let online = settled(
    await callMeeting(a(), { election: el, party: unitId('ash'), date: isoDate('2024-05-01'), place: 'online', candidates: ['m1'], voting: 'online' }),
  );
  online = settled(await recordAttendance(a(), online, ['m1', 'm6', 'm11']));
  online = settled(await openBoothRound(a(), online));
  settled(await castBoothVote(store, online, memberId('m6'), 'm1'));
  settled(await closeBoothRound(a(), online));
  at('2024-05-06');
  el = (await freezeElectorate(a(), el.id, 'internal-election')).process;
  el = await applyStep(a(), el.id, 'internal-election', { type: 'open-ballot' });
  at('2024-05-08');
  el = await applyStep(a(), el.id, 'internal-election', { type: 'close-ballot' });
  const nominees = (el.state as InternalElectionState).candidates.filter((c) => c.withdrawn === null).map((c) => c.id);
  el = await applyStep(a(), el.id, 'internal-election', {
    type: 'record-count',
    ballots: [
      { ranking: nominees, count: 3 },
      { ranking: SECRET_RANKING, count: 1 },
    ],
    seed: 9,
  });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'declare' });
  // A dispute about a candidate's nomination, dismissed, appealed and dismissed again.
  const disputed = {
    type: 'lodge-dispute',
    subject: { kind: 'nomination', candidate: nominees[0]! },
    role: 'member',
    grounds: 'Not validly nominated.',
  } as const;
  el = await applyStep(a(), el.id, 'internal-election', disputed);
  el = await applyStep(a(), el.id, 'internal-election', { type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'The nomination was valid.' });
  el = await applyStep(a(), el.id, 'internal-election', { type: 'appeal-dispute', dispute: '1', grounds: 'It was not.' });
  await applyStep(a(), el.id, 'internal-election', { type: 'decide-dispute-appeal', dispute: '1', outcome: 'dismissed', reasons: 'It was.' });

  // A leadership election: an MP nominates a member for leader.
  at('2024-06-01');
  const leader = await openElection(
    a(),
    LABOUR_2021,
    'Leadership 2024',
    { nominationsClose: isoDate('2024-06-05'), freezeDate: isoDate('2024-06-05'), ballotOpens: isoDate('2024-06-06'), ballotCloses: isoDate('2024-06-08') },
    undefined,
    { leadership: { vacancy: true, incumbent: null, parliamentaryParty: [{ member: 'm20', name: 'Member 20' }], constituencies: 5, affiliatedMembership: 0 } },
  );
  await applyStep(a(), leader.id, 'internal-election', { type: 'mp-nominate', mp: 'm20', candidate: (await store.getMember(memberId('m3')))! });
  await applyStep(a(), leader.id, 'internal-election', { type: 'pause-timetable', reason: 'A snap election.' });
  at('2024-06-03');
  await applyStep(a(), leader.id, 'internal-election', { type: 'resume-timetable', reason: 'The election is over.' });
  await applyStep(a(), leader.id, 'internal-election', { type: 'extend-timetable', reason: 'More time.', closes: isoDate('2024-06-10') });

  log = await store.auditEntries({ limit: 10_000 });
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe('what each process step logs', () => {
  it('logs every kind of step of every process under its own type, never the name-only fallback', () => {
    const types = new Set(log.map((e) => e.type));
    expect(log.filter((e) => e.type === 'process.step').map((e) => e.data)).toEqual([]);
    expect([...PROCESS_STEP_TYPES].filter((t) => !types.has(t))).toEqual([]);
  });

  it('logs each step once, with the version and time of the event it explains, by whoever acted', async () => {
    const steps = log.filter((e) => typeof (e.data as { version?: unknown }).version === 'number');
    const byProcess = new Map<string, AuditEntry[]>();
    for (const e of steps) {
      const p = (e.data as { process: string }).process;
      byProcess.set(p, [...(byProcess.get(p) ?? []), e]);
    }
    expect(byProcess.size).toBe((await store.listProcesses()).length);
    for (const [id, entries] of byProcess) {
      const events = await store.processEvents(id as never);
      expect(
        entries.map((e) => (e.data as { version: number }).version),
        id,
      ).toEqual(events.map((e) => e.version));
      expect(entries.map((e) => e.at)).toEqual(events.map((e) => e.at));
      expect(entries.every((e) => e.actor === 'tester')).toBe(true);
    }
  });

  it('copies the facts of the step: a meeting’s figures, a correction’s reason, a close’s outcome', () => {
    const find = (type: string) => log.find((e) => e.type === type)!.data as Record<string, unknown>;
    expect(find('trigger.meeting-recorded')).toEqual({
      process: 'tb-ash-1',
      version: 2,
      unit: 'ash:b1',
      for: 9,
      against: 2,
      abstentions: 1,
      attendance: 12,
      date: '2024-03-10',
      arrivedBy: null,
      received: null,
    });
    expect(find('trigger.meeting-corrected')).toMatchObject({ unit: 'ash:b1', for: 10, against: 1, reason: 'a miscount' });
    expect(find('trigger.absence-recorded')).toMatchObject({ unit: 'ash:b2', note: 'not quorate' });
    expect(find('trigger.closed')).toMatchObject({ outcome: 'triggered', decisions: ['ash:b1: yes', 'ash:b2: absent', 'ash:aff-1: yes'] });
    expect(find('trigger.opened')).toMatchObject({ process: 'tb-ash-1', version: 1, constituency: 'ash', mode: 'trigger-ballot', units: 3, outcome: null });
    expect(log.find((e) => e.type === 'trigger.opened' && (e.data as { outcome: unknown }).outcome === 'triggered')).toBeDefined();
    expect(find('trigger.exempted')).toMatchObject({ constituency: 'dun', reason: expect.stringContaining('suspended') });
    const opened = log.filter((e) => e.type === 'selection.opened').map((e) => e.data as Record<string, unknown>);
    expect(opened.find((d) => d.followsTrigger === 'tb-ash-1')).toMatchObject({ timetable: { freezeDate: '2024-04-01', ballotCloses: '2024-04-14' } });
    // The emergency selection that follows a refused endorsement, its timetable extended by a day and its panel's decision.
    expect(opened.find((d) => d.followsTrigger === 'tb-gor-1')).toMatchObject({ incumbent: 'Incumbent of gor' });
    expect(find('selection.timetable-extended')).toMatchObject({ step: 'applicationsClose', from: '2024-03-02', to: '2024-03-03' });
    expect(find('selection.panel-decided')).toMatchObject({ winner: 'c1', name: 'Gwen', reasons: 'The one candidate, and a strong one.' });
    expect(find('trigger.endorsement-refused')).toMatchObject({ reason: 'Under investigation.', date: '2024-03-01', outcome: 'triggered' });
  });

  it('logs a freeze as a long action around its step: started, the step, finished with the counts', () => {
    const i = log.findIndex((e) => e.type === 'electorate.freeze-started');
    expect(log.slice(i, i + 3).map((e) => e.type)).toEqual(['electorate.freeze-started', 'selection.electorate-frozen', 'electorate.freeze-finished']);
    const step = log[i + 1].data as { eligible: number; total: number };
    expect(log[i + 2].data).toMatchObject({ outcome: 'frozen', eligible: step.eligible, total: step.total, reason: null });
  });

  it('logs the count by its number of ballots, and nothing of the ballots themselves', () => {
    const counted = log.filter((e) => e.type === 'selection.counted' || e.type === 'election.counted');
    expect(counted).toHaveLength(2);
    expect(Object.keys(counted[0].data as object).sort()).toEqual(['ballots', 'method', 'process', 'rounds', 'seed', 'version', 'winner']);
    expect((counted[0].data as { ballots: unknown }).ballots).toBe(2);
    expect((counted[1].data as { ballots: unknown }).ballots).toBe(4);
    const all = JSON.stringify(log.map((e) => e.data));
    expect(all).not.toContain(JSON.stringify(SECRET_RANKING));
    expect(all).not.toMatch(/"ranking"|"count":/);
  });

  it('passes the registry and makes one intact chain', () => {
    for (const e of log) expect(recordProblem({ actor: e.actor, type: e.type as never, data: e.data as never, at: e.at }), `${e.seq} ${e.type}`).toBeNull();
    expect(verifyChain(log, { digest: sha256Hex })).toMatchObject({ ok: true, entries: log.length });
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  });

  it('logs nothing when a step is refused, and nothing when an opening is', async () => {
    const before = (await store.auditHead())!;
    await expect(applyStep(a(), 'tb-ash-1', 'trigger-ballot', { type: 'close' })).rejects.toThrow(/Cannot close/);
    await expect(openTrigger(a(), (await store.getUnit(unitId('north')))!, LABOUR_2021, isoDate('2024-09-01'))).rejects.toThrow(/no incumbent/);
    expect(await store.auditHead()).toEqual(before);
  });
});

describe('a step with no type of its own', () => {
  it('is logged by name only, with none of its data', () => {
    const r = processStepRecord(
      {
        process: 'p1',
        kind: 'selection',
        version: 4,
        event: { type: 'postal-vote-recorded', at: '2024-01-01T00:00:00.000Z', by: 'm9', data: { member: 'm7', ranking: ['c1'] } },
      },
      'm9',
      '2024-01-02T00:00:00.000Z',
    );
    expect(r).toEqual({
      actor: 'm9',
      type: 'process.step',
      data: { process: 'p1', version: 4, kind: 'selection', step: 'postal-vote-recorded' },
      at: '2024-01-01T00:00:00.000Z',
    });
  });

  it('nor is a known step whose data no longer fits its declaration (and an event with no time takes the fallback)', () => {
    const r = processStepRecord(
      { process: 'p1', kind: 'trigger-ballot', version: 2, event: { type: 'meeting-recorded', data: { unit: 'b', for: '9' } } },
      'cli:alice',
      '2024-01-02T00:00:00.000Z',
    );
    expect(r).toEqual({
      actor: 'cli:alice',
      type: 'process.step',
      data: { process: 'p1', version: 2, kind: 'trigger-ballot', step: 'meeting-recorded' },
      at: '2024-01-02T00:00:00.000Z',
    });
  });
});
