/**
 * Who may do what: one table of every route and the roles that may reach it,
 * used by the app's guard before any handler runs, and the per-resource checks
 * the handlers make once they know which unit, constituency or ballot a
 * request is about. Nothing else in the server decides access.
 *
 * Roles come from the store's offices (and, for administrators, from the
 * configuration):
 *   member               everyone signed in
 *   unit-secretary       'secretary' of a branch or affiliated branch: that unit only
 *   procedures-secretary 'procedures-secretary' of a constituency: that constituency only
 *   national-officer     'national-officer' (of the party)
 *   scrutineer           'scrutineer': sees everything except how anyone voted; changes nothing, save as the
 *                        independent scrutineer of a union's statutory postal ballot (its papers, returns, count, report)
 *   administrator        a member id listed in HUSTINGS_ADMINS: appoints officers
 */
import type { MemberId, UnitId } from '../../domain/ids.js';
import type { Member, Office, Unit } from '../../domain/organisation.js';
import type { Store } from '../../store/store.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { Role } from '../views/context.js';

/** Someone signed in, with what their offices let them act for. */
export interface Principal {
  readonly member: Member;
  readonly roles: ReadonlySet<Role>;
  /** Units (branches, affiliated branches) they are secretary of. */
  readonly units: readonly Unit[];
  /** Constituencies they are procedures secretary of. */
  readonly constituencies: readonly Unit[];
}

export type Method = 'GET' | 'POST';

/** Who a route is for: anyone (signed in or not), or anyone signed in with one of the roles. */
export type Audience = 'public' | readonly Role[];

export interface RouteSpec {
  readonly id: string;
  readonly method: Method;
  /** Hono path pattern (":name" segments). */
  readonly path: string;
  readonly audience: Audience;
  /** The further check the handler makes on the resource, in words (for the table's readers and tests). */
  readonly resource?: string;
  /** Present only in development. */
  readonly developmentOnly?: boolean;
  /** The POST takes a file: multipart/form-data, within the upload limit rather than the form limit. */
  readonly upload?: true;
}

const OVERSIGHT: readonly Role[] = ['national-officer', 'scrutineer', 'administrator'];
const POSTAL = 'an internal election under a rulebook with a statutory postal ballot, its papers issued (the desk: before too)';
const EVERY_MEMBER: readonly Role[] = ['member'];
const SUPPORTERS = 'a leadership election whose rulebook has supporters (registered or affiliated)';
const PAPER_VOTES =
  'procedures secretary of the ballot’s constituency (a selection); national officers any ballot (national elections are theirs alone); only while the ballot is open, for a member eligible on its frozen electorate who has not voted';

const ENCRYPTED_AUTHORITY = 'the credential authority of a ballot whose ballots are encrypted';
const ENCRYPTED_TRUSTEE = 'a trustee of a ballot whose ballots are encrypted';
const OPEN_TRIGGER = 'national officers only, in any constituency with a sitting representative and no review under way; never a procedures secretary';
const OPEN_SELECTION = 'procedures secretary of it (not of another constituency); national officers any; no selection already under way';
const CANDIDACY =
  'a member of a branch of the selection’s constituency, in good standing and eligible to vote in it, while applications are open; not applied already';

const BODY_NOMINATION =
  'secretary or procedures secretary of a body the rulebook lets nominate (a constituency party, an affiliate); national officers for any such body; while nominations are open';

const MEETING_RUN = 'secretary or procedures secretary of the meeting’s constituency party (not of another); national officers any; every other member 403';
const MEETING_COUNT =
  'anyone once the meeting has decided; before that whoever runs it (its party’s secretary, national officers); only once a round is entered';
const MEETING_BOOTH = 'an online meeting; a member recorded as present who may vote there; every other member 403';
const EMERGENCY_SELECTION = 'any constituency with no selection or review under way';
const ENDORSEMENT = 'a review waiting for the national body’s endorsement';
const TIMETABLE = 'any trigger ballot, selection or internal election: paused or extended while under way, resumed while paused';
const PANEL = 'an emergency selection: applicants and shortlist while applications are open, the panel’s decision once shortlisted';

