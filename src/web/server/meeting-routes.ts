/**
 * A constituency party's nomination meetings on the web: calling one for a contest (its secretary or
 * procedures secretary, or a national officer), recording who attended, the chair's rounds of the
 * exhaustive ballot with what happens next said in words, the decision (which becomes the party's
 * nomination in the election), and the rounds as a count: the results page and its downloads.
 * Every step is the meeting's own, audited as whoever took it.
 */
import {
  callMeeting,
  confirmDecision,
  enterRound,
  mayRunMeeting,
  meetingCandidatesOf,
  meetingPartiesOf,
  meetingsFor,
  partyMembers,
  recordAttendance,
  takesConstituencyNominations,
} from '../../app/nomination-meetings.js';
import { isOfKind, type DocumentOfKind } from '../../app/load-process.js';
import { boothRoundOf, castBoothVote, closeBoothRound, mayVoteAt, openBoothRound } from '../../app/meeting-booth.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import type { MemberId, ProcessId, UnitId } from '../../domain/ids.js';
import {
  meetingCount,
  meetingWinner,
  nextWords,
  provisionalWeeksOf,
  roundProblems,
  standingNext,
  votersPresent,
  type MeetingVoting,
  type NominationMeetingState,
} from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { isIsoDate, type IsoDate } from '../../domain/time.js';
import { renderCsv, renderTable, renderUrcvt } from '../../report/index.js';
import type { FormState } from '../views/context.js';
import {
  ATTENDANCE_FIELDS,
  MEETING_DECISION_FIELDS,
  MEETING_CALL_FIELDS,
  ROUND_FIELDS,
  meetingPage,
  meetingStatusWords,
  meetingsPage,
  voteField,
} from '../views/nomination-meeting.js';
import { MEETING_BOOTH_FIELD, meetingBoothPage } from '../views/meeting-booth.js';
import { paths } from '../views/paths.js';
import { wordsFor } from '../views/language.js';
import { resultsPage } from '../views/results.js';
import type { Handler } from './app.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';
import { done, errorResponse, page, param, requestLanguage, viewContext, type AppDeps, type Ctx } from './http.js';
import { wordsIn, type Words } from '../../app/language/index.js';

type Election = DocumentOfKind<'internal-election'>;
type Meeting = DocumentOfKind<'nomination-meeting'>;

const BACK = { href: paths.home, text: 'Back to your home page' };

const posted = (c: Ctx, name: string): string => {
  const v = c.get('form')[name];
  return typeof v === 'string' ? v.trim() : '';
};
const postedList = (c: Ctx, name: string): string[] => {
  const v = c.get('form')[name];
  return Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : [];
};

// ---- The election's meetings, and calling one ---------------------------------------------------

async function electionOf(c: Ctx, deps: AppDeps): Promise<{ proc: Election; rulebook: Rulebook } | Response> {
  const proc = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (!proc || !isOfKind(proc, 'internal-election')) return errorResponse(c, 404, 'There is no such election.', BACK);
  const rulebook = await rulebookFor(deps.store, proc);
  if (!rulebook) return errorResponse(c, 409, `${proc.state.title} runs under rules this version of Hustings does not bundle.`, BACK);
  if (!takesConstituencyNominations(proc.state, rulebook))
    return errorResponse(c, 404, `Constituency parties do not nominate in ${proc.state.title}, so it has no nomination meetings.`, BACK);
  return { proc, rulebook };
}

function statusOf(s: NominationMeetingState, w: Words = wordsIn('en-GB')): string {
  const decision =
    s.decision === null
      ? null
      : s.decision.kind === 'nominated'
        ? w.t('meetings.decided', { party: s.body.name, name: s.decision.name })
        : w.t('meetings.decidedNoOne', { party: s.body.name, reason: s.decision.reason });
  return meetingStatusWords(s.phase, decision, s.rounds.length, w, s.openRound?.round ?? null);
}

