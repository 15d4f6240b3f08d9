/**
 * Encrypted ballots in a running selection, on SQLite and PostgreSQL: set up with k of n trustees
 * and a credential authority, the key generation's two rounds uploaded and checked, the public
 * credentials, ballots cast with one per member and one per credential, and the board as it stands.
 * The trustees, authority and voters are played with the pure functions of src/verifiable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { applyStepTo } from '../../src/app/apply-step.js';
import { closeBallot } from '../../src/app/close-ballot.js';
import {
  castEncryptedVote,
  countEncryptedBallot,
  encryptedBoardOf,
  encryptionContextOf,
  setUpEncryptedBallot,
  uploadDecryption,
  uploadKeyGeneration,
  uploadMix,
  uploadPublicCredentials,
} from '../../src/app/encrypted-ballots.js';
import { castBallot } from '../../src/app/cast-ballot.js';
import { recordPaperVote } from '../../src/app/paper-votes.js';
import type { SelectionDocument } from '../../src/domain/processes/documents.js';
import { populate } from '../../src/app/populate-demo.js';
import { generateParty } from '../../src/demo/generate.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { votingWindow, type SelectionState } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { castEncryptedBallot as encryptBallot, encryptPaperBallot, makeCredential } from '../../src/verifiable/ballot.js';
import { verifyBoard } from '../../verifier/checks.js';
import { type EncryptedBoard, verifyEncryptedBoard } from '../../src/verifiable/board.js';
import { decryptionShares } from '../../src/verifiable/decryption.js';
import { dealKeyShares, openKeyShares, trusteeEncryptionKey } from '../../src/verifiable/dkg.js';
import { vectorFromHex } from '../../src/verifiable/proofs.js';
import { shuffleAndProve } from '../../src/verifiable/shuffle.js';
import { pointFromHex } from '../../src/verifiable/group.js';
import { seededRandom } from '../../src/verifiable/random.js';
import { admin, inSchema, postgresAvailable, Schemas } from '../store/postgres-server.js';

const pg = await postgresAvailable('encrypted ballots on PostgreSQL');
const schemas = new Schemas();
afterAll(() => schemas.dropAll());

/** A store, and a reader of its database underneath (every column, and PostgreSQL's xmin), for the secrecy check. */
interface Opened {
  readonly store: Store;
  readonly raw: (sql: string) => Promise<Record<string, unknown>[]>;
  readonly tables: string;
}

const dir = mkdtempSync(join(tmpdir(), 'hustings-encrypted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each test opens a store of its own. */
let opening = 0;

const stores: [string, boolean, () => Promise<Opened>][] = [
  [
    'sqlite',
    true,
    async () => {
      const file = join(dir, `store-${++opening}.db`);
      const store = await openStore(`sqlite:${file}`);
      const raw = async (sql: string) => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(sql).all() as Record<string, unknown>[];
        } finally {
          db.close();
        }
      };
      return { store, raw, tables: "SELECT name FROM sqlite_master WHERE type = 'table'" };
    },
  ],
  [
    'postgres',
    pg,
    async () => {
      const schema = await schemas.create(`encrypted${++opening}`);
      const store = await openStore(inSchema(schema));
      const raw = (sql: string) => admin(async (c) => (await c.query(sql.replaceAll('$schema', schema))).rows as Record<string, unknown>[]);
      return { store, raw, tables: `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = '${schema}'` };
    },
  ],
];

/**
 * While the ballot is open, the database underneath holds no ranking of the process in plain form
 * (no plain ballot; every encrypted one ciphertexts, proofs and a credential, with no member), and
 * on PostgreSQL the xmin join of marks to ballots finds only ciphertexts.
 */
/** The fields of a ballot row: an online ballot's, or a paper ballot's (§7.1); nothing else, and never a ranking. */
const ONLINE_FIELDS = ['ciphertexts', 'credential', 'proof', 'signature'];
const PAPER_FIELDS = ['channel', 'ciphertexts', 'credential', 'proof'];

