/**
 * An encrypted ballot from end to end with both sides real: the server's use cases on SQLite, and
 * the people's side through the very commands they run (`hustings credentials generate`, `hustings
 * trustee keygen start|deal|finish|mix|decrypt`) on files, each reading the board the server
 * publishes and each upload going through the server's checks; members cast ballots made as the
 * booth makes them (and one paper vote, encrypted as an officer's device does); then `hustings verify` recounts the server's final board, and names what is
 * wrong with a tampered copy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyStepTo } from '../../src/app/apply-step.js';
import { closeBallot } from '../../src/app/close-ballot.js';
import * as encrypted from '../../src/app/encrypted-ballots.js';
import { populate } from '../../src/app/populate-demo.js';
import { hustingsInProcess } from '../cli/in-process.js';
import { generateParty } from '../../src/demo/generate.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { votingWindow, type SelectionState } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import { castEncryptedBallot, encryptPaperBallot } from '../../src/verifiable/ballot.js';
import { recordPaperVote } from '../../src/app/paper-votes.js';
import type { SelectionDocument } from '../../src/domain/processes/documents.js';
import type { EncryptedBoard } from '../../src/verifiable/board.js';
import { pointFromHex } from '../../src/verifiable/group.js';
import { seededRandom } from '../../src/verifiable/random.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-encrypted-ceremony-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);

const cli = hustingsInProcess;

async function run(...argv: string[]): Promise<string> {
  const r = await cli(...argv);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const RANKINGS = [[0, 1], [1, 0, 2], [0], [2, 1], [1]];

describe('an encrypted selection, the server on SQLite and people on the command line', () => {
  it('runs the ceremony through files, and hustings verify recounts the server’s board and names tampering', async () => {
    const store = await openStore(`sqlite:${at('store.db')}`);
    try {
      await populate(store, generateParty({ seed: 3, members: 400, today: isoDate('2024-06-01') }), LABOUR_2021);
      const proc = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open')!;
      const id = proc.id as ProcessId;
      const state = proc.state as SelectionState;
      const during = fixedClock(new Date(votingWindow(state).opens.getTime() + 3_600_000));
      const after = fixedClock(new Date(votingWindow(state).closes.getTime() + 60_000));
      const eligible = (await store.electorate(id)).filter((e) => e.eligible).map((e) => e.member);
      const trustees = eligible.slice(0, 3) as MemberId[];
      const authority = eligible[3] as MemberId;
      const voters = eligible.slice(4, 4 + RANKINGS.length) as MemberId[];
      const setup = value(await encrypted.setUpEncryptedBallot(store, proc, { threshold: 2, trustees, authority }, { clock: during, actor: 'officer' }));
      const E = setup.electionId;

      /** The board as the route publishes it, downloaded into a file. */
      let downloads = 0;
      const download = async (): Promise<string> => {
        const doc = (await store.processDocument(id))!;
        const file = at(`board-${++downloads}.json`);
        writeFileSync(file, `${JSON.stringify(value(await encrypted.encryptedBoardOf(store, doc, doc.state as SelectionState)), null, 1)}\n`);
        return file;
      };
      const upload = (file: string) => readFileSync(file, 'utf8');

      // The credential authority, on their own machine, from the list of voters; the public file goes up.
      writeFileSync(at('voters.csv'), `membership number\n${voters.join('\n')}\n`);
      await run(
        'credentials',
        'generate',
        '--election',
        E,
        '--voters',
        at('voters.csv'),
        '--private',
        at('private.csv'),
        '--public',
        at('public.json'),
        '--register',
        at('register.json'),
      );
      expect(value(await encrypted.uploadPublicCredentials(store, during, proc, authority, upload(at('public.json')), upload(at('register.json'))))).toEqual({
        credentials: voters.length,
        registered: voters.length,
      });

      // The trustees' three rounds, each on the board as the server publishes it after the last.
      const first = await download();
      for (const [i, t] of trustees.entries()) {
        const n = String(i + 1);
        await run('trustee', 'keygen', 'start', first, '--trustee', n, '--secret-out', at(`t${n}-s1.json`), '--out', at(`t${n}-key.json`));
        value(await encrypted.uploadKeyGeneration(store, during, proc, t, upload(at(`t${n}-key.json`))));
      }
      const keys = await download();
      for (const [i, t] of trustees.entries()) {
        const n = String(i + 1);
        await run('trustee', 'keygen', 'deal', keys, '--secret', at(`t${n}-s1.json`), '--secret-out', at(`t${n}-s2.json`), '--out', at(`t${n}-deal.json`));
        value(await encrypted.uploadKeyGeneration(store, during, proc, t, upload(at(`t${n}-deal.json`))));
      }
      const dealt = await download();
      for (const n of ['1', '2', '3']) await run('trustee', 'keygen', 'finish', dealt, '--secret', at(`t${n}-s2.json`), '--key-out', at(`t${n}-x.json`));

      // Members vote: the booth encrypts each ranking with the member's private credential.
      const context = (await encrypted.encryptionContextOf(store, proc, state))!;
      const secretOf = new Map(
        readFileSync(at('private.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((row) => [row.split(',')[0]!, row.split(',')[2]!]),
      );
      const booth = { electionId: E, electionKey: pointFromHex(context.electionKey)!, candidates: context.candidates.length };
      const random = seededRandom('encrypted-ceremony-booth');
      for (const [i, v] of voters.slice(0, -1).entries()) {
        const made = castEncryptedBallot(booth, secretOf.get(v)!, RANKINGS[i]!, random);
        value(await encrypted.castEncryptedVote(store, during, proc, state, v, JSON.stringify(made.ballot)));
      }
      // The last voter votes by post: the officer's device encrypts the paper under the credential the register gives them.
      const byPost = voters.at(-1)!;
      const paperContext = value(await encrypted.paperBallotContextOf(store, proc, state, byPost));
      const paper = encryptPaperBallot(booth, paperContext.credential, 'postal', RANKINGS.at(-1)!, random).ballot;
      const doc = (await store.processDocument(id)) as SelectionDocument;
      value(
        await recordPaperVote(store, during, {
          process: doc,
          member: byPost,
          channel: 'postal',
          ranking: [],
          encrypted: JSON.stringify(paper),
          actor: 'officer',
        }),
      );
      expect((await closeBallot({ store, clock: after, rulebook: LABOUR_2021, actor: 'officer' }, { id })).ok).toBe(true);

      // At the close: trustees 1 and 3 mix, each on the board after the last mix; 1 and 2 decrypt.
      for (const n of [1, 3]) {
        await run('trustee', 'mix', await download(), '--trustee', String(n), '--out', at(`t${n}-mix.json`));
        value(await encrypted.uploadMix(store, during, proc, trustees[n - 1]!, upload(at(`t${n}-mix.json`))));
      }
      const mixed = await download();
      for (const n of [1, 2]) {
        await run('trustee', 'decrypt', mixed, '--key', at(`t${n}-x.json`), '--out', at(`t${n}-dec.json`));
        value(await encrypted.uploadDecryption(store, during, proc, trustees[n - 1]!, upload(at(`t${n}-dec.json`))));
      }
      value(await encrypted.countEncryptedBallot(store, after, (await store.processDocument(id))!, LABOUR_2021, 'officer'));
      expect((await applyStepTo({ store, clock: after, actor: 'officer' }, id, 'selection', { type: 'declare' })).ok).toBe(true);

      // Each step is in the audit log: the set-up and every accepted upload, by who sent it.
      const logged = async (type: Parameters<typeof store.auditEntriesOf>[1]) => (await store.auditEntriesOf(id, type)).map((e) => e.actor);
      expect(await logged('encryption.set-up')).toEqual(['officer']);
      expect(await logged('encryption.credentials-accepted')).toEqual([authority]);
      expect((await logged('encryption.key-generation-accepted')).sort()).toEqual([...trustees, ...trustees].sort());
      expect(await logged('encryption.mix-accepted')).toEqual([trustees[0], trustees[2]]);
      expect(await logged('encryption.decryption-accepted')).toEqual([trustees[0], trustees[1]]);

      // Anyone downloads the final board and verifies it, recount included.
      const final = await download();
      const board = JSON.parse(readFileSync(final, 'utf8')) as EncryptedBoard;
      expect(board.count!.candidates.map((c) => c.id)).toEqual(context.candidates.map((c) => c.id));
      // The protocol numbers candidates by surname, not in shortlist order: the count must number them so too.
      expect(context.candidates.map((c) => c.id)).not.toEqual(state.shortlist);
      expect(board.count!.declared).not.toBeNull();
      expect(board.spent).toEqual({ online: RANKINGS.length - 1, postal: 1, 'in-person': 0 });
      const verified = await cli('verify', final);
      expect(verified.stderr).toBe('');
      expect(verified.stdout).toContain('Verified: every proof holds, and the decrypted ballots give the declared result.');
      expect(verified.stdout).toContain('1 paper ballot entered by officers (1 by post, 0 in person)');
      expect(verified.status).toBe(0);

      // A ranking altered after decryption: caught and named.
      const tampered = structuredClone(board) as unknown as { rankings: (number[] | null)[] };
      tampered.rankings[0] = tampered.rankings[0]?.[0] === 0 ? [1] : [0];
      writeFileSync(at('tampered.json'), JSON.stringify(tampered));
      const caught = await cli('verify', at('tampered.json'));
      expect(caught.status).toBe(1);
      expect(caught.stdout).toContain('[ranking-mismatch]');
      expect(caught.stdout).toContain('a published ranking was altered after decryption');

      // The paper ballot moved to the other paper channel, the counts moved with it: caught and named.
      const moved = structuredClone(board) as unknown as { paperBallots: { channel: string }[]; spent: Record<string, number> };
      moved.paperBallots[0]!.channel = 'in-person';
      moved.spent = { online: RANKINGS.length - 1, postal: 0, 'in-person': 1 };
      writeFileSync(at('moved.json'), JSON.stringify(moved));
      const movedCaught = await cli('verify', at('moved.json'));
      expect(movedCaught.status).toBe(1);
      expect(movedCaught.stdout).toContain('[paper-ballot-proof]');
    } finally {
      await store.close();
    }
  }, 120_000);
});
