/** The schema of a selection's stored state. */
import { z } from 'zod';
import { SELECTION_PHASES, type SelectionState } from '../../domain/processes/index.js';
import { ballotTimes, countSummary, frozenElectorate, isoDate, nullableText, personStanding } from './common.js';

const names = z.array(z.string());

export const selectionState: z.ZodType<SelectionState> = z.looseObject({
  kind: z.literal('selection'),
  rulebook: z.string(),
  constituency: z.string(),
  title: z.string(),
  phase: z.enum(SELECTION_PHASES),
  openedAt: z.string(),
  timetable: z.looseObject({ applicationsClose: isoDate, nominationsClose: isoDate, freezeDate: isoDate, ballotOpens: isoDate, ballotCloses: isoDate }),
  followsTrigger: nullableText,
  incumbent: z.looseObject({ name: z.string(), gender: nullableText, member: nullableText }).nullable(),
  allWomenShortlist: z.boolean(),
  units: z.array(z.looseObject({ id: z.string(), name: z.string(), class: z.enum(['branch', 'affiliate']) })),
  candidates: z.array(z.looseObject({ ...personStanding, incumbent: z.boolean(), appliedAt: z.string() })),
  nominations: z.array(z.looseObject({ unit: z.string(), candidates: names, at: z.string() })),
  longlist: names.nullable(),
  shortlist: names.nullable(),
  electorate: frozenElectorate.nullable(),
  ballot: ballotTimes.nullable(),
  count: countSummary.nullable(),
  declaration: z.looseObject({ winner: z.string(), name: z.string(), at: z.string() }).nullable(),
});
