/**
 * Every kind of entry the audit log can hold, declared once: its id, what it
 * records, and the shape of its data, field by field. The TypeScript types of
 * the data, the check every entry passes before it is written, and the table
 * in docs/architecture.md ("Audit events") all come from this one list.
 *
 * An entry records an administrative action: who did what to which process,
 * unit or office, and when. Casting a ballot is not an administrative action
 * and is never logged; nothing here may hold a ranking, a tracker code, a
 * sign-in code or token, or anything that links a voter to a ballot. An
 * officer recording a vote made on paper is an administrative action: it is
 * logged with the member and the channel (what the voter side of the ballot
 * box already holds), never the ballot or its tracker. Counts
 * (eligible voters, ballots counted) are fine. The shapes are allow-lists: an
 * entry whose data has a field not declared here is refused, so a new field
 * cannot slip into the log without being declared (and reviewed) here.
 *
 * Long actions (an import, loading the demo party, freezing an electorate)
 * log a start and a completion with its outcome, so an action that died half
 * way shows as started and never finished.
 */

export type FieldKind = 'text' | 'count' | 'boolean' | 'date' | 'texts' | 'dates';

export interface EventFieldSpec {
  readonly kind: FieldKind;
  /** Present but null when there is nothing to record. */
  readonly nullable?: true;
  readonly doc: string;
}

export interface AuditEventSpec {
  readonly description: string;
  readonly data: { readonly [field: string]: EventFieldSpec };
  /** For the completion of a long action: the id of the entry that logged its start. */
  readonly completes?: string;
}

const text = (doc: string) => ({ kind: 'text', doc }) as const;
const maybeText = (doc: string) => ({ kind: 'text', nullable: true, doc }) as const;
const count = (doc: string) => ({ kind: 'count', doc }) as const;
const maybeCount = (doc: string) => ({ kind: 'count', nullable: true, doc }) as const;
const flag = (doc: string) => ({ kind: 'boolean', doc }) as const;
const date = (doc: string) => ({ kind: 'date', doc }) as const;
const texts = (doc: string) => ({ kind: 'texts', doc }) as const;
const dates = (doc: string) => ({ kind: 'dates', doc }) as const;

/** Every step of a process names the process and its version after the step (its place in the process's own history). */
const STEP = {
  process: text('the process id'),
  version: count("the process's version after this step (the matching entry of its event history)"),
} as const;

/** How a unit's decision reached the officer who entered it for the unit; both null when the unit's secretary recorded it. */
/** A decision on a dispute or its appeal. */
const DISPUTE_DECISION = {
  dispute: text('the dispute’s number in the process'),
  outcome: text('dismissed or upheld'),
  remedy: maybeText('what an upheld dispute ordered, in words'),
  reasons: text('the reasons given for the decision'),
} as const;

/** The four dispute steps' entries, the same for every kind of process (`what`: "a review"). */
const disputeLodged = (what: string) =>
  ({
    description: `A dispute about ${what} was lodged with the disputes panel (its grounds are kept with the process, for the parties and the panel).`,
    data: {
      ...STEP,
      dispute: text('the dispute’s number in the process'),
      about: text('what it is about: the process, a unit’s meeting, a nomination, an eligibility decision or the count'),
      lodgedAs: text('member, candidate or officer'),
    },
  }) as const;
const disputeDecided = (what: string) =>
  ({
    description: `The disputes panel decided a dispute about ${what}: dismissed, or upheld with the remedy it ordered, which acted on the process in the same step.`,
    data: { ...STEP, ...DISPUTE_DECISION },
  }) as const;
const disputeAppealed = (what: string) =>
  ({
    description: `A decision on a dispute about ${what} was appealed to the further body.`,
    data: { ...STEP, dispute: text('the dispute’s number in the process') },
  }) as const;
const disputeAppealDecided = (what: string) =>
  ({
    description: `The appeal body decided an appeal on a dispute about ${what}, with any remedy it ordered.`,
    data: { ...STEP, ...DISPUTE_DECISION },
  }) as const;

const ARRIVAL = {
  arrivedBy: maybeText('letter or email, when an officer entered the decision as it arrived'),
  received: { kind: 'date', nullable: true, doc: 'the day the officer received it' },
} as const;

/** What a declaration announced, beside who was declared. */
const DECLARED = {
  figures: texts('each candidate’s votes as announced, as "name: first stage → final stage"'),
  ballots: count('ballots counted'),
  electorate: count('members eligible to vote'),
} as const;

const MEETING = {
  for: count('votes for'),
  against: count('votes against'),
  abstentions: count('abstentions'),
  attendance: count('members present'),
  date: date('the day of the meeting'),
} as const;

const CANDIDATE = {
  candidate: text("the candidate's id in the process"),
  name: text("the candidate's name"),
} as const;

