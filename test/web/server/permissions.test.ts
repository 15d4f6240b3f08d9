/**
 * The role × route table: every route of the permission table, requested by
 * every kind of person, with the status each must get — including every
 * "must not" (a secretary at another unit, a procedures secretary in another
 * constituency, a member outside a ballot's electorate, a scrutineer taking a
 * step). POSTs carry a valid CSRF token and a form the handler refuses after
 * the permission check (or a harmless one), so each cell is independent of
 * the others; a fresh session is made for each cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/web/server/permissions.js';
import { buildWorld, Client, PERSONAS, type PersonaKey, type World } from './fixture.js';

let world: World;
/** A seat with a sitting representative and no review or selection under way: a trigger ballot may be opened there. */
let reviewable = '';
/** The other procedures secretary's own constituency, where a selection is already under way: they (and national officers) get past the permission check to be told so; the first procedures secretary may not. */
let theirs = '';
beforeAll(async () => {
  world = await buildWorld();
  const processes = await world.store.listProcesses();
  const underWay = (kind: string, c: string) =>
    processes.some(
      (p) => p.kind === kind && p.constituency === c && !['triggered', 'readopted', 'exempt', 'declared'].includes((p.state as { phase: string }).phase),
    );
  reviewable = (await world.store.listIncumbents()).find(
    (i) => !underWay('trigger-ballot', i.constituency) && !underWay('selection', i.constituency),
  )!.constituency;
  const other = world.people.otherProceduresSecretary.member!.id;
  theirs = (await world.store.listOffices()).find((o) => o.role === 'procedures-secretary' && o.member === other)!.unit;
  if (!underWay('selection', theirs)) throw new Error(`the other procedures secretary's constituency ${theirs} has no selection under way`);
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

type Expect = Partial<Record<PersonaKey, number>> & { readonly others: number };

interface Sample {
  readonly method: 'GET' | 'POST';
  readonly path: (w: World) => string;
  readonly form?: (w: World, who: PersonaKey) => Record<string, string | string[]>;
  readonly expect: Expect;
}

const SIGNED_IN = (status: number): Expect => ({ anonymous: 303, others: status });
const ONLY = (allowed: Partial<Record<PersonaKey, number>>, anonymous = 303): Expect => ({ anonymous, ...allowed, others: 403 });
const ALL = (status: number): Expect => ({ others: status });

/** Everyone who may see every constituency and process, but not act. */
const OVERSIGHT = { nationalOfficer: 200, scrutineer: 200, administrator: 200 } as const;

const SAMPLES: Readonly<Record<string, Sample>> = {
  home: { method: 'GET', path: () => '/', expect: SIGNED_IN(200) },
  'sign-in': { method: 'GET', path: () => '/sign-in', expect: { anonymous: 200, others: 303 } },
  // An address no member has: the answer is the same redirect as for a member's, and nothing is sent.
  'sign-in.send': { method: 'POST', path: () => '/sign-in', form: (_w, who) => ({ email: `nobody-${who}@example.invalid` }), expect: ALL(303) },
  'sign-in.code': { method: 'GET', path: () => '/sign-in/code?email=nobody%40example.invalid', expect: ALL(200) },
  'sign-in.verify': {
    method: 'POST',
    path: () => '/sign-in/code',
    form: (_w, who) => ({ email: `nobody-${who}@example.invalid`, code: '12345678' }),
    expect: ALL(400),
  },
  language: { method: 'GET', path: () => '/language?to=cy&next=%2Fresults', expect: ALL(303) },
  // A link nobody was sent: the page for everyone, and the same refusal when it is used.
  'sign-in.link': { method: 'GET', path: () => `/sign-in/link/${'A'.repeat(43)}`, expect: ALL(200) },
  'sign-in.link.use': { method: 'POST', path: () => `/sign-in/link/${'A'.repeat(43)}`, form: () => ({}), expect: ALL(400) },
  'sign-out': { method: 'POST', path: () => '/sign-out', form: () => ({}), expect: { anonymous: 401, others: 303 } },
  'sign-out.everywhere': { method: 'POST', path: () => '/sign-out/everywhere', form: () => ({}), expect: { anonymous: 401, others: 303 } },

  ballots: { method: 'GET', path: () => '/ballots', expect: SIGNED_IN(200) },
  eligibility: { method: 'GET', path: () => '/eligibility', expect: SIGNED_IN(200) },
  'my-constituency': { method: 'GET', path: () => '/my-constituency', expect: SIGNED_IN(200) },
  'self-identification': { method: 'GET', path: () => '/eligibility/self-identification', expect: SIGNED_IN(200) },
  // A word not on the list: refused beside the field for everyone signed in, so nobody's record changes.
  'self-identification.save': {
    method: 'POST',
    path: () => '/eligibility/self-identification',
    form: () => ({ characteristic: 'martian' }),
    expect: { anonymous: 401, others: 400 },
  },
  // Filled in per person in beforeAll: 200 for those eligible in the voting selection's electorate, 403 for the rest.
  booth: { method: 'GET', path: (w) => `/ballots/${w.voting.id}`, expect: SIGNED_IN(-1) },
  'booth.review': { method: 'POST', path: (w) => `/ballots/${w.voting.id}/review`, form: () => ({ 'rank-c2': '1' }), expect: { anonymous: 401, others: -1 } },
  // No "cast" or "change": refused as malformed after the checks, so nobody's vote is spent.
  'booth.cast': { method: 'POST', path: (w) => `/ballots/${w.voting.id}/cast`, form: () => ({ 'rank-c2': '1' }), expect: { anonymous: 401, others: -2 } },
  // No ballot sent: refused as needing JavaScript after the checks, so nobody's vote is spent.
  'booth.encrypted': { method: 'POST', path: (w) => `/ballots/${w.voting.id}/encrypted`, form: () => ({}), expect: { anonymous: 401, others: -2 } },

  // A ballot of plain ballots has no ceremony: the same 404 for every member (who the set-up names is tested in encrypted-ceremony.test.ts).
  'encrypted.credentials': { method: 'GET', path: (w) => `/ballots/${w.counted.id}/credentials`, expect: SIGNED_IN(404) },
  'encrypted.credentials.upload': {
    method: 'POST',
    path: (w) => `/ballots/${w.counted.id}/credentials`,
    form: () => ({}),
    expect: { anonymous: 401, others: 404 },
  },
  'encrypted.trustee': { method: 'GET', path: (w) => `/ballots/${w.counted.id}/trustee`, expect: SIGNED_IN(404) },
  'encrypted.trustee.upload': { method: 'POST', path: (w) => `/ballots/${w.counted.id}/trustee`, form: () => ({}), expect: { anonymous: 401, others: 404 } },

  candidacies: { method: 'GET', path: () => '/candidacies', expect: SIGNED_IN(200) },
  // Filled in per person: a member of a branch of the voting selection's constituency is told it is not taking applications (409); anyone else may not apply there (403).
  'candidacy.form': { method: 'GET', path: (w) => `/selections/${w.voting.id}/apply`, expect: SIGNED_IN(-3) },
  'candidacy.apply': {
    method: 'POST',
    path: (w) => `/selections/${w.voting.id}/apply`,
    form: () => ({ consent: 'yes' }),
    expect: { anonymous: 401, others: -3 },
  },

  unit: { method: 'GET', path: (w) => `/units/${w.triggerUnit}`, expect: ONLY({ triggerSecretary: 200 }) },
  'unit.meeting.form': { method: 'GET', path: (w) => `/units/${w.triggerUnit}/processes/${w.trigger.id}/meeting`, expect: ONLY({ triggerSecretary: 200 }) },
  'unit.meeting': {
    method: 'POST',
    path: (w) => `/units/${w.triggerUnit}/processes/${w.trigger.id}/meeting`,
    form: () => ({ for: 'many', against: '1', abstentions: '0', attendance: '3', date: '2024-05-30' }),
    expect: ONLY({ triggerSecretary: 400 }, 401),
  },
  'unit.nominations.form': {
    method: 'GET',
    path: (w) => `/units/${w.nominatingUnit}/processes/${w.nominating.id}/nominations`,
    expect: ONLY({ nominatingSecretary: 200 }),
  },
  'unit.nominations': {
    method: 'POST',
    path: (w) => `/units/${w.nominatingUnit}/processes/${w.nominating.id}/nominations`,
    form: () => ({ date: '2024-05-31' }),
    expect: ONLY({ nominatingSecretary: 400 }, 401),
  },

  constituency: { method: 'GET', path: (w) => `/constituencies/${w.trigger.constituency}`, expect: ONLY({ triggerSecretary: 200, ...OVERSIGHT }) },
  constituencies: { method: 'GET', path: () => '/constituencies', expect: ONLY(OVERSIGHT) },
  // National officers open reviews; no procedures secretary may, not even of the seat itself. The POSTs send nothing, so the one allowed gets 400.
  'trigger.open.form': { method: 'GET', path: () => `/constituencies/${reviewable}/trigger-ballots/new`, expect: ONLY({ nationalOfficer: 200 }) },
  'trigger.open': {
    method: 'POST',
    path: () => `/constituencies/${reviewable}/trigger-ballots`,
    form: () => ({}),
    expect: ONLY({ nationalOfficer: 400 }, 401),
  },
  // A procedures secretary opens their own constituency's selection, never another's; one is under way there, so those allowed are told so (409).
  'selection.open.form': {
    method: 'GET',
    path: () => `/constituencies/${theirs}/selections/new`,
    expect: ONLY({ otherProceduresSecretary: 409, nationalOfficer: 409 }),
  },
  'selection.open': {
    method: 'POST',
    path: () => `/constituencies/${theirs}/selections`,
    form: () => ({}),
    expect: ONLY({ otherProceduresSecretary: 409, nationalOfficer: 409 }, 401),
  },
  processes: { method: 'GET', path: () => '/processes', expect: ONLY(OVERSIGHT) },
  process: { method: 'GET', path: (w) => `/processes/${w.voting.id}`, expect: ONLY({ proceduresSecretary: 200, ...OVERSIGHT }) },
  'process.electorate': { method: 'GET', path: (w) => `/processes/${w.voting.id}/electorate`, expect: ONLY({ proceduresSecretary: 200, ...OVERSIGHT }) },
  // Declaring is not possible while the ballot is open: allowed people get the domain's 409, nothing changes.
  'process.step': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/steps/declare`,
    form: () => ({}),
    expect: ONLY({ proceduresSecretary: 409, nationalOfficer: 409 }, 401),
  },
  // Choosing encrypted ballots on the process's page: who runs it; an empty form is refused field by field, nothing stored.
  'process.encryption': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/encryption`,
    form: () => ({}),
    expect: ONLY({ proceduresSecretary: 400, nationalOfficer: 400 }, 401),
  },
  // Paper votes: the voting selection's procedures secretary and national officers; the other procedures secretary is refused by the resource check.
  // The POSTs name no member on the electorate, so those allowed get 404 and nobody's vote is recorded.
  'paper-votes': { method: 'GET', path: (w) => `/processes/${w.voting.id}/paper-votes`, expect: ONLY({ proceduresSecretary: 200, nationalOfficer: 200 }) },
  'paper-votes.review': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/paper-votes/review`,
    form: () => ({ member: 'no-such-member', channel: 'postal' }),
    expect: ONLY({ proceduresSecretary: 404, nationalOfficer: 404 }, 401),
  },
  'paper-votes.record': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/paper-votes`,
    form: () => ({ member: 'no-such-member', channel: 'postal', action: 'record' }),
    expect: ONLY({ proceduresSecretary: 404, nationalOfficer: 404 }, 401),
  },
  'paper-votes.encrypted': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/paper-votes/encrypted`,
    form: () => ({ member: 'no-such-member', channel: 'postal', ballot: '{}' }),
    // The sample ballot is not encrypted, so those allowed are told so (409) before any member is looked up.
    expect: ONLY({ proceduresSecretary: 409, nationalOfficer: 409 }, 401),
  },
  elections: { method: 'GET', path: () => '/elections', expect: ONLY(OVERSIGHT) },
  // Nominations and statements. The sample process is a selection with its ballot open: the election routes find no election (404)
  // for everyone signed in; a statement can no longer be written (409) nor decided (409).
  'election.nominate.form': { method: 'GET', path: (w) => `/elections/${w.voting.id}/nominate`, expect: SIGNED_IN(404) },
  'election.nominate': {
    method: 'POST',
    path: (w) => `/elections/${w.voting.id}/nominate`,
    form: () => ({ body: 'x', member: 'y', meetingDate: '2024-05-30' }),
    expect: { anonymous: 401, others: 404 },
  },
  // Nomination meetings. The sample process is a selection, neither an election taking constituency parties' nominations
  // nor a meeting: every route finds none (404) for everyone it admits; who may run a meeting is tested in nomination-meeting.test.ts.
  'meetings.list': { method: 'GET', path: (w) => `/elections/${w.voting.id}/meetings`, expect: SIGNED_IN(404) },
  'meetings.call': {
    method: 'POST',
    path: (w) => `/elections/${w.voting.id}/meetings`,
    form: () => ({ party: 'x', date: '2024-06-01', place: 'Hall', candidates: 'y' }),
    expect: { anonymous: 401, others: 404 },
  },
  meeting: { method: 'GET', path: (w) => `/meetings/${w.voting.id}`, expect: SIGNED_IN(404) },
  'meeting.attendance': {
    method: 'POST',
    path: (w) => `/meetings/${w.voting.id}/attendance`,
    form: () => ({ members: 'x' }),
    expect: { anonymous: 401, others: 404 },
  },
  'meeting.rounds': { method: 'POST', path: (w) => `/meetings/${w.voting.id}/rounds`, form: () => ({ spoilt: '0' }), expect: { anonymous: 401, others: 404 } },
  'meeting.decision': {
    method: 'POST',
    path: (w) => `/meetings/${w.voting.id}/decision`,
    form: () => ({ decision: 'none', reason: 'x' }),
    expect: { anonymous: 401, others: 404 },
  },
  'meeting.round.open': { method: 'POST', path: (w) => `/meetings/${w.voting.id}/round/open`, form: () => ({}), expect: { anonymous: 401, others: 404 } },
  'meeting.round.close': { method: 'POST', path: (w) => `/meetings/${w.voting.id}/round/close`, form: () => ({}), expect: { anonymous: 401, others: 404 } },
  'meeting.booth': { method: 'GET', path: (w) => `/meetings/${w.voting.id}/booth`, expect: SIGNED_IN(404) },
  'meeting.booth.vote': {
    method: 'POST',
    path: (w) => `/meetings/${w.voting.id}/booth`,
    form: () => ({ candidate: 'x' }),
    expect: { anonymous: 401, others: 404 },
  },
  'meeting.results': { method: 'GET', path: (w) => `/meetings/${w.voting.id}/results`, expect: ALL(404) },
  'meeting.results.text': { method: 'GET', path: (w) => `/meetings/${w.voting.id}/results/count.txt`, expect: ALL(404) },
  'meeting.results.csv': { method: 'GET', path: (w) => `/meetings/${w.voting.id}/results/count.csv`, expect: ALL(404) },
  'meeting.results.urcvt': { method: 'GET', path: (w) => `/meetings/${w.voting.id}/results/count.json`, expect: ALL(404) },
  'election.consent': {
    method: 'POST',
    path: (w) => `/elections/${w.voting.id}/consent`,
    form: () => ({ answer: 'accepted' }),
    expect: { anonymous: 401, others: 404 },
  },
  'election.candidates': { method: 'GET', path: (w) => `/elections/${w.voting.id}/candidates`, expect: ALL(404) },
  // A leadership election's MP nominations and public page: the sample process is no leadership election (404).
  'leadership.mp-nominate.form': { method: 'GET', path: (w) => `/elections/${w.voting.id}/mp-nominate`, expect: SIGNED_IN(404) },
  'leadership.mp-nominate': {
    method: 'POST',
    path: (w) => `/elections/${w.voting.id}/mp-nominate`,
    form: () => ({ member: 'y' }),
    expect: { anonymous: 401, others: 404 },
  },
  'leadership.nominations': { method: 'GET', path: (w) => `/elections/${w.voting.id}/leadership`, expect: ALL(404) },
  // A leadership election's supporters: the sample process is no leadership election (404) for whoever gets past the table.
  'supporters.apply.form': { method: 'GET', path: (w) => `/elections/${w.voting.id}/supporters/apply`, expect: ALL(404) },
  'supporters.apply': { method: 'POST', path: (w) => `/elections/${w.voting.id}/supporters/apply`, form: () => ({ name: 'x' }), expect: ALL(404) },
  // A link nobody was given: the same page for everyone.
  'supporters.status': { method: 'GET', path: () => `/supporters/status/${'A'.repeat(32)}`, expect: ALL(404) },
  'supporters.queue': { method: 'GET', path: (w) => `/elections/${w.voting.id}/supporters`, expect: ONLY({ nationalOfficer: 404, scrutineer: 404 }) },
  'supporters.window': {
    method: 'POST',
    path: (w) => `/elections/${w.voting.id}/supporters/window`,
    form: () => ({ opens: '2026-01-01' }),
    expect: ONLY({ nationalOfficer: 404 }, 401),
  },
  'supporters.decide': {
    method: 'POST',
    path: (w) => `/elections/${w.voting.id}/supporters/1/decide`,
    form: () => ({ 'reason-1': 'x', decision: 'accepted' }),
    expect: ONLY({ nationalOfficer: 404 }, 401),
  },
  'selection.candidates': { method: 'GET', path: (w) => `/selections/${w.voting.id}/candidates`, expect: ALL(200) },
  // A selection is no election of several contests: the one booth has nothing to offer for it.
  'election-booth': { method: 'GET', path: (w) => `/elections/${w.voting.id}/booth`, expect: SIGNED_IN(404) },
  'election-booth.review': { method: 'POST', path: (w) => `/elections/${w.voting.id}/booth/review`, form: () => ({}), expect: { anonymous: 401, others: 404 } },
  'election-booth.cast': {
    method: 'POST',
    path: (w) => `/elections/${w.voting.id}/booth/cast`,
    form: (w) => ({ contests: w.voting.id, action: 'cast' }),
    expect: { anonymous: 401, others: 404 },
  },
  standing: { method: 'GET', path: () => '/standing', expect: SIGNED_IN(200) },
  'statement.write': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/statement`,
    form: () => ({ statement: 'Hello.' }),
    expect: { anonymous: 401, others: 409 },
  },
  // No statement names this digest: 404 for everyone, signed in or not (no address reveals an unapproved photo).
  'statement.photo': { method: 'GET', path: (w) => `/processes/${w.voting.id}/photos/${'a'.repeat(64)}`, expect: ALL(404) },
  // The sample ballot is open: its turnout is for its officers and scrutineers only (a closed one's is public: turnout.test.ts).
  'process.notices': { method: 'GET', path: (w) => `/processes/${w.voting.id}/notices`, expect: ONLY({ proceduresSecretary: 200, ...OVERSIGHT }) },
  'process.notices.preview': {
    method: 'GET',
    path: (w) => `/processes/${w.voting.id}/notices/preview?kind=invitation&lang=cy`,
    expect: ONLY({ proceduresSecretary: 200, ...OVERSIGHT }),
  },
  // A moment long past: refused beside the field for those who run the ballot, nothing scheduled.
  'process.notices.remind': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/notices/reminders`,
    form: () => ({ date: '2000-01-01', time: '09:00' }),
    expect: ONLY({ proceduresSecretary: 400, nationalOfficer: 400 }, 401),
  },
  'process.notices.cancel': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/notices/no-such-notice/cancel`,
    form: () => ({}),
    expect: ONLY({ proceduresSecretary: 404, nationalOfficer: 404 }, 401),
  },
  'process.turnout': { method: 'GET', path: (w) => `/processes/${w.voting.id}/turnout`, expect: ONLY({ proceduresSecretary: 200, ...OVERSIGHT }) },
  'process.nominations': { method: 'GET', path: (w) => `/processes/${w.voting.id}/nominations`, expect: ONLY({ proceduresSecretary: 200, ...OVERSIGHT }) },
  'statement.decide': {
    method: 'POST',
    path: (w) => `/processes/${w.voting.id}/statements`,
    form: () => ({ candidate: 'nobody', decision: 'approve' }),
    expect: ONLY({ proceduresSecretary: 409, nationalOfficer: 409 }, 401),
  },
  'election.open.form': { method: 'GET', path: () => '/elections/new', expect: ONLY({ nationalOfficer: 200 }) },
  // No election of several contests is open in the sample world: those who may see one are told there is none.
  election: { method: 'GET', path: () => '/elections/no-such-election', expect: ONLY({ nationalOfficer: 404, scrutineer: 404, administrator: 404 }) },
  'election.step': {
    method: 'POST',
    path: () => '/elections/no-such-election/steps/close-ballot',
    form: () => ({}),
    expect: ONLY({ nationalOfficer: 404 }, 401),
  },
  'election.open': {
    method: 'POST',
    path: () => '/elections',
    form: () => ({ title: 'Refused for want of dates' }),
    expect: ONLY({ nationalOfficer: 400 }, 401),
  },
  'leadership.open.form': { method: 'GET', path: () => '/leadership-elections/new', expect: ONLY({ nationalOfficer: 200 }) },
  'leadership.open': {
    method: 'POST',
    path: () => '/leadership-elections',
    form: () => ({ title: 'Refused for want of dates' }),
    expect: ONLY({ nationalOfficer: 400 }, 401),
  },
  rulebooks: { method: 'GET', path: () => '/rulebooks', expect: SIGNED_IN(200) },
  'rulebooks.compare': { method: 'GET', path: () => '/rulebooks/compare?a=labour-2018%401&b=labour-2021%401', expect: SIGNED_IN(200) },
  rulebook: { method: 'GET', path: () => '/rulebooks/labour-2021%401', expect: SIGNED_IN(200) },

  results: { method: 'GET', path: (w) => `/results/${w.counted.id}`, expect: ALL(200) },
  'results.index': { method: 'GET', path: () => '/results', expect: ALL(200) },
  'results.tracker': { method: 'GET', path: (w) => `/results/${w.counted.id}/tracker`, expect: ALL(200) },
  // Anyone, signed in or not, may look a code up (with the anonymous CSRF token when signed out).
  'results.tracker.lookup': { method: 'POST', path: (w) => `/results/${w.counted.id}/tracker`, form: () => ({ code: 't-1' }), expect: ALL(200) },
  'results.csv': { method: 'GET', path: (w) => `/results/${w.counted.id}/count.csv`, expect: ALL(200) },
  'results.urcvt': { method: 'GET', path: (w) => `/results/${w.counted.id}/count.json`, expect: ALL(200) },
  'results.blt': { method: 'GET', path: (w) => `/results/${w.counted.id}/ballots.blt`, expect: ALL(200) },
  'results.board': { method: 'GET', path: (w) => `/results/${w.counted.id}/board`, expect: ALL(200) },
  'results.board.json': { method: 'GET', path: (w) => `/results/${w.counted.id}/board.json`, expect: ALL(200) },
  // A ballot of plain ballots has no encrypted board: the same 404 for everyone.
  'results.encrypted-board.json': { method: 'GET', path: (w) => `/results/${w.counted.id}/encrypted-board.json`, expect: ALL(404) },

  // Public: the same small simulation for everyone.
  simulate: { method: 'GET', path: () => '/simulate?runs=20&constituencies=50', expect: ALL(200) },
  audit: { method: 'GET', path: () => '/audit', expect: ONLY({ scrutineer: 200, administrator: 200 }) },
  // No statutory postal ballot in the sample world: the scrutineer (and, for the report, those with oversight) are told there is none.
  postal: { method: 'GET', path: () => '/postal/no-such-ballot', expect: ONLY({ scrutineer: 404 }) },
  'postal.act': { method: 'POST', path: () => '/postal/no-such-ballot/act/returns', form: () => ({ number: '1' }), expect: ONLY({ scrutineer: 404 }, 401) },
  'postal.scans': { method: 'POST', path: () => '/postal/no-such-ballot/scans', form: () => ({}), expect: ONLY({ scrutineer: 404 }, 401) },
  'postal.register': { method: 'GET', path: () => '/postal/no-such-ballot/register', expect: ONLY({ scrutineer: 404 }) },
  'postal.report': { method: 'GET', path: () => '/postal/no-such-ballot/report', expect: ONLY({ nationalOfficer: 404, scrutineer: 404, administrator: 404 }) },
  'postal.report.pdf': {
    method: 'GET',
    path: () => '/postal/no-such-ballot/report.pdf',
    expect: ONLY({ nationalOfficer: 404, scrutineer: 404, administrator: 404 }),
  },
  admin: { method: 'GET', path: () => '/admin', expect: ONLY({ administrator: 200 }) },
  'admin.appoint': {
    method: 'POST',
    path: () => '/admin/offices',
    form: () => ({ member: 'm0000001', unit: 'party', role: 'emperor' }),
    expect: ONLY({ administrator: 400 }, 401),
  },
  'admin.remove': {
    method: 'POST',
    path: () => '/admin/offices/remove',
    form: () => ({ member: 'm0000001', unit: 'party', role: 'emperor' }),
    expect: ONLY({ administrator: 400 }, 401),
  },
  // No rulebook of that name: refused, so nothing is set.
  'admin.rulebook': { method: 'POST', path: () => '/admin/rulebook', form: () => ({ rulebook: 'labour-2099' }), expect: ONLY({ administrator: 400 }, 401) },
  'admin.import': { method: 'GET', path: () => '/admin/import', expect: ONLY({ administrator: 200 }) },
  // A plain form, not a file: refused before anything is read as an import.
  'admin.import.run': { method: 'POST', path: () => '/admin/import', form: () => ({ what: 'members' }), expect: ONLY({ administrator: 400 }, 401) },
  // Disputes about a review: every member may read the decisions; who may lodge, decide and appeal is checked by the handler (disputes.test.ts).
  'process.disputes': { method: 'GET', path: (w) => `/processes/${w.trigger.id}/disputes`, expect: SIGNED_IN(200) },
  // Public, but the sample world's rulebook does not publish the panel's decisions: nobody, signed in or not, finds a page (disputes.test.ts).
  'process.decisions': { method: 'GET', path: (w) => `/processes/${w.trigger.id}/decisions`, expect: ALL(404) },
  // No such review: refused after the permission check, nothing saved.
  'process.disputes.lodge': {
    method: 'POST',
    path: () => '/processes/no-such-review/disputes',
    form: () => ({ about: 'process', grounds: 'x' }),
    expect: { anonymous: 401, others: 404 },
  },
  // Nobody chairs the panel in this world: no one may record its decision.
  'process.disputes.decide': {
    method: 'POST',
    path: (w) => `/processes/${w.trigger.id}/disputes/1/decision`,
    form: () => ({ outcome: 'dismissed', reasons: 'No case.' }),
    expect: { anonymous: 401, others: 403 },
  },
  // No dispute 1 in the review: refused after the permission check.
  'process.disputes.appeal': {
    method: 'POST',
    path: (w) => `/processes/${w.trigger.id}/disputes/1/appeal`,
    form: () => ({ 'appeal-grounds': 'Wrong.' }),
    expect: { anonymous: 401, others: 404 },
  },
  // A decision with no reasons: refused beside the field for the appeal body.
  'process.disputes.appeal-decide': {
    method: 'POST',
    path: (w) => `/processes/${w.trigger.id}/disputes/1/appeal-decision`,
    form: () => ({ outcome: 'dismissed' }),
    expect: ONLY({ nationalOfficer: 400 }, 401),
  },
  // Emergencies are national officers' alone; each POST here is refused after the permission check, so nothing changes.
  emergency: { method: 'GET', path: () => '/emergency', expect: ONLY({ nationalOfficer: 200 }) },
  'emergency.snap-election': {
    method: 'POST',
    path: () => '/emergency/snap-election',
    form: () => ({ reason: '' }),
    expect: ONLY({ nationalOfficer: 400 }, 401),
  },
  'emergency.open-selection': {
    method: 'POST',
    path: () => '/emergency/selections',
    form: () => ({ constituency: '', panel: '', reason: '' }),
    expect: ONLY({ nationalOfficer: 400 }, 401),
  },
  // The review is not waiting for endorsement.
  'process.endorsement': { method: 'GET', path: (w) => `/processes/${w.trigger.id}/endorsement`, expect: ONLY({ nationalOfficer: 409 }) },
  'process.endorsement.decide': {
    method: 'POST',
    path: (w) => `/processes/${w.trigger.id}/endorsement`,
    form: () => ({ decision: 'endorse', reason: 'x', date: '2026-01-01' }),
    expect: ONLY({ nationalOfficer: 409 }, 401),
  },
  'process.timetable': { method: 'GET', path: (w) => `/processes/${w.trigger.id}/timetable`, expect: ONLY({ nationalOfficer: 200 }) },
  // No reason: refused beside the field.
  'process.timetable.change': {
    method: 'POST',
    path: (w) => `/processes/${w.trigger.id}/timetable`,
    form: () => ({ action: 'pause', reason: '' }),
    expect: ONLY({ nationalOfficer: 400 }, 401),
  },
  // A review is no emergency selection.
  'process.panel': { method: 'GET', path: (w) => `/processes/${w.trigger.id}/panel`, expect: ONLY({ nationalOfficer: 404 }) },
  'process.panel.step': {
    method: 'POST',
    path: (w) => `/processes/${w.trigger.id}/panel`,
    form: () => ({ action: 'add', name: 'X' }),
    expect: ONLY({ nationalOfficer: 404 }, 401),
  },
  'admin.disputes-panel': { method: 'GET', path: () => '/admin/disputes-panel', expect: ONLY({ administrator: 200 }) },
  'admin.disputes-panel.change': {
    method: 'POST',
    path: () => '/admin/disputes-panel',
    form: () => ({ member: '', change: 'appoint' }),
    expect: ONLY({ administrator: 400 }, 401),
  },
  'admin.mail-failures': { method: 'GET', path: () => '/admin/mail-failures', expect: ONLY({ administrator: 200 }) },
  // A member whose address is not on the list: refused after the permission check, nothing saved.
  'admin.mail-failures.correct': {
    method: 'POST',
    path: () => '/admin/mail-failures',
    form: () => ({ member: 'no-such-member', email: 'new@example.org' }),
    expect: ONLY({ administrator: 404 }, 401),
  },

  static: { method: 'GET', path: () => '/static/hustings.css', expect: ALL(200) },
  'dev.outbox': { method: 'GET', path: () => '/dev/outbox', expect: ALL(200) },
};

