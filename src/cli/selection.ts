/**
 * `hustings selection …`: an open selection for one constituency, stored, from
 * applications to declaration, each step through the selection state machine.
 */
import {
  defaultSelectionTimetable,
  isWoman,
  selectionAllowed,
  stepsBesideDisputes,
  type ProcessCommand,
  type SelectionCommand,
  type SelectionState,
} from '../domain/processes/index.js';
import { dateOf } from '../domain/time.js';
import { selectionOf, type ProcessDocument } from '../domain/processes/documents.js';
import type { Store } from '../store/store.js';
import { UsageError, groupOptionLines, type FlagSpec } from './args.js';
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
  candidateList,
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
  stepHandler,
  withdrawHandler,
  withdrawnCandidate,
  type CommandHandler,
} from './process-commands.js';
import { electorateHandler } from './electorate.js';
import { openSelectionIn } from '../app/open-process.js';
import type { Io } from './run.js';
import {
  acting,
  clockFrom,
  dateFlag,
  findConstituency,
  guarded,
  parseCommand,
  positionals,
  rulebookToOpen,
  resolveUnit,
  settled,
  stringFlag,
  withStore,
} from './store-common.js';

const OPEN_FLAGS = ballotOpenFlags(
  [
    { flag: 'title', takesValue: true, value: 'TEXT', help: "open: the selection's title" },
    { flag: 'all-women-shortlist', takesValue: false, help: 'open: the shortlist is of women only' },
    { flag: 'applications-close', takesValue: true, value: 'D', help: 'open: the day applications close' },
  ],
  [
    {
      flag: 'after',
      takesValue: true,
      value: '<trigger process>',
      help: 'open: the trigger ballot the selection follows (default: the latest that ended "triggered")',
    },
  ],
);
const NOMINATE_FLAGS: readonly FlagSpec[] = [
  { flag: 'unit', takesValue: true, value: '<id>', help: 'nominate: the nominating branch or affiliated branch' },
  { flag: 'candidates', takesValue: true, value: 'c1,c2,…', help: 'nominate, longlist, shortlist: candidate ids, separated by commas' },
];
const LIST_FLAGS: readonly FlagSpec[] = [NOMINATE_FLAGS[1]!];

export const SELECTION_HELP = `Usage:
  hustings selection open <constituency> [--rulebook labour-2021] [--title TEXT] [--all-women-shortlist]
                          [--applications-close D] [--nominations-close D] [--freeze-date D]
                          [--ballot-opens D] [--ballot-closes D] [--after <trigger process>]
  hustings selection apply <process> (--name TEXT [--gender TEXT] | --member <member id>)
  hustings selection withdraw <process> --candidate <id> [--reason TEXT]
  hustings selection close-applications <process>
  hustings selection nominate <process> --unit <id> --candidates c1[,c2]
  hustings selection longlist <process> --candidates c1,c2,…
  hustings selection shortlist <process> --candidates c1,c2,…
  hustings selection freeze <process>
  hustings selection electorate <process> [--format text|csv|json]
  hustings selection encrypt <process> --trustee <member id> … [--threshold k] --authority <member id>
  hustings selection open-ballot <process> [--opens-at HH:MM] [--closes-at HH:MM] [--time-zone ZONE]
  hustings selection close-ballot <process>
  hustings selection count <process> [<ballots.blt|.csv>]
  hustings selection declare <process>
  hustings selection status <process> [--format text|json]
  hustings selection list [--format text|json]

An open selection: applications, nominations from the constituency's branches and affiliated
branches (within the rulebook's per-unit limits), a longlist and a shortlist (under its gender
rules; a triggered incumbent is added automatically), the electorate frozen, the ballot, the count
by the rulebook's method, and the declaration. "open" follows the constituency's latest trigger
ballot that ended "triggered", unless --after names another. Timetable defaults, from today:
applications close in 2 weeks, nominations in 5, the freeze date is today, the ballot opens in 7
weeks and closes in 9.
"freeze" judges every member of the constituency's branches at the freeze date and stores each
judgement with its reason. "electorate" lists that frozen electorate for scrutineers: each member,
eligible or not, and why — never whether or how anyone voted. Closing the ballot seals its box (see
hustings vote for votes on paper, hustings verify for the bulletin board) and logs what it holds
and the seed of any drawing of lots, drawn then. "count" counts the sealed box with that seed
(there is no --seed); a ballot file is counted only when the box stayed empty (ballots counted
elsewhere). Candidates are named by id (c1, c2, …: see status).

"open-ballot" fixes when voting ends: at midnight at the end of the closing day in the organisation's
time zone (--time-zone, else HUSTINGS_TIME_ZONE, else Europe/London), or at --closes-at on that day;
voting starts at the start of the opening day, or at --opens-at. From that moment no vote is taken,
online or on paper, and hustings serve closes and seals the box by itself.

"encrypt" chooses encrypted ballots before anyone votes (where the rulebook allows them; see
docs/verifiable-ballots.md): the ranking is encrypted in the member's browser and signed with a
credential, and only --threshold of the trustees together can decrypt, after mixing. The trustees
and the credential authority (who must not be a trustee) are named by membership number; each then
takes their part on their own page or with "hustings trustee" and "hustings credentials".

Options:
${groupOptionLines([OPEN_FLAGS, stepFlags(CANDIDATE_FLAGS), WITHDRAW_FLAGS, NOMINATE_FLAGS, ELECTORATE_FLAGS, ENCRYPT_FLAGS, OPEN_BALLOT_FLAGS, BALLOT_COUNT_FLAGS, STATUS_FLAGS]).join('\n')}

Exit status: 0 done; 1 the step was refused (the reason is on stderr); 2 the command line is wrong.
`;

