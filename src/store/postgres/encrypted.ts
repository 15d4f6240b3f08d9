/**
 * An encrypted ballot's set-up and the trustees' and authority's messages in the PostgreSQL store
 * (the ballots themselves are cast by PostgresVoting, beside the voter's mark). Each put is one
 * statement or transaction that refuses a second message in a place already filled.
 */
import type pg from 'pg';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { EncryptedBallotStore, EncryptedElectionSetup, StoredKeyGeneration, StoredTrusteeMessage } from '../store.js';
import { inTransaction } from './transaction.js';

/** The set-up's rows, inside a transaction the caller holds (the process's opening, or the set-up's own); false if it has one already. */
export async function setUpEncryptedWithin(c: pg.PoolClient, processId: ProcessId, setup: EncryptedElectionSetup): Promise<boolean> {
  const { electionId, threshold, trustees, authority } = setup;
  const made = await c.query(
    `INSERT INTO encrypted_elections (process, election_id, threshold, trustees, authority) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [processId, electionId, threshold, trustees.length, authority],
  );
  if (made.rowCount === 0) return false;
  await c.query('INSERT INTO encrypted_trustees (process, trustee, member) SELECT $1, t.n, t.member FROM unnest($2::text[]) WITH ORDINALITY AS t(member, n)', [
    processId,
    trustees,
  ]);
  return true;
}

export class PostgresEncrypted implements EncryptedBallotStore {
  constructor(private readonly pool: pg.Pool) {}

  async setUpEncryptedElection(processId: ProcessId, setup: EncryptedElectionSetup): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      const made = await setUpEncryptedWithin(c, processId, setup);
      return { commit: made, value: made };
    });
  }

  async encryptedElectionOf(processId: ProcessId): Promise<EncryptedElectionSetup | null> {
    const { rows } = await this.pool.query<{ election_id: string; threshold: number; authority: MemberId; trustees: MemberId[] }>(
      `SELECT e.election_id, e.threshold, e.authority,
         ARRAY(SELECT t.member FROM encrypted_trustees t WHERE t.process = e.process ORDER BY t.trustee) AS trustees
       FROM encrypted_elections e WHERE e.process = $1`,
      [processId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return { electionId: row.election_id, threshold: row.threshold, trustees: row.trustees, authority: row.authority };
  }

  async putKeyGeneration(processId: ProcessId, m: StoredKeyGeneration): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO encrypted_key_generation (process, trustee, round, message) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [processId, m.trustee, m.round, m.message],
    );
    return rowCount === 1;
  }

  async keyGenerations(processId: ProcessId): Promise<StoredKeyGeneration[]> {
    const { rows } = await this.pool.query<StoredKeyGeneration>(
      'SELECT trustee, round, message FROM encrypted_key_generation WHERE process = $1 ORDER BY trustee, round',
      [processId],
    );
    return rows;
  }

  async putPublicCredentials(processId: ProcessId, credentials: readonly string[], register?: ReadonlyMap<MemberId, string>): Promise<boolean> {
    return inTransaction(this.pool, async (c) => {
      // Two uploads at once: the second waits on the first's process row lock, then sees its credentials.
      await c.query('SELECT 1 FROM encrypted_elections WHERE process = $1 FOR UPDATE', [processId]);
      const { rowCount } = await c.query('SELECT 1 FROM encrypted_credentials WHERE process = $1 LIMIT 1', [processId]);
      if (rowCount !== 0) return { commit: false, value: false };
      await c.query('INSERT INTO encrypted_credentials (process, credential) SELECT $1, unnest($2::text[])', [processId, credentials]);
      if (register !== undefined)
        await c.query('INSERT INTO encrypted_register (process, member, credential) SELECT $1, unnest($2::text[]), unnest($3::text[])', [
          processId,
          [...register.keys()],
          [...register.values()],
        ]);
      return { commit: true, value: true };
    });
  }

  async registeredCredential(processId: ProcessId, member: MemberId): Promise<string | null> {
    const { rows } = await this.pool.query<{ credential: string }>('SELECT credential FROM encrypted_register WHERE process = $1 AND member = $2', [
      processId,
      member,
    ]);
    return rows[0]?.credential ?? null;
  }

  async registerSize(processId: ProcessId): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM encrypted_register WHERE process = $1', [processId]);
    return rows[0]?.n ?? 0;
  }

  async publicCredentials(processId: ProcessId): Promise<string[]> {
    const { rows } = await this.pool.query<{ credential: string }>('SELECT credential FROM encrypted_credentials WHERE process = $1 ORDER BY credential', [
      processId,
    ]);
    return rows.map((r) => r.credential);
  }

  async encryptedBallots(processId: ProcessId): Promise<string[]> {
    const { rows } = await this.pool.query<{ ballot: string }>('SELECT ballot FROM encrypted_ballots WHERE process = $1 ORDER BY key', [processId]);
    return rows.map((r) => r.ballot);
  }

  async putMix(processId: ProcessId, position: number, mix: StoredTrusteeMessage): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO encrypted_mixes (process, position, mixer, message) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [processId, position, mix.trustee, mix.message],
    );
    return rowCount === 1;
  }

  async mixes(processId: ProcessId): Promise<StoredTrusteeMessage[]> {
    const { rows } = await this.pool.query<StoredTrusteeMessage>('SELECT mixer AS trustee, message FROM encrypted_mixes WHERE process = $1 ORDER BY position', [
      processId,
    ]);
    return rows;
  }

  async putDecryption(processId: ProcessId, decryption: StoredTrusteeMessage): Promise<boolean> {
    const { rowCount } = await this.pool.query('INSERT INTO encrypted_decryptions (process, trustee, message) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      processId,
      decryption.trustee,
      decryption.message,
    ]);
    return rowCount === 1;
  }

  async decryptions(processId: ProcessId): Promise<StoredTrusteeMessage[]> {
    const { rows } = await this.pool.query<StoredTrusteeMessage>('SELECT trustee, message FROM encrypted_decryptions WHERE process = $1 ORDER BY trustee', [
      processId,
    ]);
    return rows;
  }
}
