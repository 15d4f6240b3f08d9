/**
 * `hustings trustee keygen start|deal|finish`, `trustee mix`, `trustee decrypt`: a trustee's part of
 * an encrypted ballot's ceremony on their own machine (src/app/ceremony). Each reads the board as
 * downloaded and writes new files; the private ones (mode 0600) never leave the machine.
 */
import { secureRandom } from '../app/ceremony/files.js';
import { decryptBoard, mixBoard } from '../app/ceremony/trustee-ballots.js';
import { dealKeyGeneration, finishKeyGeneration, startKeyGeneration } from '../app/ceremony/trustee-keys.js';
import { type FlagSpec, optionLines, UsageError } from './args.js';
import type { Io } from './run.js';
import { guarded, parseCommand, positionals, requiredFlag, settled } from './store-common.js';

const TRUSTEE: FlagSpec = { flag: 'trustee', takesValue: true, value: '<i>', help: 'your trustee number (from 1), as the returning officer gave it' };
const OUT: FlagSpec = { flag: 'out', takesValue: true, value: '<file.json>', help: 'the message to upload to Hustings (a new file)' };
const SECRET: FlagSpec = { flag: 'secret', takesValue: true, value: '<file.json>', help: 'your private file from the previous round' };
const SECRET_OUT: FlagSpec = {
  flag: 'secret-out',
  takesValue: true,
  value: '<file.json>',
  help: 'your private file for the next round (a new file, mode 0600)',
};
const KEY_OUT: FlagSpec = {
  flag: 'key-out',
  takesValue: true,
  value: '<file.json>',
  help: 'your decryption key (a new file, mode 0600): keep it safe until the count',
};
const KEY: FlagSpec = { flag: 'key', takesValue: true, value: '<file.json>', help: 'your decryption key, from "trustee keygen finish"' };

export const TRUSTEE_HELP = `Usage:
  hustings trustee keygen start <board.json> --trustee <i> --secret-out <round1.json> --out <key.json>
  hustings trustee keygen deal <board.json> --secret <round1.json> --secret-out <round2.json> --out <keygen.json>
  hustings trustee keygen finish <board.json> --secret <round2.json> --key-out <my-key.json>
  hustings trustee mix <board.json> --trustee <i> --out <mix.json>
  hustings trustee decrypt <board.json> --key <my-key.json> --out <decryption.json>

For the trustees of an encrypted ballot, each on their own machine; any k of the n trustees can
decrypt, and no fewer. Download the board (board.json) from Hustings before each step and upload
the message each step writes (--out). Every file is new: nothing is ever overwritten.

Key generation, before the ballot opens, in three rounds (each waits for every trustee):
  start   makes your key pair; writes your public key (upload it) and a private file.
  deal    once every trustee's key is on the board: checks their proofs, and deals each of them an
          encrypted share of your part of the election key; writes the message (upload it) and a
          new private file.
  finish  once every trustee has dealt: opens the shares dealt to you and checks each against its
          dealer's commitments (a bad share names its dealer: tell the returning officer), then
          saves your decryption key. Keep that file safe and private until the count; the two
          earlier private files may then be destroyed.

At the close:
  mix      re-encrypts and shuffles the ballots (or the last mix), with a proof that nothing was
           added, dropped or changed. At least k trustees mix, one after another.
  decrypt  once at least k mixes are on the board: your decryption shares of the last mix, each
           with a proof. Any k trustees' shares decrypt the ballots.

Each step first verifies the board as far as it goes, and refuses to build on one that fails,
naming each failure.

Options:
${optionLines([TRUSTEE, SECRET, SECRET_OUT, OUT, KEY_OUT, KEY]).join('\n')}
`;

const ROUNDS = ['start', 'deal', 'finish'] as const;

function trusteeNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--trustee must be a whole number of 1 or more, not "${value}"`);
  return Number(value);
}

async function keygen(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const [round, ...rest] = argv;
    if (round === '--help' || round === '-h') {
      io.stdout.write(TRUSTEE_HELP);
      return 0;
    }
    if (!(ROUNDS as readonly (string | undefined)[]).includes(round))
      throw new UsageError(
        `trustee keygen needs a round: start, deal or finish, not ${round === undefined ? 'nothing' : `"${round}"`} (see hustings trustee --help)`,
      );
    const command = `trustee keygen ${round}`;
    const flags = round === 'start' ? [TRUSTEE, SECRET_OUT, OUT] : round === 'deal' ? [SECRET, SECRET_OUT, OUT] : [SECRET, KEY_OUT];
    const p = parseCommand(rest, flags, command);
    if (p.flags.has('help')) {
      io.stdout.write(TRUSTEE_HELP);
      return 0;
    }
    const [board] = positionals(p, ['the board file'], `hustings ${command} <board.json> …`);
    if (round === 'start') {
      const m = settled(
        startKeyGeneration({
          board: board!,
          trustee: trusteeNumber(requiredFlag(p, 'trustee', command)),
          secretOut: requiredFlag(p, 'secret-out', command),
          out: requiredFlag(p, 'out', command),
          random: secureRandom,
        }),
      );
      io.stdout.write(
        `Trustee ${m.trustee}: your public key is in ${requiredFlag(p, 'out', command)}: upload it. Keep ${requiredFlag(p, 'secret-out', command)} private for the next round.\n`,
      );
      return 0;
    }
    if (round === 'deal') {
      const m = settled(
        dealKeyGeneration({
          board: board!,
          secretIn: requiredFlag(p, 'secret', command),
          secretOut: requiredFlag(p, 'secret-out', command),
          out: requiredFlag(p, 'out', command),
          random: secureRandom,
        }),
      );
      io.stdout.write(
        `Trustee ${m.trustee}: your commitments and the shares dealt to the ${m.shares.length} other trustee${m.shares.length === 1 ? '' : 's'} are in ${requiredFlag(p, 'out', command)}: upload it. Keep ${requiredFlag(p, 'secret-out', command)} private for the last round.\n`,
      );
      return 0;
    }
    const keyOut = requiredFlag(p, 'key-out', command);
    const s = settled(finishKeyGeneration({ board: board!, secretIn: requiredFlag(p, 'secret', command), secretOut: keyOut, random: secureRandom }));
    io.stdout.write(
      `Trustee ${s.trustee}: every share dealt to you checks against its dealer's commitments. Your decryption key is in ${keyOut}: keep it safe and private until the count.\n` +
        `  The election key is ${s.electionKey}; your verification key is ${s.verificationKey}.\n`,
    );
    return 0;
  });
}

async function mix(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, [TRUSTEE, OUT], 'trustee mix');
    if (p.flags.has('help')) {
      io.stdout.write(TRUSTEE_HELP);
      return 0;
    }
    const [board] = positionals(p, ['the board file'], 'hustings trustee mix <board.json> --trustee <i> --out <mix.json>');
    const out = requiredFlag(p, 'out', 'trustee mix');
    const m = settled(mixBoard({ board: board!, trustee: trusteeNumber(requiredFlag(p, 'trustee', 'trustee mix')), out, random: secureRandom }));
    io.stdout.write(
      `Trustee ${m.mixer}: the board verifies; ${m.ciphertexts.length.toLocaleString('en-GB')} ballots mixed, with the proof, in ${out}: upload it.\n`,
    );
    return 0;
  });
}

async function decrypt(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, [KEY, OUT], 'trustee decrypt');
    if (p.flags.has('help')) {
      io.stdout.write(TRUSTEE_HELP);
      return 0;
    }
    const [board] = positionals(p, ['the board file'], 'hustings trustee decrypt <board.json> --key <my-key.json> --out <decryption.json>');
    const out = requiredFlag(p, 'out', 'trustee decrypt');
    const m = settled(decryptBoard({ board: board!, key: requiredFlag(p, 'key', 'trustee decrypt'), out, random: secureRandom }));
    io.stdout.write(
      `Trustee ${m.trustee}: the board verifies; your decryption shares of ${m.shares.length.toLocaleString('en-GB')} ballots, with proofs, are in ${out}: upload it.\n`,
    );
    return 0;
  });
}

export const TRUSTEE_COMMANDS = { keygen, mix, decrypt };
