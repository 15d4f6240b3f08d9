/**
 * Encrypted ballots in a running selection or internal election (docs/verifiable-ballots.md): the
 * set-up chosen when the process opens (k of n trustees, the credential authority), the trustees'
 * key-generation messages and the authority's public credentials as they are uploaded, each ballot
 * as it is cast, and the board as it stands. Every upload is the JSON of the board's own element
 * and is checked with the pure functions of src/verifiable before anything is stored.
 */
import { type AuditData, type AuditEventType, auditRecord } from '../audit/index.js';
import type { MemberId } from '../domain/ids.js';
import { checkBallot, checkPaperBallot, type EncryptedBallot, type PaperBallot, type PaperChannel } from '../verifiable/ballot.js';
import type { EncryptedBoard, SpendingChannel } from '../verifiable/board.js';
import { checkKeyGenerationMessage, electionKeyOf, type KeyGenerationMessage, verificationKeyOf } from '../verifiable/dkg.js';
import type { ElGamalPair } from '../verifiable/elgamal.js';
import { type GroupElement, pointFromHex, pointHex } from '../verifiable/group.js';
import { checkDiscreteLog, vectorFromHex } from '../verifiable/proofs.js';
import { MAX_ENCRYPTED_CANDIDATES, type Ranking } from '../verifiable/ranking.js';
import { combineDecryptions } from '../verifiable/tally.js';
import { checkDecryptionShares, type DecryptionMessage } from '../verifiable/decryption.js';
import { checkShuffle, type MixMessage } from '../verifiable/shuffle.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Clock } from '../domain/time.js';
import type { CastEncryptedBallot, EncryptedElectionSetup, Store, StoredProcess } from '../store/store.js';
import { inAppTerms, refusal, type AppResult } from './app-error.js';
import { isBallotProcess, type BallotState, type PaperCandidate } from './ballot-paper.js';
import { encryptedCandidates, encryptedCountTermsOf } from './encrypted-board-count.js';
import { castRefusal } from './cast-ballot.js';
import { REGISTER_FORMAT } from './ceremony/register-format.js';
import { recordCount } from './record-count.js';
import { rulebookOf } from './rulebook-of.js';
import { encryptionChoiceRefusal, newEncryptionSetup, type EncryptionChoice } from './encryption-choice.js';

/** The trustees a process has when its opener does not say: any 3 of 5 decrypt. */
export const DEFAULT_ENCRYPTION_THRESHOLD = 3;
export const DEFAULT_ENCRYPTION_TRUSTEES = 5;

type BallotProcess = Pick<StoredProcess, 'id' | 'kind' | 'rulebook'>;

/** An accepted upload in the audit log: who sent which step, never what it holds (it is on the board). */
async function accepted<T extends AuditEventType>(store: Store, clock: Clock, member: MemberId, type: T, data: AuditData<T>): Promise<void> {
  await store.appendAudit(auditRecord(member, type, data, clock.now().toISOString()));
}

/**
 * Chooses encrypted ballots for a selection or internal election, with its trustees and credential
 * authority. Refused once anyone has voted, when the rulebook takes plain ballots only, or a second time.
 */
export async function setUpEncryptedBallot(
  store: Store,
  proc: BallotProcess,
  choice: EncryptionChoice,
  how: { readonly clock: Clock; readonly actor: string },
): Promise<AppResult<EncryptedElectionSetup>> {
  if (!isBallotProcess(proc)) return refusal('invalid', 'not-a-ballot', 'Only a selection or an internal election can have encrypted ballots.');
  const rb = await rulebookOf(store, proc);
  if (!rb.ok) return rb;
  const refused = await encryptionChoiceRefusal(store, rb.value, choice);
  if (refused !== null) return refused;
  if ((await store.turnout(proc.id)) > 0)
    return refusal('conflict', 'votes-cast', 'Votes have already been cast, so the ballots can no longer be made encrypted.');
  const { setup, audit } = newEncryptionSetup(proc.id, choice, how);
  if (!(await store.setUpEncryptedElection(proc.id, setup)))
    return refusal('conflict', 'already-set-up', 'This process already has its encrypted ballot set up.');
  await store.appendAudit(audit);
  return { ok: true, value: setup };
}

