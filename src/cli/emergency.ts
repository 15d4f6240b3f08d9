/**
 * `hustings emergency snap-election|endorse|refuse|pause|resume|extend`: a national officer's emergency
 * actions from the command line, through the same use cases as the web's emergency pages
 * (src/app/emergency.ts), each audited with the operating-system user as the actor.
 */
import { changeTimetable, declareSnapElection, decideEndorsement, type SnapElectionOutcome, type TimetableAction } from '../app/emergency.js';
import type { ProcessId } from '../domain/ids.js';
import { hasTimetable } from '../domain/processes/documents.js';
import { dateOf, isIsoDate, type IsoDate } from '../domain/time.js';
import { UsageError, optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import {
  CommandError,
  DB_FLAG,
  FORMAT_FLAG,
  NOW_FLAG,
  acting,
  clockFrom,
  guarded,
  parseCommand,
  positionals,
  settled,
  statusFormat,
  stringFlag,
  withExistingStore,
  writeJson,
} from './store-common.js';

const REASON: FlagSpec = { flag: 'reason', takesValue: true, value: '<text>', help: 'why (required)' };
const DATE: FlagSpec = {
  flag: 'date',
  takesValue: true,
  value: 'YYYY-MM-DD',
  help: 'endorse, refuse: the day the national body decided (default: today); resume: a new closing date; extend: the new date (required)',
};
const FLAGS: readonly FlagSpec[] = [DB_FLAG, NOW_FLAG, FORMAT_FLAG, REASON, DATE];

export const EMERGENCY_HELP = `Usage: hustings emergency <subcommand> [--db <url>] --reason <text> …

A national officer's emergency actions, each audited:
  hustings emergency snap-election --reason <text>      pause every selection under way and apply the
                                                        rulebook's snap-election rule to every review
                                                        (readopted, or waiting for endorsement)
  hustings emergency endorse <review> --reason <text> [--date D]   endorse a readoption waiting for it
  hustings emergency refuse <review> --reason <text> [--date D]    refuse it: the seat goes to a selection
  hustings emergency pause <process> --reason <text>    pause a process's timetable
  hustings emergency resume <process> --reason <text> [--date D]   resume it: the dates still to come move
                                                        on by the days paused, or the closing date is D
  hustings emergency extend <process> --reason <text> --date D     move the closing date of the stage under way to D

${optionLines(FLAGS).join('\n')}
`;

function reasonOf(p: ReturnType<typeof parseCommand>): string {
  const reason = stringFlag(p, 'reason');
  if (reason === undefined || reason.trim() === '') throw new UsageError('--reason is required: say why');
  return reason;
}

function dateOfFlag(p: ReturnType<typeof parseCommand>, required: boolean): IsoDate | undefined {
  const d = stringFlag(p, 'date');
  if (d === undefined) {
    if (required) throw new UsageError('--date is required: the new closing date, YYYY-MM-DD');
    return undefined;
  }
  if (!isIsoDate(d)) throw new UsageError(`--date must be a date written YYYY-MM-DD, not "${d}"`);
  return d;
}

function outcomeLine(o: SnapElectionOutcome): string {
  return `${o.process}  ${o.title} (${o.where}): ${o.words}`;
}

async function snapElection(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, FLAGS, 'emergency snap-election');
  if (p.flags.has('help')) {
    io.stdout.write(EMERGENCY_HELP);
    return 0;
  }
  positionals(p, [], 'hustings emergency snap-election --reason <text>');
  const reason = reasonOf(p);
  const format = statusFormat(p);
  return guarded(io, () =>
    withExistingStore(
      p,
      io,
      async (store) => {
        const outcomes = settled(await declareSnapElection(acting(store, clockFrom(p)), reason));
        if (format === 'json') writeJson(io, outcomes);
        else {
          io.stdout.write(`A snap election is declared: ${reason}\n`);
          io.stdout.write(outcomes.length === 0 ? 'No trigger ballot or selection was under way.\n' : `${outcomes.map(outcomeLine).join('\n')}\n`);
        }
        return 0;
      },
      { readOnly: false },
    ),
  );
}

function endorsement(decision: 'endorse' | 'refuse') {
  return async (argv: readonly string[], io: Io): Promise<number> => {
    const p = parseCommand(argv, FLAGS, `emergency ${decision}`);
    if (p.flags.has('help')) {
      io.stdout.write(EMERGENCY_HELP);
      return 0;
    }
    const [id] = positionals(p, ['review'], `hustings emergency ${decision} <review> --reason <text> [--date YYYY-MM-DD]`);
    const reason = reasonOf(p);
    const clock = clockFrom(p);
    const date = dateOfFlag(p, false) ?? dateOf(clock.now());
    return guarded(io, () =>
      withExistingStore(
        p,
        io,
        async (store) => {
          const done = settled(await decideEndorsement(acting(store, clock), id!, { decision, reason, date }));
          const name = done.state.incumbent.name;
          io.stdout.write(
            decision === 'endorse'
              ? `${done.id}: ${name}'s readoption is endorsed; ${name} is readopted.\n`
              : `${done.id}: endorsement of ${name} is refused; the seat goes to a selection (hustings selection open, or an emergency selection on the web).\n`,
          );
          return 0;
        },
        { readOnly: false },
      ),
    );
  };
}

function timetable(action: TimetableAction['action']) {
  return async (argv: readonly string[], io: Io): Promise<number> => {
    const p = parseCommand(argv, FLAGS, `emergency ${action}`);
    if (p.flags.has('help')) {
      io.stdout.write(EMERGENCY_HELP);
      return 0;
    }
    const [id] = positionals(p, ['process'], `hustings emergency ${action} <process> --reason <text>${action === 'extend' ? ' --date YYYY-MM-DD' : ''}`);
    const reason = reasonOf(p);
    const date = dateOfFlag(p, action === 'extend');
    const clock = clockFrom(p);
    return guarded(io, () =>
      withExistingStore(
        p,
        io,
        async (store) => {
          const proc = await store.processDocument(id as ProcessId);
          if (!proc) throw new CommandError(`There is no process "${id}".`, 'not-found');
          if (!hasTimetable(proc)) throw new CommandError(`${id} is a nomination meeting, held on one day: it has no timetable to ${action}.`, 'invalid');
          const change: TimetableAction =
            action === 'pause'
              ? { action, reason }
              : action === 'extend'
                ? { action, reason, closes: date! }
                : { action, reason, ...(date ? { dates: { [closingStep(proc.kind, proc.state.phase)]: date } } : {}) };
          const done = settled(await changeTimetable(acting(store, clock), proc, change));
          const dates =
            done.kind === 'trigger-ballot'
              ? `closes ${done.state.closes}`
              : Object.entries(done.state.timetable)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ');
          io.stdout.write(`${done.id}: the timetable is ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'extended'} (${dates}).\n`);
          return 0;
        },
        { readOnly: false },
      ),
    );
  };
}

/** The step a new closing date given on resuming moves: the one ending the stage under way. */
function closingStep(kind: string, phase: string): string {
  if (kind === 'trigger-ballot') return 'closes';
  if (phase === 'applications') return 'applicationsClose';
  if (phase === 'nominations') return 'nominationsClose';
  return 'ballotCloses';
}

export const EMERGENCY_COMMANDS = {
  'snap-election': snapElection,
  endorse: endorsement('endorse'),
  refuse: endorsement('refuse'),
  pause: timetable('pause'),
  resume: timetable('resume'),
  extend: timetable('extend'),
};
