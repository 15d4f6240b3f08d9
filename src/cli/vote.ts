/**
 * `hustings vote <process> --member <id> --channel postal|in-person`: an
 * officer records a vote made on paper, into the same ballot box as online
 * votes and through the same one credential per member (the store's
 * recordOfflineVote: the member is marked and the ballot stored together, and
 * a member who has voted by any channel cannot vote again). It goes through
 * the same path as the officers' web page (recordPaperVote), which logs who
 * recorded a paper vote for which member by which channel, never the ballot.
 *
 * The ranking is read from standard input, never from the command line: a
 * command line is kept in the shell's history, and there it would sit beside
 * the member's id. For the same reason the output names the tracker code for
 * the voter but not the member.
 */
import { ballotPaper } from '../app/ballot-paper.js';
import { CHANNEL_WORDS, isPaperChannel, openForPaperVotes, recordPaperVote } from '../app/paper-votes.js';
import { memberId, type ProcessId } from '../domain/ids.js';
import { UsageError, optionLines, type FlagSpec } from './args.js';
import { cliActor } from '../runtime/os-user.js';
import type { Io } from './run.js';
import { clockFrom, CommandError, DB_FLAG, guarded, NOW_FLAG, parseCommand, positionals, requiredFlag, withStore } from './store-common.js';

const FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  { ...NOW_FLAG, help: 'act at another time (for rehearsals and tests)' },
  { flag: 'member', takesValue: true, value: '<member id>', help: 'the member whose vote it is' },
  { flag: 'channel', takesValue: true, value: 'postal|in-person', help: 'by post, or in person at a meeting' },
];

export const VOTE_HELP = `Usage: hustings vote <process> --member <member id> --channel postal|in-person [--db <url>] [--now <instant>]

Records a vote made on paper — by post, or in person at a meeting — in a selection or internal
election whose ballot is open. It goes into the same ballot box as the votes cast online, with no
mark of how it came, and it spends the member's one credential: a member who has voted online
cannot have a paper vote recorded, and one whose paper vote is recorded can no longer vote online.

The ranking is read from standard input, one line: candidate ids or names, first preference first,
separated by commas (e.g. "c2, c1"), or the word "blank" for a ballot with no preference. It is
never given on the command line, so that the shell's history does not keep it beside the member.

The tracker code printed is the voter's, to check their ballot on the bulletin board after the
close; it is not stored with the member. The audit log records that you (cli:<user>) recorded a
paper vote for the member by that channel; never the ranking or the tracker code.

The member is emailed, in their language, that a vote was recorded in their name, by which channel
and on which day (never what it was): the notice goes into the mail outbox with the vote, in the same
transaction, and is sent by hustings serve or hustings outbox drain. If the member has no email
address, or the mail fails for good, they are told when they next sign in. The vote stands either way.
A paper vote is held to the ballot's closing moment as an online one is: after it (or before the
ballot's opening moment) the vote is refused, whether or not the ballot has been closed yet.
--now <instant> acts at another time (for rehearsals and tests; the store refuses any vote once the
box is sealed, which hustings serve does at the closing moment).

Options:
${optionLines(FLAGS).join('\n')}

Exit status: 0 recorded; 1 refused (not open, not eligible, already voted, a name not on the
ballot paper; the reason is on stderr) — nothing is stored; 2 the command line is wrong.
`;

/** The first line of standard input: stops reading at the newline, so a terminal need not send end-of-file. */
async function readLine(io: Io): Promise<string | null> {
  const input = io.stdin;
  if (input === undefined) return null;
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const newline = text.indexOf('\n');
    if (newline >= 0) return text.slice(0, newline);
  }
  return text === '' ? null : text;
}

/** The ranking typed for a ballot paper: ids or names, in order; "blank" for none. */
export function parseRanking(line: string, paper: readonly { readonly id: string; readonly name: string; readonly withdrawn: boolean }[]): string[] {
  const trimmed = line.trim();
  if (trimmed.toLowerCase() === 'blank') return [];
  if (trimmed === '')
    throw new CommandError('no ranking was given: type candidate ids or names separated by commas, or "blank" for a ballot with no preference');
  const ranking: string[] = [];
  for (const item of trimmed.split(',').map((s) => s.trim())) {
    if (item === '') throw new CommandError(`the ranking "${trimmed}" has an empty place between commas`);
    const c = paper.find((x) => x.id === item) ?? paper.find((x) => x.name.toLowerCase() === item.toLowerCase());
    if (!c)
      throw new CommandError(
        `"${item}" is not on the ballot paper (${paper
          .filter((x) => !x.withdrawn)
          .map((x) => `${x.id} ${x.name}`)
          .join(', ')})`,
      );
    if (c.withdrawn) throw new CommandError(`${c.name} (${c.id}) has withdrawn and cannot be ranked`);
    if (ranking.includes(c.id)) throw new CommandError(`${c.name} (${c.id}) is ranked twice`);
    ranking.push(c.id);
  }
  return ranking;
}

export async function vote(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, FLAGS, 'vote');
    if (p.flags.has('help')) {
      io.stdout.write(VOTE_HELP);
      return 0;
    }
    const [id] = positionals(p, ['a process id'], 'hustings vote <process> --member <id> --channel postal|in-person');
    const member = memberId(requiredFlag(p, 'member', 'vote'));
    const channel = requiredFlag(p, 'channel', 'vote');
    if (!isPaperChannel(channel))
      throw new UsageError(`--channel must be postal or in-person, not "${channel}" (votes online are cast by the member in the booth)`);
    const clock = clockFrom(p);
    return withStore(p, io, async (store) => {
      // Refused before the ranking is asked for.
      const open = await openForPaperVotes(store, await store.processDocument(id as ProcessId), id, clock.now());
      if (!open.ok) throw new CommandError(open.error.message, open.error.code);
      const { process: proc, state } = open.value;
      const paper = ballotPaper(state);
      if (io.stdin?.isTTY) {
        io.stderr.write(
          `Ballot paper: ${paper
            .filter((c) => !c.withdrawn)
            .map((c) => `${c.id} ${c.name}`)
            .join(', ')}\nRanking (first preference first, separated by commas; "blank" for none): `,
        );
      }
      const line = await readLine(io);
      if (line === null) throw new CommandError('no ranking on standard input: give one line, e.g. echo "c2, c1" | hustings vote … (or type it when asked)');
      const ranking = parseRanking(line, paper);
      const recorded = await recordPaperVote(store, clock, { process: proc, member, channel, ranking, actor: cliActor() });
      if (!recorded.ok) throw new CommandError(`${recorded.error.message}; nothing was recorded`, recorded.error.code);
      io.stdout.write(
        [
          `Recorded a vote ${CHANNEL_WORDS[channel]} in ${state.title} (${proc.id}); the member can no longer vote online.`,
          `Tracker code for the voter: ${recorded.value.tracker}`,
          `It lets them find their ballot on the bulletin board after the close. It is not stored with their name: do not keep it.`,
          recorded.value.memberTold === 'by-email'
            ? 'The member will be emailed that a vote was recorded in their name (not what it was): the notice is in the mail outbox, which hustings serve or hustings outbox drain sends.'
            : 'The member has no email address, so they will be told of this vote when they next sign in.',
        ].join('\n') + '\n',
      );
      return 0;
    });
  });
}