function parsed(text: string, what: string): AppResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return refusal('malformed', 'not-json', `The ${what} file is not JSON: ${(e as Error).message}.`);
  }
}

async function setupOf(store: Store, proc: BallotProcess): Promise<AppResult<EncryptedElectionSetup>> {
  const setup = await store.encryptedElectionOf(proc.id);
  return setup === null ? refusal('not-found', 'not-encrypted', 'This process’s ballots are not encrypted.') : { ok: true, value: setup };
}

/** The trustees' messages as they stand: each trustee's round-two message once sent, otherwise its round-one message. */
async function keyGenerationOf(store: Store, proc: BallotProcess): Promise<{ readonly rounds: Map<number, KeyGenerationMessage[]> }> {
  const rounds = new Map<number, KeyGenerationMessage[]>();
  for (const m of await store.keyGenerations(proc.id)) rounds.set(m.trustee, [...(rounds.get(m.trustee) ?? []), JSON.parse(m.message) as KeyGenerationMessage]);
  return { rounds };
}

/** The election key, once every trustee's round-two message is in; null before. */
function electionKeyFrom(setup: EncryptedElectionSetup, rounds: Map<number, KeyGenerationMessage[]>): GroupElement | null {
  const complete = setup.trustees.map((_, i) => rounds.get(i + 1)?.[1]);
  if (complete.some((m) => m === undefined)) return null;
  return electionKeyOf(complete.map((m) => m!.commitments.map((c) => pointFromHex(c)!)));
}

/** Where a trustee stands in the key generation: which round is next for them, and the election key once it is known. */
export interface KeyGenerationStanding {
  readonly trustee: number;
  /** 1 or 2: the round this trustee uploads next; null once they have sent both. */
  readonly nextRound: 1 | 2 | null;
  /** How many trustees have sent round one, and round two. */
  readonly roundOne: number;
  readonly roundTwo: number;
  readonly electionKey: string | null;
}

export async function keyGenerationStanding(store: Store, proc: BallotProcess, member: MemberId): Promise<AppResult<KeyGenerationStanding>> {
  const setup = await setupOf(store, proc);
  if (!setup.ok) return setup;
  const trustee = setup.value.trustees.indexOf(member) + 1;
  if (trustee === 0) return refusal('forbidden', 'not-a-trustee', 'You are not a trustee of this ballot.');
  const { rounds } = await keyGenerationOf(store, proc);
  const sent = rounds.get(trustee)?.length ?? 0;
  const key = electionKeyFrom(setup.value, rounds);
  return {
    ok: true,
    value: {
      trustee,
      nextRound: sent === 0 ? 1 : sent === 1 ? 2 : null,
      roundOne: [...rounds.values()].filter((r) => r.length >= 1).length,
      roundTwo: [...rounds.values()].filter((r) => r.length >= 2).length,
      electionKey: key === null ? null : pointHex(key),
    },
  };
}

const ROUND_ONE_FIELDS = ['key', 'keyProof', 'trustee'];

/**
 * A trustee's key-generation message, for round one (`{trustee, key, keyProof}`: the key others
 * encrypt their shares to) or round two (the whole KeyGenerationMessage, with the same key, once
 * every trustee has sent round one). Checked with the protocol's own checks before it is kept.
 */
