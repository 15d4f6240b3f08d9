/**
 * `hustings meeting count <rounds.csv>`: a meeting's exhaustive ballot from the rounds its minutes
 * record, as a count record (table, CSV or URCVT), and what the meeting does next.
 */
import { readFileSync } from 'node:fs';
import { countExhaustiveBallot, MeetingRoundError, type ExhaustiveBallotRules } from '../count/exhaustive-ballot.js';
import { orderOfNames } from '../count/options.js';
import { InputError } from '../formats/errors.js';
import { parseMeetingRounds } from '../formats/meeting-rounds-csv.js';
import { titleFromFile } from '../formats/lines.js';
import { REPORT_FORMATS, render, type ReportFormat } from '../report/index.js';
import { UsageError, flagNames, optionLines, parseArgs, type FlagSpec } from './args.js';
import type { Io } from './run.js';

const FLAGS: readonly FlagSpec[] = [
  { flag: 'format', short: 'f', takesValue: true, value: '<format>', help: 'table (default), csv, or urcvt (RCTab JSON)' },
  { flag: 'title', takesValue: true, value: '<text>', help: 'the title of the count (default: from the file name)' },
  { flag: 'one-at-a-time', takesValue: false, help: 'drop only the lowest each round, never several together' },
  { flag: 'no-look-back', takesValue: false, help: 'settle a tie for lowest by lot or order at once, not by the earlier rounds first' },
  { flag: 'tie-break', takesValue: true, value: '<lot|order>', help: 'what settles a tie the earlier rounds cannot: lot (default) or order' },
  { flag: 'seed', takesValue: true, value: '<n>', help: 'the seed of the lot (default 1), so the lot can be drawn again by anyone' },
  {
    flag: 'tie-order',
    takesValue: true,
    value: '<names>',
    help: 'with --tie-break order: every candidate, comma-separated, most favoured first; a name containing a comma in double quotes, "Smith, Jo"',
  },
  { flag: 'help', short: 'h', takesValue: false, help: 'this help' },
];

export const MEETING_HELP = [
  'Usage: hustings meeting count <rounds.csv> [--format table|csv|urcvt] [options]',
  '',
  "Counts a meeting's exhaustive ballot: round after round of fresh votes, the lowest dropped each",
  'round (several at once when together they are below the next), until someone has more than half',
  'of the votes cast in the round. Prints every round, who was dropped and why, and either the winner',
  'or who stands in the next round.',
  '',
  ...optionLines(FLAGS.filter((f) => f.flag !== 'help')),
  '',
  'The CSV has a row a candidate and a column a round (header: candidate,round 1,round 2,…). A cell is',
  "the candidate's votes in that round, empty once they are no longer standing, or withdrew. An",
  'optional row named "blank or spoilt" gives the papers that counted for nobody.',
  '',
  'Exit status: 0 counted; 1 the file is missing or wrong (stderr says file:line: what is wrong);',
  '2 the command line is wrong.',
  '',
].join('\n');

function meetingCount(argv: readonly string[], io: Io): number {
  const p = parseArgs(
    argv,
    FLAGS,
    (flag) => new UsageError(`${flag.length === 1 ? '-' : '--'}${flag} is not an option of meeting count (its options: ${flagNames(FLAGS)})`),
  );
  if (p.flags.has('help')) {
    io.stdout.write(MEETING_HELP);
    return 0;
  }
  if (p.positionals.length !== 1)
    throw new UsageError(
      p.positionals.length === 0
        ? 'meeting count needs the rounds file: hustings meeting count <rounds.csv>'
        : `meeting count takes one rounds file, not ${p.positionals.length}`,
    );
  const value = (name: string): string | undefined => {
    const v = p.flags.get(name);
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return v;
  };
  const format = (value('format') ?? 'table') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`);
  const tieBreak = value('tie-break') ?? 'lot';
  if (tieBreak !== 'lot' && tieBreak !== 'order') throw new UsageError(`--tie-break must be lot or order, not "${tieBreak}"`);
  const seedText = value('seed') ?? '1';
  if (!/^\d+$/.test(seedText) || Number(seedText) > 0xffffffff) throw new UsageError(`--seed must be a whole number from 0 to 4294967295, not "${seedText}"`);
  const tieOrder = value('tie-order');
  if (tieOrder !== undefined && tieBreak !== 'order') throw new UsageError('--tie-order is only used with --tie-break order');

  const file = p.positionals[0]!;
  const meeting = parseMeetingRounds(readFileSync(file), file);
  let order = meeting.candidates.map((_, c) => c);
  if (tieOrder !== undefined) {
    order = orderOfNames(tieOrder, meeting.candidates, undefined, '--tie-order');
  }
  const rules: ExhaustiveBallotRules = {
    batch: !p.flags.has('one-at-a-time'),
    lookBack: !p.flags.has('no-look-back'),
    tie: tieBreak === 'order' ? { kind: 'order', order } : { kind: 'lot', seed: Number(seedText) },
  };
  let counted: ReturnType<typeof countExhaustiveBallot>;
  try {
    counted = countExhaustiveBallot({ title: value('title') ?? titleFromFile(file), candidates: meeting.candidates, rounds: meeting.rounds, rules });
  } catch (e) {
    if (e instanceof MeetingRoundError) throw new InputError(file, e.candidate === undefined ? null : (meeting.lines[e.candidate] ?? null), e.message);
    throw e;
  }
  const { record, verdict } = counted;
  const next =
    verdict.kind === 'elected'
      ? `${record.candidates[verdict.candidate]} is elected in round ${verdict.round}.\n`
      : `No one has a majority yet: round ${verdict.round} is next, with ${verdict.standing.map((c) => record.candidates[c]).join(', ')} standing.\n`;
  const out = render(record, format);
  io.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  // The table is for reading, so what happens next follows it; csv and urcvt stay the record alone.
  if (format === 'table') io.stdout.write(next);
  return 0;
}

export const MEETING_COMMANDS = { count: meetingCount };
