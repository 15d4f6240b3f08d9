/**
 * The audit log's storage contract, run by both adapters' test files: appends
 * from many writers at once (store instances in this process and other
 * processes) make one unbroken chain; a process change and its entry are
 * stored together or not at all; the table refuses changes; and tampering
 * with it through raw SQL — an entry's data changed, one deleted, two swapped,
 * the last cut off — is named by `hustings audit verify`, entry and kind.
 *
 * Each test works in a database of its own (the chain is global to one).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRecord, formatHead, verifyChain, type AuditEntry, type AuditRecord } from '../../src/audit/index.js';
import { processId } from '../../src/domain/ids.js';
import { err, ok } from '../../src/domain/result.js';
import { sha256Hex } from '../../src/integrity/sha256.js';
import { readAuditLog } from '../../src/store/audit-rows.js';
import type { Store } from '../../src/store/store.js';
import { hustingsIn } from '../cli/store-cli.js';

/** A new, empty database of the adapter's kind. */
export interface AuditDatabase {
  /** Its store URL (as given to --db). */
  readonly url: string;
  /** Runs statements on it directly, as whoever owns the database could, bypassing the store. */
  sql(statements: string): Promise<void>;
  /** The statements that lift the table's append-only triggers. */
  readonly unguard: string;
}

const at = (n: number): string => new Date(Date.UTC(2024, 5, 1, 9, 0, 0, n)).toISOString();
const appointed = (tag: string, n: number): AuditRecord =>
  auditRecord(`cli:${tag}`, 'office.appointed', { member: `${tag}-${n}`, unit: 'party', role: 'chair' }, at(n));

/** Runs another process that appends `count` entries to the store at `url`. */
function writer(url: string, tag: string, count: number): Promise<void> {
  const script = resolve(import.meta.dirname, 'audit-writer.ts');
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, url, tag, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', fail);
    p.on('exit', (code) => (code === 0 ? done() : fail(new Error(`audit writer ${tag} exited with ${code}: ${out}`))));
  });
}