/** Every route the app serves. The guard refuses anything not allowed here before a handler runs. */
export const ROUTES: readonly RouteSpec[] = [
  { id: 'home', method: 'GET', path: '/', audience: 'public', resource: 'signed in: what needs the person now; signed out: sent to sign in' },
  { id: 'sign-in', method: 'GET', path: '/sign-in', audience: 'public' },
  { id: 'sign-in.send', method: 'POST', path: '/sign-in', audience: 'public' },
  { id: 'sign-in.code', method: 'GET', path: '/sign-in/code', audience: 'public' },
  { id: 'sign-in.verify', method: 'POST', path: '/sign-in/code', audience: 'public' },
  // The one-time link in an invitation or reminder: a page, and its button, which uses the link once.
  { id: 'sign-in.link', method: 'GET', path: '/sign-in/link/:token', audience: 'public' },
  { id: 'sign-in.link.use', method: 'POST', path: '/sign-in/link/:token', audience: 'public' },
  // Choosing the language of the pages: a cookie, for anyone, signed in or not.
  { id: 'language', method: 'GET', path: '/language', audience: 'public', resource: 'sets only the language cookie, then back to a page of this site' },
  { id: 'sign-out', method: 'POST', path: '/sign-out', audience: EVERY_MEMBER },
  { id: 'sign-out.everywhere', method: 'POST', path: '/sign-out/everywhere', audience: EVERY_MEMBER },

  { id: 'ballots', method: 'GET', path: '/ballots', audience: EVERY_MEMBER },
  { id: 'eligibility', method: 'GET', path: '/eligibility', audience: EVERY_MEMBER },
  {
    id: 'my-constituency',
    method: 'GET',
    path: '/my-constituency',
    audience: EVERY_MEMBER,
    resource: 'the member’s own constituency, through their branch: nothing to choose, and nothing secret shown',
  },
  // The path names no member: each member reads and changes only their own record.
  {
    id: 'self-identification',
    method: 'GET',
    path: '/eligibility/self-identification',
    audience: EVERY_MEMBER,
    resource: 'the signed-in member’s own record only',
  },
  {
    id: 'self-identification.save',
    method: 'POST',
    path: '/eligibility/self-identification',
    audience: EVERY_MEMBER,
    resource: 'the signed-in member’s own record only',
  },
  { id: 'booth', method: 'GET', path: '/ballots/:process', audience: EVERY_MEMBER, resource: 'eligible in the frozen electorate of an open ballot' },
  {
    id: 'booth.review',
    method: 'POST',
    path: '/ballots/:process/review',
    audience: EVERY_MEMBER,
    resource: 'eligible in the frozen electorate of an open ballot',
  },
  {
    id: 'booth.cast',
    method: 'POST',
    path: '/ballots/:process/cast',
    audience: EVERY_MEMBER,
    resource: 'eligible in the frozen electorate of an open ballot, not yet voted',
  },
  // The encrypted booth's cast: the ballot's JSON only (the credential stays in the browser); the same check as the plain cast.
  {
    id: 'booth.encrypted',
    method: 'POST',
    path: '/ballots/:process/encrypted',
    audience: EVERY_MEMBER,
    resource: 'eligible in the frozen electorate of an open ballot whose ballots are encrypted, not yet voted',
  },
  // An encrypted ballot's ceremony: each page is for the one person the set-up named (403 for every other member; 404 if the ballot is not encrypted).
  { id: 'encrypted.credentials', method: 'GET', path: '/ballots/:process/credentials', audience: EVERY_MEMBER, resource: ENCRYPTED_AUTHORITY },
  {
    id: 'encrypted.credentials.upload',
    method: 'POST',
    path: '/ballots/:process/credentials',
    audience: EVERY_MEMBER,
    resource: ENCRYPTED_AUTHORITY,
    upload: true,
  },
  { id: 'encrypted.trustee', method: 'GET', path: '/ballots/:process/trustee', audience: EVERY_MEMBER, resource: ENCRYPTED_TRUSTEE },
  { id: 'encrypted.trustee.upload', method: 'POST', path: '/ballots/:process/trustee', audience: EVERY_MEMBER, resource: ENCRYPTED_TRUSTEE, upload: true },
  // One booth for an election of several contests; each contest gets the single booth's check, and is offered only if it passes.
  {
    id: 'election-booth',
    method: 'GET',
    path: '/elections/:election/booth',
    audience: EVERY_MEMBER,
    resource:
      'each contest of the election offered only when open and the member is eligible in its frozen electorate and has not voted; the rest listed with why',
  },
  {
    id: 'election-booth.review',
    method: 'POST',
    path: '/elections/:election/booth/review',
    audience: EVERY_MEMBER,
    resource: 'each contest of the election open and the member eligible in its frozen electorate, not yet voted',
  },
  {
    id: 'election-booth.cast',
    method: 'POST',
    path: '/elections/:election/booth/cast',
    audience: EVERY_MEMBER,
    resource: 'each contest cast open and the member eligible in its frozen electorate, not yet voted (checked per contest by the cast)',
  },

  // Standing for selection: any member may see the page; applying is for members of the selection's constituency in good standing.
  { id: 'candidacies', method: 'GET', path: '/candidacies', audience: EVERY_MEMBER },
  { id: 'candidacy.form', method: 'GET', path: '/selections/:process/apply', audience: EVERY_MEMBER, resource: CANDIDACY },
  { id: 'candidacy.apply', method: 'POST', path: '/selections/:process/apply', audience: EVERY_MEMBER, resource: CANDIDACY },

  { id: 'unit', method: 'GET', path: '/units/:unit', audience: ['unit-secretary'], resource: 'their own unit' },
  {
    id: 'unit.meeting.form',
    method: 'GET',
    path: '/units/:unit/processes/:process/meeting',
    audience: ['unit-secretary'],
    resource: 'their own unit, in a process of its constituency',
  },
  {
    id: 'unit.meeting',
    method: 'POST',
    path: '/units/:unit/processes/:process/meeting',
    audience: ['unit-secretary'],
    resource: 'their own unit, in a process of its constituency',
  },
  {
    id: 'unit.nominations.form',
    method: 'GET',
    path: '/units/:unit/processes/:process/nominations',
    audience: ['unit-secretary'],
    resource: 'their own unit, in a process of its constituency',
  },
  {
    id: 'unit.nominations',
    method: 'POST',
    path: '/units/:unit/processes/:process/nominations',
    audience: ['unit-secretary'],
    resource: 'their own unit, in a process of its constituency',
  },

  {
    id: 'constituency',
    method: 'GET',
    path: '/constituencies/:unit',
    audience: ['unit-secretary', 'procedures-secretary', ...OVERSIGHT],
    resource: 'procedures secretary of it, or secretary of one of its units; oversight roles any',
  },
  { id: 'constituencies', method: 'GET', path: '/constituencies', audience: OVERSIGHT },
  // Labour's trigger ballots are started by the party nationally or regionally, never by the CLP whose representative is reviewed.
  { id: 'trigger.open.form', method: 'GET', path: '/constituencies/:unit/trigger-ballots/new', audience: ['national-officer'], resource: OPEN_TRIGGER },
  { id: 'trigger.open', method: 'POST', path: '/constituencies/:unit/trigger-ballots', audience: ['national-officer'], resource: OPEN_TRIGGER },
  // The CLP runs its own selection; national officers may open one anywhere (a seat with no CLP officer, a dispute).
  {
    id: 'selection.open.form',
    method: 'GET',
    path: '/constituencies/:unit/selections/new',
    audience: ['procedures-secretary', 'national-officer'],
    resource: OPEN_SELECTION,
  },
  {
    id: 'selection.open',
    method: 'POST',
    path: '/constituencies/:unit/selections',
    audience: ['procedures-secretary', 'national-officer'],
    resource: OPEN_SELECTION,
  },
  { id: 'processes', method: 'GET', path: '/processes', audience: OVERSIGHT },
  {
    id: 'process',
    method: 'GET',
    path: '/processes/:process',
    audience: ['procedures-secretary', ...OVERSIGHT],
    resource: 'procedures secretary of its constituency; oversight roles any',
  },
  {
    id: 'process.electorate',
    method: 'GET',
    path: '/processes/:process/electorate',
    audience: ['procedures-secretary', ...OVERSIGHT],
    resource: 'procedures secretary of its constituency; oversight roles any',
  },
  {
    id: 'process.step',
    method: 'POST',
    path: '/processes/:process/steps/:step',
    audience: ['procedures-secretary', 'national-officer'],
    resource: 'procedures secretary of its constituency (not national elections); national officers any',
  },
  {
    id: 'process.encryption',
    method: 'POST',
    path: '/processes/:process/encryption',
    audience: ['procedures-secretary', 'national-officer'],
    resource: 'procedures secretary of its constituency (not national elections); national officers any; a selection or internal election before anyone votes',
  },
  // A ballot's mail to its members: counts, previews, and reminders scheduled or cancelled (never who gets one).
  {
    id: 'process.notices',
    method: 'GET',
    path: '/processes/:process/notices',
    audience: ['procedures-secretary', ...OVERSIGHT],
    resource: 'those who may see the process',
  },
  {
    id: 'process.notices.preview',
    method: 'GET',
    path: '/processes/:process/notices/preview',
    audience: ['procedures-secretary', ...OVERSIGHT],
    resource: 'those who may see the process',
  },
  {
    id: 'process.notices.remind',
    method: 'POST',
    path: '/processes/:process/notices/reminders',
    audience: ['procedures-secretary', 'national-officer'],
    resource: 'those who run the process',
  },
  {
    id: 'process.notices.cancel',
    method: 'POST',
    path: '/processes/:process/notices/:notice/cancel',
    audience: ['procedures-secretary', 'national-officer'],
    resource: 'those who run the process',
  },
  // Turnout as it happens, by constituency, region, channel and day: counts only, never who voted.
  {
    id: 'process.turnout',
    method: 'GET',
    path: '/processes/:process/turnout',
    audience: 'public',
    resource:
      'while voting is open: procedures secretary of its constituency and oversight roles, with small figures hidden; once the ballot has closed, everyone, exact',
  },
  // Votes made on paper (by post, or in person at a meeting), entered by an officer: the web twin of `hustings vote`.
  { id: 'paper-votes', method: 'GET', path: '/processes/:process/paper-votes', audience: ['procedures-secretary', 'national-officer'], resource: PAPER_VOTES },
  {
    id: 'paper-votes.review',
    method: 'POST',
    path: '/processes/:process/paper-votes/review',
    audience: ['procedures-secretary', 'national-officer'],
    resource: PAPER_VOTES,
  },
  {
    id: 'paper-votes.record',
    method: 'POST',
    path: '/processes/:process/paper-votes',
    audience: ['procedures-secretary', 'national-officer'],
    resource: PAPER_VOTES,
  },
  // In an encrypted ballot: the paper ballot the officer's page encrypted (its JSON only, never the ranking).
  {
    id: 'paper-votes.encrypted',
    method: 'POST',
    path: '/processes/:process/paper-votes/encrypted',
    audience: ['procedures-secretary', 'national-officer'],
    resource: PAPER_VOTES,
  },
  { id: 'elections', method: 'GET', path: '/elections', audience: OVERSIGHT },
  {
    id: 'election.open.form',
    method: 'GET',
    path: '/elections/new',
    audience: ['national-officer'],
    resource: 'national elections are run by national officers alone',
  },
  {
    id: 'election.open',
    method: 'POST',
    path: '/elections',
    audience: ['national-officer'],
    resource: 'national elections are run by national officers alone',
  },
  // A leadership election (with a deputy's contest if chosen): opened by national officers.
  {
    id: 'leadership.open.form',
    method: 'GET',
    path: '/leadership-elections/new',
    audience: ['national-officer'],
    resource: 'leadership elections are run by national officers alone',
  },
  {
    id: 'leadership.open',
    method: 'POST',
    path: '/leadership-elections',
    audience: ['national-officer'],
    resource: 'leadership elections are run by national officers alone',
  },
  // An election of several contests: its contests in order, each with its stage and a link to its own page.
  { id: 'election', method: 'GET', path: '/elections/:election', audience: OVERSIGHT },
  // A step (freeze, open, close, count, declare) taken in every contest of an election at once.
  {
    id: 'election.step',
    method: 'POST',
    path: '/elections/:election/steps/:step',
    audience: ['national-officer'],
    resource: 'national elections are run by national officers alone',
  },
  // Nominations by bodies in a national election: the body's secretary (or procedures secretary) records them; national officers for any body.
  { id: 'election.nominate.form', method: 'GET', path: '/elections/:process/nominate', audience: EVERY_MEMBER, resource: BODY_NOMINATION },
  { id: 'election.nominate', method: 'POST', path: '/elections/:process/nominate', audience: EVERY_MEMBER, resource: BODY_NOMINATION },
  // A constituency party's all-member nomination meeting for a contest that takes its nominations.
  {
    id: 'meetings.list',
    method: 'GET',
    path: '/elections/:process/meetings',
    audience: EVERY_MEMBER,
    resource:
      'an election whose contest takes constituency parties’ nominations; the call form only for a constituency party’s secretary (or a national officer)',
  },
  {
    id: 'meetings.call',
    method: 'POST',
    path: '/elections/:process/meetings',
    audience: EVERY_MEMBER,
    resource: 'secretary or procedures secretary of the constituency party chosen; national officers any; while nominations are open',
  },
  { id: 'meeting', method: 'GET', path: '/meetings/:meeting', audience: EVERY_MEMBER, resource: MEETING_RUN },
  {
    id: 'meeting.attendance',
    method: 'POST',
    path: '/meetings/:meeting/attendance',
    audience: EVERY_MEMBER,
    resource: `${MEETING_RUN}; before the first round`,
  },
  { id: 'meeting.rounds', method: 'POST', path: '/meetings/:meeting/rounds', audience: EVERY_MEMBER, resource: `${MEETING_RUN}; until it has decided` },
  {
    id: 'meeting.decision',
    method: 'POST',
    path: '/meetings/:meeting/decision',
    audience: EVERY_MEMBER,
    resource: `${MEETING_RUN}; once, while the election takes nominations`,
  },
  // An online meeting: the chair opens and closes each round; members present who may vote vote in its booth, once a round.
  {
    id: 'meeting.round.open',
    method: 'POST',
    path: '/meetings/:meeting/round/open',
    audience: EVERY_MEMBER,
    resource: `${MEETING_RUN}; an online meeting, no round open, until a candidate has won`,
  },
  {
    id: 'meeting.round.close',
    method: 'POST',
    path: '/meetings/:meeting/round/close',
    audience: EVERY_MEMBER,
    resource: `${MEETING_RUN}; while a round is open`,
  },
  { id: 'meeting.booth', method: 'GET', path: '/meetings/:meeting/booth', audience: EVERY_MEMBER, resource: MEETING_BOOTH },
  {
    id: 'meeting.booth.vote',
    method: 'POST',
    path: '/meetings/:meeting/booth',
    audience: EVERY_MEMBER,
    resource: `${MEETING_BOOTH}; while a round is open, once a round`,
  },
  { id: 'meeting.results', method: 'GET', path: '/meetings/:meeting/results', audience: 'public', resource: MEETING_COUNT },
  { id: 'meeting.results.text', method: 'GET', path: '/meetings/:meeting/results/count.txt', audience: 'public', resource: MEETING_COUNT },
  { id: 'meeting.results.csv', method: 'GET', path: '/meetings/:meeting/results/count.csv', audience: 'public', resource: MEETING_COUNT },
  { id: 'meeting.results.urcvt', method: 'GET', path: '/meetings/:meeting/results/count.json', audience: 'public', resource: MEETING_COUNT },
  { id: 'election.consent', method: 'POST', path: '/elections/:process/consent', audience: EVERY_MEMBER, resource: 'the member nominated, for themselves' },
  // A leadership election: each MP of its parliamentary party nominates once, as themselves; anyone sees who nominated whom, live.
  {
    id: 'leadership.mp-nominate.form',
    method: 'GET',
    path: '/elections/:process/mp-nominate',
    audience: EVERY_MEMBER,
    resource: 'an MP of the leadership election’s parliamentary party, for themselves',
  },
  {
    id: 'leadership.mp-nominate',
    method: 'POST',
    path: '/elections/:process/mp-nominate',
    audience: EVERY_MEMBER,
    resource: 'an MP of the leadership election’s parliamentary party, for themselves, once',
  },
  { id: 'leadership.nominations', method: 'GET', path: '/elections/:process/leadership', audience: 'public', resource: 'a leadership election only' },
  // A leadership election's supporters: anyone applies on the public form while its window is open and sees their application
  // by its private link; national officers set the window and decide each application (scrutineers read the queue).
  { id: 'supporters.apply.form', method: 'GET', path: '/elections/:process/supporters/apply', audience: 'public', resource: SUPPORTERS },
  {
    id: 'supporters.apply',
    method: 'POST',
    path: '/elections/:process/supporters/apply',
    audience: 'public',
    resource: `${SUPPORTERS}; while the window is open, before the freeze`,
  },
  {
    id: 'supporters.status',
    method: 'GET',
    path: '/supporters/status/:token',
    audience: 'public',
    resource: 'the application whose private link this is, to whoever holds the link',
  },
  { id: 'supporters.queue', method: 'GET', path: '/elections/:process/supporters', audience: ['national-officer', 'scrutineer'], resource: SUPPORTERS },
  {
    id: 'supporters.window',
    method: 'POST',
    path: '/elections/:process/supporters/window',
    audience: ['national-officer'],
    resource: `${SUPPORTERS}; before the freeze`,
  },
  {
    id: 'supporters.decide',
    method: 'POST',
    path: '/elections/:process/supporters/:number/decide',
    audience: ['national-officer'],
    resource: `${SUPPORTERS}; a pending application, before the freeze`,
  },
  // The candidates standing, with approved statements only: public, like a ballot paper.
  { id: 'election.candidates', method: 'GET', path: '/elections/:process/candidates', audience: 'public', resource: 'approved statements only' },
  // A selection's shortlist with approved statements, once it is drawn up: public, like its ballot paper.
  {
    id: 'selection.candidates',
    method: 'GET',
    path: '/selections/:process/candidates',
    audience: 'public',
    resource: 'the shortlist, approved statements only',
  },
  { id: 'standing', method: 'GET', path: '/standing', audience: EVERY_MEMBER, resource: 'their own nominations only' },
  {
    id: 'statement.write',
    method: 'POST',
    path: '/processes/:process/statement',
    audience: EVERY_MEMBER,
    resource: 'their own statement, as a nominee or candidate in an election or selection',
    upload: true,
  },
  // A statement's photo by its digest: anyone once approved; before that the officers who may see the process and the candidate; 404 otherwise.
  {
    id: 'statement.photo',
    method: 'GET',
    path: '/processes/:process/photos/:sha256',
    audience: 'public',
    resource: 'approved photos only; unapproved ones to the officers who may see the process and to the candidate',
  },
  {
    id: 'process.nominations',
    method: 'GET',
    path: '/processes/:process/nominations',
    audience: ['procedures-secretary', ...OVERSIGHT],
    resource: 'procedures secretary of its constituency; oversight roles any',
  },
  {
    id: 'statement.decide',
    method: 'POST',
    path: '/processes/:process/statements',
    audience: ['procedures-secretary', 'national-officer'],
    resource: 'procedures secretary of its constituency (not national elections); national officers any',
  },
  { id: 'rulebooks', method: 'GET', path: '/rulebooks', audience: EVERY_MEMBER },
  { id: 'rulebooks.compare', method: 'GET', path: '/rulebooks/compare', audience: EVERY_MEMBER },
  { id: 'rulebook', method: 'GET', path: '/rulebooks/:ref', audience: EVERY_MEMBER },

  // Results are for everyone, once the count has run (the handler refuses them before).
  { id: 'results.index', method: 'GET', path: '/results', audience: 'public', resource: 'declared results and decided trigger ballots only' },
  { id: 'results', method: 'GET', path: '/results/:process', audience: 'public', resource: 'counted' },
  // The form only; the lookup is a POST so the code stays out of addresses and logs. Anyone may look a code up (the anonymous CSRF token).
  { id: 'results.tracker', method: 'GET', path: '/results/:process/tracker', audience: 'public' },
  { id: 'results.tracker.lookup', method: 'POST', path: '/results/:process/tracker', audience: 'public', resource: 'ballots published once voting has closed' },
  { id: 'results.csv', method: 'GET', path: '/results/:process/count.csv', audience: 'public', resource: 'counted' },
  { id: 'results.urcvt', method: 'GET', path: '/results/:process/count.json', audience: 'public', resource: 'counted' },
  { id: 'results.blt', method: 'GET', path: '/results/:process/ballots.blt', audience: 'public', resource: 'counted' },
  // The bulletin board: every ballot with its tracker code, and the count record; for everyone once voting has closed (refused before).
  { id: 'results.board', method: 'GET', path: '/results/:process/board', audience: 'public', resource: 'ballots published once voting has closed' },
  { id: 'results.board.json', method: 'GET', path: '/results/:process/board.json', audience: 'public', resource: 'ballots published once voting has closed' },
  // The encrypted board: only what the protocol publishes (messages, credentials, ciphertexts), so for everyone at every stage.
  {
    id: 'results.encrypted-board.json',
    method: 'GET',
    path: '/results/:process/encrypted-board.json',
    audience: 'public',
    resource: 'a ballot whose ballots are encrypted (404 otherwise)',
  },

  // The democracy review: a simulation of synthetic parties, for national officers and the public alike. No data of the party's.
  { id: 'simulate', method: 'GET', path: '/simulate', audience: 'public' },

  // The audit log: who did what and when (never how anyone voted). Read only.
  { id: 'audit', method: 'GET', path: '/audit', audience: ['scrutineer', 'administrator'] },
  // A union's statutory postal ballot: the independent scrutineer's desk and the register of paper numbers are the scrutineer's
  // alone (never an officer's: the register ties members to numbers); the report holds figures only.
  { id: 'postal', method: 'GET', path: '/postal/:process', audience: ['scrutineer'], resource: POSTAL },
  { id: 'postal.act', method: 'POST', path: '/postal/:process/act/:action', audience: ['scrutineer'], resource: POSTAL },
  { id: 'postal.scans', method: 'POST', path: '/postal/:process/scans', audience: ['scrutineer'], resource: POSTAL, upload: true },
  { id: 'postal.register', method: 'GET', path: '/postal/:process/register', audience: ['scrutineer'], resource: `${POSTAL}; each reading is logged` },
  { id: 'postal.report', method: 'GET', path: '/postal/:process/report', audience: OVERSIGHT, resource: POSTAL },
  { id: 'postal.report.pdf', method: 'GET', path: '/postal/:process/report.pdf', audience: OVERSIGHT, resource: POSTAL },

  { id: 'admin', method: 'GET', path: '/admin', audience: ['administrator'] },
  { id: 'admin.appoint', method: 'POST', path: '/admin/offices', audience: ['administrator'] },
  { id: 'admin.remove', method: 'POST', path: '/admin/offices/remove', audience: ['administrator'] },
  { id: 'admin.rulebook', method: 'POST', path: '/admin/rulebook', audience: ['administrator'] },
  { id: 'admin.import', method: 'GET', path: '/admin/import', audience: ['administrator'] },
  { id: 'admin.import.run', method: 'POST', path: '/admin/import', audience: ['administrator'], upload: true },
  // Members whose address refuses mail, and correcting it: names, addresses and why, never which notice or process (nothing says who has voted).
  { id: 'admin.mail-failures', method: 'GET', path: '/admin/mail-failures', audience: ['administrator'] },
  {
    id: 'admin.mail-failures.correct',
    method: 'POST',
    path: '/admin/mail-failures',
    audience: ['administrator'],
    resource: 'a member whose address is on the list of addresses that refuse mail',
  },
  // The disputes panel, which decides disputes about reviews, selections and elections: appointed by an administrator, every change audited.
  { id: 'admin.disputes-panel', method: 'GET', path: '/admin/disputes-panel', audience: ['administrator'] },
  { id: 'admin.disputes-panel.change', method: 'POST', path: '/admin/disputes-panel', audience: ['administrator'] },
  // Disputes about a review, a selection or an election: who may do what is the panel's and the parties' (the panel is data), so each handler checks it.
  {
    id: 'process.disputes',
    method: 'GET',
    path: '/processes/:process/disputes',
    audience: EVERY_MEMBER,
    resource:
      'a review (trigger ballot or readoption), a selection or an election; decisions to every member; grounds and evidence to the panel, national officers, the process’s officers and the parties',
  },
  {
    id: 'process.decisions',
    method: 'GET',
    path: '/processes/:process/decisions',
    audience: 'public',
    resource: 'decided disputes only (what each was about, the decision, remedy, reasons and date), and only where the process’s rulebook publishes them',
  },
  {
    id: 'process.disputes.lodge',
    method: 'POST',
    path: '/processes/:process/disputes',
    audience: EVERY_MEMBER,
    resource:
      'a member of a branch of the process’s constituency (any member, for an election), the representative or a candidate it is about, or an officer who runs it',
  },
  {
    id: 'process.disputes.decide',
    method: 'POST',
    path: '/processes/:process/disputes/:dispute/decision',
    audience: EVERY_MEMBER,
    resource: 'the disputes panel’s chair, once, for a dispute not yet decided',
  },
  {
    id: 'process.disputes.appeal',
    method: 'POST',
    path: '/processes/:process/disputes/:dispute/appeal',
    audience: EVERY_MEMBER,
    resource: 'a party to the dispute (whoever lodged it, or the representative, candidate or member it is about), once it is decided and not yet appealed',
  },
  {
    id: 'process.disputes.appeal-decide',
    method: 'POST',
    path: '/processes/:process/disputes/:dispute/appeal-decision',
    audience: ['national-officer'],
    resource: 'national officers, for the national executive, once the dispute is appealed',
  },
  // Emergencies: a snap election, endorsements, timetables paused and extended, emergency selections' panels; national officers alone.
  { id: 'emergency', method: 'GET', path: '/emergency', audience: ['national-officer'] },
  {
    id: 'emergency.snap-election',
    method: 'POST',
    path: '/emergency/snap-election',
    audience: ['national-officer'],
    resource: 'every trigger ballot and selection under way (national elections untouched)',
  },
  { id: 'emergency.open-selection', method: 'POST', path: '/emergency/selections', audience: ['national-officer'], resource: EMERGENCY_SELECTION },
  { id: 'process.endorsement', method: 'GET', path: '/processes/:process/endorsement', audience: ['national-officer'], resource: ENDORSEMENT },
  { id: 'process.endorsement.decide', method: 'POST', path: '/processes/:process/endorsement', audience: ['national-officer'], resource: ENDORSEMENT },
  { id: 'process.timetable', method: 'GET', path: '/processes/:process/timetable', audience: ['national-officer'], resource: TIMETABLE },
  { id: 'process.timetable.change', method: 'POST', path: '/processes/:process/timetable', audience: ['national-officer'], resource: TIMETABLE },
  { id: 'process.panel', method: 'GET', path: '/processes/:process/panel', audience: ['national-officer'], resource: PANEL },
  { id: 'process.panel.step', method: 'POST', path: '/processes/:process/panel', audience: ['national-officer'], resource: PANEL },

  { id: 'static', method: 'GET', path: '/static/:file', audience: 'public' },
  { id: 'dev.outbox', method: 'GET', path: '/dev/outbox', audience: 'public', developmentOnly: true },
];

