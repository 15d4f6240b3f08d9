/**
 * `hustings trigger open|record|close|status|list|snap-election`: the review of
 * a sitting representative, stored. (`hustings trigger evaluate` is the
 * stateless evaluation of a results file, in trigger-evaluate.ts.)
 */
import { dateOf, type IsoDate } from '../domain/time.js';
import {
  DISPUTE_COMMANDS,
  TIMETABLE_COMMANDS,
  defaultTriggerCloses,
  triggerAllowed,
  type BallotUnit,
  type TriggerBallotState,
  type TriggerCommand,
} from '../domain/processes/index.js';
import type { Rulebook } from '../domain/rulebook.js';
import { decisionOfMeeting } from '../domain/trigger-outcome.js';
import type { TriggerBallotDocument } from '../domain/processes/documents.js';
import { UsageError, groupOptionLines, type FlagSpec, type Parsed } from './args.js';
import { applyStep, applyStepTo } from '../app/apply-step.js';
import { loadProcess } from '../app/load-process.js';
import { openTrigger } from '../app/open-process.js';
import { rulebookOf } from '../app/rulebook-of.js';
import type { Io } from './run.js';
import {
  DB_FLAG,
  FORMAT_FLAG,
  NOW_FLAG,
  acting,
  clockFrom,
  countFlag,
  dateFlag,
  findConstituency,
  guarded,
  parseCommand,
  positionals,
  rulebookToOpen,
  resolveUnit,
  settled,
  statusFormat,
  stringFlag,
  withExistingStore,
  withStore,
  writeJson,
} from './store-common.js';

/** The flags of each subcommand, from which the parser reads them and the help lists them. */
const F = {
  rulebook: {
    flag: 'rulebook',
    takesValue: true,
    value: '<id>',
    help: `open: the bundled rulebook to hold the review under (default: the rulebook in force, see hustings rulebook use)`,
  },
  closes: { flag: 'closes', takesValue: true, value: 'YYYY-MM-DD', help: 'open: the closing date (default: six weeks from today)' },
  unit: { flag: 'unit', takesValue: true, value: '<id>', help: 'record: the branch or affiliated branch, by id or by the part after "<constituency>:"' },
  for: { flag: 'for', takesValue: true, value: 'N', help: 'votes for (a selection; at an appeal ballot, for readoption)' },
  against: { flag: 'against', takesValue: true, value: 'N', help: 'votes against' },
  abstentions: { flag: 'abstentions', takesValue: true, value: 'N', help: 'abstentions' },
  attendance: { flag: 'attendance', takesValue: true, value: 'N', help: 'members present' },
  date: { flag: 'date', takesValue: true, value: 'YYYY-MM-DD', help: 'the day the meeting was held, or the appeal ballot counted' },
  reason: { flag: 'reason', takesValue: true, value: 'TEXT', help: 'record: why a meeting already recorded is corrected' },
  absent: { flag: 'absent', takesValue: false, help: 'record: the unit did not meet' },
  note: { flag: 'note', takesValue: true, value: 'TEXT', help: 'record --absent, snap-election: a note kept with the step' },
  spoilt: { flag: 'spoilt', takesValue: true, value: 'N', help: 'appeal-ballot: spoilt ballot papers' },
  constituency: { flag: 'constituency', takesValue: true, value: '<id>', help: 'list: only the reviews in this constituency' },
} as const satisfies Record<string, FlagSpec>;

const FIGURE_FLAGS: readonly FlagSpec[] = [F.for, F.against, F.abstentions, F.attendance, F.date];
const OPEN_FLAGS: readonly FlagSpec[] = [DB_FLAG, NOW_FLAG, F.rulebook, F.closes];
const RECORD_FLAGS: readonly FlagSpec[] = [DB_FLAG, NOW_FLAG, F.unit, ...FIGURE_FLAGS, F.reason, F.absent, F.note];
const SNAP_ELECTION_FLAGS: readonly FlagSpec[] = [F.note];
const APPEAL_BALLOT_FLAGS: readonly FlagSpec[] = [F.for, F.against, F.spoilt, F.date];
const STATUS_FLAGS: readonly FlagSpec[] = [DB_FLAG, FORMAT_FLAG];
const LIST_FLAGS: readonly FlagSpec[] = [DB_FLAG, FORMAT_FLAG, F.constituency];

