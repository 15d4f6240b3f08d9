/**
 * Subcommands shared by `hustings selection` and `hustings election`: one step
 * on a stored process (with its own flags), entering and withdrawing
 * candidates, freezing the electorate, counting a ballot file, and listing
 * processes; and the pieces of `open` and `status` both word alike.
 */
import { sha256Hex } from '../integrity/sha256.js';
import { readFile } from 'node:fs/promises';
import { keptRecord } from '../app/kept-results.js';
import { recordCount, type CountSource } from '../app/record-count.js';
import { minimumEffectText } from '../report/sheet.js';
import { ranksOf } from '../count/ballots.js';
import { memberId } from '../domain/ids.js';
import { timeZoneSetting } from '../runtime/time-zone.js';
import { votingSentence, type ElectionTimetable as BallotTimetable, type ProcessCommand } from '../domain/processes/index.js';
import type { ProcessDocument, ProcessKind } from '../domain/processes/documents.js';
import type { Store } from '../store/store.js';
import { InputError, readElectionFile } from '../formats/index.js';
import { UsageError, type FlagSpec, type Parsed } from './args.js';
import { applyStep } from '../app/apply-step.js';
import { freezeElectorate } from '../app/freeze-electorate.js';
import { loadProcess } from '../app/load-process.js';
import { rulebookOf } from '../app/rulebook-of.js';
import { cliActor } from '../runtime/os-user.js';
import { setUpEncryptedBallot } from '../app/encrypted-ballots.js';
import type { Io } from './run.js';
import {
  CommandError,
  DB_FLAG,
  FORMAT_FLAG,
  NOW_FLAG,
  formatFlag,
  acting,
  clockFrom,
  dateFlag,
  guarded,
  parseCommand,
  positionals,
  settled,
  statusFormat,
  stringFlag,
  withExistingStore,
  withStore,
  writeJson,
} from './store-common.js';

export type CommandHandler = (argv: readonly string[], io: Io) => Promise<number>;

interface StepSpec {
  readonly group: string;
  readonly kind: ProcessKind;
  readonly name: string;
  readonly help: string;
  readonly flags?: readonly FlagSpec[];
  /** Extra positional arguments after the process id. */
  readonly args?: readonly string[];
  readonly build: (p: Parsed, proc: ProcessDocument, args: readonly string[], store: Store, io: Io) => ProcessCommand | Promise<ProcessCommand>;
  readonly report: (after: ProcessDocument, command: ProcessCommand) => string;
}

// The flags of the shared subcommands, from which the parser reads them and each group's help lists them.
export const OPEN_BALLOT_FLAGS: readonly FlagSpec[] = [
  { flag: 'opens-at', takesValue: true, value: 'HH:MM', help: 'open-ballot: voting starts at this time of the opening day (default: its start)' },
  { flag: 'closes-at', takesValue: true, value: 'HH:MM', help: 'open-ballot: voting ends at this time of the closing day (default: midnight at its end)' },
  { flag: 'time-zone', takesValue: true, value: 'ZONE', help: "open-ballot: the organisation's time zone (default: HUSTINGS_TIME_ZONE, else Europe/London)" },
];
export const CANDIDATE_FLAGS: readonly FlagSpec[] = [
  { flag: 'name', takesValue: true, value: 'TEXT', help: "the candidate's name" },
  { flag: 'gender', takesValue: true, value: 'TEXT', help: "the candidate's gender" },
  { flag: 'member', takesValue: true, value: '<member id>', help: 'the candidate as a member of the store (whose name and gender are used unless given)' },
];
export const WITHDRAW_FLAGS: readonly FlagSpec[] = [
  { flag: 'candidate', takesValue: true, value: '<id>', help: 'withdraw: the candidate who withdraws (c1, c2, …: see status)' },
  { flag: 'reason', takesValue: true, value: 'TEXT', help: 'withdraw: why, kept with the step' },
];
export const BALLOT_COUNT_FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  NOW_FLAG,
  { flag: 'seed', takesValue: true, value: 'N', help: 'count: refused (the seed of any drawing of lots was drawn when the ballot closed)' },
];
export const ELECTORATE_FLAGS: readonly FlagSpec[] = [DB_FLAG, formatFlag('text', 'csv', 'json')];
export const STATUS_FLAGS: readonly FlagSpec[] = [DB_FLAG, FORMAT_FLAG];

