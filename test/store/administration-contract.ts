/**
 * What administration needs of the store, run by both adapters' test files: members and units
 * found by name (each word of the query begins a word of the name, ignoring case; in name order;
 * limited; a LIKE wildcard is a plain character), the organisation's settings (none until set, then
 * replaced), and the audit log listed by actor, event type, process and time, together or alone.
 * Each test works in a database of its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditRecord } from '../../src/audit/index.js';
import { createHash } from 'node:crypto';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { isoDate } from '../../src/domain/time.js';
import type { Store } from '../../src/store/store.js';

const unit = (id: string, name: string, kind: Unit['kind'] = 'branch', parent: string | null = 'party'): Unit => ({
  id: unitId(id),
  kind,
  name,
  parent: parent === null ? null : unitId(parent),
  constituency: null,
});

const member = (id: string, name: string): Member => ({
  id: memberId(id),
  name,
  email: `${id}@example.org`,
  branch: unitId('b1'),
  joined: isoDate('2020-01-15'),
  statusHistory: [{ from: isoDate('2020-01-15'), status: 'current' }],
  gender: null,
});

const AT = '2024-06-01T09:00:00.000Z';

export function runAdministrationContract(name: string, fresh: () => Promise<string>, openAt: (url: string) => Promise<Store>): void {
  describe(`${name}: the administration contract`, () => {
    const opened: Store[] = [];
    const open = async (): Promise<Store> => {
      const s = await openAt(await fresh());
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    async function party(): Promise<Store> {
      const s = await open();
      await s.putUnits([
        unit('party', 'The Party', 'party', null),
        unit('b1', 'Cardiff West Central', 'branch'),
        unit('b2', 'Cardiff East', 'branch'),
        unit('b3', 'Penarth and Cardiff South', 'branch'),
      ]);
      await s.putMembers([
        member('m1', 'Jo Bloggs'),
        member('m2', 'Joanna Smith'),
        member('m3', 'Ben Jones'),
        member('m4', 'jo bloggs'),
        member('m5', 'Sam 100% Percent'),
        member('m6', 'Alex Major'),
      ]);
      return s;
    }

    it('finds members whose name has words beginning with each word of the query, ignoring case, in name order', async () => {
      const s = await party();
      const ids = async (text: string, limit = 10) => (await s.findMembers(text, limit)).map((m) => m.id);
      expect(await ids('jo')).toEqual(['m3', 'm1', 'm4', 'm2']);
      expect(await ids('JO BLOG')).toEqual(['m1', 'm4']);
      expect(await ids('bloggs jo')).toEqual(['m1', 'm4']);
      expect(await ids('ones')).toEqual([]);
      expect(await ids('jo', 2)).toEqual(['m3', 'm1']);
      expect(await ids('   ')).toEqual([]);
      // Wildcards are the characters themselves.
      expect(await ids('%')).toEqual([]);
      expect(await ids('100%')).toEqual(['m5']);
      expect(await ids('_')).toEqual([]);
      const [found] = await s.findMembers('alex', 1);
      expect(found).toEqual(member('m6', 'Alex Major'));
      await expect(s.findMembers('jo', 0)).rejects.toThrow(RangeError);
    });

    it('finds units by name the same way', async () => {
      const s = await party();
      expect((await s.findUnits('cardiff', 10)).map((u) => u.id)).toEqual(['b2', 'b1', 'b3']);
      expect((await s.findUnits('cardiff w', 10)).map((u) => u.id)).toEqual(['b1']);
      expect((await s.findUnits('south pen', 10)).map((u) => u.id)).toEqual(['b3']);
      expect(await s.findUnits('party', 10)).toEqual([unit('party', 'The Party', 'party', null)]);
    });

    it('keeps a setting: none until it is set, then the latest value', async () => {
      const s = await open();
      expect(await s.organisationSetting('rulebook-in-force')).toBeNull();
      await s.putOrganisationSetting('rulebook-in-force', 'labour-2021@1');
      await s.putOrganisationSetting('rulebook-in-force', 'labour-2024@1');
      expect(await s.organisationSetting('rulebook-in-force')).toBe('labour-2024@1');
    });

    it('lists the audit log by actor, type, process and time, alone or together', async () => {
      const s = await open();
      const at = (day: number) => `2024-06-${String(day).padStart(2, '0')}T09:00:00.000Z`;
      await s.appendAudit(auditRecord('m1', 'office.appointed', { member: 'm2', unit: 'party', role: 'chair' }, at(1)));
      await s.appendAudit(auditRecord('m1', 'process.step', { process: 'P1', version: 2, kind: 'selection', step: 'x' }, at(2)));
      await s.appendAudit(auditRecord('m2', 'process.step', { process: 'P2', version: 2, kind: 'selection', step: 'x' }, at(3)));
      await s.appendAudit(auditRecord('cli:admin', 'office.removed', { member: 'm2', unit: 'party', role: 'chair' }, at(4)));
      await s.appendAudit(auditRecord('m2', 'process.step', { process: 'P1', version: 3, kind: 'selection', step: 'y' }, at(5)));
      const seqs = async (listing: Parameters<Store['auditEntries']>[0]) => (await s.auditEntries(listing)).map((e) => e.seq);
      expect(await seqs({ actors: ['m1'] })).toEqual([1, 2]);
      expect(await seqs({ actors: ['m2', 'cli:admin'], newestFirst: true })).toEqual([5, 4, 3]);
      expect(await seqs({ actors: [] })).toEqual([]);
      expect(await seqs({ types: ['process.step'] })).toEqual([2, 3, 5]);
      expect(await seqs({ types: [] })).toEqual([]);
      expect(await seqs({ process: 'P1' })).toEqual([2, 5]);
      expect(await seqs({ from: at(2), until: at(4) })).toEqual([2, 3]);
      expect(await seqs({ types: ['process.step'], actors: ['m2'], process: 'P1', from: at(1) })).toEqual([5]);
      expect(await seqs({ types: ['process.step'], before: 5, newestFirst: true, limit: 1 })).toEqual([3]);
    });

    it("keeps candidates' photos by process, member and version, found by digest, the same bytes keeping their version", async () => {
      const s = await open();
      const p = processId('p-photos');
      expect(
        (await s.createProcess({ id: p, kind: 'internal-election', constituency: null, rulebook: 'r@1', state: {} }, { event: { type: 'opened' }, at: AT })).ok,
      ).toBe(true);
      const first = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 0, 255]);
      const second = new Uint8Array([0xff, 0xd8, 0xff, 9, 8, 7]);
      const m = memberId('m1');
      const a = await s.putCandidatePhoto(p, m, { type: 'image/png', bytes: first, at: AT });
      expect(a).toEqual({ version: 1, type: 'image/png', sha256: createHash('sha256').update(first).digest('hex') });
      const b = await s.putCandidatePhoto(p, m, { type: 'image/jpeg', bytes: second, at: AT });
      expect(b.version).toBe(2);
      // Sent again, the same bytes are the version they already were; another member's count is their own.
      expect((await s.putCandidatePhoto(p, m, { type: 'image/png', bytes: first, at: AT })).version).toBe(1);
      expect((await s.putCandidatePhoto(p, memberId('m2'), { type: 'image/png', bytes: first, at: AT })).version).toBe(1);
      const read = await s.candidatePhoto(p, m, b.sha256);
      expect(read && { ...read, bytes: [...read.bytes] }).toEqual({ version: 2, type: 'image/jpeg', sha256: b.sha256, bytes: [...second] });
      expect(await s.candidatePhoto(p, memberId('m3'), b.sha256)).toBeNull();
      expect(await s.candidatePhoto(p, m, '0'.repeat(64))).toBeNull();
    });
  });
}
