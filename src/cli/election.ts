/**
 * `hustings election …`: a national internal election (e.g. the NEC's
 * constituency section), stored, over an electorate of every member.
 */
import { defaultElectionTimetable, electionAllowed, stepsBesideDisputes, isWoman, type InternalElectionState } from '../domain/processes/index.js';
import { dateOf } from '../domain/time.js';
import { seatsByMethodWords } from '../domain/rulebook-words.js';
import { internalElectionOf, type ProcessDocument } from '../domain/processes/documents.js';
import { UsageError, groupOptionLines } from './args.js';
import {
  CANDIDATE_FLAGS,
  BALLOT_COUNT_FLAGS,
  ELECTORATE_FLAGS,
  OPEN_BALLOT_FLAGS,
  STATUS_FLAGS,
  WITHDRAW_FLAGS,
  stepFlags,
  ballotOpenFlags,
  ballotTimetableFrom,
  candidateHandler,
  candidateName,
  countHandler,
  electorateAndBallotLines,
  freezeHandler,
  helpOnly,
  listHandler,
  nextStepsLine,
  phaseReport,
  simpleStepHandler,
  openBallotHandler,
  encryptHandler,
  ENCRYPT_FLAGS,
  standingCount,
  statusHandler,
  statusJsonOf,
  withdrawHandler,
  withdrawnCandidate,
  type CommandHandler,
} from './process-commands.js';
import { electorateHandler } from './electorate.js';
import { openElection, openElectionContests, type ElectionChoice } from '../app/open-process.js';
import { leadershipNominationsView, openLeaderAndDeputy, openLeadershipElection } from '../app/leadership.js';
import { rulebookFor as rulebookOfProcess } from '../app/rulebook-of.js';
import type { MemberId } from '../domain/ids.js';
import { segmentWords } from '../domain/segment.js';
import type { Store } from '../store/store.js';
import type { Io } from './run.js';
import {
  acting,
  clockFrom,
  countFlag,
  guarded,
  optionalPositive,
  parseCommand,
  positionals,
  rulebookToOpen,
  settled,
  stringFlag,
  withStore,
} from './store-common.js';

const OPEN_FLAGS = ballotOpenFlags([
  { flag: 'id', takesValue: true, value: 'STEM', help: 'open: the process id after "el-" (default: the title\'s first words)' },
  { flag: 'seats', takesValue: true, value: 'N', help: "open: seats to fill, in place of the rulebook's" },
  { flag: 'method', takesValue: true, value: 'ID', help: "open: a hustings count method, in place of the rulebook's" },
  { flag: 'min-women', takesValue: true, value: 'N', help: "open: the minimum of women elected (0 for none), in place of the rulebook's" },
  { flag: 'contests', takesValue: true, value: 'IDS', help: 'open: several of the rulebook\'s contests at once, by id ("nec-clp,youth,wales"), or "all"' },
  { flag: 'leadership', takesValue: false, help: "open: a leadership election for a vacancy, under the rulebook's leadership rules" },
  { flag: 'challenge', takesValue: true, value: 'MEMBER', help: 'open: a leadership election challenging the sitting leader, this member' },
  { flag: 'deputy', takesValue: false, help: "open: with --leadership or --challenge, a deputy leader's contest in the same election" },
  {
    flag: 'challenge-deputy',
    takesValue: true,
    value: 'MEMBER',
    help: "open: with --deputy, the deputy leader's contest a challenge to the sitting deputy, this member (else a vacancy)",
  },
]);