/** The flags of a step on a stored process: the store and the time, then its own. */
export const stepFlags = (flags: readonly FlagSpec[] = []): readonly FlagSpec[] => [DB_FLAG, NOW_FLAG, ...flags];

/** The steps a state allows, named as the command line's subcommands. */
const STEP_NAMES: Readonly<Record<string, string>> = {
  'set-longlist': 'longlist',
  'set-shortlist': 'shortlist',
  'freeze-electorate': 'freeze',
  'record-count': 'count',
};
export const stepNames = (allowed: readonly string[]): string => allowed.map((a) => STEP_NAMES[a] ?? a).join(', ');

export function helpOnly(p: Parsed, io: Io, help: string): boolean {
  if (!p.flags.has('help')) return false;
  io.stdout.write(help);
  return true;
}

/** `hustings <group> <name> <process> [args] [flags]`: builds one command from the flags and applies it. */
export function stepHandler(spec: StepSpec): CommandHandler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, stepFlags(spec.flags), `${spec.group} ${spec.name}`);
      if (helpOnly(p, io, spec.help)) return 0;
      const usage = `hustings ${spec.group} ${spec.name} <process>${(spec.args ?? []).map((a) => ` <${a}>`).join('')}`;
      const [id, ...args] = positionals(p, ['a process id', ...(spec.args ?? [])], usage);
      const clock = clockFrom(p);
      return withStore(p, io, async (store) => {
        const proc = settled(await loadProcess(store, id, spec.kind));
        const command = await spec.build(p, proc, args, store, io);
        const after = settled(await applyStep(acting(store, clock), proc, command));
        io.stdout.write(spec.report(after, command));
        return 0;
      });
    });
}

/** What every process with a ballot of candidates keeps, as the command line reads it. */
interface BallotState {
  readonly phase: string;
  readonly candidates: readonly {
    readonly id: string;
    readonly name: string;
    readonly gender: string | null;
    readonly withdrawn: { readonly at: string; readonly reason: string | null } | null;
  }[];
  readonly electorate: { readonly eligible: number; readonly total: number; readonly freezeDate: string } | null;
  readonly ballot: { readonly openedAt: string; readonly closedAt: string | null } | null;
}

function ballotState(p: ProcessDocument): BallotState {
  if (p.kind === 'trigger-ballot' || p.kind === 'nomination-meeting')
    throw new Error(`${p.id} is a ${p.kind.replace('-', ' ')}, which has no ballot of candidates`);
  return p.state;
}

/** A candidate's name by id (the id itself if the state has no such candidate). */
export const candidateName = (s: BallotState, id: string): string => s.candidates.find((c) => c.id === id)?.name ?? id;

/** How many candidates have not withdrawn. */
export const standingCount = (s: BallotState): number => s.candidates.filter((c) => c.withdrawn === null).length;

/** `<id> is now in phase "<phase>"; next: …`, the report of a step that only moves the phase on. */
export function phaseReport(allowed: (proc: ProcessDocument) => readonly string[]): (after: ProcessDocument) => string {
  return (after) => {
    const next = allowed(after);
    return `${after.id} is now in phase "${ballotState(after).phase}"${next.length ? `; next: ${stepNames(next)}` : ''}.\n`;
  };
}

/** The process, its version, its whole state and the steps it allows now: `status --format json`. */
export function statusJsonOf(allowed: (proc: ProcessDocument) => readonly string[]): (proc: ProcessDocument) => unknown {
  return (proc) => ({ process: proc.id, version: proc.version, ...proc.state, allowed: allowed(proc) });
}

