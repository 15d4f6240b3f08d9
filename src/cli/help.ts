/** Help texts, built from the counting rules' own option specs so they cannot drift from the code. */
import type { CountMethod } from '../count/method.js';
import type { OptionSpec } from '../count/options.js';
import { flagOf } from '../count/options.js';
import { optionLines, type FlagSpec } from './args.js';

const WIDTH = 100;

function wrap(text: string, indent: string, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.trim() === '' ? indent + word : line + ' ' + word;
    }
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

export const EXIT_STATUS_TEXT = [
  'Exit status:',
  '  0  counted; the result is on standard output',
  '  1  the input file is missing, unreadable or wrong (stderr says file:line: what is wrong)',
  '  2  the command line is wrong (unknown method or option, bad option value, missing argument)',
  '  3  internal error: a bug in hustings (the message and stack trace go to stderr)',
];

export function mainHelp(methods: readonly CountMethod[]): string {
  return [
    'hustings: internal democracy for parties, unions and societies.',
    '',
    'Usage:',
    '  hustings count <file> --method <method> [options]   count the ballots in a file',
    '  hustings rulebook list|show|diff …                  the rulebooks, and how two differ',
    '  hustings trigger evaluate <results.csv> --rulebook <id>   a trigger ballot outcome, statelessly',
    "  hustings meeting count <rounds.csv>                 a meeting's exhaustive ballot, round by round",
    '  hustings init [--db <url>]                          create or migrate the store',
    '  hustings demo [--seed N] [--members N]              fill the store with a synthetic party',
    '  hustings serve [--port N] [--demo]                  start the web app',
    '  hustings import members|units <file.csv> [--dry-run]   import a membership-system export',
    '  hustings trigger open|record|close|status|list …    run a trigger ballot',
    '  hustings selection …                                run an open selection',
    '  hustings election …                                 run an internal election',
    '  hustings emergency snap-election|endorse|refuse|pause|resume|extend   a snap election, endorsements, timetables',
    '  hustings vote <process> --member M --channel …      record a vote made by post or in person',
    "  hustings board <process> [--out file.json]          write a closed ballot's bulletin board",
    "  hustings postal packs|report <election> --out <path> a statutory postal ballot's print files or scrutineer's report",
    '  hustings verify <board.json>                        recount and check a bulletin board (plain or encrypted)',
    "  hustings credentials generate --election <id> --voters <file.csv>   an encrypted ballot's credentials",
    "  hustings trustee keygen|mix|decrypt <board.json> …  a trustee's steps of an encrypted ballot",
    '  hustings audit verify|list|replay|events            check and read the audit log, replay it',
    '  hustings outbox drain [--once]                      send the notices waiting in the outbox',
    '  hustings simulate replay|cases|party|sweep …        what each rulebook would have decided',
    '  hustings help <command>                             help on one command',
    '  hustings --version',
    '',
    'The store is --db <url>, else $HUSTINGS_DB, else sqlite:hustings.db (postgres://… for PostgreSQL).',
    '',
    `Counting methods: ${methods.map((m) => m.id).join(', ')}`,
    '',
    'Exit status:',
    '  0  done; the result is on standard output',
    '  1  the input is missing, unreadable or wrong, or the step is not allowed now (stderr says what and where)',
    '  2  the command line is wrong (unknown command, method or option, bad option value, missing argument)',
    '  3  internal error: a bug in hustings (the message and stack trace go to stderr)',
    '',
  ].join('\n');
}

export function countHelp(methods: readonly CountMethod[], flags: readonly FlagSpec[]): string {
  const lines = [
    'Usage: hustings count <file> --method <method> [--seats N] [--format table|csv|urcvt]',
    '                      [--input-format blt|csv|preflib|cdf|dominion|ess|hart|clear-ballot] [--contest <id>]',
    '                      [--write-cdf report.json] [--attributes candidates.csv] [rule options]',
    '',
    'Counts the ballots in <file> by the chosen rule and prints the result stage by stage.',
    '',
    ...optionLines(flags),
    '',
    'Methods:',
  ];
  const idWidth = Math.max(...methods.map((m) => m.id.length));
  for (const m of methods) {
    const head = `  ${m.id.padEnd(idWidth)}  `;
    const body = wrap(m.name, ' '.repeat(head.length));
    lines.push(head + body[0].trimStart(), ...body.slice(1));
  }
  lines.push(
    '',
    "Rule options are the chosen method's, in kebab-case (e.g. --overvote-rule, --max-skipped-ranks,",
    '--tie-break lot --seed 7, --minimum gender=woman:4). Booleans are bare flags or --flag=false.',
    'List them with: hustings help count --method <method>',
    '',
    ...EXIT_STATUS_TEXT,
    '',
  );
  return lines.join('\n');
}

export function defaultText(o: OptionSpec): string {
  if (o.default === null) {
    if (o.name === 'seats') return 'from the file';
    if (o.type === 'integer' && o.unlimited) return 'unlimited';
    return 'none';
  }
  if (o.type === 'choice') return flagOf(String(o.default));
  return String(o.default);
}

function valueHint(o: OptionSpec): string {
  switch (o.type) {
    case 'boolean':
      return '';
    case 'integer':
      return o.unlimited ? ' <n|unlimited>' : ' <n>';
    case 'choice':
      return ' <choice>';
    case 'string':
      return ' <text>';
  }
}

export function methodHelp(m: CountMethod): string {
  const lines = [`${m.id}: ${m.name}`, '', ...wrap(m.summary, '  '), '', `Rule options of ${m.id}:`];
  if (m.options.length === 0) lines.push('  none');
  for (const o of m.options) {
    lines.push('');
    const head = `  --${flagOf(o.name)}${valueHint(o)}`;
    lines.push(`${head.padEnd(36)} default: ${defaultText(o)}`);
    if (o.type === 'choice' && o.choices) lines.push(...wrap(`choices: ${o.choices.map(flagOf).join(', ')}`, '      '));
    const range = [o.min !== undefined ? `at least ${o.min}` : '', o.max !== undefined ? `at most ${o.max}` : ''].filter(Boolean).join(', ');
    if (range) lines.push(`      ${range}`);
    lines.push(...wrap(o.help, '      '));
  }
  lines.push('');
  return lines.join('\n');
}