async function meetingsView(c: Ctx, deps: AppDeps, e: { proc: Election }, form: FormState, status: 200 | 400 | RefusalStatus = 200) {
  const who = c.get('who')!;
  const parties = await meetingPartiesOf(deps.store, who.member.id, who.roles.has('national-officer'));
  const mine = new Set(parties.map((p) => p.id as string));
  const s = e.proc.state;
  const open = s.phase === 'nominations';
  const view = {
    election: { id: e.proc.id, title: s.title, nominationsClose: s.timetable.nominationsClose },
    meetings: (await meetingsFor(deps.store, e.proc.id)).map((m) => ({
      id: m.id,
      party: m.state.body.name,
      date: m.state.date,
      place: m.state.place,
      status: statusOf(m.state, wordsIn(requestLanguage(c))),
      mine: m.constituency !== null && mine.has(m.constituency),
    })),
    call:
      parties.length > 0 && open
        ? {
            parties: parties.map((p) => ({ value: p.id, label: p.name })),
            candidates: meetingCandidatesOf(s).map((x) => ({ value: x.member, label: x.name })),
          }
        : null,
    form,
  };
  return page(c, meetingsPage(view, viewContext(c)), status);
}

const meetings: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  return meetingsView(c, deps, e, { values: {}, errors: {} });
};

const call: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  const who = c.get('who')!;
  const parties = await meetingPartiesOf(deps.store, who.member.id, who.roles.has('national-officer'));
  if (parties.length === 0)
    return errorResponse(c, 403, 'Only a constituency party’s secretary (or a national officer) calls its nomination meetings. Nothing was saved.', BACK);
  const values: Record<string, string> = {
    [MEETING_CALL_FIELDS.party]: posted(c, MEETING_CALL_FIELDS.party),
    [MEETING_CALL_FIELDS.date]: posted(c, MEETING_CALL_FIELDS.date),
    [MEETING_CALL_FIELDS.place]: posted(c, MEETING_CALL_FIELDS.place),
    [MEETING_CALL_FIELDS.voting]: posted(c, MEETING_CALL_FIELDS.voting) || 'in-the-room',
    // The ticked candidates, kept for the form shown again.
    [MEETING_CALL_FIELDS.candidates]: postedList(c, MEETING_CALL_FIELDS.candidates).join(','),
  };
  const errors: Record<string, string> = {};
  const party = parties.find((p) => p.id === values[MEETING_CALL_FIELDS.party]);
  if (!party) errors[MEETING_CALL_FIELDS.party] = 'Choose a constituency party you are secretary of.';
  const date = values[MEETING_CALL_FIELDS.date]!;
  if (!isIsoDate(date)) errors[MEETING_CALL_FIELDS.date] = 'Enter the date of the meeting.';
  const voting = values[MEETING_CALL_FIELDS.voting];
  if (voting !== 'in-the-room' && voting !== 'online') errors[MEETING_CALL_FIELDS.voting] = 'Choose whether members vote in the room or online.';
  if (values[MEETING_CALL_FIELDS.place] === '') errors[MEETING_CALL_FIELDS.place] = 'Enter where the meeting is held, or "online".';
  const candidates = postedList(c, MEETING_CALL_FIELDS.candidates);
  if (candidates.length === 0) errors[MEETING_CALL_FIELDS.candidates] = 'Choose at least one candidate.';
  if (Object.keys(errors).length > 0) return meetingsView(c, deps, e, { values, errors }, party || parties.length === 0 ? 400 : 403);
  const called = await callMeeting(
    { store: deps.store, clock: deps.clock, actor: who.member.id },
    {
      election: e.proc,
      party: party!.id as UnitId,
      date: date as IsoDate,
      place: values[MEETING_CALL_FIELDS.place]!,
      candidates,
      voting: voting as MeetingVoting,
    },
  );
  if (!called.ok) {
    const m = called.error.message;
    const field = /date|close/i.test(m) ? MEETING_CALL_FIELDS.date : /candidate/i.test(m) ? MEETING_CALL_FIELDS.candidates : '';
    return meetingsView(c, deps, e, { values, errors: { [field]: m } }, httpStatusOf(called.error));
  }
  return done(c, deps.config, paths.nominationMeeting(called.value.id), `${party!.name}'s nomination meeting is called for ${date}.`);
};