export const ELECTION_HELP = `Usage:
  hustings election open <title> [--rulebook labour-2021] [--id STEM]
                         [--seats N] [--method ID] [--min-women N] [--contests IDS|all]
                         [--leadership | --challenge <member id>] [--deputy [--challenge-deputy <member id>]]
                         [--nominations-close D] [--freeze-date D] [--ballot-opens D] [--ballot-closes D]
  hustings election nominate <process> (--name TEXT [--gender TEXT] | --member <member id>)
  hustings election withdraw <process> --candidate <id> [--reason TEXT]
  hustings election freeze <process>
  hustings election electorate <process> [--format text|csv|json]
  hustings election encrypt <process> --trustee <member id> … [--threshold k] --authority <member id>
  hustings election open-ballot <process> [--opens-at HH:MM] [--closes-at HH:MM] [--time-zone ZONE]
  hustings election close-ballot <process>
  hustings election count <process> [<ballots.blt|.csv>]
  hustings election declare <process>
  hustings election status <process> [--format text|json]
  hustings election list [--format text|json]

A national internal election under a rulebook's internalElection rules (labour-2021: 9 seats by
Droop-quota STV with at least 4 women). Its electorate is every member of the party: "freeze"
judges each one at the freeze date and stores the judgement with its reason; "electorate" lists
it for scrutineers (never whether anyone voted). The process id is "el-" and --id (default: the
title's first words). Timetable defaults, from today: nominations close in 4 weeks, the freeze
date is today, the ballot opens in 6 weeks and closes in 9. --seats, --method (a hustings count
method) and --min-women (0 for none) replace the rulebook's, for a body its rules do not describe;
a choice that could never be counted (irv for 2 seats, a minimum plurality cannot hold) is refused.

--contests opens an election of several of the rulebook's contests (labour-2021: nec-clp, youth,
wales, disabled, bame, treasurer; "all" for every one), each with its own seats, method, minimum of
women and electorate: every member for nec-clp and treasurer, members under 27 on the freeze date
for youth, members whose branch is in Wales for wales, members who self-identify as disabled or
BAME. Each contest is a process of its own ("el-<stem>-<n>-<contest>", e.g. el-nec-2026-1-youth),
taken through the steps below by that id; the freeze judges the election's rules, then the
contest's. Without --contests one contest is opened, as the rulebook's seats and method say.

--leadership opens a leadership election for a vacancy: one post, counted as the rulebook's
leadership rules say (labour-2021: the alternative vote), candidates nominated by the parliamentary
party (the sitting MPs with a membership, not suspended: each nominates once, on the web), then by
constituency parties or affiliates, against the rulebook's routes; --challenge <member> opens one
against the sitting leader, who is on the ballot without nominations, a challenger needing MPs alone.
--deputy adds a deputy leader's contest (a vacancy) to the same election, under the rulebook's
deputy rules: two contests, el-<stem>-<n>-leader and el-<stem>-<n>-deputy, each nominated apart.
The MPs, constituency parties and affiliated membership are taken as they stand at the opening.

"open-ballot" fixes when voting ends: at midnight at the end of the closing day in the organisation's
time zone (--time-zone, else HUSTINGS_TIME_ZONE, else Europe/London), or at --closes-at on that day;
voting starts at the start of the opening day, or at --opens-at. From that moment no vote is taken,
online or on paper, and hustings serve closes and seals the box by itself.

Closing the ballot seals its box and logs what it holds and the seed of any drawing of lots, drawn
then; "count" counts the sealed box with that seed (there is no --seed); a ballot file is counted
only when the box stayed empty.

"encrypt" chooses encrypted ballots before anyone votes (where the rulebook allows them; see
docs/verifiable-ballots.md): the ranking is encrypted in the member's browser and signed with a
credential, and only --threshold of the trustees together can decrypt, after mixing. The trustees
and the credential authority (who must not be a trustee) are named by membership number; each then
takes their part on their own page or with "hustings trustee" and "hustings credentials".

Options:
${groupOptionLines([OPEN_FLAGS, stepFlags(CANDIDATE_FLAGS), WITHDRAW_FLAGS, ELECTORATE_FLAGS, ENCRYPT_FLAGS, OPEN_BALLOT_FLAGS, BALLOT_COUNT_FLAGS, STATUS_FLAGS]).join('\n')}

Exit status: 0 done; 1 the step was refused (the reason is on stderr); 2 the command line is wrong.
`;

const KIND = 'internal-election' as const;

/** The state of a process loaded as an internal election (every handler here loads it by kind). */
function stateOf(p: ProcessDocument): InternalElectionState {
  const s = internalElectionOf(p);
  if (s === null) throw new Error(`${p.id} is not an internal election`);
  return s;
}