export function route(id: string): RouteSpec {
  const r = ROUTES.find((x) => x.id === id);
  if (!r) throw new Error(`no route "${id}" in the permission table`);
  return r;
}

/** A route's path as a regular expression with a group per named segment (`names`, in order): the operational log finds a request's route with it, the reliability fuzz a form's. */
export function routePattern(path: string): { readonly re: RegExp; readonly names: readonly string[] } {
  const names: string[] = [];
  const source = path.split('/').map((seg) => {
    if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    names.push(seg.slice(1));
    return '([^/]+)';
  });
  return { re: new RegExp(`^${source.join('/')}/?$`), names };
}

/** Whether the principal's roles admit them to the route (before any per-resource check). */
export function admits(spec: RouteSpec, who: Principal | null): boolean {
  if (spec.audience === 'public') return true;
  if (who === null) return false;
  return spec.audience.some((r) => who.roles.has(r));
}

/** The principal of a member: their roles from their offices and the configured administrators. */
export async function principalOf(store: Store, member: Member, admins: readonly MemberId[]): Promise<Principal> {
  return principalWith(store, member, await store.listOffices({ member: member.id }), admins);
}

/** The principal of a member whose offices are already read (a session's, read with it). */
export async function principalWith(store: Store, member: Member, offices: readonly Office[], admins: readonly MemberId[]): Promise<Principal> {
  const roles = new Set<Role>(['member']);
  const units: Unit[] = [];
  const constituencies: Unit[] = [];
  // Several offices in one unit (a secretary who is also its procedures secretary) read the unit once.
  const unitsRead = new Map<UnitId, Promise<Unit | null>>();
  for (const o of offices) {
    let read = unitsRead.get(o.unit);
    if (read === undefined) {
      read = store.getUnit(o.unit);
      unitsRead.set(o.unit, read);
    }
    const unit = await read;
    if (!unit) continue;
    if (o.role === 'secretary' && (unit.kind === 'branch' || unit.kind === 'affiliated-branch')) {
      roles.add('unit-secretary');
      units.push(unit);
    } else if (o.role === 'procedures-secretary' && unit.kind === 'constituency') {
      roles.add('procedures-secretary');
      constituencies.push(unit);
    } else if (o.role === 'national-officer') roles.add('national-officer');
    else if (o.role === 'scrutineer') roles.add('scrutineer');
  }
  if (admins.includes(member.id)) roles.add('administrator');
  // A branch secretary who also answers for affiliated branches is first their branch's: the navigation's "My unit" is it.
  units.sort((a, b) => Number(a.kind === 'affiliated-branch') - Number(b.kind === 'affiliated-branch'));
  return { member, roles, units, constituencies };
}