/** A ballot opening, selection's or election's alike: the window is logged so that one moved in the store afterwards shows on replay. */
const BALLOT_OPENED = {
  description:
    'The ballot opened, with the moments voting opens and closes (the timetable is the law of the ballot, so a window changed in the store afterwards shows on replay).',
  data: {
    ...STEP,
    candidates: texts('the candidates on the ballot paper'),
    opensAt: maybeText('the moment voting opens, an ISO instant (null for a ballot opened before windows were kept)'),
    closesAt: maybeText('the moment voting closes, an ISO instant (null for a ballot opened before windows were kept)'),
    timeZone: maybeText('the time zone its days are read in'),
  },
} as const;

/** The ballot's end of a process, selection's and election's alike. */
const CANDIDATE_ENTERED = { ...STEP, ...CANDIDATE, gender: maybeText('as the candidate describes it') } as const;

const CANDIDATE_WITHDRAWN = {
  description: 'A candidate withdrew.',
  data: { ...STEP, ...CANDIDATE, phase: text('the phase at the time'), reason: maybeText('the reason given') },
} as const;

const STATEMENT_WRITTEN = {
  description: 'A candidate wrote or changed their statement (or its photo); it awaits approval before it is published.',
  data: {
    ...STEP,
    member: text('the candidate (a member)'),
    words: count('words in the statement'),
    photo: flag('whether it has a photo'),
    photoSha256: maybeText('the photo’s SHA-256 digest (the photo itself is not logged)'),
  },
} as const;
const STATEMENT_APPROVED = {
  description: "An officer approved a candidate's statement (with its photo, if any): it is now published on the candidates page and in the booth.",
  data: { ...STEP, member: text('the candidate (a member)'), photoSha256: maybeText('the approved photo’s SHA-256 digest, if it has one') },
} as const;
const STATEMENT_RETURNED = {
  description: "An officer returned a candidate's statement for changes, with the reason; it is not published.",
  data: { ...STEP, member: text('the candidate (a member)'), reason: text('why it was returned') },
} as const;

const ELECTORATE_FROZEN_WORDS = 'The electorate was frozen (the completion of electorate.freeze-started).';
const ELECTORATE_FROZEN = {
  ...STEP,
  freezeDate: date('the freeze date'),
  eligible: count('members eligible'),
  total: count('members judged'),
  summary: text('the summary in words'),
} as const;

const BALLOT_CLOSED = { description: 'The ballot closed.', data: { ...STEP } } as const;

const COUNTED = {
  ...STEP,
  method: text('the counting method'),
  ballots: count('ballots counted'),
  seed: count('the seed of any drawing of lots'),
} as const;

/** A timetable paused, resumed or extended: the same in every process that has one. */
const TIMETABLE_PAUSED = {
  description: 'The process’s timetable was paused: no step but resuming it until it resumes (and, for a ballot, no votes).',
  data: { ...STEP, reason: text('why it was paused') },
} as const;
const TIMETABLE_RESUMED = {
  description: 'The process’s timetable was resumed: the dates still to come moved on by the days it was paused, or set anew.',
  data: {
    ...STEP,
    reason: text('why it was resumed'),
    pausedSince: text('when it had been paused'),
    shiftedDays: maybeCount('days every date still to come moved on by (null when new dates were given)'),
    timetable: dates('the timetable after it resumed: each step and its date'),
  },
} as const;
const TIMETABLE_EXTENDED = {
  description: 'The closing date of the stage under way was moved later (and the dates after it by as many days).',
  data: {
    ...STEP,
    reason: text('why it was extended'),
    step: text('the date moved'),
    from: date('its date before'),
    to: date('its date after'),
    timetable: dates('the timetable after it: each step and its date'),
  },
} as const;
const ENDORSEMENT_DECIDED = {
  reason: text('the reason the national body gave'),
  date: date('the day the national body decided'),
  outcome: text('readopted or triggered'),
} as const;

