/**
 * An encrypted ballot's ceremony through the commands people run on their own machines, in a temp
 * dir: the credential authority's `credentials generate`, three trustees' `trustee keygen
 * start|deal|finish`, two `trustee mix`es and two `trustee decrypt`s (2 of 3), the server's part
 * played by merging their files into the board as docs/verifiable-ballots.md §13 says, and
 * `hustings verify` accepting the honest board; then each tampering the issue lists, every one
 * caught and named by `hustings verify`, and the refusals of the commands themselves.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hustingsInProcess } from './in-process.js';
import { recountBoard } from '../../src/integrity/verify.js';
import { castEncryptedBallot, signBallot, type EncryptedBallot } from '../../src/verifiable/ballot.js';
import type { EncryptedBoard, EncryptedCountTerms } from '../../src/verifiable/board.js';
import type { DecryptionMessage } from '../../src/verifiable/decryption.js';
import { electionKeyOf, type KeyGenerationMessage } from '../../src/verifiable/dkg.js';
import { BASE, pointFromHex, pointHex, scalarFromHex, scalarHex } from '../../src/verifiable/group.js';
import { vectorFromHex } from '../../src/verifiable/proofs.js';
import { seededRandom } from '../../src/verifiable/random.js';
import type { MixMessage } from '../../src/verifiable/shuffle.js';
import { combineDecryptions } from '../../src/verifiable/tally.js';

const cli = hustingsInProcess;

async function ok(...argv: string[]): Promise<string> {
  const r = await cli(...argv);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** `hustings credentials generate` of a voters file in the temp dir into three files there (the register beside the public file). */
const generateArgs = (voters: string, privateFile: string, publicFile: string): string[] => [
  'credentials',
  'generate',
  '--election',
  ID,
  '--voters',
  at(voters),
  '--private',
  at(privateFile),
  '--public',
  at(publicFile),
  '--register',
  at(publicFile.replace(/\.json$/, '-register.json')),
];

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

let dir: string;
const at = (name: string) => join(dir, name);
const ID = 'test-2026-ceremony';
const THRESHOLD = 2;
const TRUSTEES = 3;
const CANDIDATES = ['Ann', 'Bob', 'Cy', 'Dee'];
const RANKINGS = [[0, 1], [1, 0, 2], [0], [2, 3, 1], [0, 2], [3]];

const terms = (declared: EncryptedCountTerms['declared']): EncryptedCountTerms => ({
  title: 'Treasurer',
  candidates: CANDIDATES.map((name, i) => ({ id: `c${i + 1}`, name, withdrawn: false })),
  seats: 1,
  method: 'irv',
  options: {},
  declared,
});

