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
import { castEncryptedBallot as encryptBallot, makeCredential } from '../../src/verifiable/ballot.js';
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

const stores: [string, boolean, () => Promise<Opened>][] = [
  [
    'sqlite',
    true,
    async () => {
      const file = join(dir, 'store.db');
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
      const schema = await schemas.create('encrypted');
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
async function checkSecrecy(o: Opened, dialect: string, id: ProcessId, voters: readonly MemberId[]): Promise<void> {
  const q = (table: string) => (dialect === 'postgres' ? `SELECT xmin::text AS xmin, * FROM $schema.${table}` : `SELECT * FROM ${table}`);
  const tables = (await o.raw(o.tables)).map((r) => r.name as string);
  expect(tables).toContain('encrypted_ballots');
  const everything = new Map<string, string>();
  for (const t of tables) everything.set(t, JSON.stringify(await o.raw(q(t))));
  expect((await o.raw(q('cast_ballots'))).filter((r) => r.process === id)).toEqual([]);
  const ballots = await o.raw(q('encrypted_ballots'));
  expect(ballots).toHaveLength(voters.length);
  for (const b of ballots) {
    expect(Object.keys(JSON.parse(b.ballot as string)).sort()).toEqual(['ciphertexts', 'credential', 'proof', 'signature']);
    for (const v of voters) expect(JSON.stringify(b)).not.toContain(`"${v}"`);
  }
  // The members who voted appear only where marks and the electorate are kept, never beside a credential or ballot.
  for (const [t, text] of everything) if (t.startsWith('encrypted_')) for (const v of voters) expect(text).not.toContain(`"${v}"`);
  if (dialect === 'postgres') {
    const linked = await o.raw(
      'SELECT v.member, b.ballot FROM $schema.encrypted_ballots b JOIN $schema.voters_marked v ON v.process = b.process AND v.xmin = b.xmin',
    );
    // The mark and the ballot are written in one transaction (as a plain cast is), so until the seal they share an xmin: the join finds ciphertexts only.
    expect(linked).toHaveLength(voters.length);
    for (const row of linked) expect(Object.keys(JSON.parse(row.ballot as string)).sort()).toEqual(['ciphertexts', 'credential', 'proof', 'signature']);
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
        expect(value(await uploadPublicCredentials(store, clock, proc, authority, JSON.stringify(published)))).toEqual({ credentials: 3 });
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
        await checkSecrecy(opened, dialect, id, [v1, v2, v3]);

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
  });
}