/** The status lines about the frozen electorate and the ballot, once there are any. */
export function electorateAndBallotLines(proc: ProcessDocument): string[] {
  const s = ballotState(proc);
  const lines: string[] = [];
  if (s.electorate) lines.push(`Electorate: ${s.electorate.eligible} of ${s.electorate.total} members eligible at ${s.electorate.freezeDate}`);
  if (s.ballot) {
    lines.push(`Ballot: opened ${s.ballot.openedAt.slice(0, 10)}${s.ballot.closedAt ? `, closed ${s.ballot.closedAt.slice(0, 10)}` : ''}`);
    // Said as of its opening while it is open: the moment it closes is the timetable's, whatever the time now.
    if (proc.kind !== 'trigger-ballot' && proc.kind !== 'nomination-meeting') lines.push(votingSentence(proc.state, new Date(s.ballot.openedAt)));
  }
  return lines;
}

/** The last line of `status`: what may be done next, or that the process has finished. */
export const nextStepsLine = (allowed: readonly string[]): string =>
  allowed.length > 0 ? `Next steps allowed: ${stepNames(allowed)}` : 'Finished: no further steps.';

/**
 * The `open` flags of every process with a ballot, the rulebook and the
 * ballot's timetable, with the process's own flags `before` the timetable's and
 * `after` them (the order the "not an option" message lists them in).
 */
export function ballotOpenFlags(before: readonly FlagSpec[], after: readonly FlagSpec[] = []): FlagSpec[] {
  return [
    DB_FLAG,
    NOW_FLAG,
    {
      flag: 'rulebook',
      takesValue: true,
      value: '<id>',
      help: 'open: the bundled rulebook to run under (default: the rulebook in force, see hustings rulebook use)',
    },
    ...before,
    { flag: 'nominations-close', takesValue: true, value: 'D', help: 'open: the day nominations close (YYYY-MM-DD)' },
    { flag: 'freeze-date', takesValue: true, value: 'D', help: 'open: the day the electorate is judged at' },
    { flag: 'ballot-opens', takesValue: true, value: 'D', help: 'open: the day the ballot opens' },
    { flag: 'ballot-closes', takesValue: true, value: 'D', help: 'open: the day the ballot closes' },
    ...after,
  ];
}

/** The ballot's timetable from the flags, each date not given taken from `defaults` (the domain's, counted from today). */
export function ballotTimetableFrom(p: Parsed, defaults: BallotTimetable): BallotTimetable {
  return {
    nominationsClose: dateFlag(p, 'nominations-close') ?? defaults.nominationsClose,
    freezeDate: dateFlag(p, 'freeze-date') ?? defaults.freezeDate,
    ballotOpens: dateFlag(p, 'ballot-opens') ?? defaults.ballotOpens,
    ballotCloses: dateFlag(p, 'ballot-closes') ?? defaults.ballotCloses,
  };
}

/** A candidate by --name/--gender, or a member of the store by --member (whose name and gender are used unless given). */
export async function memberDetails(store: Store, p: Parsed): Promise<{ name: string; gender: string | null; member: string | null }> {
  const id = stringFlag(p, 'member');
  const name = stringFlag(p, 'name');
  const gender = stringFlag(p, 'gender') ?? null;
  if (id === undefined) {
    if (name === undefined) throw new UsageError('give the candidate with --name (and --gender), or --member <member id>');
    return { name, gender, member: null };
  }
  const m = await store.getMember(memberId(id));
  if (!m) throw new CommandError(`no member "${id}" in the store`);
  return { name: name ?? m.name, gender: stringFlag(p, 'gender') ?? m.gender, member: m.id };
}

/** The step of a `group` that only moves the phase on, reported by `report`. */
export function simpleStepHandler(
  group: string,
  kind: ProcessKind,
  help: string,
  report: (after: ProcessDocument) => string,
): (name: string, type: 'close-applications' | 'open-ballot' | 'close-ballot' | 'declare') => CommandHandler {
  return (name, type) => stepHandler({ group, kind, name, help, build: () => ({ type }), report });
}

/**
 * `<group> open-ballot <process> [--opens-at HH:MM] [--closes-at HH:MM] [--time-zone ZONE]`: opens the
 * ballot in the organisation's zone (--time-zone, else HUSTINGS_TIME_ZONE, else Europe/London), which
 * the ballot keeps; the report says when voting closes.
 */