/** The board as the server would publish it at each step. */
let board: EncryptedBoard;
let honest: EncryptedBoard;
let secrets: string[] = [];
const writeBoard = (b: unknown, name = 'board.json'): string => {
  const file = at(name);
  writeFileSync(file, JSON.stringify(b));
  return file;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hustings-ceremony-'));
  // 1. The credential authority.
  writeFileSync(at('voters.csv'), `membership number,name,email\n${RANKINGS.map((_, i) => `M${100 + i},Voter ${i},v${i}@example.org`).join('\n')}\n`);
  const said = await ok(...generateArgs('voters.csv', 'private.csv', 'public.json'));
  const rows = readFileSync(at('private.csv'), 'utf8').trim().split('\n');
  secrets = rows.slice(1).map((r) => r.split(',')[2]!);
  for (const s of secrets) expect(said).not.toContain(s);

  // 2. The trustees' key generation, the server merging their messages.
  board = {
    version: 1,
    election: { id: ID, candidates: CANDIDATES.length, threshold: THRESHOLD, trustees: TRUSTEES },
    count: terms(null),
  } as unknown as EncryptedBoard;
  const keys: unknown[] = [];
  for (let i = 1; i <= TRUSTEES; i++) {
    await ok('trustee', 'keygen', 'start', writeBoard(board), '--trustee', String(i), '--secret-out', at(`t${i}-round1.json`), '--out', at(`t${i}-key.json`));
    keys.push(readJson(at(`t${i}-key.json`)));
  }
  board = { ...board, keyGeneration: keys as KeyGenerationMessage[] };
  const dealt: KeyGenerationMessage[] = [];
  for (let i = 1; i <= TRUSTEES; i++) {
    await ok(
      'trustee',
      'keygen',
      'deal',
      writeBoard(board),
      '--secret',
      at(`t${i}-round1.json`),
      '--secret-out',
      at(`t${i}-round2.json`),
      '--out',
      at(`t${i}-keygen.json`),
    );
    dealt.push(readJson(at(`t${i}-keygen.json`)));
  }
  const electionKey = electionKeyOf(dealt.map((m) => m.commitments.map((c) => pointFromHex(c)!)));
  board = { ...board, keyGeneration: dealt, electionKey: pointHex(electionKey) };
  for (let i = 1; i <= TRUSTEES; i++)
    await ok('trustee', 'keygen', 'finish', writeBoard(board), '--secret', at(`t${i}-round2.json`), '--key-out', at(`t${i}-key-share.json`));

  // 3. The ballot opens with the public credentials; the booth casts each voter's ballot.
  const random = seededRandom('ceremony-test-booth');
  const context = { electionId: ID, electionKey, candidates: CANDIDATES.length };
  const ballots = RANKINGS.map((r, i) => castEncryptedBallot(context, secrets[i]!, r, random).ballot);
  board = { ...board, credentials: readJson<string[]>(at('public.json')), ballots, mixes: [], decryptions: [], plaintexts: [], rankings: [] };

  // 4. At the close: trustees 1 and 3 mix; 1 and 2 decrypt; the server combines and counts.
  for (const i of [1, 3]) {
    await ok('trustee', 'mix', writeBoard(board), '--trustee', String(i), '--out', at(`t${i}-mix.json`));
    board = { ...board, mixes: [...board.mixes, readJson<MixMessage>(at(`t${i}-mix.json`))] };
  }
  for (const i of [1, 2]) {
    await ok('trustee', 'decrypt', writeBoard(board), '--key', at(`t${i}-key-share.json`), '--out', at(`t${i}-decryption.json`));
    board = { ...board, decryptions: [...board.decryptions, readJson<DecryptionMessage>(at(`t${i}-decryption.json`))] };
  }
  const last = board.mixes.at(-1)!.ciphertexts.map((c) => vectorFromHex(c, 1)!);
  const { plaintexts, rankings } = combineDecryptions(last, board.decryptions, CANDIDATES.length);
  const t = terms(null);
  const record = recountBoard({
    process: { title: t.title },
    ...t,
    declared: null,
    ballots: rankings.map((r, i) => ({ tracker: String(i), ranking: (r ?? []).map((c) => t.candidates[c]!.id) })),
  });
  if (typeof record === 'string') throw new Error(record);
  honest = { ...board, plaintexts, rankings, count: terms({ elected: record.elected.map((c) => t.candidates[c]!.id), record }) };
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `hustings verify` on a board: its status and its words. */
async function verify(b: unknown): Promise<{ status: number; stdout: string; stderr: string }> {
  return cli('verify', writeBoard(b, 'to-verify.json'));
}

const copy = (): EncryptedBoard => structuredClone(honest) as EncryptedBoard;

describe('the ceremony on people’s machines', () => {
  it('gives a board that hustings verify accepts, recounting the decrypted rankings to the declared result', async () => {
    const r = await verify(honest);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Verified: every proof holds, and the decrypted ballots give the declared result.');
    expect(r.stdout).toContain('recounted independently by irv');
    expect(r.status).toBe(0);
    expect([...honest.rankings].map((x) => x!.join()).sort()).toEqual(RANKINGS.map((x) => x.join()).sort());
  });

  it('writes the private files with mode 0600 and the public credentials sorted, one per voter', () => {
    for (const f of ['private.csv', 't1-round1.json', 't2-round2.json', 't3-key-share.json']) expect(statSync(at(f)).mode & 0o777).toBe(0o600);
    const list = readJson<string[]>(at('public.json'));
    expect(list).toHaveLength(RANKINGS.length);
    expect([...list].sort()).toEqual(list);
    expect(readFileSync(at('private.csv'), 'utf8').split('\n')[0]).toBe('identifier,email,credential');
    expect(readFileSync(at('private.csv'), 'utf8').split('\n')[1]).toMatch(/^M100,v0@example\.org,[0-9a-f]{64}$/);
    // The register: whose public credential is whose, by identifier (sorted), naming exactly the public list's credentials.
    const register = readJson<{ format: string; election: string; register: { identifier: string; credential: string }[] }>(at('public-register.json'));
    expect(register).toMatchObject({ format: 'hustings-credential-register', version: 1, election: ID });
    const ids = register.register.map((r) => r.identifier);
    expect(ids).toEqual([...ids].sort());
    expect(register.register.map((r) => r.credential).sort()).toEqual(list);
  });
});

describe('tampering, each caught and named by hustings verify', () => {
  async function caught(b: EncryptedBoard, code: string, words: RegExp): Promise<void> {
    const r = await verify(b);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`[${code}]`);
    expect(r.stdout).toMatch(words);
    expect(r.stderr).toMatch(/does not verify/);
  }

  for (const m of [0, 1]) {
    it(`mix ${m + 1}: two ciphertexts swapped`, async () => {
      const b = copy();
      const list = b.mixes[m]!.ciphertexts as unknown[];
      [list[0], list[1]] = [list[1], list[0]];
      await caught(b, 'mix-proof', /proof of shuffle fails/);
    });
    it(`mix ${m + 1}: a ciphertext dropped`, async () => {
      const b = copy();
      (b.mixes[m]!.ciphertexts as unknown[]).pop();
      await caught(b, 'mix-length', /dropped or added/);
    });
    it(`mix ${m + 1}: a ciphertext added`, async () => {
      const b = copy();
      const list = b.mixes[m]!.ciphertexts as unknown[];
      list.push(structuredClone(list[0]));
      await caught(b, 'mix-length', /dropped or added/);
    });
  }

  it('a wrong decryption share', async () => {
    const b = copy();
    const share = b.decryptions[1]!.shares[2]![0] as { share: string };
    share.share = pointHex(pointFromHex(share.share)!.add(BASE));
    await caught(b, 'decryption-proof', /trustee 2's decryption share of ciphertext 3 does not verify/);
  });

  it('a ballot with a forged credential (signed without its secret)', async () => {
    const b = copy();
    const ballot = b.ballots[0] as { signature: { response: string } };
    ballot.signature.response = scalarHex(scalarFromHex(ballot.signature.response)! + 1n);
    await caught(b, 'ballot-signature', /ballot 1's signature does not verify/);
  });

  it('a ballot with an unpublished credential (one the server made up)', async () => {
    const b = copy();
    const key = pointFromHex(b.electionKey)!;
    const made = castEncryptedBallot({ electionId: ID, electionKey: key, candidates: 4 }, 'ab'.repeat(32), [1], seededRandom('stuffed'));
    (b.ballots as EncryptedBallot[]).push(made.ballot);
    await caught(b, 'ballot-credential-unknown', /never published/);
  });

  it('a credential used twice', async () => {
    const b = copy();
    const key = pointFromHex(b.electionKey)!;
    const again = castEncryptedBallot({ electionId: ID, electionKey: key, candidates: 4 }, secrets[0]!, [2], seededRandom('twice'));
    (b.ballots as EncryptedBallot[]).push(again.ballot);
    await caught(b, 'ballot-credential-reused', /ballot 7 uses the credential of ballot 1/);
  });

  it('a ballot copied from another voter (re-signed with an abstainer’s credential)', async () => {
    const b = copy();
    const abstainer = 'cd'.repeat(32);
    const key = pointFromHex(b.electionKey)!;
    const context = { electionId: ID, electionKey: key, candidates: 4 };
    const published = castEncryptedBallot(context, abstainer, [], seededRandom('abstainer')).ballot.credential;
    (b.credentials as string[]).push(published);
    (b.credentials as string[]).sort();
    const { signature: _, ...body } = b.ballots[2]!;
    const copied = signBallot(context, abstainer, { ...body, credential: published }, seededRandom('copy'));
    (b.ballots as EncryptedBallot[]).push(copied);
    await caught(b, 'ballot-proof', /ballot 7's proof of knowledge does not verify/);
  });

  it('a ballot changed on the board', async () => {
    const b = copy();
    const ballot = b.ballots[3] as unknown as { ciphertexts: [string, string][] };
    ballot.ciphertexts[0]![1] = pointHex(pointFromHex(ballot.ciphertexts[0]![1])!.add(BASE));
    await caught(b, 'ballot-signature', /ballot 4's signature does not verify/);
  });

  it('a decrypted ranking altered before counting', async () => {
    const b = copy();
    const rankings = b.rankings as (number[] | null)[];
    rankings[0] = rankings[0]!.length > 0 ? [rankings[0]![0] === 3 ? 2 : 3] : [0];
    await caught(b, 'ranking-mismatch', /ranking 1 is not what ciphertext 1 of the last mix decrypts to/);
  });

  it('a declared result that the decrypted ballots do not give', async () => {
    const b = copy();
    const declared = b.count!.declared as unknown as { elected: string[] };
    declared.elected = [declared.elected[0] === 'c1' ? 'c2' : 'c1'];
    const r = await verify(b);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/declared elected: (Ann|Bob); the record elects/);
  });
});

describe('the commands refuse, naming why, and write nothing', () => {
  it('credentials generate: an existing file, a bad voters file (file:line), a repeated voter', async () => {
    const again = await cli(...generateArgs('voters.csv', 'private.csv', 'new.json'));
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/private\.csv already exists: nothing was written/);
    expect(existsSync(at('new.json'))).toBe(false);
    writeFileSync(at('bad.csv'), 'id,email\nM1,a@example.org\nM2\n');
    const bad = await cli(...generateArgs('bad.csv', 'p2.csv', 'p2.json'));
    expect(bad.stderr).toContain(`${at('bad.csv')}:3: 1 cells, but the header row has 2`);
    writeFileSync(at('twice.csv'), 'id,email\nM1,a@example.org\n\nM1,b@example.org\n');
    const twice = await cli(...generateArgs('twice.csv', 'p2.csv', 'p2.json'));
    expect(twice.stderr).toContain(`${at('twice.csv')}:4: the identifier "M1" is already on line 2`);
    expect(existsSync(at('p2.csv'))).toBe(false);
    const nowhere = await cli(...generateArgs('voters.csv', 'p3.csv', 'no-such-dir/p3.json'));
    expect(nowhere.status).not.toBe(0);
    expect(nowhere.stderr).toContain('no-such-dir/p3.json');
    expect(existsSync(at('p3.csv'))).toBe(false);
  });

  it('trustee keygen finish names the trustee who dealt a bad share', async () => {
    const b = structuredClone(honest) as unknown as { keyGeneration: { shares: { to: number; masked: string }[] }[] };
    const share = b.keyGeneration[2]!.shares.find((s) => s.to === 2)!;
    share.masked = scalarHex(scalarFromHex(share.masked)! + 1n);
    const r = await cli('trustee', 'keygen', 'finish', writeBoard(b, 'bad-shares.json'), '--secret', at('t2-round2.json'), '--key-out', at('t2-again.json'));
    expect(r.stderr).toMatch(/dealt to you by trustee 3 does not match its commitments/);
    expect(existsSync(at('t2-again.json'))).toBe(false);
  });

  it('trustee mix refuses a board whose earlier mix fails, and a trustee mixing twice', async () => {
    const b = copy();
    const list = b.mixes[0]!.ciphertexts as unknown[];
    [list[0], list[1]] = [list[1], list[0]];
    const tampered = await cli('trustee', 'mix', writeBoard({ ...b, decryptions: [] }, 'tampered.json'), '--trustee', '2', '--out', at('t2-mix.json'));
    expect(tampered.stderr).toMatch(/does not verify, so there is nothing safe to mix: .*\[mix-proof\]/);
    const twice = await cli('trustee', 'mix', writeBoard({ ...honest, decryptions: [] }, 'twice.json'), '--trustee', '1', '--out', at('t1-mix-again.json'));
    expect(twice.stderr).toMatch(/trustee 1 has already mixed/);
    expect(existsSync(at('t2-mix.json'))).toBe(false);
  });

  it('trustee decrypt refuses an existing output file and a key of another trustee’s election', async () => {
    const r = await cli(
      'trustee',
      'decrypt',
      writeBoard({ ...honest, decryptions: [] }, 'd.json'),
      '--key',
      at('t1-key-share.json'),
      '--out',
      at('t1-decryption.json'),
    );
    expect(r.stderr).toMatch(/t1-decryption\.json already exists/);
    const other = await cli(
      'trustee',
      'decrypt',
      writeBoard({ ...honest, election: { ...honest.election, id: 'other' }, decryptions: [] }, 'o.json'),
      '--key',
      at('t1-key-share.json'),
      '--out',
      at('o-dec.json'),
    );
    expect(other.stderr).toMatch(/is for election "test-2026-ceremony".*but the board is for "other"/);
  });
});

describe('a board still in its ceremony', () => {
  const partial = (): EncryptedBoard => {
    const { decryptions: _d, plaintexts: _p, rankings: _r, ...rest } = copy();
    return { ...rest, mixes: rest.mixes.slice(0, 1), count: terms(null) } as unknown as EncryptedBoard;
  };

  it('verifies as far as it has gone (ballots and one mix, not yet decrypted)', async () => {
    const r = await verify(partial());
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('the ballots are not yet decrypted');
    expect(r.stdout).toContain('Verified as far as the ceremony has gone');
    expect(r.status).toBe(0);
  });

  it('names a ballot changed while the ballot is still open', async () => {
    const b = partial();
    const ballot = b.ballots[0] as unknown as { proof: { responses: string[] } };
    ballot.proof.responses[0] = scalarHex(scalarFromHex(ballot.proof.responses[0]!)! + 1n);
    const r = await verify(b);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('[ballot-signature]');
  });
});
