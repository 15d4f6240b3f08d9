/**
 * The hash chain, in memory: the hash is what the documentation says it is,
 * and verification names each kind of tampering at the entry where it
 * happened — edited, edited and re-hashed, removed, moved, cut off the end —
 * for every position in a chain, not just one example.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS, auditRecord, chainEntry, entryHash, formatHead, parseHead, verifyChain, type AuditEntry, type AuditRecord } from '../../src/audit/index.js';

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const at = (n: number): string => new Date(Date.UTC(2024, 5, 1, 9, 0, n)).toISOString();
const record = (n: number): AuditRecord => auditRecord(`m${n % 3}`, 'office.appointed', { member: `m${n}`, unit: 'party', role: 'scrutineer' }, at(n));

function chain(length: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < length; i++) out.push(chainEntry(out.length === 0 ? null : out[out.length - 1], record(i), digest));
  return out;
}

const kinds = (log: AuditEntry[], expectHead?: { seq: number; hash: string }) =>
  verifyChain(log, { digest, ...(expectHead ? { expectHead } : {}) }).problems.map((p) => [
    p.kind,
    p.seq,
    ...(p.writtenAs !== undefined ? [p.writtenAs] : []),
    ...(p.through !== undefined ? [p.through] : []),
  ]);

describe('the hash', () => {
  it('is SHA-256 of "hustings-audit/1\\n" and the canonical JSON of the entry, chained from 64 zeros', () => {
    const [first, second] = chain(2);
    expect(first.seq).toBe(1);
    expect(first.prev).toBe(GENESIS);
    const text = `hustings-audit/1\n{"actor":"m0","at":"2024-06-01T09:00:00.000Z","data":{"member":"m0","role":"scrutineer","unit":"party"},"prev":"${GENESIS}","seq":1,"type":"office.appointed"}`;
    expect(first.hash).toBe(digest(text));
    expect(second.seq).toBe(2);
    expect(second.prev).toBe(first.hash);
    expect(second.hash).toBe(entryHash(second, digest));
  });

  it('refuses a record the registry does not allow: unknown type, undeclared or missing field, wrong kind, bad time or actor', () => {
    const bad = (r: unknown) => () => chainEntry(null, r as AuditRecord, digest);
    expect(bad({ actor: 'm1', type: 'ballot.cast', data: {}, at: at(0) })).toThrow(/not an audit event type/);
    expect(bad({ actor: 'm1', type: 'office.removed', data: { member: 'm', unit: 'u', role: 'r', ranking: ['a', 'b'] }, at: at(0) })).toThrow(
      /no field "ranking"/,
    );
    expect(bad({ actor: 'm1', type: 'office.removed', data: { member: 'm', unit: 'u' }, at: at(0) })).toThrow(/needs the field "role"/);
    expect(
      bad({ actor: 'm1', type: 'import.finished', data: { what: 'units', file: 'f', outcome: 'imported', rows: 1.5, problems: 0, reason: null }, at: at(0) }),
    ).toThrow(/"rows".*whole number/);
    expect(bad({ actor: 'm1', type: 'office.removed', data: { member: 'm', unit: 'u', role: null }, at: at(0) })).toThrow(/may not be null/);
    expect(bad({ actor: 'm1', type: 'office.removed', data: { member: 'm', unit: 'u', role: 'r' }, at: '1 June 2024' })).toThrow(/ISO instant/);
    expect(bad({ actor: '', type: 'office.removed', data: { member: 'm', unit: 'u', role: 'r' }, at: at(0) })).toThrow(/actor/);
  });
});

describe('verification', () => {
  const log = chain(8);

  it('passes an untouched chain and reports its head', () => {
    const report = verifyChain(log, { digest, expectHead: { seq: 8, hash: log[7].hash } });
    expect(report).toMatchObject({ ok: true, entries: 8, head: { seq: 8, hash: log[7].hash }, problems: [] });
    expect(verifyChain([], { digest })).toMatchObject({ ok: true, entries: 0, head: null });
  });

  it('an entry whose data was changed: edited, at that seq only', () => {
    const tampered = log.map((e) => (e.seq === 4 ? { ...e, data: { ...(e.data as object), role: 'national-officer' } } : e));
    expect(kinds(tampered)).toEqual([['edited', 4]]);
    // Any field: who, when, what type.
    expect(kinds(log.map((e) => (e.seq === 2 ? { ...e, actor: 'someone-else' } : e)))).toEqual([['edited', 2]]);
    expect(kinds(log.map((e) => (e.seq === 8 ? { ...e, at: at(99) } : e)))).toEqual([['edited', 8]]);
    expect(kinds(log.map((e) => (e.seq === 1 ? { ...e, type: 'office.removed' } : e)))).toEqual([['edited', 1]]);
  });

  it('an entry edited and its hash recomputed: replaced, named by the next entry’s link', () => {
    const edited = { ...log[4], data: { ...(log[4].data as object), member: 'mX' } };
    const rehashed = { ...edited, hash: entryHash(edited, digest) };
    expect(kinds(log.map((e) => (e.seq === 5 ? rehashed : e)))).toEqual([['replaced', 5]]);
    // The last entry has no next one: only the head written down shows it.
    const last = { ...log[7], data: { ...(log[7].data as object), member: 'mX' } };
    const lastRehashed = { ...last, hash: entryHash(last, digest) };
    expect(kinds(log.map((e) => (e.seq === 8 ? lastRehashed : e)))).toEqual([]);
    expect(
      kinds(
        log.map((e) => (e.seq === 8 ? lastRehashed : e)),
        { seq: 8, hash: log[7].hash },
      ),
    ).toEqual([['head-mismatch', 8]]);
  });

  it('a removed entry: missing, and a run of them as one gap', () => {
    expect(kinds(log.filter((e) => e.seq !== 3))).toEqual([['missing', 3]]);
    expect(kinds(log.filter((e) => e.seq < 3 || e.seq > 5))).toEqual([['missing', 3, 5]]);
    expect(kinds(log.filter((e) => e.seq !== 1))).toEqual([['missing', 1]]);
  });

  it('two entries swapped: each is moved, and says where it was written', () => {
    const swapped = log.map((e) => (e.seq === 3 ? { ...log[3], seq: 3 } : e.seq === 4 ? { ...log[2], seq: 4 } : e));
    expect(kinds(swapped)).toEqual([
      ['moved', 3, 4],
      ['moved', 4, 3],
    ]);
    // Far apart, and the first and last.
    const ends = log.map((e) => (e.seq === 1 ? { ...log[7], seq: 1 } : e.seq === 8 ? { ...log[0], seq: 8 } : e));
    expect(kinds(ends)).toEqual([
      ['moved', 1, 8],
      ['moved', 8, 1],
    ]);
  });

  it('a whole log reversed: every entry moved, each with its place (and no stack overflow on a long log)', () => {
    const n = 20_000;
    const long = chain(n);
    const reversed = long.map((_, i) => ({ ...long[n - 1 - i], seq: i + 1 }));
    const problems = verifyChain(reversed, { digest }).problems;
    expect(problems).toHaveLength(n);
    expect(problems.every((p) => p.kind === 'moved' && p.writtenAs === n + 1 - p.seq)).toBe(true);
  });

  it('entries cut off the end: only against a head written down, and then it says truncated', () => {
    const cut = log.slice(0, 6);
    expect(kinds(cut)).toEqual([]);
    expect(kinds(cut, { seq: 8, hash: log[7].hash })).toEqual([['truncated', 7, 8]]);
    expect(verifyChain(cut, { digest, expectHead: { seq: 7, hash: log[6].hash } }).problems[0].message).toMatch(/seq 7 was removed from the end \(truncated\)/);
    expect(kinds([], { seq: 2, hash: log[1].hash })).toEqual([['truncated', 1, 2]]);
    // An older head still checks out against a longer log.
    expect(kinds(log, { seq: 5, hash: log[4].hash })).toEqual([]);
  });

  it('entries read out of order or repeated (a log from elsewhere)', () => {
    expect(kinds([log[0], log[2], log[1], ...log.slice(3)]).map((k) => k[0])).toContain('out-of-order');
    expect(kinds([log[0], log[1], log[1], ...log.slice(2)])).toEqual([['out-of-order', 2]]);
  });

  it('data that is not audit data (hand-edited to a fraction or a non-object) is an edit, not a crash', () => {
    expect(kinds(log.map((e) => (e.seq === 6 ? { ...e, data: { member: 1.5 } } : e)))).toEqual([['edited', 6]]);
    expect(kinds(log.map((e) => (e.seq === 6 ? { ...e, data: '{not json' } : e)))).toEqual([['edited', 6]]);
  });

  it('names exactly the entry tampered with, wherever it is and whatever the tampering', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.nat(), fc.constantFrom('edit', 'remove', 'swap', 'rehash'), (length, at0, how) => {
        const full = chain(length);
        const i = at0 % (length - 1); // never the last, which only a head can vouch for
        const n = full[i].seq;
        let log2: AuditEntry[];
        let want: unknown[][];
        if (how === 'edit') {
          log2 = full.map((e, j) => (j === i ? { ...e, actor: `${e.actor}!` } : e));
          want = [['edited', n]];
        } else if (how === 'remove') {
          log2 = full.filter((_, j) => j !== i);
          want = [['missing', n]];
        } else if (how === 'swap') {
          log2 = full.map((e, j) => (j === i ? { ...full[i + 1], seq: n } : j === i + 1 ? { ...full[i], seq: n + 1 } : e));
          want = [
            ['moved', n, n + 1],
            ['moved', n + 1, n],
          ];
        } else {
          const edited = { ...full[i], actor: 'x' };
          log2 = full.map((e, j) => (j === i ? { ...edited, hash: entryHash(edited, digest) } : e));
          want = [['replaced', n]];
        }
        expect(kinds(log2, { seq: length, hash: full[length - 1].hash })).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the head as written down', () => {
  it('round-trips seq:hash and refuses anything else', () => {
    const head = { seq: 12, hash: 'ab'.repeat(32) };
    expect(formatHead(head)).toBe(`12:${'ab'.repeat(32)}`);
    expect(parseHead(` 12:${'AB'.repeat(32)} `)).toEqual(head);
    expect(parseHead('12:abc')).toBeNull();
    expect(parseHead(`0:${'ab'.repeat(32)}`)).toBeNull();
    expect(parseHead(`x:${'ab'.repeat(32)}`)).toBeNull();
  });
});
