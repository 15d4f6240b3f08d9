/**
 * A write whose COMMIT was sent but never answered, because the connection to the database was lost
 * on the way (a restart or a crash of the server). The database may have committed it or not, and
 * nothing on this side can tell; whoever asked must look before trying again. For a ballot that is
 * safe: the voter's mark is stored with it, so the booth says "already voted" if it was counted.
 */
export class CommitOutcomeUnknown extends Error {
  /** The lost connection's error code, if it had one (PostgreSQL 57P01, a socket's ECONNRESET…). */
  readonly code: string | undefined;

  constructor(cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`the connection to the database was lost while committing, so whether the write was saved is unknown (${message})`, { cause });
    this.name = 'CommitOutcomeUnknown';
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}
