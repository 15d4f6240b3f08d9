/**
 * An encrypted ballot's set-up and the trustees' and authority's messages in the SQLite store (the
 * ballots themselves are cast by SqliteVoting, beside the voter's mark). Each put is one BEGIN
 * IMMEDIATE transaction that refuses a second message in a place already filled.
 */
import type Database from 'better-sqlite3';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { EncryptedBallotStore, EncryptedElectionSetup, StoredKeyGeneration, StoredTrusteeMessage } from '../store.js';

interface SetupRow {
  election_id: string;
  threshold: number;
  authority: string;
}

export class SqliteEncrypted implements EncryptedBallotStore {
  readonly #db: Database.Database;
  readonly #q;

  constructor(db: Database.Database) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      setUp: p(`INSERT INTO encrypted_elections (process, election_id, threshold, trustees, authority) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING`),
      trustee: p('INSERT INTO encrypted_trustees (process, trustee, member) VALUES (?, ?, ?)'),
      setup: p('SELECT election_id, threshold, authority FROM encrypted_elections WHERE process = ?'),
      trustees: p('SELECT member FROM encrypted_trustees WHERE process = ? ORDER BY trustee').pluck(),
      putKeyGeneration: p('INSERT INTO encrypted_key_generation (process, trustee, round, message) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      keyGenerations: p('SELECT trustee, round, message FROM encrypted_key_generation WHERE process = ? ORDER BY trustee, round'),
      anyCredential: p('SELECT 1 FROM encrypted_credentials WHERE process = ? LIMIT 1').pluck(),
      credential: p('INSERT INTO encrypted_credentials (process, credential) VALUES (?, ?)'),
      register: p('INSERT INTO encrypted_register (process, member, credential) VALUES (?, ?, ?)'),
      registered: p('SELECT credential FROM encrypted_register WHERE process = ? AND member = ?').pluck(),
      registerSize: p('SELECT count(*) FROM encrypted_register WHERE process = ?').pluck(),
      credentials: p('SELECT credential FROM encrypted_credentials WHERE process = ? ORDER BY credential').pluck(),
      ballots: p('SELECT ballot FROM encrypted_ballots WHERE process = ? ORDER BY key').pluck(),
      putMix: p('INSERT INTO encrypted_mixes (process, position, mixer, message) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      mixes: p('SELECT mixer AS trustee, message FROM encrypted_mixes WHERE process = ? ORDER BY position'),
      putDecryption: p('INSERT INTO encrypted_decryptions (process, trustee, message) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      decryptions: p('SELECT trustee, message FROM encrypted_decryptions WHERE process = ? ORDER BY trustee'),
    };
  }

  async setUpEncryptedElection(processId: ProcessId, setup: EncryptedElectionSetup): Promise<boolean> {
    return this.#db.transaction(() => this.setUpWithin(processId, setup)).immediate();
  }

  /** The set-up's rows, inside a transaction the caller holds (the process's opening, or the set-up's own); false if it has one already. */
  setUpWithin(processId: ProcessId, setup: EncryptedElectionSetup): boolean {
    const q = this.#q;
    const { electionId, threshold, trustees, authority } = setup;
    if (q.setUp.run(processId, electionId, threshold, trustees.length, authority).changes === 0) return false;
    for (const [i, member] of trustees.entries()) q.trustee.run(processId, i + 1, member);
    return true;
  }

  async encryptedElectionOf(processId: ProcessId): Promise<EncryptedElectionSetup | null> {
    const row = this.#q.setup.get(processId) as SetupRow | undefined;
    if (row === undefined) return null;
    return {
      electionId: row.election_id,
      threshold: row.threshold,
      trustees: this.#q.trustees.all(processId) as MemberId[],
      authority: row.authority as MemberId,
    };
  }

  async putKeyGeneration(processId: ProcessId, m: StoredKeyGeneration): Promise<boolean> {
    return this.#db.transaction(() => this.#q.putKeyGeneration.run(processId, m.trustee, m.round, m.message).changes === 1).immediate();
  }

  async keyGenerations(processId: ProcessId): Promise<StoredKeyGeneration[]> {
    return this.#q.keyGenerations.all(processId) as StoredKeyGeneration[];
  }

  async putPublicCredentials(processId: ProcessId, credentials: readonly string[], register?: ReadonlyMap<MemberId, string>): Promise<boolean> {
    const q = this.#q;
    return this.#db
      .transaction(() => {
        if (q.anyCredential.get(processId) !== undefined) return false;
        for (const c of credentials) q.credential.run(processId, c);
        for (const [member, c] of register ?? []) q.register.run(processId, member, c);
        return true;
      })
      .immediate();
  }

  async registeredCredential(processId: ProcessId, member: MemberId): Promise<string | null> {
    return (this.#q.registered.get(processId, member) as string | undefined) ?? null;
  }

  async registerSize(processId: ProcessId): Promise<number> {
    return this.#q.registerSize.get(processId) as number;
  }

  async publicCredentials(processId: ProcessId): Promise<string[]> {
    return this.#q.credentials.all(processId) as string[];
  }

  async encryptedBallots(processId: ProcessId): Promise<string[]> {
    return this.#q.ballots.all(processId) as string[];
  }

  async putMix(processId: ProcessId, position: number, mix: StoredTrusteeMessage): Promise<boolean> {
    return this.#db.transaction(() => this.#q.putMix.run(processId, position, mix.trustee, mix.message).changes === 1).immediate();
  }

  async mixes(processId: ProcessId): Promise<StoredTrusteeMessage[]> {
    return this.#q.mixes.all(processId) as StoredTrusteeMessage[];
  }

  async putDecryption(processId: ProcessId, decryption: StoredTrusteeMessage): Promise<boolean> {
    return this.#db.transaction(() => this.#q.putDecryption.run(processId, decryption.trustee, decryption.message).changes === 1).immediate();
  }

  async decryptions(processId: ProcessId): Promise<StoredTrusteeMessage[]> {
    return this.#q.decryptions.all(processId) as StoredTrusteeMessage[];
  }
}
