/**
 * What candidates are told as their process moves: nominated (in an election, by a body), longlisted,
 * shortlisted, withdrawn, and the result declared. Worked out from the state before and after a step,
 * so every way a step is taken (a page, the command line, the timetable) tells them alike, in the
 * step's own transaction. A candidate entered without a membership record has nobody to tell.
 */
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { ProcessState } from '../../domain/processes/documents.js';
import type { NewNotice } from '../../store/store.js';

export const CANDIDATE_UPDATE = 'candidate-update';

/** What happened to the candidate, which the template says in the member's language. */
export type CandidateNews = 'nominated' | 'longlisted' | 'shortlisted' | 'withdrawn' | 'declared' | 'accepted';

export interface CandidateNoticeParams {
  readonly news: CandidateNews;
  readonly title: string;
  /** For 'accepted' (told to the bodies that nominated them): the nominee's name. */
  readonly nominee?: string;
  /** Where to read more: their nominations, their applications, or the results. */
  readonly path: string;
}

export function isCandidateNoticeParams(p: unknown): p is CandidateNoticeParams {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    ['nominated', 'longlisted', 'shortlisted', 'withdrawn', 'declared', 'accepted'].includes(o.news as string) &&
    typeof o.title === 'string' &&
    typeof o.path === 'string'
  );
}

interface Candidate {
  readonly id: string;
  readonly member: string | null;
  readonly withdrawn: unknown;
}

const membersOf = (cs: readonly Candidate[]): MemberId[] => cs.flatMap((c) => (c.member === null ? [] : [c.member as MemberId]));

/** The candidates newly in `after` (by id) who were not in `before`. */
const added = (before: readonly string[] | null, after: readonly string[] | null, all: readonly Candidate[]): Candidate[] =>
  all.filter((c) => (after ?? []).includes(c.id) && !(before ?? []).includes(c.id));

/** Each piece of news of a step, with whom it goes to (and, for a body's news, whom it is about). */
function newsOf(before: ProcessState, after: ProcessState): [CandidateNews, MemberId[], string?][] {
  if (before.kind === 'trigger-ballot' || after.kind === 'trigger-ballot' || before.kind === 'nomination-meeting' || after.kind === 'nomination-meeting')
    return [];
  if (before.kind !== after.kind) return [];
  const news: [CandidateNews, MemberId[], string?][] = [];
  const was = new Map<string, Candidate>(before.candidates.map((c) => [c.id, c]));
  const withdrawn = after.candidates.filter((c) => c.withdrawn !== null && was.get(c.id)?.withdrawn === null);
  if (after.kind === 'selection' && before.kind === 'selection') {
    news.push(['longlisted', membersOf(added(before.longlist, after.longlist, after.candidates))]);
    news.push(['shortlisted', membersOf(added(before.shortlist, after.shortlist, after.candidates))]);
  }
  if (after.kind === 'internal-election' && before.kind === 'internal-election') {
    const nominatedBefore = new Set(before.nominees.map((n) => n.member));
    news.push(['nominated', after.nominees.filter((n) => !nominatedBefore.has(n.member)).map((n) => n.member as MemberId)]);
    // A nominee who accepts: each body that nominated them hears it, through whoever recorded its nomination.
    const answered = new Map(before.nominees.map((n) => [n.member, n.consent?.answer ?? null]));
    for (const n of after.nominees.filter((x) => x.consent?.answer === 'accepted' && answered.get(x.member) !== 'accepted')) {
      const recorders = [...new Set(after.nominations.filter((b) => b.member === n.member && b.recordedBy !== null).map((b) => b.recordedBy as MemberId))];
      news.push(['accepted', recorders, n.name]);
    }
  }
  news.push(['withdrawn', membersOf(withdrawn)]);
  if (after.phase === 'declared' && before.phase !== 'declared') news.push(['declared', membersOf(after.candidates)]);
  return news.filter(([, to]) => to.length > 0);
}

const WHERE: Readonly<Record<CandidateNews, (processId: ProcessId, kind: string) => string>> = {
  nominated: () => '/standing',
  longlisted: () => '/candidacies',
  shortlisted: () => '/candidacies',
  withdrawn: (_p, kind) => (kind === 'selection' ? '/candidacies' : '/standing'),
  declared: (p) => `/results/${encodeURIComponent(p)}`,
  accepted: (p) => `/processes/${encodeURIComponent(p)}/nominations`,
};

/** The notices a step sends its candidates; `version` (the step's) makes each id unique. */
export function candidateNotices(processId: ProcessId, version: number, before: ProcessState, after: ProcessState, at: string, actor: string): NewNotice[] {
  const title = after.kind === 'trigger-ballot' ? '' : after.title;
  return newsOf(before, after).map(([news, members, nominee]) => ({
    id: `${processId}:v${version}:${news}${nominee === undefined ? '' : `:${members[0] ?? ''}`}`,
    kind: CANDIDATE_UPDATE,
    process: processId,
    audience: { members },
    params: { news, title, path: WHERE[news](processId, after.kind), ...(nominee === undefined ? {} : { nominee }) } satisfies CandidateNoticeParams,
    sendAt: at,
    // Candidates are public once on a list; what they are told is theirs, but no ballot secret rides on it.
    private: false,
    createdBy: actor,
  }));
}
