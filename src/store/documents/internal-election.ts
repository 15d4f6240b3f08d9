/** The schema of an internal election's stored state. */
import { z } from 'zod';
import { ELECTION_PHASES, type InternalElectionState } from '../../domain/processes/index.js';
import { ballotTimesSchema, declarationRecordFields, countSummarySchema, frozenElectorateSchema, isoDateSchema, personStandingFields } from './common.js';

export const internalElectionSchema: z.ZodType<InternalElectionState> = z.looseObject({
  kind: z.literal('internal-election'),
  rulebook: z.string(),
  title: z.string(),
  phase: z.enum(ELECTION_PHASES),
  openedAt: z.string(),
  timetable: z.looseObject({ nominationsClose: isoDateSchema, freezeDate: isoDateSchema, ballotOpens: isoDateSchema, ballotCloses: isoDateSchema }),
  seats: z.number(),
  method: z.string(),
  minWomen: z.number().nullable(),
  candidates: z.array(z.looseObject({ ...personStandingFields, nominatedAt: z.string() })),
  electorate: frozenElectorateSchema.nullable(),
  ballot: ballotTimesSchema.nullable(),
  count: countSummarySchema.nullable(),
  declaration: z.looseObject({ elected: z.array(z.looseObject({ id: z.string(), name: z.string() })), ...declarationRecordFields }).nullable(),
});