export const TRIGGER_HELP = `Usage:
  hustings trigger open <constituency> [--rulebook labour-2021] [--closes YYYY-MM-DD]
  hustings trigger record <process> --unit <id> --for N --against N --abstentions N --attendance N --date YYYY-MM-DD
                          [--reason TEXT]        (a correction of a meeting already recorded)
  hustings trigger record <process> --unit <id> --absent [--note TEXT]
  hustings trigger close <process>
  hustings trigger meeting <process> --for N --against N --abstentions N --attendance N --date YYYY-MM-DD
                           (a members' meeting on readoption, under libdem- or conservative-readoption)
  hustings trigger appeal <process>
  hustings trigger appeal-ballot <process> --for N --against N --spoilt N --date YYYY-MM-DD
  hustings trigger snap-election <process> [--note TEXT]
  hustings trigger status <process> [--format text|json]
  hustings trigger list [--constituency <id>] [--format text|json]
  hustings trigger evaluate <results.csv> --rulebook <preset> [--format json]   (stateless; see --help there)

The review of a sitting representative. "open" starts it for the incumbent of a constituency
(by id or exact name) under a bundled rulebook (default labour-2021; closing date default: six
weeks from today); each branch and affiliated branch then records its meeting (a unit is named by
its id, or by the part after "<constituency>:"); "close" applies the rulebook and shows the
arithmetic. A process id is printed by "open" and listed by "list".

Options:
${groupOptionLines([OPEN_FLAGS, RECORD_FLAGS, SNAP_ELECTION_FLAGS, APPEAL_BALLOT_FLAGS, STATUS_FLAGS, LIST_FLAGS]).join('\n')}

Exit status: 0 done; 1 the step was refused (the reason is on stderr) or something named does not
exist; 2 the command line is wrong.
`;

/** The stored subcommands of `hustings trigger`, registered in run.ts beside `evaluate`. */
export const TRIGGER_SUBCOMMANDS = {
  open: (argv: readonly string[], io: Io) => guarded(io, () => open(argv, io)),
  record: (argv: readonly string[], io: Io) => guarded(io, () => record(argv, io)),
  close: (argv: readonly string[], io: Io) => guarded(io, () => simpleStep(argv, io, 'close', [], () => ({ type: 'close' }))),
  'snap-election': (argv: readonly string[], io: Io) =>
    guarded(io, () =>
      simpleStep(argv, io, 'snap-election', SNAP_ELECTION_FLAGS, (p) => {
        const note = stringFlag(p, 'note');
        return note !== undefined ? { type: 'snap-election', note } : { type: 'snap-election' };
      }),
    ),
  meeting: (argv: readonly string[], io: Io) =>
    guarded(io, () => simpleStep(argv, io, 'meeting', FIGURE_FLAGS, (p) => ({ type: 'record-members-meeting', ...meetingFigures(p, 'trigger meeting') }))),
  appeal: (argv: readonly string[], io: Io) => guarded(io, () => simpleStep(argv, io, 'appeal', [], () => ({ type: 'appeal' }))),
  'appeal-ballot': (argv: readonly string[], io: Io) =>
    guarded(io, () =>
      simpleStep(argv, io, 'appeal-ballot', APPEAL_BALLOT_FLAGS, (p) => ({
        type: 'record-appeal-ballot',
        for: countFlag(p, 'for', 'trigger appeal-ballot'),
        against: countFlag(p, 'against', 'trigger appeal-ballot'),
        spoilt: countFlag(p, 'spoilt', 'trigger appeal-ballot'),
        date: requiredDate(p, 'trigger appeal-ballot', 'the day of the count'),
      })),
    ),
  status: (argv: readonly string[], io: Io) => guarded(io, () => status(argv, io)),
  list: (argv: readonly string[], io: Io) => guarded(io, () => list(argv, io)),
} as const;

function requiredDate(p: Parsed, command: string, what: string): IsoDate {
  const date = dateFlag(p, 'date');
  if (date === undefined) throw new UsageError(`${command} needs --date (${what})`);
  return date;
}

function meetingFigures(p: Parsed, command: string): { for: number; against: number; abstentions: number; attendance: number; date: IsoDate } {
  const date = requiredDate(p, command, 'the day the meeting was held');
  return {
    for: countFlag(p, 'for', command),
    against: countFlag(p, 'against', command),
    abstentions: countFlag(p, 'abstentions', command),
    attendance: countFlag(p, 'attendance', command),
    date,
  };
}

