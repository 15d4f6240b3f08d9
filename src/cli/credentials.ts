/**
 * `hustings credentials generate`: the credential authority's step, on its own machine
 * (src/app/ceremony/credentials.ts). The secrets go to a private file only, never to the terminal.
 */
import { generateCredentials } from '../app/ceremony/credentials.js';
import { secureRandom } from '../app/ceremony/files.js';
import { type FlagSpec, optionLines } from './args.js';
import type { Io } from './run.js';
import { guarded, parseCommand, positionals, requiredFlag, settled, stringFlag } from './store-common.js';

const FLAGS: readonly FlagSpec[] = [
  { flag: 'election', takesValue: true, value: '<id>', help: 'the election id the returning officer gave you (it names the files by default)' },
  { flag: 'voters', takesValue: true, value: '<file.csv>', help: 'the voters: a CSV with a header row, one voter per row' },
  { flag: 'id-column', takesValue: true, value: '<name>', help: 'the column that identifies a voter (default: the first), e.g. "membership number"' },
  { flag: 'private', takesValue: true, value: '<file.csv>', help: 'where the secret credentials go (default: <id>-credentials-private.csv)' },
  { flag: 'public', takesValue: true, value: '<file.json>', help: 'where the public credentials go (default: <id>-credentials-public.json)' },
  {
    flag: 'register',
    takesValue: true,
    value: '<file.json>',
    help: 'where the register of whose credential is whose goes (default: <id>-credentials-register.json)',
  },
];

export const CREDENTIALS_HELP = `Usage: hustings credentials generate --election <id> --voters <file.csv> [--id-column <name>]
         [--private <file.csv>] [--public <file.json>] [--register <file.json>]

For the credential authority of an encrypted ballot: a person or body other than the administrators,
on its own machine. Makes one secret credential per voter of the list and writes three new files:

  the private file  identifier,email,credential: one row per voter, in the list's order. Send each
                    voter their own credential privately (it lets them cast one ballot); then keep
                    the file offline or destroy it. Readable by you alone (mode 0600).
  the public file   the public credentials as a JSON list, sorted, so in no voter's order: upload it
                    to Hustings, which publishes it on the board when the ballot opens.
  the register      which public credential is whose, by identifier: upload it with the public
                    file, so that a paper vote an officer enters spends that member's credential.
                    It holds no secret and Hustings never publishes it.

The voters file has a header row; the first column (or --id-column) identifies each voter, e.g. a
membership number; a column named "email", if there is one, is copied beside the credential.
A bad row is named as file:line. Existing files are never overwritten. No credential is printed.

Options:
${optionLines(FLAGS).join('\n')}
`;

async function generate(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, FLAGS, 'credentials generate');
    if (p.flags.has('help')) {
      io.stdout.write(CREDENTIALS_HELP);
      return 0;
    }
    positionals(p, [], 'hustings credentials generate --election <id> --voters <file.csv>');
    const electionId = requiredFlag(p, 'election', 'credentials generate');
    const idColumn = stringFlag(p, 'id-column');
    const made = settled(
      generateCredentials({
        electionId,
        votersFile: requiredFlag(p, 'voters', 'credentials generate'),
        ...(idColumn === undefined ? {} : { idColumn }),
        privateFile: stringFlag(p, 'private') ?? `${electionId}-credentials-private.csv`,
        publicFile: stringFlag(p, 'public') ?? `${electionId}-credentials-public.json`,
        registerFile: stringFlag(p, 'register') ?? `${electionId}-credentials-register.json`,
        random: secureRandom,
      }),
    );
    io.stdout.write(
      `Made ${made.voters.toLocaleString('en-GB')} credential${made.voters === 1 ? '' : 's'} for election ${electionId}.\n` +
        `  Private (send each voter theirs, privately; keep it to yourself): ${made.privateFile}\n` +
        `  Public (upload to Hustings): ${made.publicFile}\n` +
        `  Register (upload to Hustings with the public file; not published): ${made.registerFile}\n`,
    );
    return 0;
  });
}

export const CREDENTIALS_COMMANDS = { generate };
