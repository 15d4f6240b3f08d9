/**
 * A rulebook's word on encrypted ballots, held in the application layer: one that takes plain ballots
 * only refuses any choice of encrypted ones, and one that requires them refuses an opening that asks
 * for plain ballots outright and refuses to open a ballot (the step every caller takes: web, command
 * line, demo) until they are set up. The bundled rulebooks all leave it to each process, so these
 * rulebooks are the bundled one with its word changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptionChoiceRefusal, encryptionRequiredRefusal } from '../../src/app/encryption-choice.js';
import { openElection, openSelectionIn } from '../../src/app/open-process.js';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import type { BallotEncryption, Rulebook } from '../../src/domain/rulebook.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-encryption-choice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const saying = (encryption: BallotEncryption): Rulebook => ({ ...LABOUR_2021, ballots: { encryption } });
const choice = { threshold: 1, trustees: [memberId('m1')], authority: memberId('m2') };

describe('a rulebook’s word on encrypted ballots', () => {
  it('plain ballots only: any choice of encrypted ones is refused, saying so', async () => {
    const store = await openStore(`sqlite:${join(dir, 'never.db')}`);
    try {
      const r = await encryptionChoiceRefusal(store, saying('never'), choice);
      expect(r?.error).toMatchObject({ code: 'conflict', reason: 'encryption-not-allowed', message: 'Labour 2021 takes plain ballots only.' });
    } finally {
      await store.close();
    }
  });

  it('required: the ballot cannot open without the set-up, and the refusal says what to do; with it, or under a rulebook that leaves it to the process, it may', async () => {
    const store = await openStore(`sqlite:${join(dir, 'required.db')}`);
    try {
      const id = processId('sel-x-1');
      const refused = await encryptionRequiredRefusal(store, id, saying('required'));
      expect(refused?.error.reason).toBe('encryption-required');
      expect(refused?.error.message).toMatch(/requires encrypted ballots, and none are set up, so the ballot cannot open\. Choose encrypted ballots first/);
      expect(refused?.error.message).toContain('hustings selection encrypt');
      expect(await encryptionRequiredRefusal(store, id, LABOUR_2021)).toBeNull();
      expect(await encryptionRequiredRefusal(store, id, saying('never'))).toBeNull();
      await store.setUpEncryptedElection(id, { electionId: 'e-1', threshold: 1, trustees: [memberId('m1')], authority: memberId('m2') });
      expect(await encryptionRequiredRefusal(store, id, saying('required'))).toBeNull();
    } finally {
      await store.close();
    }
  });
});

describe('an opening under a rulebook that requires encrypted ballots', () => {
  const unit = (id: string, kind: Unit['kind'], parent: string | null): Unit => ({
    id: unitId(id),
    kind,
    name: kind === 'constituency' ? 'Ashfield' : `Unit ${id}`,
    parent: parent === null ? null : unitId(parent),
    constituency: kind === 'branch' ? unitId('ash') : null,
  });
  const member = (n: number): Member => ({
    id: memberId(`m${n}`),
    name: `Member ${n}`,
    email: null,
    branch: unitId('ash:b1'),
    joined: isoDate('2010-01-01'),
    statusHistory: [{ from: isoDate('2010-01-01'), status: 'current' }],
    gender: 'woman',
  });
  const clock = fixedClock('2024-03-01T12:00:00.000Z');
  const selection = {
    timetable: {
      applicationsClose: isoDate('2024-03-15'),
      nominationsClose: isoDate('2024-04-01'),
      freezeDate: isoDate('2024-03-01'),
      ballotOpens: isoDate('2024-04-15'),
      ballotCloses: isoDate('2024-05-01'),
    },
  };
  const election = {
    nominationsClose: isoDate('2024-04-01'),
    freezeDate: isoDate('2024-03-01'),
    ballotOpens: isoDate('2024-04-15'),
    ballotCloses: isoDate('2024-05-01'),
  };
  const required = saying('required');

  it('refuses plain ballots asked for outright, naming the rule, and stores nothing; encrypted ones open with their set-up', async () => {
    const store = await openStore(`sqlite:${join(dir, 'opening.db')}`);
    try {
      await store.putUnits([unit('party', 'party', null), unit('ash', 'constituency', 'party'), unit('ash:b1', 'branch', 'ash')]);
      await store.putMembers([1, 2, 3].map(member));
      const a = { store, clock, actor: 'tester' };
      const ash = (await store.getUnit(unitId('ash')))!;
      const head = await store.auditHead();

      const plainSelection = await openSelectionIn(a, ash, required, { ...selection, encryption: 'plain' });
      const plainElection = await openElection(a, required, 'Treasurer 2024', election, undefined, { encryption: 'plain' });
      for (const refused of [plainSelection, plainElection]) {
        expect(refused.ok).toBe(false);
        if (refused.ok) continue;
        expect(refused.error).toMatchObject({ code: 'conflict', reason: 'plain-not-allowed' });
        expect(refused.error.message).toBe(
          'Labour 2021 requires encrypted ballots, so this ballot cannot have plain ones. Choose encrypted ballots, naming the trustees and the credential authority.',
        );
      }
      expect(await store.listProcesses()).toEqual([]);
      expect(await store.auditHead()).toEqual(head);

      // The same plain ballots under a rulebook that leaves the choice to the process open as asked.
      const leftToIt = await openElection(a, LABOUR_2021, 'Secretary 2024', election, undefined, { encryption: 'plain' });
      expect(leftToIt.ok).toBe(true);
      if (leftToIt.ok) expect(await store.encryptedElectionOf(leftToIt.value.id)).toBeNull();

      const encrypted = await openSelectionIn(a, ash, required, {
        ...selection,
        encryption: { threshold: 1, trustees: [memberId('m1')], authority: memberId('m2') },
      });
      expect(encrypted.ok).toBe(true);
      if (!encrypted.ok) return;
      expect(await store.encryptedElectionOf(encrypted.value.process.id)).toMatchObject({ threshold: 1, trustees: ['m1'], authority: 'm2' });
    } finally {
      await store.close();
    }
  });
});