async function open(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, OPEN_FLAGS, 'election open');
  if (helpOnly(p, io, ELECTION_HELP)) return 0;
  const [title] = positionals(p, ['a title'], 'hustings election open <title>');
  const rulebookFor = rulebookToOpen(p);
  const stem = stringFlag(p, 'id');
  if (stem !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(stem)) throw new UsageError(`--id must be lower-case letters, digits and dashes, not "${stem}"`);
  const clock = clockFrom(p);
  const timetable = ballotTimetableFrom(p, defaultElectionTimetable(dateOf(clock.now())));
  const seats = optionalPositive(p, 'seats');
  const method = stringFlag(p, 'method');
  const choice: ElectionChoice = {
    ...(seats !== undefined ? { seats } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(p.flags.has('min-women') ? { minWomen: countFlag(p, 'min-women', 'election open') } : {}),
  };
  const challenge = stringFlag(p, 'challenge');
  const challengeDeputy = stringFlag(p, 'challenge-deputy');
  if (challengeDeputy !== undefined && !p.flags.has('deputy'))
    throw new UsageError("--challenge-deputy challenges the sitting deputy leader in a deputy leader's contest: give --deputy too");
  if (p.flags.has('leadership') || challenge !== undefined) {
    if (Object.keys(choice).length > 0 || p.flags.has('contests'))
      throw new UsageError("--leadership and --challenge open a leadership election of one post, as the rulebook's leadership rules say");
    if (p.flags.has('deputy'))
      return withStore(p, io, async (store) => {
        const rulebook = await rulebookFor(store);
        const opened = settled(
          await openLeaderAndDeputy(
            acting(store, clock),
            rulebook,
            title,
            timetable,
            (challenge ?? null) as MemberId | null,
            stem,
            (challengeDeputy ?? null) as MemberId | null,
          ),
        );
        const lines = opened.map((x) => {
          const l = stateOf(x).leadership!;
          return `Opened ${x.id}: ${stateOf(x).title} (${l.vacancy ? 'a vacancy' : `a challenge to ${l.incumbent?.name}, who is on the ballot without nominations`}).`;
        });
        io.stdout.write(
          `${[...lines, `Nominations close ${timetable.nominationsClose}; ballot ${timetable.ballotOpens} to ${timetable.ballotCloses}.`].join('\n')}\n`,
        );
        return 0;
      });
    return withStore(p, io, async (store) => {
      const rulebook = await rulebookFor(store);
      const proc = settled(await openLeadershipElection(acting(store, clock), rulebook, title, timetable, (challenge ?? null) as MemberId | null, stem));
      const s = stateOf(proc);
      const l = s.leadership!;
      const t = s.timetable;
      io.stdout.write(
        [
          `Opened ${proc.id}: ${s.title}, under ${s.rulebook}: a leadership election (${l.vacancy ? 'a vacancy' : `a challenge to ${l.incumbent?.name}`}), counted by ${s.method}.`,
          `Nominating bodies: ${l.parliamentaryParty.length} MPs, ${l.constituencies} constituency parties, ${l.affiliatedMembership.toLocaleString('en-GB')} affiliated members.`,
          `Nominations close ${t.nominationsClose}; freeze date ${t.freezeDate}; ballot ${t.ballotOpens} to ${t.ballotCloses}.`,
        ].join('\n') + '\n',
      );
      return 0;
    });
  }
  if (p.flags.has('deputy')) throw new UsageError("--deputy adds a deputy leader's contest to a leadership election: give --leadership or --challenge too");
  const contests = stringFlag(p, 'contests');
  if (contests !== undefined) {
    if (Object.keys(choice).length > 0) throw new UsageError('--seats, --method and --min-women open one contest; --contests takes each from the rulebook');
    return withStore(p, io, async (store) => {
      const rulebook = await rulebookFor(store);
      const all = (rulebook.internalElection?.contests ?? []).map((c) => c.id);
      const ids =
        contests === 'all'
          ? all
          : contests
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean);
      const opened = settled(
        await openElectionContests(
          acting(store, clock),
          rulebook,
          title,
          timetable,
          ids.map((contest) => ({ contest })),
          stem,
        ),
      );
      const first = opened[0]?.state;
      const lines = [`Opened ${first?.contest?.election}: ${title}, under ${first?.rulebook}, ${opened.length} contests:`];
      for (const c of opened)
        lines.push(`  ${c.id}: ${c.state.title}, ${seatsByMethodWords(c.state)}, for ${segmentWords(c.state.contest?.segment ?? { kind: 'everyone' })}.`);
      const t = timetable;
      lines.push(`Nominations close ${t.nominationsClose}; freeze date ${t.freezeDate}; ballot ${t.ballotOpens} to ${t.ballotCloses}.`);
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    });
  }
  return withStore(p, io, async (store) => {
    const rulebook = await rulebookFor(store);
    const proc = settled(await openElection(acting(store, clock), rulebook, title, timetable, stem, choice));
    const s = stateOf(proc);
    const t = s.timetable;
    io.stdout.write(
      [
        `Opened ${proc.id}: ${s.title}, under ${s.rulebook}: ${seatsByMethodWords(s)}.`,
        `Nominations close ${t.nominationsClose}; freeze date ${t.freezeDate}; ballot ${t.ballotOpens} to ${t.ballotCloses}.`,
      ].join('\n') + '\n',
    );
    return 0;
  });
}

const phaseLine = phaseReport((proc) => stepsBesideDisputes(electionAllowed(stateOf(proc))));