// ---- Per-resource checks ----------------------------------------------------------------------

/** The constituency a branch or affiliated branch belongs to. */
export function constituencyOfUnit(unit: Unit): UnitId | null {
  if (unit.kind === 'branch') return unit.parent;
  if (unit.kind === 'affiliated-branch') return unit.constituency;
  return null;
}

/** A unit secretary acts for their own unit only. */
export function mayActForUnit(who: Principal, unit: UnitId): boolean {
  return who.roles.has('unit-secretary') && who.units.some((u) => u.id === unit);
}

/** Oversight roles see every constituency; a procedures secretary theirs; a unit secretary the one their unit is in. */
export function mayViewConstituency(who: Principal, constituency: UnitId): boolean {
  if (OVERSIGHT.some((r) => who.roles.has(r))) return true;
  if (who.constituencies.some((c) => c.id === constituency)) return true;
  return who.units.some((u) => constituencyOfUnit(u) === constituency);
}

/** Where a process runs: all the per-process checks but one read of it (the results' also read its phase). */
export type ProcessPlace = Pick<ProcessDocument, 'constituency'>;

/** Who may see a process's page: oversight roles any; a procedures secretary their constituency's. */
export function mayViewProcess(who: Principal, proc: ProcessPlace): boolean {
  if (OVERSIGHT.some((r) => who.roles.has(r))) return true;
  return proc.constituency !== null && who.constituencies.some((c) => c.id === proc.constituency);
}