export function runAuditContract(name: string, fresh: () => Promise<AuditDatabase>, openAt: (url: string) => Promise<Store>): void {
  describe(`${name}: the audit log contract`, () => {
    const opened: Store[] = [];
    const open = async (db: AuditDatabase): Promise<Store> => {
      const s = await openAt(db.url);
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    /** A database holding a chain of `n` entries. */
    async function chainOf(n: number): Promise<{ db: AuditDatabase; store: Store; log: AuditEntry[] }> {
      const db = await fresh();
      const store = await open(db);
      for (let i = 1; i <= n; i++) await store.appendAudit(appointed('a', i));
      return { db, store, log: await readAuditLog(store) };
    }

    const verify = (db: AuditDatabase, ...more: string[]) => hustingsIn(['audit', 'verify', '--db', db.url, ...more]);

    it('appends in order, lists by bounds, and reports the head', async () => {
      const db = await fresh();
      const s = await open(db);
      expect(await s.auditHead()).toBeNull();
      expect(await s.auditEntries()).toEqual([]);
      const first = await s.appendAudit(appointed('a', 1));
      expect(first).toMatchObject({
        seq: 1,
        prev: '0'.repeat(64),
        actor: 'cli:a',
        type: 'office.appointed',
        data: { member: 'a-1', unit: 'party', role: 'chair' },
        at: at(1),
      });
      for (let i = 2; i <= 12; i++) await s.appendAudit(appointed('a', i));
      const all = await s.auditEntries();
      expect(all[0]).toEqual(first);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(all.slice(1).every((e, i) => e.prev === all[i].hash)).toBe(true);
      expect(await s.auditHead()).toEqual({ seq: 12, hash: all[11].hash });
      expect((await s.auditEntries({ after: 10 })).map((e) => e.seq)).toEqual([11, 12]);
      expect((await s.auditEntries({ before: 3 })).map((e) => e.seq)).toEqual([1, 2]);
      expect((await s.auditEntries({ newestFirst: true, limit: 3 })).map((e) => e.seq)).toEqual([12, 11, 10]);
      expect((await s.auditEntries({ after: 2, before: 6, newestFirst: true, limit: 2 })).map((e) => e.seq)).toEqual([5, 4]);
      // Another instance on the same database sees the same chain.
      const other = await open(db);
      expect(await other.auditEntries()).toEqual(all);
      expect(verifyChain(all, { digest: sha256Hex }).ok).toBe(true);
    });

    it('refuses a malformed record, writing nothing', async () => {
      const db = await fresh();
      const s = await open(db);
      await s.appendAudit(appointed('a', 1));
      const bad = {
        actor: 'm1',
        type: 'office.appointed',
        data: { member: 'm', unit: 'u', role: 'chair', ranking: ['c1'] },
        at: at(2),
      } as unknown as AuditRecord;
      await expect(s.appendAudit(bad)).rejects.toThrow(/no field "ranking"/);
      await expect(s.appendAudit({ ...appointed('a', 2), at: 'yesterday' })).rejects.toThrow(/ISO instant/);
      expect((await s.auditEntries()).map((e) => e.seq)).toEqual([1]);
    });

    it('makes one unbroken chain of appends from many writers at once: two store instances here, two processes elsewhere', async () => {
      const db = await fresh();
      const [a, b] = [await open(db), await open(db)];
      const id = processId('p-audit');
      const created = await a.createProcess(
        { id, kind: 'selection', constituency: null, rulebook: 'r@1', state: { n: 0 } },
        { event: { type: 'opened' }, at: at(0) },
      );
      expect(created.ok).toBe(true);
      const each = 40;
      // Process changes log their entry in their own transaction; they race the plain appends for the chain.
      const step = (s: Store, i: number) =>
        s.updateProcess(id, (cur) =>
          ok({
            state: { n: (cur.state as { n: number }).n + 1 },
            event: { type: 'bumped' },
            at: at(i),
            audit: auditRecord('m-step', 'process.step', { process: id, version: cur.version + 1, kind: 'selection', step: 'bumped' }, at(i)),
          }),
        );
      const here = [a, b].flatMap((s, w) => Array.from({ length: each }, (_, i) => (i % 4 === 3 ? step(s, i) : s.appendAudit(appointed(`w${w}`, i)))));
      await Promise.all([...here, writer(db.url, 'x', each), writer(db.url, 'y', each)]);

      const log = await readAuditLog(a);
      const report = verifyChain(log, { digest: sha256Hex });
      expect(report.problems).toEqual([]);
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 4 * each }, (_, i) => i + 1));
      // Every append is there exactly once.
      const keys = log.map((e) => (e.type === 'process.step' ? `step-${(e.data as { version: number }).version}` : (e.data as { member: string }).member));
      expect(new Set(keys).size).toBe(keys.length);
      for (const tag of ['x', 'y']) expect(keys.filter((k) => k.startsWith(`${tag}-`))).toHaveLength(each);
      // Each process change's entry carries the version it made, and together they are every version.
      const versions = log.filter((e) => e.type === 'process.step').map((e) => (e.data as { version: number }).version);
      expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 2 * (each / 4) }, (_, i) => i + 2));
      expect((await a.getProcess(id))!.version).toBe(1 + 2 * (each / 4));
    });

    it('stores a process change and its entry together or not at all', async () => {
      const db = await fresh();
      const s = await open(db);
      const id = processId('p-atomic');
      const entry = (version: number) => auditRecord('m1', 'process.step', { process: id, version, kind: 'trigger-ballot', step: 'x' }, at(version));
      expect(
        (
          await s.createProcess(
            { id, kind: 'trigger-ballot', constituency: null, rulebook: 'r@1', state: {} },
            { event: { type: 'opened' }, at: at(1), audit: entry(1) },
          )
        ).ok,
      ).toBe(true);
      // The id is taken: no second process, no second entry.
      expect(
        (
          await s.createProcess(
            { id, kind: 'trigger-ballot', constituency: null, rulebook: 'r@1', state: {} },
            { event: { type: 'opened' }, at: at(1), audit: entry(1) },
          )
        ).ok,
      ).toBe(false);
      // A refused change logs nothing.
      expect(await s.updateProcess(id, () => err('invalid-transition', 'no'))).toMatchObject({ ok: false });
      // A change whose entry cannot be logged is not stored either.
      const badEntry = { ...entry(2), data: { process: id } } as unknown as AuditRecord;
      await expect(s.updateProcess(id, () => ok({ state: { changed: true }, event: { type: 'x' }, at: at(2), audit: badEntry }))).rejects.toThrow(
        /needs the field/,
      );
      expect(await s.getProcess(id)).toMatchObject({ version: 1, state: {} });
      expect((await s.processEvents(id)).map((e) => e.version)).toEqual([1]);
      // A change without an entry (as before the audit log) logs nothing; with one, both are stored.
      await s.updateProcess(id, () => ok({ state: { n: 1 }, event: { type: 'x' }, at: at(2) }));
      await s.updateProcess(id, (cur) => ok({ state: { n: 2 }, event: { type: 'y' }, at: at(3), audit: entry(cur.version + 1) }));
      expect((await s.auditEntries()).map((e) => [e.seq, (e.data as { version: number }).version])).toEqual([
        [1, 1],
        [2, 3],
      ]);
    });

    it("keeps a count record with its change and its own entry, all or nothing, and finds a process's entries by type", async () => {
      const db = await fresh();
      const s = await open(db);
      const id = processId('p-kept');
      const other = processId('p-other');
      const step = (p: typeof id, version: number) => auditRecord('m1', 'process.step', { process: p, version, kind: 'selection', step: 'x' }, at(version));
      for (const p of [id, other])
        expect(
          (
            await s.createProcess(
              { id: p, kind: 'selection', constituency: null, rulebook: 'r@1', state: {} },
              { event: { type: 'opened' }, at: at(1), audit: step(p, 1) },
            )
          ).ok,
        ).toBe(true);
      const recorded = (sha256: string) =>
        auditRecord(
          'm1',
          'count.recorded',
          { process: id, recordSha256: sha256, ballots: 3, seed: 7, source: 'ballot-box', file: null, fileSha256: null },
          at(2),
        );
      const record = '{"elected":[0]}';
      const digest = sha256Hex(record);
      // An entry that cannot be logged: neither the change nor the record is stored.
      const bad = { ...recorded(digest), data: { process: id } } as unknown as AuditRecord;
      await expect(
        s.updateProcess(id, () =>
          ok({ state: { counted: true }, event: { type: 'counted' }, at: at(2), audit: step(id, 2), keep: { record, sha256: digest, audit: bad } }),
        ),
      ).rejects.toThrow(/needs the field/);
      expect(await s.keptCount(id)).toBeNull();
      expect(await s.getProcess(id)).toMatchObject({ version: 1 });
      expect(
        (
          await s.updateProcess(id, () =>
            ok({
              state: { counted: true },
              event: { type: 'counted' },
              at: at(2),
              audit: step(id, 2),
              keep: { record, sha256: digest, audit: recorded(digest) },
            }),
          )
        ).ok,
      ).toBe(true);
      expect(await s.keptCount(id)).toEqual({ process: id, record, sha256: digest, countedAt: at(2) });
      expect(await s.keptCount(other)).toBeNull();
      const found = await s.auditEntriesOf(id, 'count.recorded');
      expect(found.map((e) => [e.type, (e.data as { recordSha256: string }).recordSha256])).toEqual([['count.recorded', digest]]);
      expect((await s.auditEntriesOf(id, 'process.step')).map((e) => (e.data as { version: number }).version)).toEqual([1, 2]);
      expect(await s.auditEntriesOf(other, 'count.recorded')).toEqual([]);
    });

    it('refuses to change or remove an entry (the table is append-only)', async () => {
      const { db, store } = await chainOf(3);
      await expect(db.sql(`UPDATE audit_log SET actor = 'someone' WHERE seq = 2`)).rejects.toThrow(/append-only/);
      await expect(db.sql(`DELETE FROM audit_log WHERE seq = 3`)).rejects.toThrow(/append-only/);
      expect((await store.auditEntries()).map((e) => e.actor)).toEqual(['cli:a', 'cli:a', 'cli:a']);
    });

    describe('tampering through raw SQL, by someone who lifts the guards', () => {
      it('an untouched log verifies, and prints its head to write down', async () => {
        const { db, log } = await chainOf(10);
        const r = await verify(db);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain('The audit log is intact: 10 entries');
        expect(r.stdout).toContain(`Head: ${formatHead({ seq: 10, hash: log[9].hash })}`);
        expect((await verify(db, '--expect-head', formatHead(log[9]))).status).toBe(0);
      });

      it("one entry's data changed: edited, at that entry", async () => {
        const { db } = await chainOf(10);
        await db.sql(`${db.unguard}; UPDATE audit_log SET data = '{"member":"a-4","role":"national-officer","unit":"party"}' WHERE seq = 4`);
        const r = await verify(db);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('1 problem');
        expect(r.stdout).toMatch(/^ {2}edited: seq 4 was edited: its content \(office\.appointed by cli:a/m);
        expect(r.stderr).toBe('hustings: the audit log failed verification (edited at seq 4)\n');
      });

      it('one entry deleted: missing, at that seq', async () => {
        const { db } = await chainOf(10);
        await db.sql(`${db.unguard}; DELETE FROM audit_log WHERE seq = 6`);
        const r = await verify(db);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('missing: seq 6 is missing: the log goes from seq 5 to seq 7 (an entry was removed)');
        expect(r.stderr).toContain('(missing at seq 6)');
      });

      it("two entries' places swapped: each moved, with the place it was written at", async () => {
        const { db } = await chainOf(10);
        await db.sql(
          `${db.unguard}; UPDATE audit_log SET seq = 1000003 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = 1000003`,
        );
        const r = await verify(db);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('moved: seq 3 was moved: this entry (office.appointed by cli:a) was written as seq 7 (entries were reordered)');
        expect(r.stdout).toContain('moved: seq 7 was moved: this entry (office.appointed by cli:a) was written as seq 3 (entries were reordered)');
        expect(r.stderr).toContain('(moved at seq 3, moved at seq 7)');
      });

      it('the last entry deleted: invisible without a head, truncated against the head written down', async () => {
        const { db, log } = await chainOf(10);
        const head = formatHead(log[9]);
        await db.sql(`${db.unguard}; DELETE FROM audit_log WHERE seq = 10`);
        const blind = await verify(db);
        expect(blind.status).toBe(0);
        expect(blind.stdout).toContain('entries cut off the end can only be detected against it');
        const r = await verify(db, '--expect-head', head);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('truncated: the log ends at seq 9, but the head written down was seq 10: seq 10 was removed from the end (truncated)');
      });

      it('an entry rewritten with its hash recomputed: replaced, named through the next entry’s link', async () => {
        const { db, log } = await chainOf(6);
        const edited = { ...log[2], actor: 'cli:mallory' };
        const { entryHash } = await import('../../src/audit/index.js');
        await db.sql(`${db.unguard}; UPDATE audit_log SET actor = 'cli:mallory', hash = '${entryHash(edited, sha256Hex)}' WHERE seq = 3`);
        const r = await verify(db);
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/replaced: seq 3 was replaced/);
      });
    });
  });
}