/** A ballot row as the red team reads it: only ciphertexts (points), proofs and a credential; no candidate id, no ranking. */
function expectOnlyCiphertexts(ballot: string, candidates: readonly string[]): void {
  const b = JSON.parse(ballot) as Record<string, unknown>;
  const fields = Object.keys(b).sort();
  expect([ONLINE_FIELDS, PAPER_FIELDS]).toContainEqual(fields);
  expect(b.ciphertexts).toEqual([[expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]]);
  for (const c of candidates) expect(ballot).not.toContain(`"${c}"`);
}

async function checkSecrecy(
  o: Opened,
  dialect: string,
  id: ProcessId,
  voters: readonly MemberId[],
  candidates: readonly string[] = [],
  paper = 0,
): Promise<void> {
  const q = (table: string) => (dialect === 'postgres' ? `SELECT xmin::text AS xmin, * FROM $schema.${table}` : `SELECT * FROM ${table}`);
  const tables = (await o.raw(o.tables)).map((r) => r.name as string);
  expect(tables).toContain('encrypted_ballots');
  const everything = new Map<string, string>();
  for (const t of tables) everything.set(t, JSON.stringify(await o.raw(q(t))));
  expect((await o.raw(q('cast_ballots'))).filter((r) => r.process === id)).toEqual([]);
  const ballots = await o.raw(q('encrypted_ballots'));
  expect(ballots).toHaveLength(voters.length);
  for (const b of ballots) {
    expectOnlyCiphertexts(b.ballot as string, candidates);
    for (const v of voters) expect(JSON.stringify(b)).not.toContain(`"${v}"`);
  }
  expect(ballots.filter((b) => 'channel' in JSON.parse(b.ballot as string))).toHaveLength(paper);
  // The members who voted appear only where marks and the electorate are kept, and in the authority's register
  // of whose credential is whose (for paper votes), never beside a ballot.
  for (const [t, text] of everything)
    if (t.startsWith('encrypted_') && t !== 'encrypted_register') for (const v of voters) expect(text).not.toContain(`"${v}"`);
  // The register joins a member to their credential, so to their ballot: to ciphertexts, never a ranking.
  const registered = await o.raw(
    `SELECT r.member, b.ballot FROM ${dialect === 'postgres' ? '$schema.' : ''}encrypted_register r JOIN ${dialect === 'postgres' ? '$schema.' : ''}encrypted_ballots b ON b.process = r.process AND b.credential = r.credential`,
  );
  for (const row of registered) expectOnlyCiphertexts(row.ballot as string, candidates);
  if (dialect === 'postgres') {
    const linked = await o.raw(
      'SELECT v.member, b.ballot FROM $schema.encrypted_ballots b JOIN $schema.voters_marked v ON v.process = b.process AND v.xmin = b.xmin',
    );
    // The mark and the ballot are written in one transaction (as a plain cast is), so until the seal they share an xmin: the join finds ciphertexts only.
    expect(linked).toHaveLength(voters.length);
    for (const row of linked) expectOnlyCiphertexts(row.ballot as string, candidates);
    // A paper vote's channel row is written in the same transaction too: it links the member and channel to a ciphertext, no more.
    const byPaper = await o.raw(
      'SELECT o.member, o.channel, b.ballot FROM $schema.encrypted_ballots b JOIN $schema.offline_votes o ON o.process = b.process AND o.xmin = b.xmin',
    );
    expect(byPaper).toHaveLength(paper);
    for (const row of byPaper) {
      expectOnlyCiphertexts(row.ballot as string, candidates);
      expect(JSON.parse(row.ballot as string).channel).toBe(row.channel);
    }
  }
}

const TODAY = isoDate('2024-06-01');

