/**
 * What each adapter's database keeps underneath the store, read directly: the
 * `Traces` the ballot-integrity contract checks (integrity-contract.ts).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ProcessId } from '../../src/domain/ids.js';
import { kendallTau, type Traces } from './integrity-contract.js';
import { admin } from './postgres-server.js';

/** Tracker codes as the contract draws them (four groups of four), found in one pass over a file. */
const TRACKER_SHAPE = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/g;

/** Every offset at which each of `needles` occurs in `haystack`. */
function offsets(haystack: Buffer, needles: readonly string[]): Map<string, number[]> {
  const found = new Map<string, number[]>(needles.map((t) => [t, []]));
  const text = haystack.toString('latin1');
  for (const t of needles) if (!/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/.test(t)) throw new Error(`tracker ${t} is not of the shape the traces look for`);
  for (const m of text.matchAll(TRACKER_SHAPE)) found.get(m[0])?.push(m.index);
  return found;
}

const occurrences = (files: readonly Buffer[], trackers: readonly string[]): number =>
  files.reduce((n, f) => n + [...offsets(f, trackers).values()].reduce((k, at) => k + at.length, 0), 0);

/** The SQLite file at `path`, read as bytes (and its write-ahead log, if any). */
export function sqliteTraces(path: string): Traces {
  const wal = (): Buffer => (existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0));
  /** The file once everything committed is in it (a passive checkpoint never waits and never truncates). */
  const file = (): Buffer => {
    const db = new Database(path);
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } finally {
      db.close();
    }
    return readFileSync(path);
  };
  return {
    async castTraces(_process: ProcessId, trackers) {
      const found = offsets(wal(), trackers);
      return trackers.filter((t) => found.get(t)!.length > 0).length;
    },
    async castOrderCorrelation(_process: ProcessId, castOrder) {
      const bytes = file();
      const raw = bytes.readUInt16BE(16);
      const pageSize = raw === 1 ? 65_536 : raw;
      // Each copy of a tracker (the row and its index entry) is placed on its own; compare copies within a page.
      const copies: { tracker: string; at: number }[] = [];
      for (const [t, places] of offsets(bytes, castOrder)) for (const at of places) copies.push({ tracker: `${t}@${at}`, at });
      copies.sort((a, b) => a.at - b.at);
      const page = new Map(copies.map((c) => [c.tracker, Math.floor(c.at / pageSize)]));
      const rank = new Map(castOrder.map((t, i) => [t, i]));
      const reference = [...copies]
        .sort((a, b) => rank.get(a.tracker.split('@')[0])! - rank.get(b.tracker.split('@')[0])! || a.at - b.at)
        .map((c) => c.tracker);
      return kendallTau(
        copies.map((c) => c.tracker),
        reference,
        (a, b) => page.get(a) === page.get(b),
      );
    },
    async staleCopies(trackers) {
      return occurrences([file(), wal()], trackers) - 2 * trackers.length;
    },
    async markOrderCorrelation(_process: ProcessId, castOrder) {
      const bytes = file();
      const db = new Database(path, { readonly: true });
      let pages: number[];
      let pageSize: number;
      try {
        pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'voters_marked' AND pagetype = 'leaf'").pluck().all() as number[];
        pageSize = db.pragma('page_size', { simple: true }) as number;
      } finally {
        db.close();
      }
      // The live cells of each leaf page, by where their bytes lie: the cell pointer array (after the
      // 8-byte leaf header) gives each cell's offset, and the member id is inside the cell.
      const wanted = new Set<string>(castOrder);
      const width = castOrder[0]?.length ?? 0;
      const copies: { member: string; at: number; page: number }[] = [];
      for (const page of pages) {
        const start = (page - 1) * pageSize;
        const header = start + (page === 1 ? 100 : 0);
        const cells = bytes.readUInt16BE(header + 3);
        for (let k = 0; k < cells; k++) {
          const at = start + bytes.readUInt16BE(header + 8 + 2 * k);
          const cell = bytes.toString('latin1', at, Math.min(at + 64, start + pageSize));
          const member = [...wanted].find((m) => cell.includes(m));
          if (member !== undefined && cell.length >= width) copies.push({ member, at, page });
        }
      }
      copies.sort((a, b) => a.at - b.at);
      const page = new Map(copies.map((c) => [c.member, c.page]));
      const inCastOrder = castOrder.filter((m) => page.has(m));
      return kendallTau(
        copies.map((c) => c.member),
        inCastOrder,
        (a, b) => page.get(a) === page.get(b),
      );
    },
    memberOrderAfterSeal: 0.9,
    async staleMarkCopies(members) {
      const count = (bytes: Buffer): number => {
        const text = bytes.toString('latin1');
        let n = 0;
        for (const m of members) for (let at = text.indexOf(m); at >= 0; at = text.indexOf(m, at + 1)) n++;
        return n;
      };
      const files = count(file()) + count(wal());
      // The live data written afresh, with nothing left over: what the files should hold and no more.
      const fresh = `${path}-fresh-${Math.random().toString(36).slice(2, 8)}`;
      const db = new Database(path, { readonly: true });
      try {
        db.pragma('secure_delete = ON');
        db.prepare('VACUUM INTO ?').run(fresh);
      } finally {
        db.close();
      }
      try {
        return files - count(readFileSync(fresh));
      } finally {
        rmSync(fresh, { force: true });
      }
    },
    markTransactions: async () => null,
    marksSharingBallotTransactions: async () => null,
  };
}