export function openBallotHandler(group: string, kind: ProcessKind, help: string, report: (after: ProcessDocument) => string): CommandHandler {
  return stepHandler({
    group,
    kind,
    name: 'open-ballot',
    help,
    flags: OPEN_BALLOT_FLAGS,
    build: (p, _process, _args, _store, io) => {
      const zone = timeZoneSetting(stringFlag(p, 'time-zone'), io.env);
      if (!zone.ok) throw new UsageError(zone.error.message);
      return { type: 'open-ballot', timeZone: zone.value, opensAt: stringFlag(p, 'opens-at'), closesAt: stringFlag(p, 'closes-at') };
    },
    report: (after) => {
      if (after.kind === 'trigger-ballot' || after.kind === 'nomination-meeting') return report(after);
      const s = after.state;
      return `${report(after)}${votingSentence(s, new Date(s.ballot?.openedAt ?? 0))}\n`;
    },
  });
}

/** `<group> <name> <process> (--name TEXT [--gender TEXT] | --member <id>)`: enters a candidate by a `type` step (apply, nominate). */
export function candidateHandler(
  group: string,
  kind: ProcessKind,
  help: string,
  name: string,
  type: 'apply' | 'nominate',
  report: StepSpec['report'],
): CommandHandler {
  return stepHandler({
    group,
    kind,
    name,
    help,
    flags: CANDIDATE_FLAGS,
    build: async (p, _process, _args, store): Promise<ProcessCommand> => {
      const details = await memberDetails(store, p);
      // One branch per type, so that each object is checked against its own command.
      return type === 'apply' ? { type, ...details } : { type, ...details };
    },
    report,
  });
}

/** `<group> withdraw <process> --candidate <id> [--reason TEXT]`. */
export function withdrawHandler(group: string, kind: ProcessKind, help: string, report: StepSpec['report']): CommandHandler {
  return stepHandler({
    group,
    kind,
    name: 'withdraw',
    help,
    flags: WITHDRAW_FLAGS,
    build: (p): ProcessCommand => {
      const candidate = stringFlag(p, 'candidate');
      if (candidate === undefined) throw new UsageError(`${group} withdraw needs --candidate`);
      const reason = stringFlag(p, 'reason');
      return reason !== undefined ? { type: 'withdraw', candidate, reason } : { type: 'withdraw', candidate };
    },
    report,
  });
}

/** The candidate a withdraw step named, as the state now has them. */
export function withdrawnCandidate(after: ProcessDocument, command: ProcessCommand): BallotState['candidates'][number] {
  return ballotState(after).candidates.find((c) => command.type === 'withdraw' && c.id === command.candidate)!;
}

/** A comma-separated list of candidate ids (c1,c2) from a flag. */
export function candidateList(p: Parsed, flag: string, command: string): string[] {
  const v = stringFlag(p, flag);
  if (v === undefined) throw new UsageError(`${command} needs --${flag} (candidate ids, comma-separated, e.g. c1,c3)`);
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`--${flag} names no candidates`);
  return ids;
}

const n = (x: number): string => x.toLocaleString('en-GB');

export function freezeHandler(group: string, kind: 'selection' | 'internal-election', help: string): CommandHandler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, [DB_FLAG, NOW_FLAG], `${group} freeze`);
      if (helpOnly(p, io, help)) return 0;
      const [id] = positionals(p, ['a process id'], `hustings ${group} freeze <process>`);
      const clock = clockFrom(p);
      return withStore(p, io, async (store) => {
        let shown = 0;
        const frozen = settled(
          await freezeElectorate(acting(store, clock), id, kind, (judged) => {
            if (!io.stderr.isTTY) return;
            shown = judged;
            io.stderr.write(`\r\x1b[2Kjudging members: ${n(judged)}`);
          }),
        );
        if (shown > 0) io.stderr.write('\r\x1b[2K');
        const lines = [
          `Electorate of ${frozen.process.id} frozen at ${frozen.process.state.timetable.freezeDate}: ${n(frozen.eligible)} of ${n(frozen.total)} members eligible.`,
        ];
        const bars = Object.entries(frozen.barred).sort((a, b) => b[1] - a[1]);
        if (bars.length > 0) lines.push('Not eligible:', ...bars.map(([why, k]) => `  ${why}: ${n(k)}`));
        lines.push(`Every member's judgement and its reason is stored with the electorate.`);
        io.stdout.write(lines.join('\n') + '\n');
        return 0;
      });
    });
}