function refused<T>(r: { ok: true; value: T } | { ok: false; error: { reason: string; message: string } }): { reason: string; message: string } {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

for (const [dialect, available, open] of stores) {
  describe.skipIf(!available)(`encrypted ballots in a selection (${dialect})`, () => {
    it('sets up 2 of 3 trustees, checks each upload, casts one ballot per member and per credential, and mixes, decrypts and counts them', async () => {
      const opened = await open();
      const { store } = opened;
      try {
        await populate(store, generateParty({ seed: 1, members: 400, today: TODAY }), LABOUR_2021);
        const proc = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open')!;
        const id = proc.id as ProcessId;
        const state = proc.state as SelectionState;
        const clock = fixedClock(new Date(votingWindow(state).opens.getTime() + 3_600_000));
        const eligible = (await store.electorate(id)).filter((e) => e.eligible).map((e) => e.member);
        const [t1, t2, t3, authority, v1, v2, v3] = eligible as [MemberId, MemberId, MemberId, MemberId, MemberId, MemberId, MemberId];

        // Set-up: the authority may not be a trustee; k of n must make sense.
        expect(
          refused(await setUpEncryptedBallot(store, proc, { threshold: 2, trustees: [t1, t2, t3], authority: t2 }, { clock: clock, actor: 'officer' })).reason,
        ).toBe('authority-is-trustee');
        expect(
          refused(await setUpEncryptedBallot(store, proc, { threshold: 4, trustees: [t1, t2, t3], authority }, { clock: clock, actor: 'officer' })).reason,
        ).toBe('bad-threshold');
        const setup = value(await setUpEncryptedBallot(store, proc, { threshold: 2, trustees: [t1, t2, t3], authority }, { clock: clock, actor: 'officer' }));
        expect(setup.electionId.startsWith(`${id}-`)).toBe(true);
        expect(
          refused(await setUpEncryptedBallot(store, proc, { threshold: 2, trustees: [t1, t2, t3], authority }, { clock: clock, actor: 'officer' })).reason,
        ).toBe('already-set-up');
        expect(await store.encryptedElectionOf(id)).toEqual(setup);
        const E = setup.electionId;
        const random = seededRandom(`encrypted-${dialect}`);

        // Round one: each trustee's key. A wrong proof and another trustee's file are refused.
        const own = [1, 2, 3].map((i) => trusteeEncryptionKey(E, i, random));
        const roundOne = (i: number) => JSON.stringify({ trustee: i, key: own[i - 1]!.key, keyProof: own[i - 1]!.keyProof });
        expect(refused(await uploadKeyGeneration(store, clock, proc, t1, roundOne(2))).reason).toBe('wrong-trustee');
        expect(refused(await uploadKeyGeneration(store, clock, proc, v1, roundOne(1))).reason).toBe('not-a-trustee');
        expect(refused(await uploadKeyGeneration(store, clock, proc, t1, '{"trustee": 1,')).reason).toBe('not-json');
        const forged = JSON.stringify({ trustee: 1, key: own[1]!.key, keyProof: own[0]!.keyProof });
        expect(refused(await uploadKeyGeneration(store, clock, proc, t1, forged)).reason).toBe('keygen-proof');
        expect(value(await uploadKeyGeneration(store, clock, proc, t1, roundOne(1)))).toMatchObject({
          trustee: 1,
          nextRound: 2,
          roundOne: 1,
          electionKey: null,
        });
        expect(refused(await uploadKeyGeneration(store, clock, proc, t1, roundOne(1))).reason).toBe('already-sent');

        // Round two waits for every key; then each trustee deals to the keys on the board.
        const keys = own.map((k) => k.key);
        const dealt = own.map((k) => dealKeyShares(E, k, 2, keys, random));
        expect(refused(await uploadKeyGeneration(store, clock, proc, t1, JSON.stringify(dealt[0]!.message))).reason).toBe('round-one-incomplete');
        value(await uploadKeyGeneration(store, clock, proc, t2, roundOne(2)));
        value(await uploadKeyGeneration(store, clock, proc, t3, roundOne(3)));
        const board = value(await encryptedBoardOf(store, proc, state));
        expect(board.keyGeneration!.map((m) => m.key)).toEqual(keys);
        expect(board.electionKey).toBeUndefined();
        const badCoefficient = { ...dealt[0]!.message, coefficientProof: dealt[1]!.message.coefficientProof };
        const bad = refused(await uploadKeyGeneration(store, clock, proc, t1, JSON.stringify(badCoefficient)));
        expect(bad).toMatchObject({ reason: 'keygen-proof', message: expect.stringContaining('your coefficient proof fails') });
        expect((await store.keyGenerations(id)).filter((m) => m.round === 2)).toHaveLength(0);
        expect(await encryptionContextOf(store, proc, state)).toBeNull();
        for (const [i, t] of [t1, t2, t3].entries()) value(await uploadKeyGeneration(store, clock, proc, t, JSON.stringify(dealt[i]!.message)));
        const context = (await encryptionContextOf(store, proc, state))!;
        expect(context.candidates.map((c) => c.id).sort()).toEqual([...state.shortlist!].sort());
        const full = value(await encryptedBoardOf(store, proc, state));
        expect(full.keyGeneration).toEqual(dealt.map((d) => d.message));
        expect(full.electionKey).toBe(context.electionKey);

        // Credentials: from the authority only, each a point, none twice, once.
        const credentials = [0, 1, 2, 3].map(() => makeCredential(random));
        const published = credentials.slice(0, 3).map((c) => c.publicCredential);
        expect(refused(await uploadPublicCredentials(store, clock, proc, t1, JSON.stringify(published))).reason).toBe('not-the-authority');
        const badList = refused(await uploadPublicCredentials(store, clock, proc, authority, JSON.stringify([published[0], 'ab'])));
        expect(badList).toMatchObject({ reason: 'credential-encoding', message: expect.stringContaining('Credential 2') });
        expect(refused(await uploadPublicCredentials(store, clock, proc, authority, JSON.stringify([published[0], published[0]]))).reason).toBe(
          'credential-duplicate',
        );
        expect(value(await uploadPublicCredentials(store, clock, proc, authority, JSON.stringify(published)))).toEqual({ credentials: 3, registered: 0 });
        expect(refused(await uploadPublicCredentials(store, clock, proc, authority, JSON.stringify(published))).reason).toBe('already-sent');
        expect(await store.publicCredentials(id)).toEqual([...published].sort());

        // Casting: the booth's encryption, checked by the server.
        const ctx = { electionId: E, electionKey: pointFromHex(context.electionKey)!, candidates: context.candidates.length };
        const made = encryptBallot(ctx, credentials[0]!.secret, [2, 0], random);
        const cast = value(await castEncryptedVote(store, clock, proc, state, v1, JSON.stringify(made.ballot)));
        expect(cast.tracker).toBe(made.tracker);
        expect(
          refused(await castEncryptedVote(store, clock, proc, state, v1, JSON.stringify(encryptBallot(ctx, credentials[1]!.secret, [1], random).ballot)))
            .reason,
        ).toBe('already-voted');
        // Another member with a credential already spent: refused, and not marked as voted.
        expect(
          refused(await castEncryptedVote(store, clock, proc, state, v2, JSON.stringify(encryptBallot(ctx, credentials[0]!.secret, [1], random).ballot)))
            .reason,
        ).toBe('credential-used');
        expect(
          refused(await castEncryptedVote(store, clock, proc, state, v2, JSON.stringify(encryptBallot(ctx, credentials[3]!.secret, [1], random).ballot)))
            .reason,
        ).toBe('credential-unknown');
        const altered = encryptBallot(ctx, credentials[1]!.secret, [1], random).ballot;
        const tampered = { ...altered, ciphertexts: made.ballot.ciphertexts };
        expect(refused(await castEncryptedVote(store, clock, proc, state, v2, JSON.stringify(tampered))).reason).toBe('ballot-signature');
        expect(await store.hasVoted(id, v2)).toBe(false);
        expect(refused(await castBallot(store, clock, proc, state, v2, [state.shortlist![0]!])).reason).toBe('encrypted-only');
        const paper = {
          process: (await store.processDocument(id)) as SelectionDocument,
          member: v2,
          channel: 'postal' as const,
          ranking: [state.shortlist![0]!],
          actor: 'officer',
        };
        expect(refused(await recordPaperVote(store, clock, paper)).reason).toBe('encrypted-only');
        value(await castEncryptedVote(store, clock, proc, state, v2, JSON.stringify(altered)));
        value(await castEncryptedVote(store, clock, proc, state, v3, JSON.stringify(encryptBallot(ctx, credentials[2]!.secret, [], random).ballot)));
        expect(await store.turnout(id)).toBe(3);
        await checkSecrecy(opened, dialect, id, [v1, v2, v3], state.shortlist!);

        const now = value(await encryptedBoardOf(store, proc, state));
        expect(now.ballots).toHaveLength(3);
        expect(now.ballots!.map((b) => b.credential).sort()).toEqual([...published].sort());
        expect(now.election).toEqual({ id: E, candidates: state.shortlist!.length, threshold: 2, trustees: 3 });

        // The close: mixes wait for the seal; each is checked against the list before it.
        const key = pointFromHex(context.electionKey)!;
        const ciphertextsOf = (list: readonly (readonly (readonly [string, string])[])[]) => list.map((v) => vectorFromHex(v, v.length)!);
        const first = shuffleAndProve(E, 1, key, ciphertextsOf(now.ballots!.map((b) => b.ciphertexts)), random);
        expect(refused(await uploadMix(store, clock, proc, t1, JSON.stringify(first.message))).reason).toBe('not-sealed');
        const later = fixedClock(new Date(votingWindow(state).closes.getTime() + 60_000));
        const closed = await closeBallot({ store, clock: later, rulebook: LABOUR_2021, actor: 'officer' }, { id });
        expect(closed.ok).toBe(true);
        if (dialect === 'postgres') {
          // The seal rewrote the encrypted ballots too: no mark shares a transaction id with one.
          const join = 'SELECT v.member FROM $schema.encrypted_ballots b JOIN $schema.voters_marked v ON v.process = b.process AND v.xmin = b.xmin';
          expect(await opened.raw(join)).toEqual([]);
        }
        expect(refused(await uploadMix(store, clock, proc, t2, JSON.stringify(first.message))).reason).toBe('wrong-trustee');
        const swapped = { ...first.message, ciphertexts: [first.message.ciphertexts[1]!, first.message.ciphertexts[0]!, first.message.ciphertexts[2]!] };
        expect(refused(await uploadMix(store, clock, proc, t1, JSON.stringify(swapped))).reason).toBe('mix-proof');
        expect(await store.mixes(id)).toHaveLength(0);
        expect(value(await uploadMix(store, clock, proc, t1, JSON.stringify(first.message)))).toEqual({ mixes: 1 });
        expect(refused(await uploadMix(store, clock, proc, t1, JSON.stringify(first.message))).reason).toBe('already-sent');
        // Trustee 3 mixes the first list again rather than the first mix's output: refused.
        const stale = shuffleAndProve(E, 3, key, ciphertextsOf(now.ballots!.map((b) => b.ciphertexts)), random);
        expect(refused(await uploadMix(store, clock, proc, t3, JSON.stringify(stale.message))).reason).toBe('mix-proof');
        const keysOf = own.map((k, i) => {
          const opened = openKeyShares(
            E,
            k,
            dealt[i]!.ownShare,
            dealt.map((d) => d.message),
          );
          if (!('decryptionKey' in opened)) throw new Error('bad shares');
          return opened.decryptionKey;
        });
        const early = decryptionShares(E, 2, keysOf[1]!, first.outputs, random);
        expect(refused(await uploadDecryption(store, clock, proc, t2, JSON.stringify(early))).reason).toBe('too-few-mixes');
        const second = shuffleAndProve(E, 3, key, first.outputs, random);
        value(await uploadMix(store, clock, proc, t3, JSON.stringify(second.message)));

        // Decryption: each trustee's shares checked with their verification key; a share made with another key is refused.
        const wrongKey = decryptionShares(E, 2, keysOf[0]!, second.outputs, random);
        expect(refused(await uploadDecryption(store, clock, proc, t2, JSON.stringify(wrongKey))).reason).toBe('decryption-proof');
        const doc = async () => (await store.processDocument(id))!;
        expect(refused(await countEncryptedBallot(store, later, await doc(), LABOUR_2021, 'officer')).reason).toBe('not-decrypted');
        value(await uploadDecryption(store, clock, proc, t2, JSON.stringify(decryptionShares(E, 2, keysOf[1]!, second.outputs, random))));
        value(await uploadDecryption(store, clock, proc, t3, JSON.stringify(decryptionShares(E, 3, keysOf[2]!, second.outputs, random))));

        // The whole board verifies, and its rankings are the three cast, in the mixed order.
        const final = value(await encryptedBoardOf(store, proc, state)) as EncryptedBoard;
        const verified = verifyEncryptedBoard(final);
        expect(verified.failures).toEqual([]);
        expect([...final.rankings].map((r) => JSON.stringify(r)).sort()).toEqual(['[1]', '[2,0]', '[]'].sort());

        // The count: recorded as plain ballots are, from the decrypted rankings, then declared.
        const counted = value(await countEncryptedBallot(store, later, await doc(), LABOUR_2021, 'officer'));
        const countedState = counted.state as SelectionState;
        expect(countedState.phase).toBe('counted');
        expect(countedState.count?.ballots).toBe(3);
        expect((await store.auditEntriesOf(id, 'count.recorded')).map((e) => e.data)).toEqual([expect.objectContaining({ source: 'encrypted', ballots: 3 })]);
        expect(await store.ballots(id)).toEqual([]);
        const declared = await applyStepTo({ store, clock: later, actor: 'officer' }, id, 'selection', { type: 'declare' });
        expect(declared.ok && declared.value.state.phase).toBe('declared');
      } finally {
        await store.close();
      }
    }, 60_000);

    it('takes paper votes encrypted on the officer’s device under the member’s registered credential, mixes them with the rest, and the board says what each channel spent', async () => {
      const opened = await open();
      const { store } = opened;
      try {
        await populate(store, generateParty({ seed: 2, members: 300, today: TODAY }), LABOUR_2021);
        const proc = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open')!;
        const id = proc.id as ProcessId;
        const state = proc.state as SelectionState;
        const clock = fixedClock(new Date(votingWindow(state).opens.getTime() + 3_600_000));
        const eligible = (await store.electorate(id)).filter((e) => e.eligible).map((e) => e.member);
        const [t1, t2, authority, ...voters] = eligible.slice(0, 8) as MemberId[];
        const [online, postal, inPerson, late, unregistered] = voters as [MemberId, MemberId, MemberId, MemberId, MemberId];
        const trustees = [t1!, t2!];
        const E = value(await setUpEncryptedBallot(store, proc, { threshold: 2, trustees, authority: authority! }, { clock, actor: 'officer' })).electionId;
        const random = seededRandom(`paper-${dialect}`);
        const own = [1, 2].map((i) => trusteeEncryptionKey(E, i, random));
        for (const [i, t] of trustees.entries())
          value(await uploadKeyGeneration(store, clock, proc, t, JSON.stringify({ trustee: i + 1, key: own[i]!.key, keyProof: own[i]!.keyProof })));
        const dealt = own.map((k) =>
          dealKeyShares(
            E,
            k,
            2,
            own.map((o) => o.key),
            random,
          ),
        );
        for (const [i, t] of trustees.entries()) value(await uploadKeyGeneration(store, clock, proc, t, JSON.stringify(dealt[i]!.message)));
        const decryptionKeys = own.map((k, i) => {
          const keys = openKeyShares(
            E,
            k,
            dealt[i]!.ownShare,
            dealt.map((d) => d.message),
          );
          if (!('decryptionKey' in keys)) throw new Error('bad shares');
          return keys.decryptionKey;
        });

        // The authority's list and register: the register must name exactly the listed credentials, for this election, by members.
        const registered = [online, postal, inPerson, late];
        const credentialOf = new Map(registered.map((m) => [m, makeCredential(random)]));
        const list = JSON.stringify([...credentialOf.values()].map((c) => c.publicCredential));
        const registerOf = (entries: [string, string][], election = E) =>
          JSON.stringify({
            format: 'hustings-credential-register',
            version: 1,
            election,
            register: entries.map(([identifier, credential]) => ({ identifier, credential })),
          });
        const entries = [...credentialOf].map(([m, c]): [string, string] => [m, c.publicCredential]);
        const short = refused(await uploadPublicCredentials(store, clock, proc, authority!, list, registerOf(entries.slice(1))));
        expect(short).toMatchObject({ reason: 'bad-register', message: expect.stringContaining('names 3 of the 4') });
        expect(refused(await uploadPublicCredentials(store, clock, proc, authority!, list, registerOf(entries, 'another'))).reason).toBe('bad-register');
        const stranger = refused(
          await uploadPublicCredentials(store, clock, proc, authority!, list, registerOf([...entries.slice(1), ['nobody-9', entries[0]![1]]])),
        );
        expect(stranger.message).toContain('"nobody-9", who is not a member');
        expect(await store.publicCredentials(id)).toEqual([]);
        expect(value(await uploadPublicCredentials(store, clock, proc, authority!, list, registerOf(entries)))).toEqual({ credentials: 4, registered: 4 });
        expect(await store.registeredCredential(id, postal)).toBe(credentialOf.get(postal)!.publicCredential);

        // The officer's device encrypts the paper under the member's public credential; the server checks it is theirs, by that channel.
        const context = (await encryptionContextOf(store, proc, state))!;
        const ctx = { electionId: E, electionKey: pointFromHex(context.electionKey)!, candidates: context.candidates.length };
        const paperFor = (member: MemberId, channel: 'postal' | 'in-person', ranking: number[], under = member) =>
          encryptPaperBallot(ctx, credentialOf.get(under)!.publicCredential, channel, ranking, random);
        const doc = (await store.processDocument(id)) as SelectionDocument;
        const vote = (member: MemberId, channel: 'postal' | 'in-person', encrypted?: string) =>
          recordPaperVote(store, clock, {
            process: doc,
            member,
            channel,
            ranking: [state.shortlist![0]!],
            actor: 'officer',
            ...(encrypted ? { encrypted } : {}),
          });
        value(
          await castEncryptedVote(
            store,
            clock,
            proc,
            state,
            online,
            JSON.stringify(encryptBallot(ctx, credentialOf.get(online)!.secret, [0, 1], random).ballot),
          ),
        );
        expect(refused(await vote(postal, 'postal')).reason).toBe('encrypted-only');
        expect(refused(await vote(postal, 'postal', JSON.stringify(paperFor(postal, 'postal', [1], inPerson).ballot))).reason).toBe('paper-ballot-credential');
        expect(refused(await vote(postal, 'postal', JSON.stringify(paperFor(postal, 'in-person', [1]).ballot))).reason).toBe('paper-ballot-channel');
        const changed = { ...paperFor(postal, 'postal', [1]).ballot, ciphertexts: paperFor(postal, 'postal', [2]).ballot.ciphertexts };
        expect(refused(await vote(postal, 'postal', JSON.stringify(changed))).reason).toBe('paper-ballot-proof');
        expect(refused(await vote(unregistered, 'postal', JSON.stringify(paperFor(postal, 'postal', [1]).ballot))).reason).toBe('not-registered');
        // One ballot per member across channels: a member who voted online cannot also vote on paper, nor the other way round.
        expect(refused(await vote(online, 'in-person', JSON.stringify(paperFor(online, 'in-person', [2]).ballot))).reason).toBe('already-voted');
        expect(await store.hasVoted(id, postal)).toBe(false);
        const byPost = paperFor(postal, 'postal', [1]);
        expect(value(await vote(postal, 'postal', JSON.stringify(byPost.ballot))).tracker).toBe(byPost.tracker);
        const spentOnPaper = encryptBallot(ctx, credentialOf.get(postal)!.secret, [2], random).ballot;
        expect(refused(await castEncryptedVote(store, clock, proc, state, postal, JSON.stringify(spentOnPaper))).reason).toBe('already-voted');
        value(await vote(inPerson, 'in-person', JSON.stringify(paperFor(inPerson, 'in-person', [2, 1, 0]).ballot)));
        expect(await store.voteOf(id, inPerson)).toMatchObject({ channel: 'in-person' });
        expect(await store.turnout(id)).toBe(3);
        await checkSecrecy(opened, dialect, id, [online, postal, inPerson], state.shortlist!, 2);

        const open = value(await encryptedBoardOf(store, proc, state));
        expect(open.ballots).toHaveLength(1);
        expect(open.paperBallots!.map((b) => b.channel).sort()).toEqual(['in-person', 'postal']);
        expect(open.spent).toEqual({ online: 1, postal: 1, 'in-person': 1 });

        // The close: both channels mixed together, decrypted and counted; both verifiers pass the board.
        const later = fixedClock(new Date(votingWindow(state).closes.getTime() + 60_000));
        expect((await closeBallot({ store, clock: later, rulebook: LABOUR_2021, actor: 'officer' }, { id })).ok).toBe(true);
        if (dialect === 'postgres') {
          // The seal rewrote the ballots: neither a mark nor a paper vote's channel row shares a transaction id with one.
          for (const table of ['voters_marked', 'offline_votes'])
            expect(
              await opened.raw(`SELECT v.member FROM $schema.encrypted_ballots b JOIN $schema.${table} v ON v.process = b.process AND v.xmin = b.xmin`),
            ).toEqual([]);
        }
        const key = pointFromHex(context.electionKey)!;
        const input = [...open.ballots!, ...open.paperBallots!].map((b) => vectorFromHex(b.ciphertexts, 1)!);
        const first = shuffleAndProve(E, 2, key, input, random);
        value(await uploadMix(store, clock, proc, t2!, JSON.stringify(first.message)));
        const second = shuffleAndProve(E, 1, key, first.outputs, random);
        value(await uploadMix(store, clock, proc, t1!, JSON.stringify(second.message)));
        for (const [i, t] of trustees.entries())
          value(await uploadDecryption(store, clock, proc, t, JSON.stringify(decryptionShares(E, i + 1, decryptionKeys[i]!, second.outputs, random))));
        const final = value(await encryptedBoardOf(store, proc, state)) as EncryptedBoard;
        expect(verifyEncryptedBoard(final).failures).toEqual([]);
        expect(verifyBoard(final).failures).toEqual([]);
        expect([...final.rankings].map((r) => JSON.stringify(r)).sort()).toEqual(['[0,1]', '[1]', '[2,1,0]']);
        const counted = value(await countEncryptedBallot(store, later, (await store.processDocument(id))!, LABOUR_2021, 'officer'));
        expect((counted.state as SelectionState).count?.ballots).toBe(3);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}