export const AUDIT_EVENTS = {
  // ---- Trigger ballots (the review of a sitting representative) -------------------------
  'trigger.opened': {
    description: 'A review of a sitting representative was opened (trigger ballot, members’ meeting or mandatory reselection).',
    data: {
      ...STEP,
      constituency: text('the constituency'),
      incumbent: text('the sitting representative'),
      rulebook: text('the rulebook it runs under'),
      mode: text('trigger-ballot, members-meeting or mandatory-reselection'),
      closes: date('the closing date'),
      units: count('branches and affiliated branches that may meet'),
      outcome: maybeText('set when the rulebook decides at once (mandatory reselection: triggered)'),
    },
  },
  'trigger.exempted': {
    description: 'A review was opened and found the incumbent exempt: no ballot is held.',
    data: {
      ...STEP,
      constituency: text('the constituency'),
      incumbent: text('the sitting representative'),
      rulebook: text('the rulebook'),
      reason: text('why the incumbent is exempt'),
    },
  },
  'trigger.meeting-recorded': {
    description: 'A unit’s trigger-ballot meeting was recorded (by its secretary, or by an officer entering it as it arrived).',
    data: { ...STEP, unit: text('the branch or affiliated branch'), ...MEETING, ...ARRIVAL },
  },
  'trigger.meeting-corrected': {
    description: 'A unit’s recorded meeting was corrected (the previous figures are in the earlier entry).',
    data: { ...STEP, unit: text('the branch or affiliated branch'), ...MEETING, reason: text('why it was corrected') },
  },
  'trigger.absence-recorded': {
    description: 'A unit was recorded as not having met.',
    data: { ...STEP, unit: text('the branch or affiliated branch'), note: maybeText('the note given'), ...ARRIVAL },
  },
  'trigger.closed': {
    description: 'A review was closed and its outcome decided.',
    data: {
      ...STEP,
      outcome: text('triggered or readopted'),
      arithmetic: texts('the arithmetic, line by line'),
      decisions: texts('each unit’s decision, as "unit: decision" (none when a members’ meeting decided)'),
    },
  },
  'trigger.snap-election': {
    description: 'A snap election cancelled a review under way; the incumbent is readopted.',
    data: { ...STEP, outcome: text('readopted'), cancelledPhase: text('the phase the review was in'), note: maybeText('the note given') },
  },
  'trigger.endorsed': {
    description: 'The national body endorsed a readoption that waited for its endorsement: the incumbent is readopted.',
    data: { ...STEP, ...ENDORSEMENT_DECIDED },
  },
  'trigger.endorsement-refused': {
    description: 'The national body refused to endorse a readoption: the seat goes to a selection.',
    data: { ...STEP, ...ENDORSEMENT_DECIDED },
  },
  'trigger.timetable-paused': TIMETABLE_PAUSED,
  'trigger.timetable-resumed': TIMETABLE_RESUMED,
  'trigger.timetable-extended': TIMETABLE_EXTENDED,
  'trigger.members-meeting-recorded': {
    description: 'A members’ meeting on readoption was recorded.',
    data: { ...STEP, ...MEETING, readopted: flag('whether the meeting readopted the incumbent') },
  },
  'trigger.appeal-lodged': {
    description: 'The incumbent appealed against not being readopted.',
    data: { ...STEP, incumbent: text('the sitting representative') },
  },
  'trigger.dispute-lodged': disputeLodged('a review'),
  'trigger.dispute-decided': disputeDecided('a review'),
  'trigger.dispute-appealed': disputeAppealed('a review'),
  'trigger.dispute-appeal-decided': disputeAppealDecided('a review'),
  'trigger.appeal-ballot-recorded': {
    description: 'The result of an all-member appeal ballot on readoption was recorded.',
    data: {
      ...STEP,
      for: count('ballots for readopting'),
      against: count('ballots against'),
      spoilt: count('spoilt ballots'),
      date: date('the day of the count'),
      outcome: text('triggered or readopted'),
    },
  },

  // ---- Selections ------------------------------------------------------------------------
  'selection.opened': {
    description: 'A selection was opened in a constituency.',
    data: {
      ...STEP,
      constituency: text('the constituency'),
      title: text('the title'),
      rulebook: text('the rulebook'),
      followsTrigger: maybeText('the trigger ballot it follows'),
      incumbent: maybeText('the sitting representative, if any'),
      allWomenShortlist: flag('whether the shortlist must be all women'),
      timetable: dates('the timetable: each step and its date'),
    },
  },
  'selection.applied': {
    description: 'A member applied to stand.',
    data: CANDIDATE_ENTERED,
  },
  'selection.withdrawn': CANDIDATE_WITHDRAWN,
  'selection.statement-written': STATEMENT_WRITTEN,
  'selection.statement-approved': STATEMENT_APPROVED,
  'selection.statement-returned': STATEMENT_RETURNED,
  'selection.applications-closed': {
    description: 'Applications closed; nominations opened.',
    data: { ...STEP, candidates: texts('the candidates standing') },
  },
  'selection.nominated': {
    description: 'A unit’s nominations were recorded.',
    data: { ...STEP, unit: text('the nominating unit'), candidates: texts('the candidates it nominated') },
  },
  'selection.longlisted': {
    description: 'The longlist was set.',
    data: { ...STEP, candidates: texts('the longlist'), incumbentAdded: maybeText('the incumbent, if added as the rulebook requires') },
  },
  'selection.shortlisted': {
    description: 'The shortlist was set.',
    data: { ...STEP, candidates: texts('the shortlist'), incumbentAdded: maybeText('the incumbent, if added as the rulebook requires') },
  },
  'selection.electorate-frozen': {
    description: ELECTORATE_FROZEN_WORDS,
    data: ELECTORATE_FROZEN,
  },
  'selection.ballot-opened': BALLOT_OPENED,
  'selection.ballot-closed': BALLOT_CLOSED,
  'selection.counted': {
    description: 'The ballots were counted.',
    data: {
      ...COUNTED,
      winner: text('the candidate elected'),
      rounds: count('rounds of the count'),
    },
  },
  'selection.panel-decided': {
    description: 'The panel of an emergency selection chose the candidate from its shortlist, with its reasons (no members’ ballot).',
    data: { ...STEP, winner: text('the candidate selected'), name: text('their name'), reasons: text('the panel’s reasons') },
  },
  'selection.timetable-paused': TIMETABLE_PAUSED,
  'selection.timetable-resumed': TIMETABLE_RESUMED,
  'selection.timetable-extended': TIMETABLE_EXTENDED,
  'selection.dispute-lodged': disputeLodged('a selection'),
  'selection.dispute-decided': disputeDecided('a selection'),
  'selection.dispute-appealed': disputeAppealed('a selection'),
  'selection.dispute-appeal-decided': disputeAppealDecided('a selection'),
  'selection.declared': {
    description: 'The result was declared, with the figures announced (the entry’s actor declared it).',
    data: { ...STEP, winner: text('the candidate selected'), name: text('their name'), ...DECLARED },
  },

  // ---- Internal elections ----------------------------------------------------------------
  'election.opened': {
    description: 'A national internal election was opened.',
    data: {
      ...STEP,
      title: text('the title'),
      rulebook: text('the rulebook'),
      seats: count('seats to fill'),
      method: text('the counting method'),
      minWomen: maybeCount('seats that must go to women'),
      timetable: dates('the timetable: each step and its date'),
      election: maybeText('for one contest of an election of several: the election it is one of (null for an election of one contest)'),
      contest: maybeText("for one contest of an election of several: the rulebook's id for the contest"),
      electorate: maybeText('for one contest of an election of several: who of the electorate may vote in it, in words'),
      leadership: maybeText(
        'for a leadership election: a vacancy or a challenge, and the nominating bodies it opened with (MPs, constituency parties, affiliated members); null otherwise',
      ),
    },
  },
  'election.nominated': {
    description: 'A candidate was nominated.',
    data: CANDIDATE_ENTERED,
  },
  'election.withdrawn': CANDIDATE_WITHDRAWN,
  'meeting.called': {
    description:
      "A constituency party's secretary (or a national officer) called an all-member nomination meeting for one contest of an election that takes nominations by bodies.",
    data: {
      ...STEP,
      title: text('the title of the meeting'),
      rulebook: text('the rulebook it runs under (id@version)'),
      body: text('the constituency party (a unit)'),
      bodyName: text("the party's name"),
      election: text('the contest it nominates in (a process)'),
      date: date('the day of the meeting'),
      place: text('where it is held, or "online"'),
      candidates: texts('the candidates the meeting chooses between'),
      seed: count('the seed of the lot that settles a tie the earlier rounds cannot'),
      voting: maybeText(
        'how members vote: "in-the-room" (the chair enters tallies) or "online" (in the booth); absent on meetings called before online voting',
      ),
    },
  },
  'meeting.attendance-recorded': {
    description:
      "The secretary recorded members attending a nomination meeting (or took one off the list); each is judged on the day: may vote, or may attend but not vote (outside the party, not in good standing, or within the rulebook's provisional period). How many, never who votes how.",
    data: {
      ...STEP,
      added: count('members added to the attendance'),
      eligibleAdded: count('of them, how many may vote'),
      present: count('members now recorded as present'),
      eligiblePresent: count('of those present, how many may vote'),
    },
  },
  'meeting.round-recorded': {
    description:
      "The chair entered one round of a nomination meeting's exhaustive ballot: each candidate's votes and the blank or spoilt papers, and what happens next.",
    data: {
      ...STEP,
      round: count('the round (from 1)'),
      votes: texts('each candidate standing and their votes'),
      spoilt: count('blank or spoilt papers'),
      outcome: text('who has more than half, or which round is next'),
    },
  },
  'meeting.round-opened': {
    description:
      'The chair of an online nomination meeting opened a round for voting in the booth: the candidates standing in it, and how many present may vote. Who votes how is never logged; the booth keeps who has voted apart from the votes.',
    data: {
      ...STEP,
      round: count('the round (from 1)'),
      candidates: texts('the candidates standing in the round'),
      eligiblePresent: count('members present who may vote'),
    },
  },
  'meeting.round-closed': {
    description:
      "The chair of an online nomination meeting closed a round: each candidate's votes as counted from the booth, how many voted, and what happens next.",
    data: {
      ...STEP,
      round: count('the round (from 1)'),
      votes: texts('each candidate standing and their votes'),
      turnout: count('how many members voted in the round'),
      outcome: text('who has more than half, or which round is next'),
    },
  },
  'meeting.decided': {
    description:
      "The secretary confirmed a nomination meeting's decision: its winner becomes the constituency party's nomination in the election (the election's own step, logged beside it), or the meeting nominates no one, with its reason.",
    data: {
      ...STEP,
      nominated: maybeText('the member nominated, or null for no nomination'),
      name: maybeText('their name'),
      rounds: count('rounds of voting held'),
      reason: maybeText('why the meeting nominates no one, when it does not'),
    },
  },
  'election.body-nominated': {
    description:
      'A nominating body (a constituency party after its meeting, or an affiliate) nominated a member, recorded by its secretary or an officer; the nominee stands once enough bodies have nominated them and they accept.',
    data: {
      ...STEP,
      body: text('the nominating body (a unit)'),
      bodyName: text("the body's name"),
      member: text('the member nominated'),
      name: text('their name'),
      meetingDate: date("the day of the body's meeting"),
      nominations: count('nominations the member now has'),
      threshold: count('nominations needed to stand'),
    },
  },
  'election.leader-nominated': {
    description:
      'In a leadership election, an MP (signed in, once) or a constituency party or affiliate (recorded by its secretary or an officer) nominated a member; the nominee stands once they accept and their nominations meet the rulebook’s routes.',
    data: {
      ...STEP,
      route: text('parliamentary, constituency or affiliate'),
      body: text('the nominating MP (a member) or body (a unit)'),
      bodyName: text('their name'),
      member: text('the member nominated'),
      name: text('their name'),
      valid: flag('whether the nominee’s nominations now meet the routes'),
    },
  },
  'election.nomination-accepted': {
    description: 'A nominated member accepted the nomination (they stand once they have enough nominations).',
    data: { ...STEP, member: text('the member'), name: text('their name') },
  },
  'election.nomination-declined': {
    description: 'A nominated member declined the nomination: they do not stand.',
    data: { ...STEP, member: text('the member'), name: text('their name') },
  },
  'election.statement-written': STATEMENT_WRITTEN,
  'election.statement-approved': STATEMENT_APPROVED,
  'election.statement-returned': STATEMENT_RETURNED,
  'election.electorate-frozen': {
    description: ELECTORATE_FROZEN_WORDS,
    data: {
      ...ELECTORATE_FROZEN,
      candidates: texts('the candidates standing'),
    },
  },
  'election.ballot-opened': BALLOT_OPENED,
  'election.ballot-closed': BALLOT_CLOSED,
  'election.counted': {
    description: 'The ballots were counted.',
    data: {
      ...COUNTED,
      elected: texts('the candidates elected, in order'),
      rounds: count('rounds of the count'),
      constraint: maybeText('how a representation rule changed the result, if it did'),
    },
  },
  'election.timetable-paused': TIMETABLE_PAUSED,
  'election.timetable-resumed': TIMETABLE_RESUMED,
  'election.timetable-extended': TIMETABLE_EXTENDED,
  'election.dispute-lodged': disputeLodged('an election'),
  'election.dispute-decided': disputeDecided('an election'),
  'election.dispute-appealed': disputeAppealed('an election'),
  'election.dispute-appeal-decided': disputeAppealDecided('an election'),
  'election.declared': {
    description: 'The result was declared, with the figures announced (the entry’s actor declared it).',
    data: { ...STEP, elected: texts('the candidates elected, each as "id: name"'), ...DECLARED },
  },

  'emergency.snap-election': {
    description:
      'A national officer declared a snap election: every selection under way paused, every review under way readopted (subject to endorsement where the rulebook says so) or left to run; each process’s own step is logged beside this.',
    data: {
      reason: text('the reason given'),
      outcomes: texts('what happened to each process, as "process: what happened"'),
    },
  },

  'process.step': {
    description: 'A step of a process that has no entry type of its own: only the step’s name is logged, none of its data.',
    data: { ...STEP, kind: text('the kind of process'), step: text('the step (the event type in the process’s history)') },
  },

  // ---- Long actions: a start, then a completion with its outcome -----------------------
  'electorate.freeze-started': {
    description: 'Freezing a process’s electorate started: every member of its units is being judged at the freeze date.',
    data: { process: text('the process id'), freezeDate: date('the freeze date') },
  },
  'electorate.freeze-finished': {
    description: 'Freezing an electorate finished. When frozen, the process step (…electorate-frozen) is logged just before this.',
    completes: 'electorate.freeze-started',
    data: {
      process: text('the process id'),
      outcome: text('frozen, refused (by the rules or for want of members: nothing was stored) or failed (an error)'),
      eligible: maybeCount('members eligible, when frozen'),
      total: maybeCount('members judged, when frozen'),
      reason: maybeText('why it was refused or failed'),
    },
  },
  'import.started': {
    description: 'An import of a membership system’s export started (dry runs write nothing and are not logged).',
    data: { what: text('units or members'), file: text('the file, as named on the command line') },
  },
  'import.finished': {
    description: 'An import finished: all rows written, or none.',
    completes: 'import.started',
    data: {
      what: text('units or members'),
      file: text('the file'),
      outcome: text('imported, refused (rows with problems; nothing written) or failed (an error; nothing written)'),
      rows: count('rows written'),
      problems: count('problems found'),
      reason: maybeText('why it was refused or failed'),
      added: maybeCount('units or members added, when imported'),
      changed: maybeCount('units or members already stored that the import changed, when imported'),
      lapsed: maybeCount('members the import made lapsed (among those changed), when imported'),
    },
  },
  'demo.started': {
    description: 'Loading the synthetic demo party started.',
    data: { seed: count('the generator’s seed'), members: count('members to generate'), asOf: date('the date the party is “as of”') },
  },
  'demo.finished': {
    description: 'Loading the demo party finished (its processes’ steps are logged between start and finish, by "demo").',
    completes: 'demo.started',
    data: {
      outcome: text('loaded or failed'),
      members: count('members written'),
      processes: count('processes opened'),
      reason: maybeText('why it failed'),
    },
  },

  // ---- Votes made on paper ---------------------------------------------------------------
  'vote.paper-recorded': {
    description:
      'An officer recorded a vote made on paper (by post or in person at a meeting) for a member, in the same transaction as the vote: the member’s one credential is spent. Never the ranking or the tracker code; nor the member in a contest for members who self-identify (disabled, BAME…), since that they voted in it would say they do (the member is told by mail).',
    data: {
      process: text('the process id'),
      member: maybeText('the member whose vote it is; none in a contest for members who self-identify'),
      channel: text('postal or in-person'),
    },
  },

  // ---- Notices to members ------------------------------------------------------------------
  'notice.queued': {
    description:
      'A notice to members (an invitation, a reminder, the notice of a paper vote recorded in a member’s name) was queued to be mailed: how many members it went to, never who (for a reminder, who had not voted).',
    data: { process: text('the process'), kind: text('the kind of notice'), recipients: count('how many members it was queued for') },
  },
  'notice.reminder-scheduled': {
    description: 'An officer scheduled a reminder to the members who have not voted by then.',
    data: { process: text('the process'), sendAt: text('when it is sent') },
  },
  'notice.cancelled': {
    description: 'An officer cancelled a notice not yet sent.',
    data: { process: text('the process'), kind: text('the kind of notice') },
  },

  // ---- The disputes panel -----------------------------------------------------------------
  'disputes.panel-changed': {
    description: 'An administrator changed who sits on the disputes panel, or who chairs it.',
    data: { member: text('the member'), change: text('appointed, made chair, or removed') },
  },

  // ---- A union's statutory postal ballot -----------------------------------------------------
  'postal.papers-issued': {
    description:
      'The scrutineer issued the numbered voting papers of a statutory postal ballot, one per member of the frozen register: how many, never which member holds which number (that link is the scrutineer’s alone).',
    data: {
      process: text('the process'),
      papers: count('how many papers were issued'),
      scrutineer: text('the independent scrutineer named on the papers'),
      lastDay: date('the last day for return'),
    },
  },
  'postal.packs-printed': {
    description: 'The scrutineer produced the print files of the voting packs (a batch of papers each).',
    data: { process: text('the process'), papers: count('how many packs'), files: count('how many files') },
  },
  'postal.register-inspected': {
    description: 'The scrutineer inspected the register of who holds which paper number (logged each time it is read).',
    data: { process: text('the process'), lines: count('how many lines of the register were shown') },
  },
  'postal.return-logged': {
    description:
      'A returned voting paper was logged by its number: received in time (counted), late, a duplicate or a void paper (recorded, not counted). Never the member.',
    data: {
      process: text('the process'),
      number: count('the paper number'),
      kind: text('received, late, duplicate or void'),
      receivedOn: date('the day it reached the scrutineer'),
    },
  },
  'postal.paper-spoilt': {
    description: 'A spoilt voting paper was made void and its member issued the next number in the series.',
    data: { process: text('the process'), number: count('the spoilt paper'), replacement: count('the new paper') },
  },
  'postal.marks-entered': {
    description: 'The marks on a paper received in time were entered (valid or not); never the marks themselves.',
    data: {
      process: text('the process'),
      number: count('the paper number'),
      valid: flag('whether the paper is valid'),
      source: text('typed, or the name of a file of scanned papers'),
    },
  },
  'postal.marks-separated': {
    description: 'Once counted, the returned papers’ marks were taken from their numbers (merged, so neither number nor order is left).',
    data: { process: text('the process'), valid: count('valid papers'), invalid: count('invalid papers') },
  },
  'postal.complaint': {
    description: 'The scrutineer recorded a complaint about the ballot, for the report.',
    data: { process: text('the process') },
  },
  'postal.records-destroyed': {
    description:
      'At the end of the retention period the register link (which member held which number) and the returned papers’ marks were destroyed; the figures, the returns log by number and the count record are kept.',
    data: { process: text('the process'), announcedOn: date('the day the result was announced'), retentionMonths: count('the retention period in months') },
  },

  // ---- Supporters of a leadership election -----------------------------------------------
  'supporters.window-set': {
    description: "An officer set (or changed) the window in which supporters may apply to vote in a leadership election, and the registered supporters' fee.",
    data: {
      process: text('the process'),
      opens: date('the first day applications are taken'),
      closes: date('the last day'),
      feePence: count('the fee in pence'),
    },
  },
  'supporters.applied': {
    description: "Someone applied to vote in a leadership election as a supporter. The applicant's name and email are not logged: the application's number is.",
    data: {
      process: text('the process'),
      application: count("the application's number in the election"),
      class: text('registered-supporter or affiliated-supporter'),
    },
  },
  'supporters.decided': {
    description:
      "An officer accepted or rejected a supporter's application, with a reason the applicant sees; an accepted supporter becomes a voter of that election. The applicant's email is never logged.",
    data: {
      process: text('the process'),
      application: count("the application's number in the election"),
      decision: text('accepted or rejected'),
      reason: text('the reason recorded'),
    },
  },
  'supporters.reinstated': {
    description: "A rejected supporter's application was accepted after all (on a dispute, say), with the reason.",
    data: { process: text('the process'), application: count("the application's number in the election"), reason: text('the reason recorded') },
  },

  // ---- Offices ---------------------------------------------------------------------------
  'office.appointed': {
    description: 'A member was appointed to an office (the roles a member acts in come from their offices).',
    data: { member: text('the member'), unit: text('the unit'), role: text('the office') },
  },
  'office.removed': {
    description: 'A member was removed from an office.',
    data: { member: text('the member'), unit: text('the unit'), role: text('the office') },
  },

  // ---- The organisation's settings -------------------------------------------------------
  'organisation.rulebook-set': {
    description: 'An administrator named the rulebook in force: the one every process opened from then on runs under (processes already opened keep theirs).',
    data: {
      rulebook: text('the rulebook now in force, with its version'),
      previous: maybeText('the one in force before, with its version (none: the default)'),
    },
  },

  // ---- Members' own records ---------------------------------------------------------------
  'member.self-identification-updated': {
    description:
      'A member changed the characteristics they self-identify with (which reserved contests they may vote in), on their own page. The member is the actor; which characteristics, declared or withdrawn, is never recorded: only the member sees them.',
    data: {},
  },
  'member.email-corrected': {
    description:
      'An administrator corrected the email address of a member whose address was refusing mail; it is no longer listed as failing. Neither address is recorded: the log is kept for good, and addresses are personal data.',
    data: { member: text('the member') },
  },

  // ---- The timetable ---------------------------------------------------------------------
  'ballot.closed-by-timetable': {
    description:
      'The server closed a ballot by itself, no officer having closed it, at the closing moment its timetable set (or, if no server was running then, when one started), and sealed its box. Votes, online or on paper, were refused from the closing moment on.',
    data: {
      ...STEP,
      kind: text('the kind of process'),
      closingMoment: text('the closing moment, an ISO instant in UTC'),
      timeZone: text('the time zone its days were read in'),
    },
  },
  // ---- Evidence anchored in the log: the sealed box and the kept count --------------------
  'box.sealed': {
    description:
      'A ballot box was sealed at the close: what it held, the digest of its ballots (as the bulletin board lists them), and the seed of any drawing of lots, drawn from a secure random source at that moment. Counting and publishing refuse a box that no longer matches this entry.',
    data: {
      process: text('the process id'),
      marked: count('members marked as voted'),
      online: count('of whom voted online'),
      postal: count('of whom voted by post'),
      inPerson: count('of whom voted in person'),
      ballots: count('ballots in the box'),
      boxSha256: text('SHA-256 of the canonical ballot list (what the bulletin board gives as ballotsSha256)'),
      seed: count('the seed of any drawing of lots in the count'),
      round: count(
        'which ballot of the process the box held: 1, or 2, 3… for a ballot held again after one was voided (absent from seals made before ballots could be held again: 1)',
      ),
    },
  },
  'count.recorded': {
    description: 'The full record of a count was kept: its digest, so the results served later can be checked against it.',
    data: {
      process: text('the process id'),
      recordSha256: text('SHA-256 of the kept record (canonical JSON)'),
      ballots: count('ballots counted'),
      seed: count('the seed of any drawing of lots, as drawn at the seal'),
      source: text('ballot-box (the sealed box), file (ballots counted elsewhere) or encrypted (rankings the trustees decrypted)'),
      file: maybeText('the ballot file, as named, when counted from a file'),
      fileSha256: maybeText('SHA-256 of the ballot file, when counted from a file'),
    },
  },
  'encryption.set-up': {
    description:
      'A selection or internal election was given encrypted ballots: its trustees, how many of them can decrypt together, and its credential authority.',
    data: {
      process: text('the process id'),
      election: text('the election id the protocol binds every proof to'),
      threshold: count('how many trustees can decrypt together (k)'),
      trustees: texts('the trustees’ membership numbers, trustee 1 first'),
      authority: text('the credential authority’s membership number'),
    },
  },
  'encryption.key-generation-accepted': {
    description: 'A trustee’s key-generation message passed its checks and was published on the encrypted board.',
    data: { process: text('the process id'), trustee: count('the trustee’s number'), round: count('1 (their key) or 2 (their dealt shares)') },
  },
  'encryption.credentials-accepted': {
    description: 'The credential authority’s public credentials passed their checks and were published on the encrypted board.',
    data: { process: text('the process id'), listed: count('how many public credentials the list holds, one per voter') },
  },
  'encryption.mix-accepted': {
    description: 'A trustee’s mix of the encrypted ballots passed its proof of shuffle and was published on the encrypted board.',
    data: { process: text('the process id'), trustee: count('the trustee’s number'), mix: count('which mix it is: 1 for the first') },
  },
  'encryption.decryption-accepted': {
    description: 'A trustee’s decryption shares of the last mix passed their proofs and were published on the encrypted board.',
    data: { process: text('the process id'), trustee: count('the trustee’s number') },
  },
} as const satisfies Readonly<Record<string, AuditEventSpec>>;

