/**
 * An encrypted board as a trustee or a verifier downloads it: the board's JSON (§11), possibly
 * partial while the ceremony goes on (only the fields published so far), its election's
 * parameters checked before anything else is read.
 */
import type { EncryptedBoard, VerificationFailure } from '../../verifiable/board.js';
import { MAX_ENCRYPTED_CANDIDATES } from '../../verifiable/ranking.js';
import { type AppResult, refusal } from '../app-error.js';
import { readJsonFile } from './files.js';

/** Whether a JSON value looks like an encrypted board rather than a plain one. */
export const isEncryptedBoard = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'election' in value && !('format' in value);

const whole = (x: unknown, from: number, to: number): boolean => Number.isInteger(x) && (x as number) >= from && (x as number) <= to;

/** The board of a file, its version and election parameters checked; the rest is checked by the step that reads it. */
export function readEncryptedBoardFile(file: string): AppResult<EncryptedBoard> {
  const read = readJsonFile(file, 'the board');
  if (!read.ok) return read;
  const board = read.value as Partial<EncryptedBoard> | null;
  const e = board?.election;
  if (
    !isEncryptedBoard(board) ||
    board?.version !== 1 ||
    typeof e?.id !== 'string' ||
    !whole(e.candidates, 1, MAX_ENCRYPTED_CANDIDATES) ||
    !whole(e.trustees, 1, 1000) ||
    !whole(e.threshold, 1, e.trustees)
  )
    return refusal(
      'malformed',
      'not-encrypted-board',
      `${file}: not an encrypted board: it needs "version": 1 and "election": { "id", "candidates" (1 to ${MAX_ENCRYPTED_CANDIDATES}), "threshold" k, "trustees" n, with 1 ≤ k ≤ n }`,
    );
  return { ok: true, value: board as EncryptedBoard };
}

/** The board's failures as one refusal: the step will not build on a board that does not verify. */
export function boardRefusal(file: string, failures: readonly VerificationFailure[], doing: string): AppResult<never> {
  const listed = failures.map((f) => `${f.detail} [${f.code}]`).join('; ');
  return refusal('invalid', 'board-fails', `${file} does not verify, so ${doing}: ${listed}`);
}
