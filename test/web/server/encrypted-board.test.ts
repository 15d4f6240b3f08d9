/**
 * The encrypted board on the web: public JSON at every stage, holding what the trustees have sent so
 * far (a trustee downloads it to take their next step); a ballot of plain ballots has none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpEncryptedBallot, uploadKeyGeneration } from '../../../src/app/encrypted-ballots.js';
import type { MemberId } from '../../../src/domain/ids.js';
import { trusteeEncryptionKey } from '../../../src/verifiable/dkg.js';
import { seededRandom } from '../../../src/verifiable/random.js';
import { buildWorld, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

describe('the encrypted board', () => {
  it('is public JSON with the messages sent so far, and 404 for a ballot of plain ballots', async () => {
    const id = world.voting.id;
    const members = (await world.store.electorate(id)).filter((e) => e.eligible).map((e) => e.member as MemberId);
    const [t1, t2, t3, authority] = members as [MemberId, MemberId, MemberId, MemberId];
    const setup = await setUpEncryptedBallot(
      world.store,
      world.voting,
      { threshold: 2, trustees: [t1, t2, t3], authority },
      { clock: world.clock, actor: 'officer' },
    );
    if (!setup.ok) throw new Error(setup.error.message);
    const E = setup.value.electionId;
    const own = trusteeEncryptionKey(E, 1, seededRandom('web-board'));
    const sent = await uploadKeyGeneration(world.store, world.clock, world.voting, t1, JSON.stringify({ trustee: 1, key: own.key, keyProof: own.keyProof }));
    expect(sent.ok).toBe(true);

    const res = await world.app.request(`/results/${id}/encrypted-board.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const board = (await res.json()) as { keyGeneration: unknown; electionKey?: string };
    expect(board).toMatchObject({ version: 1, election: { id: E, threshold: 2, trustees: 3 }, credentials: [], ballots: [], mixes: [], decryptions: [] });
    expect(board.keyGeneration).toEqual([{ trustee: 1, key: own.key, keyProof: own.keyProof }]);
    expect(board.electionKey).toBeUndefined();

    const plain = await world.app.request(`/results/${world.counted.id}/encrypted-board.json`);
    expect(plain.status).toBe(404);
    expect(await plain.text()).toContain('not encrypted');
  });
});
