/**
 * A rulebook's word on encrypted ballots, held in the application layer: one that takes plain ballots
 * only refuses any choice of encrypted ones, and one that requires them refuses to open a ballot
 * (the step every caller takes: web, command line, demo) until they are set up. The bundled
 * rulebooks all leave it to each process, so these rulebooks are the bundled one with its word changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptionChoiceRefusal, encryptionRequiredRefusal } from '../../src/app/encryption-choice.js';
import { memberId, processId } from '../../src/domain/ids.js';
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