/** The tables of `schema` on the test server, through its catalog and, where the server lets it, its files. */
export function postgresTraces(schema: () => string): Traces {
  return {
    castTraces: (processId, trackers) =>
      admin(async (c) => {
        const { rows } = await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${schema()}.cast_ballots b
           WHERE b.process = $1 AND b.tracker = ANY($2) AND b.xmin IN (SELECT v.xmin FROM ${schema()}.voters_marked v WHERE v.process = $1)`,
          [processId, trackers],
        );
        return rows[0].n;
      }),
    castOrderCorrelation: (processId, castOrder) =>
      admin(async (c) => {
        const { rows } = await c.query<{ tracker: string }>(
          `SELECT tracker FROM ${schema()}.cast_ballots WHERE process = $1 AND tracker = ANY($2) ORDER BY ctid`,
          [processId, castOrder],
        );
        return kendallTau(
          rows.map((r) => r.tracker),
          castOrder,
        );
      }),
    markOrderCorrelation: (processId, castOrder) =>
      admin(async (c) => {
        const { rows } = await c.query<{ member: string }>(`SELECT member FROM ${schema()}.voters_marked WHERE process = $1 ORDER BY ctid`, [processId]);
        return kendallTau(
          rows.map((r) => r.member),
          castOrder,
        );
      }),
    memberOrderAfterSeal: 0.99,
    staleMarkCopies: async () => null,
    markTransactions: (processId) =>
      admin(async (c) => {
        const { rows } = await c.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM ${schema()}.voters_marked WHERE process = $1`, [
          processId,
        ]);
        return rows[0].n;
      }),
    marksSharingBallotTransactions: (processId) =>
      admin(async (c) => {
        const { rows } = await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${schema()}.voters_marked v
           WHERE v.process = $1 AND v.xmin::text IN (SELECT b.xmin::text FROM ${schema()}.cast_ballots b WHERE b.process = $1)`,
          [processId],
        );
        return rows[0].n;
      }),
    staleCopies: (trackers) =>
      admin(async (c) => {
        const { rows: role } = await c.query<{ can: boolean }>(
          `SELECT rolsuper OR pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') AS can FROM pg_roles WHERE rolname = current_user`,
        );
        if (!role[0]?.can) return null;
        const read = async (relation: string): Promise<Buffer> => {
          const file = await c.query<{ bytes: Buffer }>('SELECT pg_read_binary_file(pg_relation_filepath(to_regclass($1))) AS bytes', [relation]);
          return file.rows[0].bytes;
        };
        // A B-tree copies some keys into its inner pages, so the index is measured against one built
        // afresh from the live rows: beyond that, a copy is a superseded entry.
        const fresh = `${schema()}.hustings_trace_fresh_index`;
        await c.query(`CREATE INDEX hustings_trace_fresh_index ON ${schema()}.cast_ballots (process, tracker)`);
        try {
          // Dirty pages are flushed, so the files hold what the table and its indexes hold.
          await c.query('CHECKPOINT');
          const { rows } = await c.query<{ name: string }>(
            `SELECT indexrelid::regclass::text AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
             WHERE i.indrelid = to_regclass($1) AND a.attname = 'tracker' AND i.indexrelid <> to_regclass($2)`,
            [`${schema()}.cast_ballots`, fresh],
          );
          const heap = occurrences([await read(`${schema()}.cast_ballots`)], trackers) - trackers.length;
          const expected = occurrences([await read(fresh)], trackers);
          let index = 0;
          for (const r of rows) index += occurrences([await read(r.name)], trackers) - expected;
          return heap + index;
        } finally {
          await c.query(`DROP INDEX ${fresh}`);
        }
      }),
  };
}