/** The steps a state allows, as this command's subcommands. */
const STEP_NAMES: Readonly<Record<string, string>> = {
  'record-meeting': 'record',
  'correct-meeting': 'record --reason',
  'record-absent': 'record --absent',
  'record-members-meeting': 'meeting',
  'record-appeal-ballot': 'appeal-ballot',
};
const stepNames = (allowed: readonly string[]): string => allowed.map((a) => STEP_NAMES[a] ?? a).join(', ');

function helpWanted(p: { flags: Map<string, string | true> }, io: Io): boolean {
  if (!p.flags.has('help')) return false;
  io.stdout.write(TRIGGER_HELP);
  return true;
}

async function open(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, OPEN_FLAGS, 'trigger open');
  if (helpWanted(p, io)) return 0;
  const [key] = positionals(p, ['a constituency'], 'hustings trigger open <constituency>');
  const rulebookFor = rulebookToOpen(p);
  const clock = clockFrom(p);
  const closes = dateFlag(p, 'closes') ?? defaultTriggerCloses(dateOf(clock.now()));
  return withStore(p, io, async (store) => {
    const constituency = await findConstituency(store, key);
    const rulebook = await rulebookFor(store);
    const proc = settled(await openTrigger(acting(store, clock), constituency, rulebook, closes));
    const s = proc.state;
    const branches = s.units.filter((u) => u.class === 'branch').length;
    const lines = [`Opened ${proc.id}: the review of ${s.incumbent.name} in ${constituency.name} under ${s.rulebook}.`];
    if (s.phase === 'exempt') lines.push(`No ballot is held: ${s.exemption?.reason ?? 'the incumbent is exempt'}.`);
    else if (s.phase === 'triggered' || s.phase === 'readopted')
      lines.push(`Decided at once: ${s.phase}.`, ...(s.outcome?.arithmetic ?? []).map((l) => `  ${l}`));
    else if (s.mode === 'members-meeting') lines.push(`A members' meeting decides on readoption, by ${s.closes}.`);
    else lines.push(`${s.units.length} units may meet (${branches} branches, ${s.units.length - branches} affiliated branches) until ${s.closes}.`);
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  });
}

async function record(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, RECORD_FLAGS, 'trigger record');
  if (helpWanted(p, io)) return 0;
  const [id] = positionals(p, ['a process id'], 'hustings trigger record <process> --unit <id> …');
  const unitGiven = stringFlag(p, 'unit');
  if (unitGiven === undefined) throw new UsageError('trigger record needs --unit');
  const absent = p.flags.has('absent');
  const figureFlags = ['for', 'against', 'abstentions', 'attendance', 'date', 'reason'].filter((f) => p.flags.has(f));
  if (absent && figureFlags.length > 0)
    throw new UsageError(`--absent records that the unit did not meet; it takes no ${figureFlags.map((f) => `--${f}`).join(', ')}`);
  if (!absent && p.flags.has('note')) throw new UsageError('--note goes with --absent');
  const clock = clockFrom(p);
  return withStore(p, io, async (store) => {
    const proc = settled(await loadProcess(store, id, 'trigger-ballot'));
    const state = proc.state;
    const unit = resolveUnit(
      state.units.map((u) => u.id),
      state.constituency,
      unitGiven,
    );
    let command: TriggerCommand;
    if (absent) {
      const note = stringFlag(p, 'note');
      command = note !== undefined ? { type: 'record-absent', unit, note } : { type: 'record-absent', unit };
    } else {
      const figures = meetingFigures(p, 'trigger record');
      const reason = stringFlag(p, 'reason');
      command = reason !== undefined ? { type: 'correct-meeting', unit, reason, ...figures } : { type: 'record-meeting', unit, ...figures };
    }
    const after = settled(await applyStep(acting(store, clock), proc, command));
    const s = after.state;
    const u = s.units.find((x) => x.id === unit) as BallotUnit;
    const recorded = s.units.filter((x) => x.result !== null).length;
    const what = command.type === 'record-absent' ? 'did not meet' : `${describeResult(u, settled(await rulebookOf(store, after)))}`;
    io.stdout.write(
      `${command.type === 'correct-meeting' ? 'Corrected' : 'Recorded'} for ${u.name} (${u.id}): ${what}. ${recorded} of ${s.units.length} units have a result.\n`,
    );
    return 0;
  });
}

