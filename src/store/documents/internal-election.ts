/** The schema of an internal election's stored state. */
import { z } from 'zod';
import { ELECTION_PHASES, type InternalElectionState } from '../../domain/processes/index.js';
import { ballotTimes, countSummary, frozenElectorate, isoDate, personStanding } from './common.js';

export const internalElectionState: z.ZodType<InternalElectionState> = z.looseObject({
  kind: z.literal('internal-election'),
  rulebook: z.string(),
  title: z.string(),
  phase: z.enum(ELECTION_PHASES),
  openedAt: z.string(),
  timetable: z.looseObject({ nominationsClose: isoDate, freezeDate: isoDate, ballotOpens: isoDate, ballotCloses: isoDate }),
  seats: z.number(),
  method: z.string(),
  minWomen: z.number().nullable(),
  candidates: z.array(z.looseObject({ ...personStanding, nominatedAt: z.string() })),
  electorate: frozenElectorate.nullable(),
  ballot: ballotTimes.nullable(),
  count: countSummary.nullable(),
  declaration: z.looseObject({ elected: z.array(z.looseObject({ id: z.string(), name: z.string() })), at: z.string() }).nullable(),
});