// ---- The meeting's page ------------------------------------------------------------------------

async function meetingOf(c: Ctx, deps: AppDeps): Promise<{ proc: Meeting; rulebook: Rulebook } | Response> {
  const proc = await deps.store.processDocument(param(c, 'meeting') as ProcessId);
  if (!proc || !isOfKind(proc, 'nomination-meeting')) return errorResponse(c, 404, 'There is no such nomination meeting.', BACK);
  const rulebook = await rulebookFor(deps.store, proc);
  if (!rulebook) return errorResponse(c, 409, `${proc.state.title} runs under rules this version of Hustings does not bundle.`, BACK);
  return { proc, rulebook };
}

/** The meeting, for whoever runs it: its party's secretary or procedures secretary, or a national officer. */
async function runScope(c: Ctx, deps: AppDeps): Promise<{ proc: Meeting; rulebook: Rulebook } | Response> {
  const m = await meetingOf(c, deps);
  if (m instanceof Response) return m;
  const who = c.get('who')!;
  if (!(await mayRunMeeting(deps.store, who.member.id, who.roles.has('national-officer'), m.proc)))
    return errorResponse(c, 403, `Only the secretary of ${m.proc.state.body.name} (or a national officer) runs its nomination meeting.`, BACK);
  return m;
}

interface MeetingForms {
  readonly attendance?: FormState;
  readonly round?: FormState;
  readonly decision?: FormState;
}

const EMPTY: FormState = { values: {}, errors: {} };

async function meetingView(c: Ctx, deps: AppDeps, m: { proc: Meeting; rulebook: Rulebook }, forms: MeetingForms = {}, status: 200 | 400 | RefusalStatus = 200) {
  const s = m.proc.state;
  const query = c.req.query(ATTENDANCE_FIELDS.query) ?? '';
  const recorded = new Set(s.attendees.map((a) => a.member));
  let found: { value: string; label: string }[] | null = null;
  if (s.phase === 'called' && (query.trim() !== '' || c.req.query('all') === '1') && m.proc.constituency !== null) {
    const members = query.trim() !== '' ? await deps.store.findMembers(query, 50) : await partyMembers(deps.store, m.proc.constituency as UnitId);
    const branchNames = new Map<string, string>();
    for (const x of members)
      if (!branchNames.has(x.branch)) branchNames.set(x.branch, (await deps.store.getUnit(x.branch))?.name ?? 'a branch no longer on record');
    found = members.filter((x) => !recorded.has(x.id)).map((x) => ({ value: x.id, label: `${x.name} (${branchNames.get(x.branch)}, joined ${x.joined})` }));
  }
  const weeks = provisionalWeeksOf(m.rulebook);
  const winner = s.decision === null ? meetingWinner(s) : null;
  const view = {
    id: m.proc.id,
    title: s.title,
    party: s.body.name,
    election: { id: s.election.process, title: s.election.title },
    date: s.date,
    place: s.place,
    status: statusOf(s),
    provisional:
      weeks > 0
        ? `Members of ${s.body.name} in good standing may vote; a member who joined fewer than ${weeks} weeks before the meeting may attend but not vote.`
        : `Members of ${s.body.name} in good standing may vote.`,
    attendees: s.attendees,
    voters: votersPresent(s),
    attendanceOpen: s.phase === 'called',
    query,
    found,
    rounds: s.rounds.map((r, i) => ({
      round: i + 1,
      votes: s.candidates.flatMap((x) => (Object.hasOwn(r.votes, x.member) ? [`${x.name} ${r.votes[x.member]}`] : [])).join(', '),
      spoilt: r.spoilt,
    })),
    next: s.decision === null ? nextWords(s) : [],
    standing: s.decision === null ? standingNext(s) : [],
    winner: winner?.name ?? null,
    decision: s.decision === null ? null : statusOf(s),
    hasRounds: s.rounds.length > 0,
    online:
      s.voting === 'online'
        ? {
            open: s.openRound === null ? null : { round: s.openRound.round, voted: (await boothRoundOf(deps.store, m.proc, null))?.voted ?? 0 },
            booth: paths.nominationMeetingBooth(m.proc.id),
          }
        : null,
    forms: { attendance: forms.attendance ?? EMPTY, round: forms.round ?? EMPTY, decision: forms.decision ?? EMPTY },
  };
  return page(c, meetingPage(view, viewContext(c)), status);
}