async function simpleStep(argv: readonly string[], io: Io, name: string, flags: readonly FlagSpec[], command: (p: Parsed) => TriggerCommand): Promise<number> {
  const p = parseCommand(argv, [DB_FLAG, NOW_FLAG, ...flags], `trigger ${name}`);
  if (helpWanted(p, io)) return 0;
  const [id] = positionals(p, ['a process id'], `hustings trigger ${name} <process>`);
  const clock = clockFrom(p);
  return withStore(p, io, async (store) => {
    const after = settled(await applyStepTo(acting(store, clock), id, 'trigger-ballot', command(p)));
    io.stdout.write(outcomeText(after));
    return 0;
  });
}

/**
 * The steps the command line's trigger commands take now: disputes are lodged and decided on the web, by the panel
 * and the parties; endorsing and the timetable are `hustings emergency`'s.
 */
function stepsHere(s: TriggerBallotState): readonly string[] {
  const elsewhere: readonly string[] = [...DISPUTE_COMMANDS, ...TIMETABLE_COMMANDS, 'endorse', 'refuse-endorsement'];
  return triggerAllowed(s).filter((c) => !elsewhere.includes(c));
}

function outcomeText(proc: TriggerBallotDocument): string {
  const s = proc.state;
  if (s.phase === 'awaiting-endorsement' && s.endorsement) {
    const lines = [
      `${proc.id}: ${s.incumbent.name} is to be readopted, waiting for the national body to endorse the readoption (hustings emergency endorse|refuse ${proc.id} --reason …).`,
    ];
    for (const l of s.endorsement.readoption.arithmetic) lines.push(`  ${l}`);
    return lines.join('\n') + '\n';
  }
  if (s.paused) return `${proc.id} is in phase "${s.phase}", its timetable paused: ${s.paused.reason} (hustings emergency resume ${proc.id} --reason …).\n`;
  if (!s.outcome) {
    const allowed = stepsHere(s);
    const lines = [`${proc.id} is in phase "${s.phase}"${allowed.length ? `; next: ${stepNames(allowed)}` : ''}.`];
    if (s.membersMeeting)
      lines.push(`  Members' meeting on ${s.membersMeeting.date}: ${s.membersMeeting.for} for readopting, ${s.membersMeeting.against} against.`);
    return lines.join('\n') + '\n';
  }
  const lines = [
    `${proc.id}: ${s.incumbent.name} is ${s.outcome.result === 'triggered' ? 'not readopted: an open selection will be held' : 'readopted'} (${s.outcome.result}).`,
  ];
  for (const l of s.outcome.arithmetic) lines.push(`  ${l}`);
  return lines.join('\n') + '\n';
}

/** A unit's result in words, with the decision its meeting makes under the rulebook. */
function describeResult(u: BallotUnit, rulebook: Rulebook): string {
  const r = u.result;
  if (r === null) return 'nothing recorded';
  if (r.kind === 'absent') return `did not meet${r.note ? ` (${r.note})` : ''}`;
  const figures = `meeting on ${r.date}: ${r.for} for, ${r.against} against, ${r.abstentions} abstaining, ${r.attendance} present`;
  const review = rulebook.incumbentReview;
  if (review.kind !== 'trigger-ballot') return figures;
  const d = decisionOfMeeting(review.unitVote, r);
  if (!d.ok) return figures;
  const word = d.value.decision === 'yes' ? 'wants a selection' : d.value.decision === 'no' ? 'does not want a selection' : d.value.decision;
  return `${figures} → ${word}`;
}

function statusJson(proc: TriggerBallotDocument, rulebook: Rulebook): unknown {
  const s = proc.state;
  return {
    process: proc.id,
    kind: proc.kind,
    version: proc.version,
    constituency: s.constituency,
    rulebook: s.rulebook,
    mode: s.mode,
    phase: s.phase,
    incumbent: s.incumbent,
    opened: s.opened,
    closes: s.closes,
    outcome: s.outcome?.result ?? null,
    decidedBy: s.outcome?.decidedBy ?? null,
    arithmetic: s.outcome?.arithmetic ?? [],
    exemption: s.exemption?.reason ?? null,
    units: s.units.map((u) => ({
      id: u.id,
      name: u.name,
      class: u.class,
      affiliate: u.affiliate,
      result: u.result,
      decision: decisionOf(u, rulebook),
      corrections: u.corrections.length,
    })),
    membersMeeting: s.membersMeeting,
    appeal: s.appeal,
    allowed: stepsHere(s),
  };
}

function decisionOf(u: BallotUnit, rulebook: Rulebook): string | null {
  if (u.result === null) return null;
  if (u.result.kind === 'absent') return 'absent';
  const review = rulebook.incumbentReview;
  if (review.kind !== 'trigger-ballot') return null;
  const d = decisionOfMeeting(review.unitVote, u.result);
  return d.ok ? d.value.decision : null;
}

