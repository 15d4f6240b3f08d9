/**
 * Evidence anyone can check: the bulletin board of a closed ballot (its
 * anonymised ballots with their tracker codes and the count record) and the
 * verifier that recounts it from what it publishes alone.
 */
export {
  BOARD_FORMAT,
  BOARD_VERSION,
  ballotsDigest,
  boardJson,
  canonicalBallots,
  compareCodePoints,
  makeBoard,
  readBoard,
  type Board,
  type BoardBallot,
  type BoardCandidate,
  type BoardContents,
} from './board.js';
export { recountBoard, verifyBoard, type Verification } from './verify.js';
export { AUDIT_EXTRACT_FORMAT, checkAgainstLog, recordDigest, type AnchorCheck } from './anchor.js';