const KIND = 'selection' as const;

/** The state of a process loaded as a selection (every handler here loads it by kind). */
function stateOf(p: ProcessDocument): SelectionState {
  const s = selectionOf(p);
  if (s === null) throw new Error(`${p.id} is not a selection`);
  return s;
}

const list = (s: SelectionState, ids: readonly string[]): string => ids.map((id) => `${candidateName(s, id)} (${id})`).join(', ');

async function open(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, OPEN_FLAGS, 'selection open');
  if (helpOnly(p, io, SELECTION_HELP)) return 0;
  const [key] = positionals(p, ['a constituency'], 'hustings selection open <constituency>');
  const rulebookFor = rulebookToOpen(p);
  const clock = clockFrom(p);
  const defaults = defaultSelectionTimetable(dateOf(clock.now()));
  const timetable = {
    applicationsClose: dateFlag(p, 'applications-close') ?? defaults.applicationsClose,
    ...ballotTimetableFrom(p, defaults),
  };
  const after = stringFlag(p, 'after');
  return withStore(p, io, async (store) => {
    const constituency = await findConstituency(store, key);
    const rulebook = await rulebookFor(store);
    const title = stringFlag(p, 'title');
    const { process: proc, follows } = settled(
      await openSelectionIn(acting(store, clock), constituency, rulebook, {
        timetable,
        allWomenShortlist: p.flags.has('all-women-shortlist'),
        ...(title !== undefined ? { title } : {}),
        ...(after !== undefined ? { after } : {}),
      }),
    );
    const s = stateOf(proc);
    const t = s.timetable;
    const lines = [
      `Opened ${proc.id}: ${s.title}, under ${s.rulebook}${s.allWomenShortlist ? ', with an all-women shortlist' : ''}.`,
      `Applications close ${t.applicationsClose}; nominations close ${t.nominationsClose}; freeze date ${t.freezeDate}; ballot ${t.ballotOpens} to ${t.ballotCloses}.`,
      `${s.units.length} units may nominate.`,
    ];
    if (follows) lines.push(`It follows trigger ballot ${follows}: ${s.incumbent?.name ?? 'the incumbent'} stands as c1.`);
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  });
}