export async function uploadKeyGeneration(
  store: Store,
  clock: Clock,
  proc: BallotProcess,
  member: MemberId,
  text: string,
): Promise<AppResult<KeyGenerationStanding>> {
  const setup = await setupOf(store, proc);
  if (!setup.ok) return setup;
  const { electionId, threshold, trustees } = setup.value;
  const trustee = trustees.indexOf(member) + 1;
  if (trustee === 0) return refusal('forbidden', 'not-a-trustee', 'You are not a trustee of this ballot.');
  const json = parsed(text, 'key-generation');
  if (!json.ok) return json;
  const m = json.value as KeyGenerationMessage;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return refusal('malformed', 'bad-message', 'The key-generation file must hold one JSON object.');
  if (m.trustee !== trustee)
    return refusal('malformed', 'wrong-trustee', `The file is the message of trustee ${JSON.stringify(m.trustee)}, but you are trustee ${trustee}.`);
  const { rounds } = await keyGenerationOf(store, proc);
  const sent = rounds.get(trustee) ?? [];
  const roundOne = Object.keys(m).sort().join(',') === ROUND_ONE_FIELDS.join(',');
  if (roundOne) {
    if (sent.length > 0) return refusal('conflict', 'already-sent', 'You have already sent your round-one key; send your round-two message now.');
    const key = pointFromHex(m.key);
    if (key === null)
      return refusal('malformed', 'keygen-encoding', 'The field "key" is not a point (64 lowercase hexadecimal digits of a ristretto255 point).');
    if (!checkDiscreteLog('trustee-key', [electionId, trustee], key, m.keyProof))
      return refusal('invalid', 'keygen-proof', 'The field "keyProof" does not prove knowledge of the key for this election and trustee.');
  } else {
    if (sent.length === 0) return refusal('conflict', 'round-one-first', 'Send your round-one key first: the file holds a round-two message.');
    if (sent.length === 2) return refusal('conflict', 'already-sent', 'You have already sent both rounds of the key generation.');
    const waiting = trustees.map((_, i) => i + 1).filter((j) => (rounds.get(j)?.length ?? 0) === 0);
    if (waiting.length > 0)
      return refusal(
        'conflict',
        'round-one-incomplete',
        `Round two starts once every trustee has sent round one; still waiting for trustee ${waiting.join(', ')}.`,
      );
    if (m.key !== sent[0]!.key || JSON.stringify(m.keyProof) !== JSON.stringify(sent[0]!.keyProof))
      return refusal('invalid', 'keygen-key-changed', 'The fields "key" and "keyProof" differ from the round-one key you sent.');
    const checked = checkKeyGenerationMessage(electionId, threshold, trustees.length, m);
    if (checked.faults.length > 0)
      return refusal(
        'invalid',
        checked.faults[0]!.code,
        checked.faults.map((f) => f.detail.replace(`trustee ${trustee}'s`, 'your').replace(`trustee ${trustee}`, 'you')).join('; '),
      );
  }
  const message = roundOne ? { trustee, key: m.key, keyProof: m.keyProof } : m;
  if (!(await store.putKeyGeneration(proc.id, { trustee, round: roundOne ? 1 : 2, message: JSON.stringify(message) })))
    return refusal('conflict', 'already-sent', 'That round’s message from you is already in.');
  await accepted(store, clock, member, 'encryption.key-generation-accepted', { process: proc.id, trustee, round: roundOne ? 1 : 2 });
  return keyGenerationStanding(store, proc, member);
}

/**
 * The authority's register (docs/verifiable-ballots.md §13.1): which public credential is whose, by
 * membership number, for this election; it must name every credential of the public list exactly
 * once, and only members.
 */
async function readRegister(store: Store, electionId: string, text: string, credentials: ReadonlySet<string>): Promise<AppResult<Map<MemberId, string>>> {
  const json = parsed(text, 'register');
  if (!json.ok) return json;
  const r = json.value as { format?: unknown; version?: unknown; election?: unknown; register?: unknown };
  const bad = (message: string) => refusal('malformed', 'bad-register', message);
  if (typeof r !== 'object' || r === null || r.format !== REGISTER_FORMAT || r.version !== 1 || !Array.isArray(r.register))
    return bad(`The register file must be the credential register that “hustings credentials generate” writes (format "${REGISTER_FORMAT}", version 1).`);
  if (r.election !== electionId) return bad(`The register is for the election ${JSON.stringify(r.election)}, but this ballot's election is "${electionId}".`);
  const register = new Map<MemberId, string>();
  const named = new Set<string>();
  for (const [i, entry] of (r.register as { identifier?: unknown; credential?: unknown }[]).entries()) {
    const where = `Entry ${i + 1} of the register`;
    if (typeof entry?.identifier !== 'string' || entry.identifier === '' || typeof entry.credential !== 'string')
      return bad(`${where} must have an "identifier" (a membership number) and a "credential".`);
    const member = entry.identifier as MemberId;
    if (register.has(member)) return bad(`${where} names the member "${member}" a second time.`);
    if (!credentials.has(entry.credential)) return bad(`${where} (member "${member}") has a credential that is not in the public list.`);
    if (named.has(entry.credential)) return bad(`${where} (member "${member}") has a credential the register gives to another member too.`);
    register.set(member, entry.credential);
    named.add(entry.credential);
  }
  if (named.size !== credentials.size)
    return bad(
      `The register names ${named.size} of the ${credentials.size} public credentials: it must name every one, so that it and the list match exactly.`,
    );
  const known = new Set((await store.membersById([...register.keys()])).map((m) => m.id));
  const stranger = [...register.keys()].find((m) => !known.has(m));
  if (stranger !== undefined) return bad(`The register names "${stranger}", who is not a member.`);
  return { ok: true, value: register };
}

