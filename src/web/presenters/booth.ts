/** The booth as the views show it: the ballot paper, how many candidates it may mark, and the ranking to review before casting. */
import { paths } from '../views/paths.js';
import { publishedStatement } from '../../domain/processes/candidate-statements.js';
import type { PhotoView } from '../views/nominations.js';
import { statementPhotoView } from './nominations.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import { closingIn } from './member-words.js';
import type { RankableCandidate } from '../views/booth.js';
import type { BallotDocument, BallotState } from '../../app/ballot-paper.js';

/** An open ballot the member may vote in, as the booth's per-resource check found it. */
export interface Booth {
  readonly process: BallotDocument;
  readonly state: BallotState;
  readonly candidates: readonly RankableCandidate[];
  readonly unit: string;
  readonly methodWords: string;
  /** Most candidates a ballot may mark (block vote: the seats; plurality: one), or null when a ranking may be as long as the paper. */
  readonly maxMarks: number | null;
  /** What the paper says above the candidates: how many will be elected, any minimum, how to mark it. */
  readonly rules: readonly string[];
}

/**
 * Under block vote a paper marking more candidates than seats is void, and
 * plurality reads one mark only: the booth says so and refuses such a ballot
 * rather than store one that would silently count for nothing.
 */
export function maxMarksOf(method: string, seats: number): number | null {
  return method === 'block' ? seats : method === 'plurality' ? 1 : null;
}

export function boothView(b: Booth, extra: { values?: Record<string, string>; errors?: Readonly<Record<string, string>> } = {}, w: Words = wordsIn('en-GB')) {
  return {
    process: b.process.id,
    title: b.state.title,
    unit: b.unit,
    closes: b.state.timetable.ballotCloses,
    closing: w.t('booth.closesAt', { moment: closingIn(w, b.state) }),
    methodWords: b.methodWords,
    maxMarks: b.maxMarks,
    rules: b.rules,
    candidates: b.candidates,
    // The candidates' approved statements are on the election's public candidates page; their approved photos are shown here too.
    statementsUrl: b.process.kind === 'internal-election' ? paths.electionCandidates(b.process.id) : paths.selectionCandidates(b.process.id),
    photos: boothPhotos(b),
    ...extra,
  };
}

/** The approved photos of the candidates on the paper, in its order. */
function boothPhotos(b: Booth): PhotoView[] {
  const photos: PhotoView[] = [];
  for (const cand of b.candidates) {
    const member = b.state.candidates.find((x) => x.id === cand.id)?.member ?? null;
    const st = publishedStatement(b.state, member);
    const photo = st && statementPhotoView(b.process.id, st, cand.name);
    if (photo) photos.push(photo);
  }
  return photos;
}

/** Why the ranking marks more candidates than the ballot may (see `maxMarksOf`), or null when it does not. */
export function tooManyMarks(b: Booth, ranking: readonly string[], w: Words = wordsIn('en-GB')): string | null {
  if (b.maxMarks === null || ranking.length <= b.maxMarks) return null;
  const excess = ranking.length - b.maxMarks;
  // "Remove one" in English; a number otherwise, and always in Welsh (where "one" would have to agree in gender).
  return w.t('booth.tooMany', { n: b.maxMarks, marked: ranking.length, remove: excess === 1 && w.language === 'en-GB' ? 'one' : excess });
}

/** The ranking by name, and every candidate it leaves unranked. */
export function boothReview(b: Booth, ranking: readonly string[]) {
  return {
    process: b.process.id,
    title: b.state.title,
    ranking: ranking.map((id) => b.candidates.find((x) => x.id === id)!),
    unranked: b.candidates.filter((x) => !ranking.includes(x.id)).map((x) => x.name),
  };
}
