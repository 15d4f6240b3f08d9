/**
 * Candidates' statements, shared by an internal election and a selection: a
 * candidate writes (or rewrites) a statement within the rulebook's limit in
 * words, may add a photo, and an officer approves it or returns it with a
 * reason. Only an approved statement is published; any change by the
 * candidate (new words or a new photo) waits for approval again.
 *
 * The photo's bytes are kept by the store beside the process; the statement
 * records its type and digest, so approval covers that very photo (a photo
 * sent later, or sent with a statement that was refused, is never published).
 */
import { err, ok, type Result } from '../result.js';
import { checkText, event, show, type ProcessContext, type Step } from './common.js';

export type StatementStatus = 'awaiting-approval' | 'approved' | 'returned';
export const STATEMENT_STATUSES: readonly StatementStatus[] = ['awaiting-approval', 'approved', 'returned'];

export type PhotoType = 'image/jpeg' | 'image/png';
export const PHOTO_TYPES: readonly PhotoType[] = ['image/jpeg', 'image/png'];

/** A photo as a statement names it. */
export interface StatementPhoto {
  readonly type: PhotoType;
  readonly sha256: string;
}

export interface CandidateStatement {
  /** The member whose statement it is. */
  readonly member: string;
  readonly text: string;
  readonly photo: PhotoType | null;
  /** The photo's SHA-256 digest (hex), naming the stored photo; null without a photo. */
  readonly photoSha256: string | null;
  readonly status: StatementStatus;
  readonly writtenAt: string;
  /** Why an officer returned it; null unless returned. */
  readonly reason: string | null;
  /** When and by whom it was approved or returned; null while it awaits approval. */
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}

export interface WithStatements {
  readonly statements: readonly CandidateStatement[];
}

export type StatementCommand =
  /** `photo`: the photo just stored (its type and digest), null to remove it; left out, the photo is kept. */
  | { readonly type: 'write-statement'; readonly member: string; readonly text: string; readonly photo?: StatementPhoto | null }
  | { readonly type: 'decide-statement'; readonly member: string; readonly approve: boolean; readonly reason?: string | null };

export const STATEMENT_COMMANDS = ['write-statement', 'decide-statement'] as const;

/** Words as a reader counts them: runs of non-space characters. */
export function statementWordCount(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/u).length;
}

/** The statement's length against the rulebook's limit, refused in the words a candidate reads. */
export function checkStatementLength(text: string, limit: number): Result<never> | null {
  const words = statementWordCount(text);
  if (words > limit)
    return err('invalid-input', `Your statement is ${words.toLocaleString('en-GB')} words; the limit is ${limit.toLocaleString('en-GB')}. Nothing was saved.`);
  return null;
}

export const statementOf = (state: WithStatements, member: string | null): CandidateStatement | null =>
  member === null ? null : (state.statements.find((s) => s.member === member) ?? null);

/** The statement a voter or the public may read: approved ones only. */
export const publishedStatement = (state: WithStatements, member: string | null): CandidateStatement | null => {
  const s = statementOf(state, member);
  return s?.status === 'approved' ? s : null;
};

const replaced = (state: WithStatements, s: CandidateStatement): readonly CandidateStatement[] => [...state.statements.filter((x) => x.member !== s.member), s];

/**
 * A candidate writes or rewrites their statement. `standing` says whether the
 * member is a candidate (or nominee) here, giving the refusal when not.
 */
export function writeStatement<S extends WithStatements>(
  state: S,
  c: Extract<StatementCommand, { type: 'write-statement' }>,
  ctx: ProcessContext,
  standing: (member: string) => string | null,
): Step<S> {
  if (typeof c.member !== 'string') return err('invalid-input', `The member must be given, not ${show(c.member)}.`);
  const bad = typeof c.text === 'string' ? null : checkText(c.text, 'The statement');
  if (bad) return bad;
  const refused = standing(c.member);
  if (refused !== null) return err('unknown-candidate', refused);
  const text = c.text.trim();
  const long = checkStatementLength(text, ctx.rulebook.statementWords);
  if (long) return long;
  if (c.photo !== undefined && c.photo !== null) {
    if (!PHOTO_TYPES.includes(c.photo.type)) return err('invalid-input', `A photo must be a JPEG or PNG image, not ${show(c.photo.type)}.`);
    if (typeof c.photo.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(c.photo.sha256))
      return err('invalid-input', `A photo is named by its SHA-256 digest, not ${show(c.photo.sha256)}.`);
  }
  const before = statementOf(state, c.member);
  const kept: StatementPhoto | null = before?.photo && before.photoSha256 ? { type: before.photo, sha256: before.photoSha256 } : null;
  const photo = c.photo === undefined ? kept : c.photo;
  const s: CandidateStatement = {
    member: c.member,
    text,
    photo: photo?.type ?? null,
    photoSha256: photo?.sha256 ?? null,
    status: 'awaiting-approval',
    writtenAt: ctx.clock.now().toISOString(),
    reason: null,
    decidedAt: null,
    decidedBy: null,
  };
  return ok({
    state: { ...state, statements: replaced(state, s) },
    event: event(ctx, 'statement-written', { member: c.member, words: statementWordCount(text), photo: photo !== null, photoSha256: photo?.sha256 ?? null }),
  });
}

/** An officer approves a statement awaiting approval, or returns it with a reason. */
export function decideStatement<S extends WithStatements>(state: S, c: Extract<StatementCommand, { type: 'decide-statement' }>, ctx: ProcessContext): Step<S> {
  const s = typeof c.member === 'string' ? statementOf(state, c.member) : null;
  if (s === null) return err('unknown-candidate', `${show(c.member)} has written no statement here.`);
  if (s.status !== 'awaiting-approval')
    return err(
      'invalid-transition',
      `This statement was already ${s.status === 'approved' ? 'approved' : 'returned'}; it awaits approval again when the candidate changes it.`,
    );
  if (typeof c.approve !== 'boolean') return err('invalid-input', `Say whether the statement is approved (true or false), not ${show(c.approve)}.`);
  const reason = typeof c.reason === 'string' && c.reason.trim() !== '' ? c.reason.trim() : null;
  if (!c.approve && reason === null) return err('invalid-input', 'Say why the statement is returned, so the candidate can change it.');
  const decided: CandidateStatement = {
    ...s,
    status: c.approve ? 'approved' : 'returned',
    reason: c.approve ? null : reason,
    decidedAt: ctx.clock.now().toISOString(),
    decidedBy: ctx.actor ?? null,
  };
  return ok({
    state: { ...state, statements: replaced(state, decided) },
    event: event(
      ctx,
      c.approve ? 'statement-approved' : 'statement-returned',
      c.approve ? { member: s.member, photoSha256: s.photoSha256 } : { member: s.member, reason: decided.reason },
    ),
  });
}
