/**
 * `hustings rulebook list | show | diff | schema`: the bundled rulebooks and
 * custom ones from JSON files, in words, and the JSON Schema of a rulebook file;
 * `use` (in rulebook-use.ts) names the one in force.
 */
import { PRESETS } from '../domain/presets.js';
import type { Rulebook } from '../domain/rulebook.js';
import { diffRulebooks } from '../domain/rulebook-diff.js';
import { rulebookJsonSchema } from '../formats/rulebook-schema.js';
import { describeRulebook } from '../domain/rulebook-words.js';
import { UsageError, flagNames, optionLines, parseArgs, type FlagSpec, type Parsed } from './args.js';
import type { Io } from './run.js';
import { loadRulebook } from './rulebook-file.js';
import { RULEBOOK_USE_HELP, rulebookUse } from './rulebook-use.js';

const EXIT_OK = 0;
const WIDTH = 100;

const FLAGS: readonly FlagSpec[] = [
  { flag: 'format', short: 'f', takesValue: true, value: 'text|json', help: 'text (default) or json' },
  { flag: 'help', short: 'h', takesValue: false, help: 'this help' },
];
const SCHEMA_FLAGS: readonly FlagSpec[] = [{ flag: 'help', short: 'h', takesValue: false, help: 'this help' }];

export const RULEBOOK_HELP = [
  'Usage:',
  '  hustings rulebook list [--format text|json]',
  '      the bundled rulebooks: id, version, name',
  '  hustings rulebook show <rulebook> [--format text|json]',
  '      one rulebook in words (json: its data, the shape of a custom rulebook file)',
  '  hustings rulebook diff <A> <B> [--format text|json]',
  '      every difference between two rulebooks, in words',
  '  hustings rulebook schema',
  '      the JSON Schema of a rulebook file (also in docs/rulebook.schema.json), for editors',
  RULEBOOK_USE_HELP,
  '',
  'A rulebook is a bundled id (' + PRESETS.map((p) => p.id).join(', ') + '),',
  'or a JSON file with the fields `hustings rulebook show <id> --format json` prints.',
  'Values whose history is uncertain are listed under "uncertain" with what is known.',
  '',
  'Options:',
  ...optionLines(FLAGS),
  '',
  'Exit status: 0 done; 1 a rulebook file is missing or invalid (each problem on stderr);',
  '2 the command line is wrong.',
  '',
].join('\n');

function parse(argv: readonly string[], command: string, flags = FLAGS): Parsed {
  return parseArgs(
    argv,
    flags,
    (flag) =>
      new UsageError(
        `${flag.length === 1 ? '-' : '--'}${flag} is not an option of ${command} (its options: ${flagNames(flags) || 'none'}; see hustings rulebook --help)`,
      ),
  );
}

function formatOf(p: Parsed): 'text' | 'json' {
  const f = p.flags.get('format');
  if (f === undefined) return 'text';
  if (f === 'text' || f === 'json') return f;
  throw new UsageError(f === true ? '--format needs a value' : `--format must be text or json, not "${f}"`);
}

/** Words filled to the width; the first line starts with `first` (e.g. a bullet), the others with `indent`. */
function wrap(text: string, indent: string, first = indent): string[] {
  const lines: string[] = [];
  let line = first;
  let words = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (words > 0 && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else {
      line = words === 0 ? line + word : line + ' ' + word;
    }
    words++;
  }
  if (words > 0) lines.push(line);
  return lines;
}

function list(argv: readonly string[], io: Io): number {
  const p = parse(argv, 'rulebook list');
  if (p.flags.has('help')) return help(io);
  if (p.positionals.length > 0) throw new UsageError(`rulebook list takes no arguments, not: ${p.positionals.join(' ')}`);
  if (formatOf(p) === 'json') {
    io.stdout.write(
      JSON.stringify(
        PRESETS.map((r) => ({ id: r.id, version: r.version, name: r.name })),
        null,
        2,
      ) + '\n',
    );
    return EXIT_OK;
  }
  const idW = Math.max(2, ...PRESETS.map((r) => r.id.length));
  const lines = [`${'id'.padEnd(idW)}  version  name`, ...PRESETS.map((r) => `${r.id.padEnd(idW)}  ${String(r.version).padEnd(7)}  ${r.name}`)];
  io.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}

/** What `rulebook show` prints as text. */
export function showText(rb: Rulebook): string {
  const out = [`${rb.name} (${rb.id}, version ${rb.version})`, ...wrap(rb.description, '')];
  for (const section of describeRulebook(rb)) {
    out.push('', `${section.heading}:`);
    for (const line of section.lines) out.push(...wrap(line, '    ', '  - '));
  }
  return out.join('\n') + '\n';
}

function show(argv: readonly string[], io: Io): number {
  const p = parse(argv, 'rulebook show');
  if (p.flags.has('help')) return help(io);
  if (p.positionals.length !== 1) throw new UsageError(`rulebook show takes one rulebook (an id or a .json file), not ${p.positionals.length}`);
  const format = formatOf(p);
  const rb = loadRulebook(p.positionals[0]);
  io.stdout.write(format === 'json' ? JSON.stringify(rb, null, 2) + '\n' : showText(rb));
  return EXIT_OK;
}

function diff(argv: readonly string[], io: Io): number {
  const p = parse(argv, 'rulebook diff');
  if (p.flags.has('help')) return help(io);
  if (p.positionals.length !== 2) throw new UsageError(`rulebook diff takes two rulebooks (ids or .json files), not ${p.positionals.length}`);
  const format = formatOf(p);
  const [a, b] = p.positionals.map(loadRulebook);
  const sentences = diffRulebooks(a, b);
  if (format === 'json') {
    io.stdout.write(JSON.stringify({ a: `${a.id}@${a.version}`, b: `${b.id}@${b.version}`, differences: sentences }, null, 2) + '\n');
    return EXIT_OK;
  }
  if (sentences.length === 0) {
    io.stdout.write(`${p.positionals[0]} and ${p.positionals[1]} set the same rules.\n`);
    return EXIT_OK;
  }
  io.stdout.write(sentences.flatMap((s) => wrap(s, '  ', '- ')).join('\n') + '\n');
  return EXIT_OK;
}

function schema(argv: readonly string[], io: Io): number {
  const p = parse(argv, 'rulebook schema', SCHEMA_FLAGS);
  if (p.flags.has('help')) return help(io);
  if (p.positionals.length > 0) throw new UsageError(`rulebook schema takes no arguments, not: ${p.positionals.join(' ')}`);
  io.stdout.write(rulebookJsonSchema());
  return EXIT_OK;
}

function help(io: Io): number {
  io.stdout.write(RULEBOOK_HELP);
  return EXIT_OK;
}

export const RULEBOOK_COMMANDS = { list, show, diff, schema, use: rulebookUse } as const;
