/**
 * `hustings trigger evaluate <results.csv> --rulebook <preset|file.json>`: a
 * stateless evaluation of one constituency's unit results. The CSV has a header
 * with the columns unit, class (branch or affiliate) and decision (yes = wants a
 * selection, no, abstain, absent), and optionally affiliate (the union or
 * society an affiliated branch belongs to, used when each affiliate casts one
 * vote). Any mistake in the file is reported as `file:line: problem` before
 * anything is printed.
 */
import { readFileSync } from 'node:fs';
import {
  evaluateTrigger,
  UNIT_CLASSES,
  UNIT_DECISIONS,
  type TriggerOutcome,
  type UnitClass,
  type UnitDecision,
  type UnitResult,
} from '../domain/trigger-outcome.js';
import type { Rulebook } from '../domain/rulebook.js';
import { reviewWords } from '../domain/rulebook-words.js';
import { csvRecords } from '../formats/csv.js';
import { InputError } from '../formats/errors.js';
import { UsageError, flagNames, optionLines, parseArgs, type FlagSpec } from './args.js';
import { loadRulebook } from './rulebook-file.js';
import type { Io } from './run.js';

const FLAGS: readonly FlagSpec[] = [
  { flag: 'rulebook', short: 'r', takesValue: true, value: '<rulebook>', help: 'a bundled rulebook (hustings rulebook list) or a rulebook .json file' },
  {
    flag: 'format',
    short: 'f',
    takesValue: true,
    value: '<format>',
    help: 'text (default) or json (an object whose "outcome" is triggered or readopted, with the arithmetic and the figures of each class)',
  },
  { flag: 'help', short: 'h', takesValue: false, help: 'this help' },
];

export const TRIGGER_EVALUATE_HELP = [
  'Usage: hustings trigger evaluate <results.csv> --rulebook <id|file.json> [--format text|json]',
  '',
  "Evaluates one constituency's trigger ballot from its units' decisions and prints the outcome",
  '(triggered: a selection will be held; readopted: the incumbent stands again) with the arithmetic.',
  '',
  ...optionLines(FLAGS.filter((f) => f.flag !== 'help')),
  '',
  'The CSV starts with a header naming its columns:',
  '  unit       the branch or affiliated branch',
  '  class      branch or affiliate',
  '  decision   yes (wants a selection), no, abstain or absent (did not meet or vote)',
  '  affiliate  optional: the union or society an affiliated branch belongs to',
  'Units that abstain or are absent drop out of the count.',
  '',
  'Exit status: 0 evaluated; 1 the file is missing or wrong (stderr says file:line: what is wrong);',
  '2 the command line is wrong.',
  '',
].join('\n');

const REQUIRED = ['unit', 'class', 'decision'] as const;
const COLUMNS = [...REQUIRED, 'affiliate'] as const;
type Column = (typeof COLUMNS)[number];

/** Reads the unit results of a trigger ballot from CSV text; throws InputError at the first mistake. */
export function readUnitResults(text: string, file: string): UnitResult[] {
  return readUnitRows(text, file).map((r) => r.result);
}

/** One row of a results file: the unit's result, the line it is on and, when the file is grouped, its group. */
export interface UnitRow {
  readonly result: UnitResult;
  readonly line: number;
  /** The group column's value (say, the constituency); "" when the reader was given no group column. */
  readonly group: string;
}

/**
 * Reads unit results from CSV text; throws InputError at the first mistake.
 * With `groupColumn` (say "constituency", for `hustings simulate replay`) that
 * column is required as well, every row names its group, and a unit need only
 * be named once within its group.
 */