/** Who may see a process's electorate (names and reasons, never votes): whoever may see the process. */
export function mayViewElectorate(who: Principal, proc: ProcessPlace): boolean {
  return mayViewProcess(who, proc);
}

/** Who may open a trigger ballot: national officers, in any constituency (a procedures secretary never reviews their own representative). */
export function mayOpenTrigger(who: Principal): boolean {
  return who.roles.has('national-officer');
}

/** Who may open a selection in a constituency: its procedures secretary, or a national officer. */
export function mayOpenSelection(who: Principal, constituency: UnitId): boolean {
  if (who.roles.has('national-officer')) return true;
  return who.roles.has('procedures-secretary') && who.constituencies.some((c) => c.id === constituency);
}

/** Who may open a national internal election: national officers. */
export function mayOpenElection(who: Principal): boolean {
  return who.roles.has('national-officer');
}

/** Who may take an officer's step in a process: national officers any; a procedures secretary their constituency's (national elections are national officers' alone). */
export function mayRunProcess(who: Principal, proc: ProcessPlace): boolean {
  if (who.roles.has('national-officer')) return true;
  return proc.constituency !== null && who.roles.has('procedures-secretary') && who.constituencies.some((c) => c.id === proc.constituency);
}

/** Who may see a count's result before it is declared: the officers who run the process and those with oversight (scrutineers). */
export function mayViewUndeclaredResult(who: Principal | null, proc: ProcessPlace): boolean {
  return who !== null && (mayRunProcess(who, proc) || mayViewElectorate(who, proc));
}

/** Whether `who` may see the process's results now: everyone once declared; officers and scrutineers from the count. */
export function mayViewResults(who: Principal | null, proc: ProcessDocument): boolean {
  const phase = proc.state.phase;
  return phase === 'declared' || (phase === 'counted' && mayViewUndeclaredResult(who, proc));
}
