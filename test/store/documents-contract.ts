/**
 * Process documents through a store: what each adapter must do with the schema version kept
 * beside each state (migration 8) and the schemas at the store's boundary.
 */
import { describe, expect, it } from 'vitest';
import { processId } from '../../src/domain/ids.js';
import { selectionOf, triggerBallotOf } from '../../src/domain/processes/index.js';
import { ok } from '../../src/domain/result.js';
import type { Store } from '../../src/store/store.js';
import { selectionTo, triggeredBallot } from '../domain/processes/drivers.js';
import type { AuditDatabase } from './audit-contract.js';

const at = '2024-05-01T10:00:00.000Z';

export function runDocumentContract(name: string, newDatabase: () => Promise<Pick<AuditDatabase, 'url' | 'sql'>>, open: (url: string) => Promise<Store>): void {
  describe(`${name}: process documents`, () => {
    async function withStore(body: (s: Store, db: Pick<AuditDatabase, 'url' | 'sql'>) => Promise<void>): Promise<void> {
      const db = await newDatabase();
      const s = await open(db.url);
      try {
        await body(s, db);
      } finally {
        await s.close();
      }
    }

    it('reads a stored domain state as its document, and changes it as one', async () => {
      await withStore(async (s) => {
        const id = processId('sel-1');
        const state = selectionTo('shortlist').state;
        expect(
          (await s.createProcess({ id, kind: 'selection', constituency: null, rulebook: state.rulebook, state }, { event: { type: 'opened' }, at })).ok,
        ).toBe(true);
        const doc = await s.processDocument(id);
        expect(doc && selectionOf(doc)).toEqual(JSON.parse(JSON.stringify(state)));
        expect(doc && triggerBallotOf(doc)).toBeNull();
        expect((await s.processDocuments({ kind: 'selection' })).map((d) => d.id)).toEqual([id]);
        expect(await s.processDocument(processId('none'))).toBeNull();

        const changed = await s.updateDocument(id, (cur) => {
          const sel = selectionOf(cur);
          return sel === null ? ok({ state: cur.state, event: {}, at }) : ok({ state: { ...sel, title: 'Renamed' }, event: { type: 'renamed' }, at });
        });
        expect(changed.ok && changed.value).toMatchObject({ id, kind: 'selection', version: 2, state: { title: 'Renamed' } });
        expect((await s.processDocument(id))?.state).toMatchObject({ title: 'Renamed' });

        // A next state that does not fit its kind's schema is a bug: thrown, and nothing written.
        await expect(s.updateDocument(id, (cur) => ok({ state: { ...cur.state, phase: 'no such phase' } as never, event: {}, at }))).rejects.toThrow(
          /process "sel-1" cannot be read: .* at phase/,
        );
        expect((await s.getProcess(id))?.version).toBe(2);
      });
    });

    it('refuses a state written by a later release, and one that does not fit, naming the process and the field; the raw state still reads', async () => {
      await withStore(async (s, db) => {
        const later = processId('tb-later');
        const broken = processId('tb-broken');
        for (const id of [later, broken]) {
          const state = triggeredBallot();
          expect(
            (await s.createProcess({ id, kind: 'trigger-ballot', constituency: null, rulebook: state.rulebook, state }, { event: { type: 'opened' }, at })).ok,
          ).toBe(true);
        }
        // As whoever holds the database could, behind the store's back.
        await db.sql(`UPDATE processes SET state_schema = 7 WHERE id = 'tb-later'`);
        const text = JSON.stringify({ ...triggeredBallot(), closes: 'soon' }).replaceAll("'", "''");
        await db.sql(`UPDATE processes SET state = '${text}' WHERE id = 'tb-broken'`);
        await s.close();
        const again = await open(db.url);
        try {
          await expect(again.processDocument(later)).rejects.toThrow(
            /process "tb-later" cannot be read: its trigger-ballot state was written at schema version 7, newer than the 1 this Hustings knows/,
          );
          await expect(again.processDocument(broken)).rejects.toThrow(/process "tb-broken" cannot be read: .* at closes/);
          await expect(again.processDocuments()).rejects.toThrow(/cannot be read/);
          expect((await again.getProcess(broken))?.state).toMatchObject({ closes: 'soon' });
        } finally {
          await again.close();
        }
      });
    });
  });
}
