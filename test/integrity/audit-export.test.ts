import { describe, expect, it } from 'vitest';
import { parseAuditExport } from '../../src/integrity/audit-export.js';

const entry = {
  seq: 1,
  prev: '0'.repeat(64),
  actor: 'cli:ann',
  type: 'process.opened',
  data: { b: 1, a: 2 },
  at: '2026-01-02T03:04:05.000Z',
  hash: 'f'.repeat(64),
};

describe('reading an audit log export', () => {
  it('gives the entries exactly as written, key order and all, so their hashes can be checked', () => {
    const read = parseAuditExport(JSON.stringify({ entries: [entry] }), 'log.json');
    expect(read.ok && read.value).toEqual([entry]);
    expect(read.ok && Object.keys((read.value[0]!.data as object) ?? {})).toEqual(['b', 'a']);
  });

  it('names the file and what is wrong: not JSON, no list of entries, or an entry missing a field', () => {
    const notJson = parseAuditExport('{', 'log.json');
    expect(!notJson.ok && notJson.error.message).toMatch(/^log\.json: not an audit log export \(/);
    const noList = parseAuditExport('{"head":1}', 'log.json');
    expect(!noList.ok && noList.error.message).toBe('log.json: not an audit log export: it has no list of entries (write one with hustings audit export)');
    const { hash: _hash, ...withoutHash } = entry;
    const bad = parseAuditExport(JSON.stringify({ entries: [entry, withoutHash] }), 'log.json');
    expect(!bad.ok && bad.error.message).toBe('log.json: entries[1] is not an audit entry (seq, prev, actor, type, data, at, hash)');
    const fractional = parseAuditExport(JSON.stringify({ entries: [{ ...entry, seq: 1.5 }] }), 'log.json');
    expect(fractional.ok).toBe(false);
  });
});
