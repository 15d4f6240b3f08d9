/**
 * A candidate's statement with its photo, and the photos anyone may see. The statement's length is
 * judged before the photo is kept, so the usual refusal stores nothing; a photo is judged by its
 * bytes (domain/photo-bytes.ts), kept by the store as the member's next version in the process, and
 * named in the statement by its digest. Only the photo an officer approved with its statement is
 * ever served: one kept but not (or no longer) in an approved statement is as if it did not exist.
 */
import type { MemberId, ProcessId } from '../domain/ids.js';
import { judgePhoto } from '../domain/photo-bytes.js';
import { checkStatementLength, publishedStatement, type PhotoType, type StatementPhoto } from '../domain/processes/candidate-statements.js';
import type { ProcessKind } from '../domain/processes/documents.js';
import { ok } from '../domain/result.js';
import type { Store } from '../store/store.js';
import type { Acting } from './acting.js';
import { applyStep, type ProcessRef } from './apply-step.js';
import { fromDomain, type AppError, type AppResult } from './app-error.js';
import type { DocumentOfKind } from './load-process.js';
import { rulebookOf } from './rulebook-of.js';

/** A refusal of a statement, naming the field it is about: the words or the photo. */
export type StatementRefusal = AppError & { readonly field: 'text' | 'photo' };

export interface StatementSent {
  readonly member: MemberId;
  readonly text: string;
  /** A new photo's bytes; null removes the photo; left out, the photo is kept. */
  readonly photo?: Uint8Array | null;
}

const refusedAt = (field: StatementRefusal['field'], error: AppError): { readonly ok: false; readonly error: StatementRefusal } => ({
  ok: false,
  error: { ...error, field },
});

/** The candidate writes (or rewrites) their statement, perhaps with a new photo or without their photo; it then awaits approval. */
export async function writeCandidateStatement<K extends ProcessKind>(
  a: Acting,
  proc: ProcessRef & { readonly kind: K },
  sent: StatementSent,
): Promise<AppResult<DocumentOfKind<K>, StatementRefusal>> {
  const rulebook = await rulebookOf(a.store, proc);
  if (!rulebook.ok) return refusedAt('text', rulebook.error);
  const long = checkStatementLength(sent.text.trim(), rulebook.value.statementWords);
  if (long && !long.ok) return refusedAt('text', fromDomain(long.error));
  let photo: StatementPhoto | null | undefined = sent.photo === null ? null : undefined;
  if (sent.photo) {
    const judged = judgePhoto(sent.photo);
    if (!judged.ok) return refusedAt('photo', fromDomain(judged.error));
    const kept = await a.store.putCandidatePhoto(proc.id, sent.member, { type: judged.value.type, bytes: sent.photo, at: a.clock.now().toISOString() });
    photo = { type: kept.type, sha256: kept.sha256 };
  }
  const stepped = await applyStep(a, proc, {
    type: 'write-statement',
    member: sent.member,
    text: sent.text,
    ...(photo === undefined ? {} : { photo }),
  });
  return stepped.ok ? ok(stepped.value) : refusedAt('text', stepped.error);
}

/** A photo named by a statement in the process, found by its digest. */
export interface StatementPhotoFound {
  readonly type: PhotoType;
  readonly sha256: string;
  readonly bytes: Uint8Array;
  /** The candidate whose statement names it. */
  readonly member: MemberId;
  /** Whether it is published: named by an approved statement. */
  readonly published: boolean;
}

/**
 * The photo a statement in the process names, by its digest: published when its statement is approved,
 * otherwise only for the officers reviewing it (the caller decides). Null for any other digest — a photo
 * replaced, removed, or sent with a statement that was refused.
 */
export async function statementPhoto(store: Store, processId: ProcessId, sha256: string): Promise<StatementPhotoFound | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const proc = await store.processDocument(processId);
  if (!proc || proc.kind === 'trigger-ballot' || proc.kind === 'nomination-meeting') return null;
  const statement = proc.state.statements.find((s) => s.photoSha256 === sha256);
  if (!statement) return null;
  const member = statement.member as MemberId;
  const photo = await store.candidatePhoto(processId, member, sha256);
  if (!photo) return null;
  return { type: photo.type, sha256, bytes: photo.bytes, member, published: publishedStatement(proc.state, member) === statement };
}
