/**
 * The paper-vote desk's forms: the member the vote is for, how the vote was
 * made, whether the paper is blank, and (when recording) whether to record it
 * or change it. The ranks are read by the booth's own reader (forms/ranking.ts),
 * as the member's booth reads them.
 */
import { z } from 'zod';
import type { OfflineChannel } from '../../../store/store.js';
import { PAPER_VOTE_FIELDS } from '../../views/paper-vote.js';
import { isPaperChannel } from '../../../app/paper-votes.js';
import { unlessRepeated } from './fields.js';

const sent = z.union([z.string(), z.array(z.string())]).optional();

/** The membership number typed in: one, untrimmed (the desk's lookup reads it as it reads the query's). */
export const paperVoteMemberForm = z.object({
  [PAPER_VOTE_FIELDS.member]: sent.transform((v, ctx): string | undefined => {
    if (Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: 'The form named more than one member.' });
      return z.NEVER;
    }
    return v;
  }),
});

/** How the vote was made, and whether the paper has no preference marked; each problem beside its field. */
export const paperVoteEntryForm = z.object({
  [PAPER_VOTE_FIELDS.channel]: sent.transform((v, ctx): OfflineChannel => {
    if (Array.isArray(v)) ctx.addIssue({ code: 'custom', message: 'Choose one: by post, or in person at a meeting.' });
    else if (v === undefined || !isPaperChannel(v))
      ctx.addIssue({ code: 'custom', message: 'Choose how the vote was made: by post, or in person at a meeting.' });
    else return v;
    return z.NEVER;
  }),
  [PAPER_VOTE_FIELDS.blank]: sent.transform((v, ctx): boolean => {
    if (Array.isArray(v) || (v !== undefined && v !== 'yes')) {
      ctx.addIssue({ code: 'custom', message: 'Tick the box for a blank paper, or leave it empty.' });
      return z.NEVER;
    }
    return v === 'yes';
  }),
});

/** The entry as posted, to show again: a field sent twice is shown as not given. */
export const paperVoteShownForm = z.object({
  [PAPER_VOTE_FIELDS.channel]: unlessRepeated,
  [PAPER_VOTE_FIELDS.blank]: unlessRepeated,
  [PAPER_VOTE_FIELDS.action]: unlessRepeated,
});