/**
 * The authority's list of public credentials, checked (each a point, none twice) and kept sorted,
 * once; with the register (`registerText`), which must match the list exactly, paper votes can then
 * spend each member's credential.
 */
export async function uploadPublicCredentials(
  store: Store,
  clock: Clock,
  proc: BallotProcess,
  member: MemberId,
  text: string,
  registerText?: string,
): Promise<AppResult<{ readonly credentials: number; readonly registered: number }>> {
  const setup = await setupOf(store, proc);
  if (!setup.ok) return setup;
  if (setup.value.authority !== member) return refusal('forbidden', 'not-the-authority', 'Only the credential authority may upload the public credentials.');
  const json = parsed(text, 'credentials');
  if (!json.ok) return json;
  const list = json.value;
  if (!Array.isArray(list) || list.length === 0)
    return refusal('malformed', 'credential-encoding', 'The credentials file must be a JSON list of public credentials.');
  const seen = new Set<string>();
  for (const [i, q] of list.entries()) {
    if (typeof q !== 'string' || pointFromHex(q) === null)
      return refusal(
        'malformed',
        'credential-encoding',
        `Credential ${i + 1} in the list is not a public credential (64 lowercase hexadecimal digits of a point).`,
      );
    if (seen.has(q)) return refusal('malformed', 'credential-duplicate', `Credential ${i + 1} in the list is listed twice.`);
    seen.add(q);
  }
  const register = registerText === undefined ? undefined : await readRegister(store, setup.value.electionId, registerText, seen);
  if (register !== undefined && !register.ok) return register;
  if ((await store.turnout(proc.id)) > 0) return refusal('conflict', 'votes-cast', 'Votes have already been cast; the credentials can no longer be set.');
  if (!(await store.putPublicCredentials(proc.id, [...seen].sort(), register?.value)))
    return refusal('conflict', 'already-sent', 'The public credentials of this ballot are already in; they cannot be replaced.');
  await accepted(store, clock, member, 'encryption.credentials-accepted', { process: proc.id, listed: seen.size });
  return { ok: true, value: { credentials: seen.size, registered: register?.value.size ?? 0 } };
}

const BALLOT_FAULT_WORDS = {
  encoding: 'is not a well-formed encrypted ballot for this ballot paper',
  signature: 'is not signed by its credential',
  proof: 'has a proof that does not verify for this election and credential',
} as const;

/** What a booth needs to encrypt: the election id, its key and the candidates in the protocol's order; null until the key is known. */
export interface EncryptionContext {
  readonly electionId: string;
  readonly electionKey: string;
  readonly candidates: readonly PaperCandidate[];
}

export async function encryptionContextOf(store: Store, proc: BallotProcess, state: BallotState): Promise<EncryptionContext | null> {
  const setup = await store.encryptedElectionOf(proc.id);
  if (setup === null) return null;
  const key = electionKeyFrom(setup, (await keyGenerationOf(store, proc)).rounds);
  return key === null ? null : { electionId: setup.electionId, electionKey: pointHex(key), candidates: encryptedCandidates(state) };
}

/**
 * Casts an encrypted ballot (its JSON, as the booth made it): refused unless signed by a published,
 * unspent credential, with a proof that verifies; the member is marked as voted with it, and the
 * tracker (the ballot's hash) returned. Refusals store nothing.
 */