function appliedLine(after: ProcessDocument): string {
  const s = stateOf(after);
  const c = s.candidates[s.candidates.length - 1];
  return `${c.name} applied as ${c.id}${c.gender ? ` (${c.gender})` : ''}; ${standingCount(s)} standing.\n`;
}

function withdrawnLine(after: ProcessDocument, command: ProcessCommand): string {
  const who = withdrawnCandidate(after, command);
  return `${who.name} (${who.id}) has withdrawn${who.withdrawn?.reason ? ` (${who.withdrawn.reason})` : ''}; ${standingCount(stateOf(after))} standing.\n`;
}

const phaseLine = phaseReport((proc) => stepsBesideDisputes(selectionAllowed(stateOf(proc))));

function countReport(after: ProcessDocument): string {
  const s = stateOf(after);
  const c = s.count;
  if (!c) return phaseLine(after);
  const winner = c.elected[0];
  const last = c.rounds[c.rounds.length - 1];
  const lines = [
    `Counted ${c.ballots} ballots by ${c.method} (${c.rounds.length} rounds): ${winner ? `${candidateName(s, winner)} (${winner}) elected` : 'nobody elected'}.`,
  ];
  if (last)
    lines.push(
      `Final round: ${Object.entries(last.tally)
        .map(([id, v]) => `${candidateName(s, id)} ${v}`)
        .join(', ')}.`,
    );
  if (s.phase === 'counted') lines.push(`Declare with: hustings selection declare ${after.id}`);
  return lines.join('\n') + '\n';
}

const nominatedBy = (k: number): string => `nominated by ${k} unit${k === 1 ? '' : 's'}`;

const statusJson = statusJsonOf((proc) => stepsBesideDisputes(selectionAllowed(stateOf(proc))));

async function statusText(proc: ProcessDocument, store: Store): Promise<string> {
  const s = stateOf(proc);
  const constituency = await store.getUnit(proc.constituency!);
  const t = s.timetable;
  const lines = [
    `${proc.id} · ${s.title} · ${constituency?.name ?? s.constituency} · ${s.rulebook} · version ${proc.version}`,
    `Phase: ${s.phase}${s.followsTrigger ? ` · follows ${s.followsTrigger}` : ''}${s.allWomenShortlist ? ' · all-women shortlist' : ''}`,
    `Timetable: applications close ${t.applicationsClose} · nominations close ${t.nominationsClose} · freeze date ${t.freezeDate} · ballot ${t.ballotOpens} to ${t.ballotCloses}`,
    '',
    s.candidates.length === 0 ? 'No candidates yet.' : 'Candidates:',
  ];
  for (const c of s.candidates) {
    const marks = [
      c.gender ?? 'gender not given',
      c.incumbent ? 'incumbent' : null,
      nominatedBy(s.nominations.filter((n) => n.candidates.includes(c.id)).length),
      s.longlist?.includes(c.id) ? 'longlisted' : null,
      s.shortlist?.includes(c.id) ? 'shortlisted' : null,
      c.withdrawn ? `withdrew ${c.withdrawn.at.slice(0, 10)}` : null,
    ].filter(Boolean);
    lines.push(`  ${c.id.padEnd(4)} ${c.name} · ${marks.join(' · ')}`);
  }
  lines.push('', `Nominations: ${s.nominations.length} of ${s.units.length} units`);
  lines.push(...electorateAndBallotLines(proc));
  if (s.count) lines.push(countReport(proc).trimEnd());
  if (s.declaration) lines.push(`Declared: ${s.declaration.name} (${s.declaration.winner}) on ${s.declaration.at.slice(0, 10)}`);
  lines.push('', nextStepsLine(stepsBesideDisputes(selectionAllowed(s))));
  return lines.join('\n') + '\n';
}

const simple = simpleStepHandler('selection', KIND, SELECTION_HELP, phaseLine);

/** The declaration names the seat's candidate, as the constituency page then does. */
function declaredLine(after: ProcessDocument): string {
  const d = stateOf(after).declaration;
  return d ? `${phaseLine(after).trimEnd()} ${d.name} is the seat’s candidate.\n` : phaseLine(after);
}