describe('the role × route table', () => {
  it('has a sample for every route in the permission table, and no other', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(ROUTES.map((r) => r.id).sort());
    for (const r of ROUTES) expect(SAMPLES[r.id].method, r.id).toBe(r.method);
  });

  /** The booth's expectation for a person: eligible on the voting selection's frozen electorate or not. */
  async function boothStatus(who: PersonaKey, allowed: number): Promise<number> {
    const m = world.people[who].member;
    if (!m) return 401;
    const entry = (await world.store.electorate(world.voting.id)).find((e) => e.member === m.id);
    return entry?.eligible ? allowed : 403;
  }

  /** Whether the person is a member of a branch of the voting selection's constituency (where applications have closed). */
  async function inVotingConstituency(who: PersonaKey): Promise<boolean> {
    const m = world.people[who].member;
    if (!m) return false;
    return (await world.store.getUnit(m.branch))?.parent === world.voting.constituency;
  }

  for (const route of ROUTES) {
    describe(`${route.method} ${route.path} (${route.id})`, () => {
      for (const who of PERSONAS) {
        it(who, async () => {
          const sample = SAMPLES[route.id];
          let want = sample.expect[who] ?? sample.expect.others;
          if (want === -1) want = await boothStatus(who, route.method === 'GET' ? 200 : 200);
          if (want === -2) want = await boothStatus(who, 400);
          if (want === -3) want = (await inVotingConstituency(who)) ? 409 : 403;
          if (who === 'anonymous' && route.method === 'GET' && want === 401) want = 303;
          const client = await new Client(world, `198.51.100.${PERSONAS.indexOf(who) + 1}`).actAs(world.people[who].member);
          const before = await world.store.getProcess(world.voting.id);
          const r = sample.method === 'GET' ? await client.get(sample.path(world)) : await client.post(sample.path(world), sample.form!(world, who));
          expect(r.status, `${who} ${route.method} ${sample.path(world)}: ${r.text.slice(0, 400)}`).toBe(want);
          if (want === 403 || want === 401)
            expect(r.text).toMatch(/sign in|permission|not the secretary|no office|not on the electorate|cannot vote|cannot take steps|roles do not allow/i);
          // No refused or harmless request moves the voting selection or spends anyone's vote.
          const after = await world.store.getProcess(world.voting.id);
          expect(after?.version).toBe(before?.version);
        });
      }
    });
  }

  it('the table was exercised by every persona against a real world', async () => {
    expect(await world.store.turnout(world.voting.id)).toBe(0);
    // The members chosen for the "must not" cells really are outside what they tried.
    expect(await boothStatus('outsider', 200)).toBe(403);
    expect(await boothStatus('voter', 200)).toBe(200);
    expect(world.people.otherProceduresSecretary.member?.id).not.toBe(world.people.proceduresSecretary.member?.id);
  });
});