/**
 * Reads a ballot file (BLT, CSV or PrefLib, as `hustings count` does) into the
 * ranked ballots a record-count step takes: the file's candidates are matched
 * to the ballot paper by name (any case).
 */
export async function rankedBallotsFrom(
  file: string,
  paper: readonly { readonly id: string; readonly name: string }[],
): Promise<{ ranking: string[]; count: number }[]> {
  const e = await readElectionFile(file);
  const byName = new Map(paper.map((c) => [c.name.trim().toLowerCase(), c.id]));
  const ids = e.candidates.map((c) => {
    const id = byName.get(c.name.trim().toLowerCase());
    if (id === undefined) throw new InputError(file, null, `candidate "${c.name}" is not on the ballot paper (${paper.map((x) => x.name).join(', ')})`);
    return id;
  });
  const out: { ranking: string[]; count: number }[] = [];
  const set = e.ballots;
  for (let i = 0; i < set.size; i++) {
    const ranking: string[] = [];
    for (const rank of ranksOf(set, i)) {
      // A skipped rank moves on; an overvote ends the ballot's usable preferences, as in a hand count.
      if (rank.length === 0) continue;
      if (rank.length > 1) break;
      // A candidate ranked again stays in: the counting rule's repeated-ranking setting decides, as for every ballot.
      ranking.push(ids[rank[0]]);
    }
    if (ranking.length > 0) out.push({ ranking, count: Number(set.weights[i]) });
  }
  return out;
}

/**
 * `<group> count <process> [ballots file]`: counts the process's sealed ballot box (through the one
 * count use case, as the web app does), or, for a process whose box stayed empty, a file of ballots
 * counted elsewhere. No seed can be given: the lot's seed was drawn when the ballot closed.
 */
export function countHandler(
  group: string,
  kind: ProcessKind,
  help: string,
  paper: (proc: ProcessDocument) => readonly { id: string; name: string }[],
  report: (after: ProcessDocument) => string,
): CommandHandler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, BALLOT_COUNT_FLAGS, `${group} count`);
      if (helpOnly(p, io, help)) return 0;
      if (p.flags.has('seed')) {
        throw new UsageError(
          `--seed cannot be given to ${group} count: the seed of any drawing of lots was drawn from a secure random source when the ballot closed, and is in the audit log and on the bulletin board (hustings count on a plain ballot file still takes --seed)`,
        );
      }
      const usage = `hustings ${group} count <process> [<ballots file>]`;
      if (p.positionals.length === 0) positionals(p, ['a process id'], usage);
      if (p.positionals.length > 2) positionals(p, ['a process id', 'ballots file'], usage);
      const [id, file] = p.positionals;
      const clock = clockFrom(p);
      return withStore(p, io, async (store) => {
        const proc = settled(await loadProcess(store, id, kind));
        const source: CountSource =
          file === undefined
            ? { kind: 'ballot-box' }
            : { kind: 'file', name: file, sha256: sha256Hex(await readFile(file)), ballots: await rankedBallotsFrom(file, paper(proc)) };
        const counted = settled(await recordCount(store, clock, proc, settled(await rulebookOf(store, proc)), source, cliActor()));
        // Under a minimum of representation, say whether it changed who was elected, as the result sheet does.
        const kept = await keptRecord(store, proc.id, proc.id);
        const effect = kept.ok ? minimumEffectText(kept.value) : undefined;
        io.stdout.write(report(counted) + (effect ? `${effect}\n` : ''));
        return 0;
      });
    });
}