export async function castEncryptedVote(
  store: Store,
  clock: Clock,
  proc: BallotProcess,
  state: BallotState,
  member: MemberId,
  text: string,
): Promise<AppResult<{ readonly tracker: string }>> {
  const context = await encryptionContextOf(store, proc, state);
  if (context === null) return refusal('conflict', 'not-ready', 'The encrypted ballot is not ready: its trustees have not finished making the election key.');
  const window = await castRefusal(store, clock, proc, state);
  if (!window.ok) return window;
  const json = parsed(text, 'ballot');
  if (!json.ok) return json;
  const ballot = json.value as EncryptedBallot;
  const candidates = context.candidates.length;
  if (candidates < 1 || candidates > MAX_ENCRYPTED_CANDIDATES)
    return refusal('conflict', 'not-ready', `An encrypted ballot needs 1 to ${MAX_ENCRYPTED_CANDIDATES} candidates; this one has ${candidates}.`);
  const checked = checkBallot({ electionId: context.electionId, electionKey: pointFromHex(context.electionKey)!, candidates }, ballot);
  if (checked.fault !== null) return refusal('invalid', `ballot-${checked.fault}`, `The ballot ${BALLOT_FAULT_WORDS[checked.fault]}.`);
  const tracker = checked.tracker;
  const cast = await store.castEncryptedBallot(proc.id, member, { credential: ballot.credential, ballot: JSON.stringify(ballot), tracker }, window.value.day);
  return inAppTerms(cast);
}

/** What an officer's browser needs to encrypt a member's paper vote: the booth's context and the member's public credential. */
export interface PaperBallotContext extends EncryptionContext {
  readonly credential: string;
}

/**
 * The context for encrypting `member`'s paper vote, or why there is none: the key is not made yet
 * ('not-ready'), or the authority's register does not name the member ('not-registered').
 */
export async function paperBallotContextOf(store: Store, proc: BallotProcess, state: BallotState, member: MemberId): Promise<AppResult<PaperBallotContext>> {
  const context = await encryptionContextOf(store, proc, state);
  if (context === null) return refusal('conflict', 'not-ready', 'The encrypted ballot is not ready: its trustees have not finished making the election key.');
  const credential = await store.registeredCredential(proc.id, member);
  if (credential === null)
    return refusal(
      'conflict',
      'not-registered',
      (await store.registerSize(proc.id)) === 0
        ? 'The credential authority did not upload the register of whose credential is whose, so no paper vote can be entered in this encrypted ballot.'
        : `The credential authority's register does not name member "${member}", so their paper vote cannot spend their credential.`,
    );
  return { ok: true, value: { ...context, credential } };
}

/**
 * A paper ballot (its JSON, as the officer's browser made it, docs/verifiable-ballots.md §7.1) checked
 * for `member` and `channel`: under the member's own public credential from the register, by that
 * channel, with a proof that verifies. What the store keeps, with its tracker; refusals name the fault.
 */
export async function checkedPaperBallot(
  store: Store,
  proc: BallotProcess,
  state: BallotState,
  member: MemberId,
  channel: PaperChannel,
  text: string,
): Promise<AppResult<CastEncryptedBallot>> {
  const context = await paperBallotContextOf(store, proc, state, member);
  if (!context.ok) return context;
  const json = parsed(text, 'paper ballot');
  if (!json.ok) return json;
  const ballot = json.value as PaperBallot;
  if (typeof ballot !== 'object' || ballot === null || ballot.credential !== context.value.credential)
    return refusal('invalid', 'paper-ballot-credential', `The encrypted paper ballot is not made under member "${member}"'s credential.`);
  if (ballot.channel !== channel)
    return refusal('invalid', 'paper-ballot-channel', `The encrypted paper ballot says it came ${JSON.stringify(ballot.channel)}, not ${channel}.`);
  const candidates = context.value.candidates.length;
  const checked = checkPaperBallot({ electionId: context.value.electionId, electionKey: pointFromHex(context.value.electionKey)!, candidates }, ballot);
  if (checked.fault !== null) return refusal('invalid', `paper-ballot-${checked.fault}`, `The encrypted paper ballot ${BALLOT_FAULT_WORDS[checked.fault]}.`);
  return { ok: true, value: { credential: ballot.credential, ballot: JSON.stringify(ballot), tracker: checked.tracker } };
}

/**
 * The cast ballots, online and paper (a paper ballot's JSON has its `channel`), each in the order of
 * their random keys: the board lists them in these two lists, and the first mix takes the online ones first.
 */
