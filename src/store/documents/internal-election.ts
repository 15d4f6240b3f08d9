/** The schema of an internal election's stored state. */
import { z } from 'zod';
import { SEGMENT_KINDS, type Segment, type SegmentKind } from '../../domain/rulebook.js';
import { LEADERSHIP_ROUTES } from '../../domain/leadership-nominations.js';
import { ELECTION_PHASES, type InternalElectionState } from '../../domain/processes/index.js';
import {
  ballotTimesSchema,
  declarationRecordFields,
  countSummarySchema,
  frozenElectorateSchema,
  isoDateSchema,
  personStandingFields,
  statementsSchema,
  timetablePauseFields,
  disputeRemedyFields,
} from './common.js';

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
  // Added with elections of several contests: a stored election of one contest has none.
  contest: z
    .looseObject({
      election: z.string(),
      electionTitle: z.string(),
      contest: z.string(),
      order: z.number(),
      segment: z.custom<Segment>((v) => typeof v === 'object' && v !== null && SEGMENT_KINDS.includes((v as { kind: SegmentKind }).kind)),
    })
    .optional(),
  // Added with nominations by bodies and statements: a document stored before them has none.
  nominations: z
    .array(
      z.looseObject({
        body: z.string(),
        bodyName: z.string(),
        member: z.string(),
        meetingDate: isoDateSchema,
        recordedBy: z.string().nullable(),
        at: z.string(),
        // A leadership election's: the route it counts for, and what a nominating affiliate held.
        route: z.enum(LEADERSHIP_ROUTES).optional(),
        affiliation: z.looseObject({ membership: z.number(), tradeUnion: z.boolean() }).nullable().optional(),
      }),
    )
    .default([]),
  nominees: z
    .array(
      z.looseObject({
        member: z.string(),
        name: z.string(),
        gender: z.string().nullable(),
        consent: z.looseObject({ answer: z.enum(['accepted', 'declined']), at: z.string() }).nullable(),
      }),
    )
    .default([]),
  statements: statementsSchema,
  // Added with leadership elections: any other election has none.
  leadership: z
    .looseObject({
      vacancy: z.boolean(),
      incumbent: z.looseObject({ member: z.string(), name: z.string() }).nullable(),
      parliamentaryParty: z.array(z.looseObject({ member: z.string(), name: z.string() })),
      constituencies: z.number(),
      affiliatedMembership: z.number(),
    })
    .optional(),
  ...timetablePauseFields,
  ...disputeRemedyFields,
});