export function listHandler(
  group: string,
  kind: ProcessKind,
  help: string,
  row: (proc: ProcessDocument) => Record<string, unknown>,
  line: (proc: ProcessDocument) => string,
): CommandHandler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, STATUS_FLAGS, `${group} list`);
      if (helpOnly(p, io, help)) return 0;
      positionals(p, [], `hustings ${group} list`);
      const format = statusFormat(p);
      return withExistingStore(p, io, async (store: Store) => {
        const processes = await store.processDocuments({ kind });
        if (format === 'json') writeJson(io, processes.map(row));
        else io.stdout.write(processes.length === 0 ? `No ${kind.replace('-', ' ')}s.\n` : processes.map(line).join('\n') + '\n');
        return 0;
      });
    });
}

export function statusHandler(
  group: string,
  kind: ProcessKind,
  help: string,
  json: (proc: ProcessDocument) => unknown,
  text: (proc: ProcessDocument, store: Store) => Promise<string>,
): CommandHandler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, STATUS_FLAGS, `${group} status`);
      if (helpOnly(p, io, help)) return 0;
      const [id] = positionals(p, ['a process id'], `hustings ${group} status <process>`);
      const format = statusFormat(p);
      return withExistingStore(p, io, async (store) => {
        const proc = settled(await loadProcess(store, id, kind));
        if (format === 'json') writeJson(io, json(proc));
        else io.stdout.write(await text(proc, store));
        return 0;
      });
    });
}

export const ENCRYPT_FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  NOW_FLAG,
  {
    flag: 'trustee',
    takesValue: true,
    value: '<member id>',
    help: 'encrypt: a trustee, by membership number; give it once for each trustee, trustee 1 first',
    repeatJoin: '\n',
  },
  { flag: 'threshold', takesValue: true, value: 'k', help: 'encrypt: how many of the trustees together can decrypt (default: all of them)' },
  { flag: 'authority', takesValue: true, value: '<member id>', help: 'encrypt: the credential authority, by membership number (not a trustee)' },
];

/**
 * `hustings <group> encrypt <process> --trustee A --trustee B --trustee C --threshold 2 --authority D`:
 * chooses encrypted ballots for a process before anyone votes, naming its trustees and its
 * credential authority; each of them then takes their part on their own page or with `hustings
 * trustee …` and `hustings credentials …`.
 */
export function encryptHandler(group: string, kind: 'selection' | 'internal-election', help: string): CommandHandler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, ENCRYPT_FLAGS, `${group} encrypt`);
      if (helpOnly(p, io, help)) return 0;
      const usage = `hustings ${group} encrypt <process> --trustee <member id> … [--threshold k] --authority <member id>`;
      const [id] = positionals(p, ['a process id'], usage);
      const trustees = (stringFlag(p, 'trustee') ?? '').split('\n').filter((t) => t.trim() !== '');
      if (trustees.length === 0) throw new UsageError(`name the trustees, one --trustee for each: ${usage}`);
      const authority = stringFlag(p, 'authority');
      if (authority === undefined || authority.trim() === '') throw new UsageError(`name the credential authority with --authority: ${usage}`);
      const thresholdText = stringFlag(p, 'threshold') ?? String(trustees.length);
      if (!/^[1-9][0-9]*$/.test(thresholdText)) throw new UsageError(`--threshold must be a whole number of trustees, not "${thresholdText}"`);
      const clock = clockFrom(p);
      return withStore(p, io, async (store) => {
        const proc = settled(await loadProcess(store, id, kind));
        const choice = { threshold: Number(thresholdText), trustees: trustees.map((t) => memberId(t.trim())), authority: memberId(authority.trim()) };
        const setup = settled(await setUpEncryptedBallot(store, proc, choice, { clock, actor: cliActor() }));
        io.stdout.write(
          [
            `The ballots of ${proc.id} will be encrypted: any ${setup.threshold} of its ${setup.trustees.length} trustees can decrypt them together.`,
            `Election id for the ceremony: ${setup.electionId}`,
            `Next: each trustee makes their key (hustings trustee keygen start, or their page at /ballots/${proc.id}/trustee),`,
            `and once the electorate is frozen the credential authority sends each voter a credential (hustings credentials generate).`,
          ].join('\n') + '\n',
        );
        return 0;
      });
    });
}