const meeting: Handler = async (c, deps) => {
  const m = await runScope(c, deps);
  if (m instanceof Response) return m;
  return meetingView(c, deps, m);
};

const attendance: Handler = async (c, deps) => {
  const m = await runScope(c, deps);
  if (m instanceof Response) return m;
  const members = postedList(c, ATTENDANCE_FIELDS.members);
  if (members.length === 0)
    return meetingView(c, deps, m, { attendance: { values: {}, errors: { [ATTENDANCE_FIELDS.members]: 'Tick at least one member who attended.' } } }, 400);
  const r = await recordAttendance({ store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id }, m.proc, members);
  if (!r.ok) return meetingView(c, deps, m, { attendance: { values: {}, errors: { [ATTENDANCE_FIELDS.members]: r.error.message } } }, httpStatusOf(r.error));
  const added = r.value.state.attendees.slice(m.proc.state.attendees.length);
  const voting = added.filter((a) => a.mayVote).length;
  return done(
    c,
    deps.config,
    paths.nominationMeeting(m.proc.id),
    `${added.length} recorded as present: ${voting} may vote${added.length > voting ? `, ${added.length - voting} may not (see why below)` : ''}.`,
  );
};

/** A tally as typed: a whole number, or the text itself (the domain names what is wrong with it). */
function tally(text: string): number | string {
  return /^\d{1,9}$/.test(text) ? Number(text) : text;
}

const rounds: Handler = async (c, deps) => {
  const m = await runScope(c, deps);
  if (m instanceof Response) return m;
  const s = m.proc.state;
  const standing = standingNext(s);
  const values: Record<string, string> = { [ROUND_FIELDS.spoilt]: posted(c, ROUND_FIELDS.spoilt) };
  const votes: Record<string, number | string> = {};
  for (const x of standing) {
    values[voteField(x.member)] = posted(c, voteField(x.member));
    votes[x.member] = tally(values[voteField(x.member)]!);
  }
  const spoilt = values[ROUND_FIELDS.spoilt] === '' ? 0 : tally(values[ROUND_FIELDS.spoilt]!);
  if (s.decision === null) {
    const problems = roundProblems(s, votes, spoilt);
    if (problems.length > 0) {
      const errors = Object.fromEntries(
        problems.map((p) => [p.field === '' ? '' : p.field === 'spoilt' ? ROUND_FIELDS.spoilt : voteField(p.field), p.message]),
      );
      return meetingView(c, deps, m, { round: { values, errors } }, 400);
    }
  }
  const r = await enterRound(
    { store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id },
    m.proc,
    votes as Record<string, number>,
    spoilt as number,
  );
  if (!r.ok) return meetingView(c, deps, m, { round: { values, errors: { '': r.error.message } } }, httpStatusOf(r.error));
  const next = nextWords(r.value.state);
  return done(c, deps.config, paths.nominationMeeting(m.proc.id), `Round ${r.value.state.rounds.length} is entered. ${next.join(' ')}`);
};

const decision: Handler = async (c, deps) => {
  const m = await runScope(c, deps);
  if (m instanceof Response) return m;
  const nominate = posted(c, MEETING_DECISION_FIELDS.decision) === 'nominate';
  const reason = posted(c, MEETING_DECISION_FIELDS.reason);
  const values = { [MEETING_DECISION_FIELDS.reason]: reason };
  if (!nominate && reason === '')
    return meetingView(c, deps, m, { decision: { values, errors: { [MEETING_DECISION_FIELDS.reason]: 'Say why the meeting nominates no one.' } } }, 400);
  const r = await confirmDecision({ store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id }, m.proc, nominate, nominate ? null : reason);
  if (!r.ok)
    return meetingView(
      c,
      deps,
      m,
      { decision: { values, errors: { '': `${r.error.message}${/saved/.test(r.error.message) ? '' : ' Nothing was saved.'}` } } },
      httpStatusOf(r.error),
    );
  const d = r.value.state.decision;
  return done(
    c,
    deps.config,
    paths.nominationMeeting(m.proc.id),
    d?.kind === 'nominated'
      ? `${r.value.state.body.name}'s nomination of ${d.name} is recorded in ${r.value.state.election.title}.`
      : `The meeting's decision to nominate no one is recorded.`,
  );
};