export type AuditEventType = keyof typeof AUDIT_EVENTS;

type ValueOf<K extends FieldKind> = K extends 'text' | 'date'
  ? string
  : K extends 'count'
    ? number
    : K extends 'boolean'
      ? boolean
      : K extends 'texts'
        ? readonly string[]
        : { readonly [step: string]: string | null };
type FieldValue<F> = F extends EventFieldSpec ? (F extends { readonly nullable: true } ? ValueOf<F['kind']> | null : ValueOf<F['kind']>) : never;
type DataOf<D> = { readonly [K in keyof D]: FieldValue<D[K]> };

/** The data an entry of type T carries, derived from its declaration. */
export type AuditData<T extends AuditEventType> = DataOf<(typeof AUDIT_EVENTS)[T]['data']>;

export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_EVENTS) as AuditEventType[];

export function isAuditEventType(type: string): type is AuditEventType {
  return Object.hasOwn(AUDIT_EVENTS, type);
}

/** The longest text a field may hold: an entry records an action, not a document. */
export const MAX_TEXT = 4_000;

/**
 * Why `data` is not what an entry of `type` carries, or null when it is:
 * every declared field present with a value of its kind (null only where
 * declared nullable), and no other field.
 */
export function auditDataProblem(type: string, data: unknown): string | null {
  if (!isAuditEventType(type)) return `"${type}" is not an audit event type`;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `the data of a ${type} entry must be an object`;
  const spec: AuditEventSpec = AUDIT_EVENTS[type];
  for (const key of Object.keys(data)) {
    if (!Object.hasOwn(spec.data, key)) return `a ${type} entry has no field "${key}" (its fields: ${Object.keys(spec.data).join(', ') || 'none'})`;
  }
  for (const [key, field] of Object.entries(spec.data)) {
    const value = (data as Record<string, unknown>)[key];
    if (value === undefined) return `a ${type} entry needs the field "${key}"`;
    if (value === null) {
      if (field.nullable) continue;
      return `the field "${key}" of a ${type} entry may not be null`;
    }
    const problem = valueProblem(field.kind, value);
    if (problem !== null) return `the field "${key}" of a ${type} entry ${problem}`;
  }
  return null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;

function valueProblem(kind: FieldKind, value: unknown): string | null {
  switch (kind) {
    case 'text':
      return isText(value) ? null : `must be a text of at most ${MAX_TEXT} characters`;
    case 'count':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? null : 'must be a whole number of 0 or more';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? null : 'must be a date written YYYY-MM-DD';
    case 'texts':
      return Array.isArray(value) && value.length <= 10_000 && value.every(isText) ? null : 'must be a list of texts';
    case 'dates':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of dates';
      return Object.values(value).every((v) => v === null || (typeof v === 'string' && DATE.test(v)))
        ? null
        : 'must map each step to a date (YYYY-MM-DD) or null';
  }
}
