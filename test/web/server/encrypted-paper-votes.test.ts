/**
 * The officers' paper-vote page in an encrypted ballot: it gives the page what it encrypts with
 * (the election, its key, the member's public credential from the authority's register) and takes
 * only the paper ballot it made, checked against that member and channel; a ranking sent as it is
 * written is still refused. The paper ballots here are made by src/verifiable, as the page's bundle does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptedBoardOf, setUpEncryptedBallot, uploadKeyGeneration, uploadPublicCredentials } from '../../../src/app/encrypted-ballots.js';
import type { MemberId } from '../../../src/domain/ids.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { encryptPaperBallot, makeCredential, type PaperChannel } from '../../../src/verifiable/ballot.js';
import { dealKeyShares, trusteeEncryptionKey } from '../../../src/verifiable/dkg.js';
import { pointFromHex } from '../../../src/verifiable/group.js';
import { seededRandom } from '../../../src/verifiable/random.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

function made<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The JSON the desk hands its script, read back from the attribute as a browser would. */
function pageContext(text: string): { electionId: string; electionKey: string; candidates: number; numbers: Record<string, number>; credential: string } {
  const raw = /data-encrypted-paper="([^"]*)"/.exec(text)?.[1];
  if (raw === undefined) throw new Error('the desk has no encrypted form');
  return JSON.parse(
    raw
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

describe('paper votes in an encrypted ballot, on the officers’ page', () => {
  it('encrypt on the officer’s device under the member’s credential, are recorded and listed on the board, and refuse in words what does not fit', async () => {
    const proc = world.voting;
    const id = proc.id;
    const state = proc.state as SelectionState;
    const clock = world.clock;
    const eligible = (await world.store.electorate(id)).filter((e) => e.eligible).map((e) => e.member as MemberId);
    const [t1, t2, authority, postal, inPerson, unregistered] = eligible as [MemberId, MemberId, MemberId, MemberId, MemberId, MemberId];
    const E = made(await setUpEncryptedBallot(world.store, proc, { threshold: 2, trustees: [t1, t2], authority }, { clock, actor: 'officer' })).electionId;
    const random = seededRandom('web-paper');
    const own = [1, 2].map((i) => trusteeEncryptionKey(E, i, random));
    for (const [i, t] of [t1, t2].entries())
      made(await uploadKeyGeneration(world.store, clock, proc, t, JSON.stringify({ trustee: i + 1, key: own[i]!.key, keyProof: own[i]!.keyProof })));
    const keys = own.map((o) => o.key);
    for (const [i, t] of [t1, t2].entries())
      made(await uploadKeyGeneration(world.store, clock, proc, t, JSON.stringify(dealKeyShares(E, own[i]!, 2, keys, random).message)));

    const officer = await new Client(world).actAs(world.people.nationalOfficer.member);
    const desk = `/processes/${id}/paper-votes`;
    const lookUp = (m: MemberId) => officer.get(`${desk}?member=${encodeURIComponent(m)}`);

    // Before the authority's register is in, no member's credential is known: the lookup says so.
    const early = await lookUp(postal);
    expect(early.status).toBe(409);
    expect(early.text).toContain('did not upload the register of whose credential is whose');
    expect(early.text).not.toContain('data-encrypted-paper');

    const credentialOf = new Map([postal, inPerson].map((m) => [m, makeCredential(random)]));
    const list = JSON.stringify([...credentialOf.values()].map((c) => c.publicCredential));
    const register = JSON.stringify({
      format: 'hustings-credential-register',
      version: 1,
      election: E,
      register: [...credentialOf].map(([identifier, c]) => ({ identifier, credential: c.publicCredential })),
    });
    made(await uploadPublicCredentials(world.store, clock, proc, authority, list, register));

    // The desk hands the page the election, its key, the member's public credential, and says the ranking is encrypted here.
    const page = await lookUp(postal);
    expect(page.status).toBe(200);
    expect(page.text).toContain('The ranking you enter is encrypted on this device');
    expect(page.text).toContain('needs JavaScript');
    expect(page.text).toContain('/static/paper-ballot.js');
    expect(page.text).toContain(`action="${desk}/encrypted"`);
    const context = pageContext(page.text);
    expect(context.credential).toBe(credentialOf.get(postal)!.publicCredential);
    expect(context.electionId).toBe(E);
    expect(Object.keys(context.numbers).sort()).toEqual([...state.shortlist!].sort());
    const ballotContext = { electionId: E, electionKey: pointFromHex(context.electionKey)!, candidates: context.candidates };
    const paper = (credential: string, channel: PaperChannel, ranking: number[]) =>
      JSON.stringify(encryptPaperBallot(ballotContext, credential, channel, ranking, random).ballot);

    // Not registered: refused at the lookup, in words.
    const stranger = await lookUp(unregistered);
    expect(stranger.status).toBe(409);
    expect(stranger.text).toContain('register does not name member');

    // A ranking sent as it is written is refused, on both plain routes, and nothing is stored.
    const first = state.shortlist![0]!;
    const plainReview = await officer.post(`${desk}/review`, { member: postal, channel: 'postal', [`rank-${first}`]: '1' });
    expect(plainReview.status).toBe(409);
    expect(plainReview.text).toContain('votes are encrypted');
    const plainRecord = await officer.post(desk, { member: postal, channel: 'postal', [`rank-${first}`]: '1', action: 'record' });
    expect(plainRecord.status).toBe(409);
    expect(await world.store.encryptedBallots(id)).toEqual([]);

    // Refusals of what was sent, each in words, with nothing stored.
    const send = (member: MemberId, channel: string, ballot?: string) =>
      officer.post(`${desk}/encrypted`, { member, channel, ...(ballot === undefined ? {} : { ballot }) });
    const postalCredential = credentialOf.get(postal)!.publicCredential;
    const refusals: [Promise<{ status: number; text: string }>, number, string][] = [
      [send(postal, 'postal'), 400, 'No encrypted vote was sent'],
      [send(postal, 'by pigeon', paper(postalCredential, 'postal', [0])), 400, 'without saying how it was made'],
      [send(postal, 'postal', '{"credential":'), 400, 'not an encrypted paper vote'],
      [send(postal, 'postal', paper(credentialOf.get(inPerson)!.publicCredential, 'postal', [0])), 422, 'not made under'],
      [send(postal, 'in-person', paper(postalCredential, 'postal', [0])), 422, 'made another way than the one chosen'],
      [send(postal, 'postal', JSON.stringify({ ...JSON.parse(paper(postalCredential, 'in-person', [0])), channel: 'postal' })), 422, 'could not be checked'],
      [send(unregistered, 'postal', paper(postalCredential, 'postal', [0])), 409, 'register does not name member'],
    ];
    for (const [reply, status, words] of refusals) {
      const r = await reply;
      expect(r.status, words).toBe(status);
      expect(r.text.replace(/&#39;|&rsquo;/g, '’')).toContain(words);
      expect(r.text).toContain('Nothing was saved.');
    }
    expect(await world.store.encryptedBallots(id)).toEqual([]);

    // The real thing: recorded, with a tracker, naming neither member nor ranking; the board lists it and what the channel spent.
    const recorded = await send(postal, 'postal', paper(postalCredential, 'postal', [1, 0]));
    expect(recorded.status).toBe(200);
    expect(recorded.text).toContain('A vote by post has been recorded');
    expect(recorded.text).not.toContain(postal);
    const inPersonRecorded = await send(inPerson, 'in-person', paper(credentialOf.get(inPerson)!.publicCredential, 'in-person', []));
    expect(inPersonRecorded.status).toBe(200);
    const board = made(await encryptedBoardOf(world.store, proc, state));
    expect(board.paperBallots?.map((b) => b.channel).sort()).toEqual(['in-person', 'postal']);
    expect(board.spent).toMatchObject({ online: 0, postal: 1, 'in-person': 1 });

    // One vote per member: a second paper vote is refused, and the member can no longer be entered.
    const again = await send(postal, 'in-person', paper(postalCredential, 'in-person', [0]));
    expect(again.status).toBe(409);
    expect(again.text).toContain('has already voted');
    expect(await world.store.encryptedBallots(id)).toHaveLength(2);
  }, 120_000);
});