// ---- An online meeting: the chair's rounds and the members' booth ---------------------------------

const acting = (c: Ctx, deps: AppDeps) => ({ store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id });

const openRound: Handler = async (c, deps) => {
  const m = await runScope(c, deps);
  if (m instanceof Response) return m;
  const r = await openBoothRound(acting(c, deps), m.proc);
  if (!r.ok) return meetingView(c, deps, m, { round: { values: {}, errors: { '': r.error.message } } }, httpStatusOf(r.error));
  const open = r.value.state.openRound!;
  return done(c, deps.config, paths.nominationMeeting(m.proc.id), `Round ${open.round} is open: members present who may vote can vote in the booth now.`);
};

const closeRound: Handler = async (c, deps) => {
  const m = await runScope(c, deps);
  if (m instanceof Response) return m;
  const r = await closeBoothRound(acting(c, deps), m.proc);
  if (!r.ok) return meetingView(c, deps, m, { round: { values: {}, errors: { '': r.error.message } } }, httpStatusOf(r.error));
  const n = r.value.state.rounds.length;
  return done(c, deps.config, paths.nominationMeeting(m.proc.id), `Round ${n} is closed and counted. ${nextWords(r.value.state).join(' ')}`);
};

/** The meeting, for a member present at it who may vote online; 403 for anyone else, 409 for a meeting in the room. */
async function boothScope(c: Ctx, deps: AppDeps): Promise<Meeting | Response> {
  const m = await meetingOf(c, deps);
  if (m instanceof Response) return m;
  const w = wordsFor(viewContext(c));
  const back = { href: paths.home, text: w.t('standing.back') };
  if (m.proc.state.voting !== 'online') return errorResponse(c, 409, w.t('meetingBooth.inRoom'), back);
  if (!mayVoteAt(m.proc.state, c.get('who')!.member.id)) return errorResponse(c, 403, w.t('meetingBooth.notVoter'), back);
  return m.proc;
}

async function boothView(c: Ctx, deps: AppDeps, proc: Meeting, form: FormState, status: 200 | 400 | RefusalStatus = 200) {
  const s = proc.state;
  const open = await boothRoundOf(deps.store, proc, c.get('who')!.member.id as MemberId);
  const winner = s.decision === null ? meetingWinner(s) : null;
  const view = {
    id: proc.id,
    title: s.title,
    open: open && { round: open.round, candidates: open.candidates, youVoted: open.youVoted },
    rounds: s.rounds.map((r, i) => ({
      round: i + 1,
      votes: s.candidates.flatMap((x) => (Object.hasOwn(r.votes, x.member) ? [`${x.name} ${r.votes[x.member]}`] : [])).join(', '),
    })),
    winner: winner?.name ?? null,
    decided: s.decision === null ? null : { nominated: s.decision.kind === 'nominated' ? s.decision.name : null },
    form,
  };
  return page(c, meetingBoothPage(view, viewContext(c)), status);
}

const booth: Handler = async (c, deps) => {
  const proc = await boothScope(c, deps);
  if (proc instanceof Response) return proc;
  return boothView(c, deps, proc, EMPTY);
};