async function ballotsByChannel(store: Store, proc: BallotProcess): Promise<{ ballots: EncryptedBallot[]; paperBallots: PaperBallot[] }> {
  const all = (await store.encryptedBallots(proc.id)).map((b) => JSON.parse(b) as EncryptedBallot | PaperBallot);
  return {
    ballots: all.filter((b): b is EncryptedBallot => !('channel' in b)),
    paperBallots: all.filter((b): b is PaperBallot => 'channel' in b),
  };
}

function spentByChannel(ballots: readonly EncryptedBallot[], paper: readonly PaperBallot[]): Record<SpendingChannel, number> {
  const spent: Record<SpendingChannel, number> = { online: ballots.length, postal: 0, 'in-person': 0 };
  for (const b of paper) spent[b.channel] += 1;
  return spent;
}

/**
 * The encrypted board as it stands (the fields present so far): the election, each trustee's
 * latest key-generation message, the election key once known, the credentials, the ballots in the
 * order of their random keys, the mixes and decryptions once the trustees send them, and what the
 * rankings are counted by (with the result once declared).
 */
export async function encryptedBoardOf(store: Store, proc: BallotProcess, state: BallotState): Promise<AppResult<Partial<EncryptedBoard>>> {
  const setup = await setupOf(store, proc);
  if (!setup.ok) return setup;
  const { electionId, threshold, trustees } = setup.value;
  const { rounds } = await keyGenerationOf(store, proc);
  const key = electionKeyFrom(setup.value, rounds);
  const count = await encryptedCountTermsOf(store, proc, state);
  if (!count.ok) return count;
  const [credentials, { ballots, paperBallots }, registered, mixes, decryptions] = await Promise.all([
    store.publicCredentials(proc.id),
    ballotsByChannel(store, proc),
    store.registerSize(proc.id),
    store.mixes(proc.id),
    store.decryptions(proc.id),
  ]);
  // Only once k trustees have decrypted are there plaintexts to publish: before, the mixes' lists are not decoded.
  const closing = decryptions.length < threshold ? null : await closingBoard(store, proc);
  const out = closing?.ok ? await decrypted(store, proc, closing.value, encryptedCandidates(state).length) : null;
  return {
    ok: true,
    value: {
      version: 1,
      election: { id: electionId, candidates: encryptedCandidates(state).length, threshold, trustees: trustees.length },
      keyGeneration: [...rounds.keys()].sort((a, b) => a - b).map((t) => rounds.get(t)!.at(-1)!),
      ...(key === null ? {} : { electionKey: pointHex(key) }),
      credentials,
      ballots,
      // A ballot whose authority uploaded no register takes no paper votes: its board keeps the first form.
      ...(registered === 0 && paperBallots.length === 0 ? {} : { paperBallots, spent: spentByChannel(ballots, paperBallots) }),
      mixes: mixes.map((m) => JSON.parse(m.message) as MixMessage),
      decryptions: decryptions.map((d) => JSON.parse(d.message) as DecryptionMessage),
      ...(out === null ? {} : out),
      count: count.value,
    },
  };
}

// ---- The close: mixes, decryption, the count -------------------------------------------------------

/** Everything the close needs from the board: the key, the trustees' commitments and the ciphertexts each mix left. */
interface ClosingBoard {
  readonly setup: EncryptedElectionSetup;
  readonly key: GroupElement;
  readonly commitments: readonly (readonly GroupElement[])[];
  readonly mixers: readonly number[];
  /** The input of the next mix: the ballots' ciphertexts, or the last mix's output. */
  readonly current: readonly (readonly ElGamalPair[])[];
}

/**
 * The last mix's output as this server decoded it when it checked that mix, by process, with the
 * stored text it was checked from: the next upload checks against it without parsing and decoding
 * the list again. Any other stored text (another server took the mix) is read afresh.
 */
const checkedOutputs = new Map<string, { readonly message: string; readonly ciphertexts: readonly (readonly ElGamalPair[])[] }>();
/** Processes whose last mix's output is kept: a ceremony or two at a time, not every one ever closed. */
const KEPT_OUTPUTS = 8;

