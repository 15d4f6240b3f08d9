/**
 * The ceremony's pages on the web: the credential authority uploads the public credentials, and
 * each trustee is shown the step the ceremony needs from them with its command, and uploads its
 * file; only the person the set-up named may use each page, and a refused upload is told beside
 * the field in the app's words. The files are made by the real `hustings` commands.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpEncryptedBallot } from '../../../src/app/encrypted-ballots.js';
import type { MemberId } from '../../../src/domain/ids.js';
import { hustingsInProcess } from '../../cli/in-process.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const file = (name: string, text: string) => ({ file: { name, type: 'application/json', bytes: new TextEncoder().encode(text) } });

describe('the encrypted ballot’s ceremony pages', () => {
  it('let the authority and each trustee, and nobody else, send their files, refusing a bad one beside the field', async () => {
    const id = world.voting.id;
    const eligible = (await world.store.electorate(id)).filter((e) => e.eligible).map((e) => e.member as MemberId);
    const [t1, t2, authority] = eligible as [MemberId, MemberId, MemberId];
    const setup = await setUpEncryptedBallot(
      world.store,
      world.voting,
      { threshold: 1, trustees: [t1, t2], authority },
      { clock: world.clock, actor: 'officer' },
    );
    if (!setup.ok) throw new Error(setup.error.message);
    const as = async (m: MemberId) => new Client(world).actAs((await world.store.membersById([m]))[0]!);
    const at = (name: string) => join(world.dir, name);

    // The officers' paper-vote desk is open, but a ranking sent as it is written is refused (encrypted-paper-votes.test.ts has the rest).
    const officer = await new Client(world).actAs(world.people.nationalOfficer.member);
    expect((await officer.get(`/processes/${id}/paper-votes`)).status).toBe(200);
    const plain = await officer.post(`/processes/${id}/paper-votes/review`, { member: eligible[6]!, channel: 'postal' });
    expect(plain.status).toBe(409);
    expect(plain.text).toContain('votes are encrypted: a paper vote must be encrypted under the member&#39;s credential on your own device');

    // Only the authority has the credentials page; only a trustee the trustee page.
    const trustee1 = await as(t1);
    expect((await trustee1.get(`/ballots/${id}/credentials`)).status).toBe(403);
    const auth = await as(authority);
    expect((await auth.get(`/ballots/${id}/trustee`)).status).toBe(403);
    const page = await auth.get(`/ballots/${id}/credentials`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`hustings credentials generate --election ${setup.value.electionId} --voters voters.csv`);

    // A bad file is refused beside the field, and nothing is kept; the public file is taken.
    const bad = await auth.postFiles(`/ballots/${id}/credentials`, {}, file('public.json', '["ab"]'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('class="error-message"');
    expect(bad.text).toContain('Credential 1 in the list is not a public credential');
    expect(await world.store.publicCredentials(id)).toEqual([]);
    writeFileSync(at('voters.csv'), `member\n${eligible.slice(3, 6).join('\n')}\n`);
    const made = await hustingsInProcess(
      'credentials',
      'generate',
      '--election',
      setup.value.electionId,
      '--voters',
      at('voters.csv'),
      '--private',
      at('private.csv'),
      '--public',
      at('public.json'),
      '--register',
      at('register.json'),
    );
    expect(made.status).toBe(0);
    expect(page.text).toContain('Register of credentials (optional)');
    // A register that does not match the public list is refused in words, and neither file is kept.
    const register = readFileSync(at('register.json'), 'utf8');
    const short = JSON.parse(register) as { register: unknown[] };
    short.register.pop();
    const mismatched = await auth.postFiles(
      `/ballots/${id}/credentials`,
      {},
      {
        ...file('public.json', readFileSync(at('public.json'), 'utf8')),
        register: { name: 'register.json', type: 'application/json', bytes: new TextEncoder().encode(JSON.stringify(short)) },
      },
    );
    expect(mismatched.status).toBe(400);
    expect(mismatched.text).toContain('The register names 2 of the 3 public credentials');
    expect(await world.store.publicCredentials(id)).toEqual([]);
    const sent = await auth.postFiles(
      `/ballots/${id}/credentials`,
      {},
      {
        ...file('public.json', readFileSync(at('public.json'), 'utf8')),
        register: { name: 'register.json', type: 'application/json', bytes: new TextEncoder().encode(register) },
      },
    );
    expect(sent.status).toBe(303);
    expect((await auth.get(`/ballots/${id}/credentials`)).text).toContain('The public credentials are in: 3 of them');
    expect(await world.store.registerSize(id)).toBe(3);
    expect(await world.store.auditEntriesOf(id, 'encryption.credentials-accepted')).toHaveLength(1);

    // Trustee 1: round one, with the command to run; another trustee's file is refused in words.
    const round1 = await trustee1.get(`/ballots/${id}/trustee`);
    expect(round1.status).toBe(200);
    expect(round1.text).toContain('You are trustee 1 of this ballot.');
    expect(round1.text).toContain('hustings trustee keygen start board.json --trustee 1 --secret-out key-round1.json --out key.json');
    const board = async (name: string) => {
      const res = await trustee1.getRaw(`/results/${id}/encrypted-board.json`);
      writeFileSync(at(name), await res.text());
      return at(name);
    };
    const b1 = await board('board1.json');
    for (const i of ['1', '2']) {
      const r = await hustingsInProcess('trustee', 'keygen', 'start', b1, '--trustee', i, '--secret-out', at(`t${i}-s1.json`), '--out', at(`t${i}-key.json`));
      expect(r.stderr).toBe('');
    }
    const wrong = await trustee1.postFiles(`/ballots/${id}/trustee`, {}, file('key.json', readFileSync(at('t2-key.json'), 'utf8')));
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('The file is the message of trustee 2, but you are trustee 1.');
    expect((await trustee1.postFiles(`/ballots/${id}/trustee`, {}, file('key.json', readFileSync(at('t1-key.json'), 'utf8')))).status).toBe(303);
    expect((await trustee1.get(`/ballots/${id}/trustee`)).text).toContain('The next step waits for the other trustees');

    // Trustee 2 sends round one; both are asked for round two, then shown how to finish their key.
    const trustee2 = await as(t2);
    expect((await trustee2.postFiles(`/ballots/${id}/trustee`, {}, file('key.json', readFileSync(at('t2-key.json'), 'utf8')))).status).toBe(303);
    expect((await trustee1.get(`/ballots/${id}/trustee`)).text).toContain('hustings trustee keygen deal board.json');
    const b2 = await board('board2.json');
    for (const [i, c] of [
      ['1', trustee1],
      ['2', trustee2],
    ] as const) {
      const r = await hustingsInProcess(
        'trustee',
        'keygen',
        'deal',
        b2,
        '--secret',
        at(`t${i}-s1.json`),
        '--secret-out',
        at(`t${i}-s2.json`),
        '--out',
        at(`t${i}-deal.json`),
      );
      expect(r.stderr).toBe('');
      expect((await c.postFiles(`/ballots/${id}/trustee`, {}, file('keygen.json', readFileSync(at(`t${i}-deal.json`), 'utf8')))).status).toBe(303);
    }
    const finish = await trustee2.get(`/ballots/${id}/trustee`);
    expect(finish.text).toContain('hustings trustee keygen finish board.json --secret key-round2.json --key-out decryption-key.json');
    expect(finish.text).not.toContain('type="file"');
    expect(await world.store.auditEntriesOf(id, 'encryption.key-generation-accepted')).toHaveLength(4);
  }, 120_000);
});