function countReport(after: ProcessDocument): string {
  const s = stateOf(after);
  const c = s.count;
  if (!c) return phaseLine(after);
  const lines = [`Counted ${c.ballots} ballots by ${c.method} (${c.rounds.length} stages) for ${c.seats} seats; elected in order:`];
  for (const id of c.elected) lines.push(`  ${candidateName(s, id)} (${id})`);
  if (c.constraint) lines.push(c.constraint);
  return lines.join('\n') + '\n';
}

const statusJson = statusJsonOf((proc) => stepsBesideDisputes(electionAllowed(stateOf(proc))));

async function statusText(proc: ProcessDocument, store: Store): Promise<string> {
  const s = stateOf(proc);
  const t = s.timetable;
  const standing = s.candidates.filter((c) => c.withdrawn === null);
  const lines = [
    `${proc.id} · ${s.title} · ${s.rulebook} · version ${proc.version}`,
    `${seatsByMethodWords(s)} · phase: ${s.phase}`,
    `Timetable: nominations close ${t.nominationsClose} · freeze date ${t.freezeDate} · ballot ${t.ballotOpens} to ${t.ballotCloses}`,
    '',
    `Candidates (${standing.length} standing, ${standing.filter((c) => isWoman(c.gender)).length} women):`,
  ];
  for (const c of s.candidates)
    lines.push(`  ${c.id.padEnd(4)} ${c.name} · ${c.gender ?? 'gender not given'}${c.withdrawn ? ` · withdrew ${c.withdrawn.at.slice(0, 10)}` : ''}`);
  const rulebook = await rulebookOfProcess(store, proc);
  const leader = rulebook ? leadershipNominationsView(s, rulebook) : null;
  if (leader) {
    lines.push('', `Nominations for ${leader.office}: ${leader.rule}`, `Nominating bodies: ${leader.bodies}`);
    for (const c of leader.candidates) {
      lines.push(`  ${c.name}: ${c.status}`);
      for (const r of c.routes) lines.push(`    ${r.route}: ${r.words}`);
    }
  }
  const held = electorateAndBallotLines(proc);
  if (s.electorate) lines.push('');
  lines.push(...held);
  if (s.count) lines.push(countReport(proc).trimEnd());
  if (s.declaration) lines.push(`Declared ${s.declaration.at.slice(0, 10)}: ${s.declaration.elected.map((e) => e.name).join(', ')}`);
  lines.push('', nextStepsLine(stepsBesideDisputes(electionAllowed(s))));
  return lines.join('\n') + '\n';
}

const simple = simpleStepHandler('election', KIND, ELECTION_HELP, phaseLine);

/** The subcommands of `hustings election`, registered in run.ts. */
export const ELECTION_SUBCOMMANDS: Readonly<Record<string, CommandHandler>> = {
  open: (argv, io) => guarded(io, () => open(argv, io)),
  nominate: candidateHandler('election', KIND, ELECTION_HELP, 'nominate', 'nominate', (after) => {
    const s = stateOf(after);
    const c = s.candidates[s.candidates.length - 1];
    return `${c.name} nominated as ${c.id}${c.gender ? ` (${c.gender})` : ''}; ${standingCount(s)} standing for ${s.seats} seats.\n`;
  }),
  withdraw: withdrawHandler('election', KIND, ELECTION_HELP, (after, command) => {
    const who = withdrawnCandidate(after, command);
    return `${who.name} (${who.id}) has withdrawn; ${standingCount(stateOf(after))} standing for ${stateOf(after).seats} seats.\n`;
  }),
  freeze: freezeHandler('election', KIND, ELECTION_HELP),
  electorate: electorateHandler('election', KIND, ELECTION_HELP),
  encrypt: encryptHandler('election', KIND, ELECTION_HELP),
  'open-ballot': openBallotHandler('election', KIND, ELECTION_HELP, phaseLine),
  'close-ballot': simple('close-ballot', 'close-ballot'),
  count: countHandler(
    'election',
    KIND,
    ELECTION_HELP,
    // Every candidate, withdrawn ones too: the count ignores them on each ballot.
    (proc) => stateOf(proc).candidates.map((c) => ({ id: c.id, name: c.name })),
    countReport,
  ),
  declare: simple('declare', 'declare'),
  status: statusHandler('election', KIND, ELECTION_HELP, statusJson, statusText),
  list: listHandler(
    'election',
    KIND,
    ELECTION_HELP,
    (proc) => {
      const s = stateOf(proc);
      return { process: proc.id, title: s.title, phase: s.phase, rulebook: s.rulebook, seats: s.seats, candidates: standingCount(s) };
    },
    (proc) => {
      const s = stateOf(proc);
      return `${proc.id}  ${s.phase}  ${s.title}  ${standingCount(s)} standing for ${s.seats} seats  ${s.rulebook}`;
    },
  ),
};