function keepCheckedOutput(id: string, message: string, ciphertexts: readonly (readonly ElGamalPair[])[]): void {
  checkedOutputs.delete(id);
  checkedOutputs.set(id, { message, ciphertexts });
  if (checkedOutputs.size > KEPT_OUTPUTS) checkedOutputs.delete(checkedOutputs.keys().next().value!);
}

async function closingBoard(store: Store, proc: BallotProcess): Promise<AppResult<ClosingBoard>> {
  const setup = await setupOf(store, proc);
  if (!setup.ok) return setup;
  const box = await store.ballotBox(proc.id);
  if (box === null || !box.sealed) return refusal('conflict', 'not-sealed', 'The ballots are mixed once the ballot has closed and its box is sealed.');
  const { rounds } = await keyGenerationOf(store, proc);
  const key = electionKeyFrom(setup.value, rounds);
  if (key === null) return refusal('conflict', 'not-ready', 'The key generation never finished, so there is nothing to decrypt.');
  const commitments = setup.value.trustees.map((_, i) => rounds.get(i + 1)![1]!.commitments.map((c) => pointFromHex(c)!));
  const mixes = await store.mixes(proc.id);
  let current: (readonly ElGamalPair[])[];
  if (mixes.length === 0) {
    const { ballots, paperBallots } = await ballotsByChannel(store, proc);
    current = [...ballots, ...paperBallots].map((b) => vectorFromHex(b.ciphertexts, b.ciphertexts.length)!);
  } else {
    const stored = mixes.at(-1)!.message;
    const kept = checkedOutputs.get(proc.id);
    if (kept?.message === stored) current = [...kept.ciphertexts];
    else {
      const last = JSON.parse(stored) as MixMessage;
      current = last.ciphertexts.map((v) => vectorFromHex(v, v.length)!);
    }
  }
  return { ok: true, value: { setup: setup.value, key, commitments, mixers: mixes.map((m) => m.trustee), current } };
}

/** The closing board, for one of its trustees. */
async function trusteeClosing(store: Store, proc: BallotProcess, member: MemberId): Promise<AppResult<ClosingBoard & { readonly trustee: number }>> {
  const board = await closingBoard(store, proc);
  if (!board.ok) return board;
  const trustee = board.value.setup.trustees.indexOf(member) + 1;
  if (trustee === 0) return refusal('forbidden', 'not-a-trustee', 'You are not a trustee of this ballot.');
  return { ok: true, value: { ...board.value, trustee } };
}

/** A trustee's mix (MixMessage JSON) of the previous list, checked against its proof of shuffle before it is kept. */
export async function uploadMix(
  store: Store,
  clock: Clock,
  proc: BallotProcess,
  member: MemberId,
  text: string,
): Promise<AppResult<{ readonly mixes: number }>> {
  const board = await trusteeClosing(store, proc, member);
  if (!board.ok) return board;
  const { setup, key, mixers, current, trustee } = board.value;
  if (current.length === 0) return refusal('conflict', 'no-ballots', 'No encrypted ballot was cast, so there is nothing to mix.');
  if (mixers.includes(trustee)) return refusal('conflict', 'already-sent', 'You have already mixed the ballots; each trustee mixes once.');
  if ((await store.decryptions(proc.id)).length > 0) return refusal('conflict', 'decrypting', 'Decryption has begun, so no more mixes are taken.');
  const json = parsed(text, 'mix');
  if (!json.ok) return json;
  const mix = json.value as MixMessage;
  if (typeof mix !== 'object' || mix === null || mix.mixer !== trustee)
    return refusal(
      'malformed',
      'wrong-trustee',
      `The file is the mix of trustee ${JSON.stringify((mix as MixMessage | null)?.mixer)}, but you are trustee ${trustee}.`,
    );
  const checked = checkShuffle(setup.electionId, key, current, mix);
  if (checked.fault !== null)
    return refusal('invalid', checked.fault, `The mix does not check against the ${mixers.length === 0 ? 'cast ballots' : 'previous mix'}: ${checked.detail}.`);
  const message = JSON.stringify(mix);
  if (!(await store.putMix(proc.id, mixers.length + 1, { trustee, message })))
    return refusal('conflict', 'already-sent', 'Another mix was taken at the same moment; download the board again and mix its last list.');
  keepCheckedOutput(proc.id, message, checked.outputs);
  await accepted(store, clock, member, 'encryption.mix-accepted', { process: proc.id, trustee, mix: mixers.length + 1 });
  return { ok: true, value: { mixes: mixers.length + 1 } };
}

