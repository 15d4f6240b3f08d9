/**
 * Issue 5, "Prove it": tampering with the audit log, end to end. A store goes through a real national
 * election from the command line (demo party, election opened, twelve nominations, electorate
 * frozen, ballot opened, ballots cast, ballot closed, counted, declared); then copies of it are
 * tampered with as someone holding the database file could: one entry changed, one changed and its
 * hash recomputed, one removed, two swapped, the last one cut off. `hustings audit verify` must fail
 * each copy and name exactly the entries concerned, and nothing else; the untouched store must pass.
 */
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash, type AuditEntry } from '../../src/audit/index.js';
import type { ProcessId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { sha256Hex } from '../../src/integrity/sha256.js';
import { ensureBuilt, hustings, hustingsOk } from '../browser/harness.js';
import { openBallot, tempDb } from './common.js';
import { note } from './summary.js';

const VOTERS = 150;
/** The ballot closes a week after it opens (openBallot): act the day after. */
const AFTER_CLOSE = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);

interface Listed {
  readonly entries: AuditEntry[];
  readonly head: { readonly text: string } | null;
}

describe('tampering with the audit log of a real election', () => {
  let file: string;
  let listed: Listed;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hustings-rel-audit-'));

  beforeAll(async () => {
    ensureBuilt();
    const db = tempDb();
    file = db.slice('sqlite:'.length);
    const ballot: ProcessId = await openBallot(db, Math.ceil(VOTERS * 1.3));

    // Ballots cast as the booth casts them (the store's one transaction); casting is never in the audit log.
    const store = await openStore(db);
    let names: Map<string, string>;
    try {
      const state = (await store.processDocument(ballot))!.state;
      if (state.kind === 'trigger-ballot' || state.kind === 'nomination-meeting') throw new Error(`${ballot} has no candidates`);
      names = new Map(state.candidates.map((c) => [c.id, c.name]));
      const ids = [...names.keys()];
      const voters = (await store.electorate(ballot)).filter((e) => e.eligible).slice(0, VOTERS);
      for (const [i, v] of voters.entries()) {
        const ranking = Array.from({ length: 1 + (i % 5) }, (_, k) => ids[(i * 7 + k * 5) % ids.length]);
        const r = await store.castBallot(ballot, v.member, { ranking: [...new Set(ranking)], tracker: `AUD${String(i).padStart(4, '0')}-TEST-CODE` });
        if (!r.ok) throw new Error(r.error.message);
      }
    } finally {
      await store.close();
    }
    await hustingsOk(['election', 'close-ballot', ballot, '--now', AFTER_CLOSE, '--db', db]);
    // The sealed box is counted as it is, with the seed drawn at its seal (a file is only for a box that stayed empty).
    await hustingsOk(['election', 'count', ballot, '--now', AFTER_CLOSE, '--db', db]);
    await hustingsOk(['election', 'declare', ballot, '--now', AFTER_CLOSE, '--db', db]);
    listed = JSON.parse(await hustingsOk(['audit', 'list', '--format', 'json', '--db', db])) as Listed;
  });

  /** A copy of the store, changed by `sql` with the append-only guards lifted; returns its URL. */
  function tampered(name: string, change: (db: Database.Database) => void): string {
    const copy = path.join(dir, `${name}.db`);
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
    const db = new Database(copy);
    try {
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
      change(db);
    } finally {
      db.close();
    }
    return `sqlite:${copy}`;
  }

  /** What `hustings audit verify` named, as "kind at seq N" in the order it printed them; and its exit status. */
  async function verify(db: string, ...more: string[]): Promise<{ code: number | null; named: string[] }> {
    const r = await hustings(['audit', 'verify', ...more, '--db', db]);
    const named = /failed verification \(([^)]*)\)/.exec(r.stderr)?.[1].split(', ') ?? [];
    return { code: r.code, named };
  }

  it('verify names exactly the entry changed, changed and re-hashed, removed, swapped or cut off', async () => {
    const { entries } = listed;
    const seqOf = (type: RegExp, nth = 0): number => {
      const found = entries.filter((e) => type.test(e.type));
      if (found.length <= nth) throw new Error(`no audit entry of type ${type} (#${nth + 1}) in: ${entries.map((e) => e.type).join(', ')}`);
      return found[nth].seq;
    };
    const intact = await verify(`sqlite:${file}`, '--expect-head', listed.head!.text);
    expect(intact).toEqual({ code: 0, named: [] });

    const counted = seqOf(/count/);
    const frozen = seqOf(/freez/);
    const nominated = seqOf(/nominat/, 3);
    const swapped = seqOf(/nominat/, 6);
    const last = entries[entries.length - 1].seq;
    const outcomes: string[] = [];

    // Someone changes what the count recorded.
    const changed = await verify(
      tampered('changed', (db) => db.prepare(`UPDATE audit_log SET data = json_set(data, '$.tampered', 1) WHERE seq = ?`).run(counted)),
    );
    expect(changed).toEqual({ code: 1, named: [`edited at seq ${counted}`] });
    outcomes.push(`changed #${counted} → "edited #${counted}"`);

    // … and, knowing the hash, recomputes it.
    const rehashed = await verify(
      tampered('rehashed', (db) => {
        const e = entries.find((x) => x.seq === frozen)!;
        const forged = { ...e, actor: 'someone-else' };
        db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = ?').run(forged.actor, entryHash(forged, sha256Hex), frozen);
      }),
    );
    expect(rehashed).toEqual({ code: 1, named: [`replaced at seq ${frozen}`] });
    outcomes.push(`re-hashed #${frozen} → "replaced #${frozen}"`);

    const removed = await verify(tampered('removed', (db) => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(nominated)));
    expect(removed).toEqual({ code: 1, named: [`missing at seq ${nominated}`] });
    outcomes.push(`removed #${nominated} → "missing #${nominated}"`);

    // Two entries change places: each row takes the other's content, the sequence numbers stay.
    const moved = await verify(
      tampered('swapped', (db) => {
        const [a, b] = [swapped, swapped + 1].map(
          (s) => db.prepare('SELECT prev, actor, type, data, at, hash FROM audit_log WHERE seq = ?').get(s) as Record<string, string>,
        );
        const put = db.prepare('UPDATE audit_log SET prev = @prev, actor = @actor, type = @type, data = @data, at = @at, hash = @hash WHERE seq = @seq');
        put.run({ ...b, seq: swapped });
        put.run({ ...a, seq: swapped + 1 });
      }),
    );
    expect(moved).toEqual({ code: 1, named: [`moved at seq ${swapped}`, `moved at seq ${swapped + 1}`] });
    outcomes.push(`swapped #${swapped}, #${swapped + 1} → "moved" ×2`);

    // The last entry cut off leaves a valid chain: only the head written down beforehand shows it.
    const cut = tampered('cut', (db) => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(last));
    expect(await verify(cut)).toEqual({ code: 0, named: [] });
    expect(await verify(cut, '--expect-head', listed.head!.text)).toEqual({ code: 1, named: [`truncated at seq ${last}`] });
    outcomes.push('end cut off → "truncated" (given the head)');

    note({ section: 'tampering', text: `audit log of a real election (${entries.length} entries), audit verify: ${outcomes.join('; ')}` });
  });
});