export function readUnitRows(text: string, file: string, groupColumn?: string): UnitRow[] {
  const headerText = groupColumn === undefined ? 'unit,class,decision' : `${groupColumn},unit,class,decision`;
  const columnsText = `columns: ${groupColumn === undefined ? '' : `${groupColumn}, `}unit, class, decision and optionally affiliate`;
  const records = csvRecords(text, file);
  const first = records.next();
  if (first.done) throw new InputError(file, 1, `empty file: the first line must be the header ${headerText}`);
  const header = first.value;
  const index = new Map<Column, number>();
  let groupIndex = -1;
  header.cells.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (groupColumn !== undefined && name === groupColumn) {
      if (groupIndex >= 0) throw new InputError(file, header.line, `the column "${name}" appears twice`);
      groupIndex = i;
      return;
    }
    if (!(COLUMNS as readonly string[]).includes(name)) {
      const hint =
        (UNIT_CLASSES as readonly string[]).includes(name) || (UNIT_DECISIONS as readonly string[]).includes(name)
          ? ` (the first line must be the header ${headerText})`
          : '';
      throw new InputError(file, header.line, `unknown column "${raw.trim()}" (${columnsText})${hint}`);
    }
    if (index.has(name as Column)) throw new InputError(file, header.line, `the column "${name}" appears twice`);
    index.set(name as Column, i);
  });
  const missing: string[] = [...(groupColumn !== undefined && groupIndex < 0 ? [groupColumn] : []), ...REQUIRED.filter((c) => !index.has(c))];
  if (missing.length > 0) {
    throw new InputError(file, header.line, `the header needs ${missing.map((m) => `"${m}"`).join(' and ')} (${columnsText})`);
  }

  const rows: UnitRow[] = [];
  const firstLine = new Map<string, number>();
  for (const { cells, line } of records) {
    if (cells.length !== header.cells.length) {
      throw new InputError(file, line, `expected ${header.cells.length} cells (${header.cells.map((c) => c.trim()).join(',')}), found ${cells.length}`);
    }
    const cell = (c: Column): string => cells[index.get(c) as number].trim();
    const group = groupIndex < 0 ? '' : cells[groupIndex].trim();
    if (groupColumn !== undefined && group === '') throw new InputError(file, line, `${groupColumn}: empty (each row names its ${groupColumn})`);
    const unit = cell('unit');
    if (unit === '') throw new InputError(file, line, 'unit: empty (each row names a branch or affiliated branch)');
    // Names are unique within a group, so the same ward name may appear in two constituencies.
    const key = JSON.stringify([group, unit]);
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      throw new InputError(
        file,
        line,
        `unit "${unit}"${groupColumn === undefined ? '' : ` of ${groupColumn} "${group}"`} is listed twice (first on line ${seen})`,
      );
    }
    firstLine.set(key, line);
    const cls = cell('class').toLowerCase();
    if (!(UNIT_CLASSES as readonly string[]).includes(cls)) throw new InputError(file, line, `class: "${cell('class')}" is not branch or affiliate`);
    const decision = cell('decision').toLowerCase();
    if (!(UNIT_DECISIONS as readonly string[]).includes(decision)) {
      throw new InputError(file, line, `decision: "${cell('decision')}" is not yes, no, abstain or absent`);
    }
    const affiliate = index.has('affiliate') ? cell('affiliate') : '';
    if (affiliate !== '' && cls === 'branch')
      throw new InputError(file, line, `affiliate: "${affiliate}" given for a branch (only affiliated branches belong to an affiliate)`);
    rows.push({ result: { unit, class: cls as UnitClass, decision: decision as UnitDecision, ...(affiliate === '' ? {} : { affiliate }) }, line, group });
  }
  if (rows.length === 0) throw new InputError(file, header.line, 'no unit results below the header');
  return rows;
}

/** The text report: the rule, the arithmetic, the outcome. */
export function outcomeText(rb: Rulebook, o: TriggerOutcome): string {
  const outcome =
    o.outcome === 'triggered'
      ? `Outcome: triggered. A selection will be held${rb.selection.shortlist.incumbentAutomatically && rb.incumbentReview.kind !== 'mandatory-reselection' ? ', with the incumbent shortlisted automatically' : ''}.`
      : 'Outcome: readopted. The incumbent is the candidate without a selection.';
  return [`${rb.name} (${rb.id}, version ${rb.version}) ${reviewWords(rb.incumbentReview)}.`, '', ...o.arithmetic.map((l) => `  ${l}`), '', outcome, ''].join(
    '\n',
  );
}

export function triggerEvaluate(argv: readonly string[], io: Io): number {
  const p = parseArgs(
    argv,
    FLAGS,
    (flag) =>
      new UsageError(
        `${flag.length === 1 ? '-' : '--'}${flag} is not an option of trigger evaluate (its options: ${flagNames(FLAGS)}; see hustings trigger evaluate --help)`,
      ),
  );
  if (p.flags.has('help')) {
    io.stdout.write(TRIGGER_EVALUATE_HELP);
    return 0;
  }
  if (p.positionals.length !== 1) {
    throw new UsageError(
      p.positionals.length === 0
        ? 'trigger evaluate needs a results file: hustings trigger evaluate <results.csv> --rulebook <rulebook>'
        : `trigger evaluate takes one results file, not ${p.positionals.length}: ${p.positionals.join(' ')}`,
    );
  }
  const rulebookArg = p.flags.get('rulebook');
  if (rulebookArg === undefined) throw new UsageError('trigger evaluate needs --rulebook (a bundled id such as labour-2021, or a .json file)');
  if (rulebookArg === true) throw new UsageError('--rulebook needs a value');
  const format = p.flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(format === true ? '--format needs a value' : `--format must be text or json, not "${format}"`);

  // The rulebook is checked before the file is read, so a wrong rulebook fails at once.
  const rb = loadRulebook(rulebookArg);
  if (rb.incumbentReview.kind === 'members-meeting') {
    throw new UsageError(`${rb.id} ${reviewWords(rb.incumbentReview)}: it holds no unit votes for trigger evaluate to count`);
  }
  const file = p.positionals[0];
  const units = readUnitResults(readFileSync(file, 'utf8'), file);
  const outcome = evaluateTrigger(rb, units);
  io.stdout.write(format === 'json' ? JSON.stringify(outcome, null, 2) + '\n' : outcomeText(rb, outcome));
  return 0;
}