/** A trustee's decryption shares (DecryptionMessage JSON) of the last mix, each proof checked, once at least k mixes are in. */
export async function uploadDecryption(
  store: Store,
  clock: Clock,
  proc: BallotProcess,
  member: MemberId,
  text: string,
): Promise<AppResult<{ readonly decryptions: number }>> {
  const board = await trusteeClosing(store, proc, member);
  if (!board.ok) return board;
  const { setup, commitments, mixers, current, trustee } = board.value;
  if (mixers.length < setup.threshold)
    return refusal('conflict', 'too-few-mixes', `Decryption starts after ${setup.threshold} trustees have mixed the ballots; ${mixers.length} have so far.`);
  const json = parsed(text, 'decryption');
  if (!json.ok) return json;
  const message = json.value as DecryptionMessage;
  if (typeof message !== 'object' || message === null || message.trustee !== trustee)
    return refusal(
      'malformed',
      'wrong-trustee',
      `The file holds the shares of trustee ${JSON.stringify((message as DecryptionMessage | null)?.trustee)}, but you are trustee ${trustee}.`,
    );
  const checked = checkDecryptionShares(setup.electionId, message, verificationKeyOf(commitments, trustee), current);
  if (checked.fault === 'decryption-encoding')
    return refusal(
      'malformed',
      checked.fault,
      `The file does not hold one well-formed share for each part of each of the ${current.length} ciphertexts of the last mix (at ciphertext ${checked.ciphertext}).`,
    );
  if (checked.fault === 'decryption-proof')
    return refusal('invalid', checked.fault, `The share of ciphertext ${checked.ciphertext} does not prove it was made with your key.`);
  if (!(await store.putDecryption(proc.id, { trustee, message: JSON.stringify(message) })))
    return refusal('conflict', 'already-sent', 'Your decryption shares are already in.');
  await accepted(store, clock, member, 'encryption.decryption-accepted', { process: proc.id, trustee });
  return { ok: true, value: { decryptions: (await store.decryptions(proc.id)).length } };
}

/** The plaintext points of the last mix, combined from every trustee's shares, and the rankings they decode to; null before k trustees have decrypted. */
async function decrypted(
  store: Store,
  proc: BallotProcess,
  board: ClosingBoard,
  candidates: number,
): Promise<{ readonly plaintexts: string[][]; readonly rankings: (Ranking | null)[] } | null> {
  const messages = (await store.decryptions(proc.id)).map((d) => JSON.parse(d.message) as DecryptionMessage);
  if (messages.length < board.setup.threshold || board.mixers.length < board.setup.threshold) return null;
  // Every share was checked against its trustee's key when uploaded, so each decodes to a point.
  return combineDecryptions(board.current, messages, candidates);
}

/**
 * Counts a closed encrypted ballot once k trustees have decrypted the last mix: the rankings, as
 * candidate ids (an undecodable ballot counts as one expressing no preference), go to the one
 * count use case, recorded and declared as plain ballots are.
 */
export async function countEncryptedBallot(
  store: Store,
  clock: Clock,
  doc: ProcessDocument,
  rulebook: Rulebook,
  actor: string,
): Promise<AppResult<ProcessDocument>> {
  if (!isBallotProcess(doc)) return refusal('invalid', 'not-a-ballot', 'Only a selection or an internal election has encrypted ballots.');
  const state = doc.state as BallotState;
  const board = await closingBoard(store, doc);
  if (!board.ok) return board;
  const candidates = encryptedCandidates(state);
  const out = await decrypted(store, doc, board.value, candidates.length);
  const k = board.value.setup.threshold;
  if (out === null) return refusal('conflict', 'not-decrypted', `The count waits for ${k} trustees to mix the ballots and then ${k} to decrypt them.`);
  const ballots = out.rankings.map((r) => ({ ranking: (r ?? []).map((n) => candidates[n]!.id) }));
  const order = candidates.map((c) => c.id);
  return recordCount(store, clock, doc, rulebook, { kind: 'encrypted', ballots, order }, actor);
}
