/** The schema of a selection's stored state. */
import { z } from 'zod';
import { SELECTION_PHASES, type SelectionState } from '../../domain/processes/index.js';
import {
  ballotTimesSchema,
  declarationRecordFields,
  disputeRemedyFields,
  countSummarySchema,
  frozenElectorateSchema,
  isoDateSchema,
  nullableTextSchema,
  personStandingFields,
  statementsSchema,
  timetablePauseFields,
} from './common.js';

const names = z.array(z.string());

export const selectionSchema: z.ZodType<SelectionState> = z.looseObject({
  kind: z.literal('selection'),
  rulebook: z.string(),
  constituency: z.string(),
  title: z.string(),
  phase: z.enum(SELECTION_PHASES),
  openedAt: z.string(),
  timetable: z.looseObject({
    applicationsClose: isoDateSchema,
    nominationsClose: isoDateSchema,
    freezeDate: isoDateSchema,
    ballotOpens: isoDateSchema,
    ballotCloses: isoDateSchema,
  }),
  followsTrigger: nullableTextSchema,
  incumbent: z.looseObject({ name: z.string(), gender: nullableTextSchema, member: nullableTextSchema }).nullable(),
  allWomenShortlist: z.boolean(),
  units: z.array(z.looseObject({ id: z.string(), name: z.string(), class: z.enum(['branch', 'affiliate']) })),
  candidates: z.array(z.looseObject({ ...personStandingFields, incumbent: z.boolean(), appliedAt: z.string() })),
  nominations: z.array(z.looseObject({ unit: z.string(), candidates: names, at: z.string() })),
  longlist: names.nullable(),
  shortlist: names.nullable(),
  electorate: frozenElectorateSchema.nullable(),
  ballot: ballotTimesSchema.nullable(),
  count: countSummarySchema.nullable(),
  declaration: z
    .looseObject({ winner: z.string(), name: z.string(), ...declarationRecordFields, panel: z.looseObject({ reasons: z.string() }).exactOptional() })
    .nullable(),
  statements: statementsSchema,
  emergency: z
    .looseObject({ panel: z.string(), reason: z.string(), decidedBy: z.enum(['members-ballot', 'panel-decides']) })
    .nullable()
    .exactOptional(),
  ...timetablePauseFields,
  ...disputeRemedyFields,
});