/** The subcommands of `hustings selection`, registered in run.ts. */
export const SELECTION_SUBCOMMANDS: Readonly<Record<string, CommandHandler>> = {
  open: (argv, io) => guarded(io, () => open(argv, io)),
  apply: candidateHandler('selection', KIND, SELECTION_HELP, 'apply', 'apply', appliedLine),
  withdraw: withdrawHandler('selection', KIND, SELECTION_HELP, withdrawnLine),
  'close-applications': simple('close-applications', 'close-applications'),
  nominate: stepHandler({
    group: 'selection',
    kind: KIND,
    name: 'nominate',
    help: SELECTION_HELP,
    flags: NOMINATE_FLAGS,
    build: (p, proc): SelectionCommand => {
      const unit = stringFlag(p, 'unit');
      if (unit === undefined) throw new UsageError('selection nominate needs --unit');
      const s = stateOf(proc);
      return {
        type: 'nominate',
        unit: resolveUnit(
          s.units.map((u) => u.id),
          s.constituency,
          unit,
        ),
        candidates: candidateList(p, 'candidates', 'selection nominate'),
      };
    },
    report: (after) => {
      const s = stateOf(after);
      const n = s.nominations[s.nominations.length - 1];
      const unit = s.units.find((u) => u.id === n.unit);
      return `${unit?.name ?? n.unit} nominated ${list(s, n.candidates)}; ${s.nominations.length} of ${s.units.length} units have nominated.\n`;
    },
  }),
  longlist: stepHandler({
    group: 'selection',
    kind: KIND,
    name: 'longlist',
    help: SELECTION_HELP,
    flags: LIST_FLAGS,
    build: (p): SelectionCommand => ({ type: 'set-longlist', candidates: candidateList(p, 'candidates', 'selection longlist') }),
    report: (after) => {
      const s = stateOf(after);
      const l = s.longlist ?? [];
      return `Longlist (${l.length}, ${l.filter((id) => isWoman(s.candidates.find((c) => c.id === id)?.gender)).length} women): ${list(s, l)}.\n`;
    },
  }),
  shortlist: stepHandler({
    group: 'selection',
    kind: KIND,
    name: 'shortlist',
    help: SELECTION_HELP,
    flags: LIST_FLAGS,
    build: (p): SelectionCommand => ({ type: 'set-shortlist', candidates: candidateList(p, 'candidates', 'selection shortlist') }),
    report: (after) => {
      const s = stateOf(after);
      const l = s.shortlist ?? [];
      return `Shortlist (${l.length}, ${l.filter((id) => isWoman(s.candidates.find((c) => c.id === id)?.gender)).length} women): ${list(s, l)}.\n`;
    },
  }),
  freeze: freezeHandler('selection', KIND, SELECTION_HELP),
  electorate: electorateHandler('selection', KIND, SELECTION_HELP),
  encrypt: encryptHandler('selection', KIND, SELECTION_HELP),
  'open-ballot': openBallotHandler('selection', KIND, SELECTION_HELP, phaseLine),
  'close-ballot': simple('close-ballot', 'close-ballot'),
  count: countHandler(
    'selection',
    KIND,
    SELECTION_HELP,
    (proc) => {
      const s = stateOf(proc);
      return (s.shortlist ?? []).map((id) => ({ id, name: candidateName(s, id) }));
    },
    countReport,
  ),
  declare: simpleStepHandler('selection', KIND, SELECTION_HELP, declaredLine)('declare', 'declare'),
  status: statusHandler('selection', KIND, SELECTION_HELP, statusJson, statusText),
  list: listHandler(
    'selection',
    KIND,
    SELECTION_HELP,
    (proc) => {
      const s = stateOf(proc);
      return { process: proc.id, constituency: s.constituency, title: s.title, phase: s.phase, rulebook: s.rulebook, candidates: standingCount(s) };
    },
    (proc) => {
      const s = stateOf(proc);
      return `${proc.id}  ${s.phase}  ${s.title}  ${standingCount(s)} standing  ${s.rulebook}`;
    },
  ),
};