const boothVote: Handler = async (c, deps) => {
  const proc = await boothScope(c, deps);
  if (proc instanceof Response) return proc;
  const w = wordsFor(viewContext(c));
  const candidate = posted(c, MEETING_BOOTH_FIELD);
  if (candidate === '') return boothView(c, deps, proc, { values: {}, errors: { [MEETING_BOOTH_FIELD]: w.t('meetingBooth.chooseOne') } }, 400);
  const r = await castBoothVote(deps.store, proc, c.get('who')!.member.id as MemberId, candidate);
  if (!r.ok) {
    const round = proc.state.openRound?.round ?? 0;
    const message =
      r.error.reason === 'already-voted'
        ? w.t('meetingBooth.alreadyVoted', { round })
        : r.error.reason === 'closed'
          ? proc.state.openRound === null
            ? w.t('meetingBooth.waiting')
            : w.t('meetingBooth.closed', { round })
          : w.t('meetingBooth.chooseOne');
    // A vote already cast or a round closed is about the round, not the choice: said above the page, not beside a field it no longer shows.
    const field = r.error.reason === 'already-voted' || r.error.reason === 'closed' ? '' : MEETING_BOOTH_FIELD;
    return boothView(c, deps, proc, { values: { [MEETING_BOOTH_FIELD]: candidate }, errors: { [field]: message } }, httpStatusOf(r.error));
  }
  return done(c, deps.config, paths.nominationMeetingBooth(proc.id), w.t('meetingBooth.castDone', { round: r.value.round }));
};

// ---- The rounds as a count ---------------------------------------------------------------------

/** The meeting's count, once it has a round: for anyone once the meeting has decided, before that for whoever runs it. */
async function countOf(c: Ctx, deps: AppDeps) {
  const m = await meetingOf(c, deps);
  if (m instanceof Response) return m;
  const who = c.get('who');
  const runs = who !== null && (await mayRunMeeting(deps.store, who.member.id, who.roles.has('national-officer'), m.proc));
  const counted = meetingCount(m.proc.state);
  if (counted === null || (m.proc.state.phase !== 'decided' && !runs)) return errorResponse(c, 409, `${m.proc.state.title} has no rounds to show yet.`, BACK);
  return { proc: m.proc, record: counted.record };
}

function download(c: Ctx, body: string, type: string, name: string): Response {
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(body, 200);
}

const fileName = (id: string, ext: string) => `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;

const results: Handler = async (c, deps) => {
  const r = await countOf(c, deps);
  if (r instanceof Response) return r;
  const base = paths.nominationMeetingResults(r.proc.id);
  return page(
    c,
    resultsPage(
      {
        process: { id: r.proc.id, title: r.proc.state.title },
        record: r.record,
        downloads: { text: `${base}/count.txt`, csv: `${base}/count.csv`, urcvt: `${base}/count.json` },
        undeclared: r.proc.state.phase !== 'decided',
      },
      viewContext(c),
    ),
  );
};

const text: Handler = async (c, deps) => {
  const r = await countOf(c, deps);
  if (r instanceof Response) return r;
  return download(c, renderTable(r.record), 'text/plain; charset=utf-8', fileName(r.proc.id, 'txt'));
};

const csv: Handler = async (c, deps) => {
  const r = await countOf(c, deps);
  if (r instanceof Response) return r;
  return download(c, renderCsv(r.record), 'text/csv; charset=utf-8', fileName(r.proc.id, 'csv'));
};

const urcvt: Handler = async (c, deps) => {
  const r = await countOf(c, deps);
  if (r instanceof Response) return r;
  return download(
    c,
    renderUrcvt(r.record, { contest: r.proc.state.title, date: r.proc.state.date, generatedBy: 'Hustings' }),
    'application/json; charset=utf-8',
    fileName(r.proc.id, 'json'),
  );
};

export const meetingHandlers: Readonly<Record<string, Handler>> = {
  'meetings.list': meetings,
  'meetings.call': call,
  meeting,
  'meeting.attendance': attendance,
  'meeting.rounds': rounds,
  'meeting.decision': decision,
  'meeting.round.open': openRound,
  'meeting.round.close': closeRound,
  'meeting.booth': booth,
  'meeting.booth.vote': boothVote,
  'meeting.results': results,
  'meeting.results.text': text,
  'meeting.results.csv': csv,
  'meeting.results.urcvt': urcvt,
};