async function status(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, STATUS_FLAGS, 'trigger status');
  if (helpWanted(p, io)) return 0;
  const [id] = positionals(p, ['a process id'], 'hustings trigger status <process>');
  const format = statusFormat(p);
  return withExistingStore(p, io, async (store) => {
    const proc = settled(await loadProcess(store, id, 'trigger-ballot'));
    const rulebook = settled(await rulebookOf(store, proc));
    if (format === 'json') {
      writeJson(io, statusJson(proc, rulebook));
      return 0;
    }
    const s = proc.state;
    const constituency = await store.getUnit(proc.constituency!);
    const lines = [
      `${proc.id} · review of ${s.incumbent.name} · ${constituency?.name ?? s.constituency} · ${s.rulebook} · version ${proc.version}`,
      `Opened ${s.opened}; ${s.mode === 'trigger-ballot' ? 'meetings until' : 'closes'} ${s.closes}; phase: ${s.phase}`,
    ];
    if (s.exemption) lines.push(`Exempt: ${s.exemption.reason}`);
    if (s.mode === 'trigger-ballot') {
      const recorded = s.units.filter((u) => u.result !== null).length;
      lines.push('', `Units (${recorded} of ${s.units.length} recorded):`);
      // Units are given to `record --unit` by the part of their id after "<constituency>:".
      const short = (id: string): string => (id.startsWith(`${s.constituency}:`) ? id.slice(s.constituency.length + 1) : id);
      const width = Math.min(60, Math.max(...s.units.map((u) => u.name.length)));
      const idWidth = Math.max(...s.units.map((u) => short(u.id).length));
      for (const u of s.units) {
        const name = u.name.length > width ? u.name.slice(0, width - 1) + '…' : u.name.padEnd(width);
        lines.push(`  ${short(u.id).padEnd(idWidth)}  ${name}  ${u.class === 'branch' ? 'branch   ' : 'affiliate'}  ${describeResult(u, rulebook)}`);
      }
      // As on the constituency page: a changed result says when and why it changed.
      const corrected = s.units.flatMap((u) => u.corrections.map((c) => `  ${u.name}: corrected on ${c.at.slice(0, 10)} — ${c.reason}`));
      if (corrected.length > 0) lines.push('', 'Corrections:', ...corrected);
    }
    if (s.membersMeeting) {
      const m = s.membersMeeting;
      lines.push('', `Members' meeting on ${m.date}: ${m.for} for, ${m.against} against, ${m.abstentions} abstaining, ${m.attendance} present`);
    }
    if (s.outcome) {
      lines.push('', `Outcome: ${s.outcome.result} (decided by ${s.outcome.decidedBy})`);
      for (const l of s.outcome.arithmetic) lines.push(`  ${l}`);
    }
    const allowed = stepsHere(s);
    lines.push('', allowed.length > 0 ? `Next steps allowed: ${stepNames(allowed)}` : 'Finished: no further steps.');
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  });
}

async function list(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, LIST_FLAGS, 'trigger list');
  if (helpWanted(p, io)) return 0;
  positionals(p, [], 'hustings trigger list [--constituency <id>]');
  const format = statusFormat(p);
  return withExistingStore(p, io, async (store) => {
    const key = stringFlag(p, 'constituency');
    const constituency = key !== undefined ? (await findConstituency(store, key)).id : undefined;
    const processes = await store.processDocuments(constituency !== undefined ? { kind: 'trigger-ballot', constituency } : { kind: 'trigger-ballot' });
    const rows = processes.flatMap((pr) => {
      if (pr.kind !== 'trigger-ballot') return [];
      const s = pr.state;
      return [
        {
          process: pr.id,
          constituency: s.constituency,
          incumbent: s.incumbent.name,
          rulebook: s.rulebook,
          phase: s.phase,
          recorded: s.units.filter((u) => u.result !== null).length,
          units: s.units.length,
          closes: s.closes,
        },
      ];
    });
    if (format === 'json') writeJson(io, rows);
    else if (rows.length === 0) io.stdout.write('No trigger ballots.\n');
    else
      io.stdout.write(
        rows.map((r) => `${r.process}  ${r.phase}  ${r.incumbent}  ${r.recorded}/${r.units} units  closes ${r.closes}  ${r.rulebook}`).join('\n') + '\n',
      );
    return 0;
  });
}
