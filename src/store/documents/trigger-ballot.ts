/** The schema of a trigger ballot's (an incumbent's review's) stored state. */
import { z } from 'zod';
import { ARRIVAL_MEANS, DECIDED_BY, TRIGGER_PHASES, type TriggerBallotState } from '../../domain/processes/index.js';
import { disputesSchema, isoDateSchema, nullableTextSchema, timetablePauseFields } from './common.js';

const meetingFigures = { for: z.number(), against: z.number(), abstentions: z.number(), attendance: z.number(), date: isoDateSchema };

/** Who entered a unit's decision and how it arrived: absent from results recorded before they were kept. */
const entryFields = {
  by: nullableTextSchema.exactOptional(),
  arrived: z.looseObject({ via: z.enum(ARRIVAL_MEANS), received: isoDateSchema }).exactOptional(),
};

const recordedResult = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('meeting'), recordedAt: z.string(), ...meetingFigures, ...entryFields }),
  z.looseObject({ kind: z.literal('absent'), recordedAt: z.string(), note: nullableTextSchema, ...entryFields }),
]);

const correction = z.looseObject({ previous: recordedResult, reason: z.string(), at: z.string(), by: nullableTextSchema });

const ballotUnit = z.looseObject({
  id: z.string(),
  name: z.string(),
  class: z.enum(['branch', 'affiliate']),
  affiliate: nullableTextSchema,
  result: recordedResult.nullable(),
  corrections: z.array(correction),
  voided: z.array(correction).exactOptional(),
});

const outcome = z.looseObject({
  result: z.enum(['triggered', 'readopted']),
  decidedBy: z.enum(DECIDED_BY),
  rule: nullableTextSchema,
  arithmetic: z.array(z.string()),
  decisions: z.array(z.looseObject({ unit: z.string(), decision: z.enum(['yes', 'no', 'abstain', 'absent']), reason: z.string() })),
  at: z.string(),
});

export const triggerBallotSchema: z.ZodType<TriggerBallotState> = z.looseObject({
  kind: z.literal('trigger-ballot'),
  rulebook: z.string(),
  mode: z.enum(['trigger-ballot', 'members-meeting', 'mandatory-reselection']),
  constituency: z.string(),
  incumbent: z.looseObject({ name: z.string(), member: nullableTextSchema, gender: nullableTextSchema }),
  openedAt: z.string(),
  opened: isoDateSchema,
  closes: isoDateSchema,
  phase: z.enum(TRIGGER_PHASES),
  units: z.array(ballotUnit),
  membersMeeting: z.looseObject({ ...meetingFigures, recordedAt: z.string() }).nullable(),
  appeal: z
    .looseObject({
      lodgedAt: z.string(),
      ballot: z.looseObject({ for: z.number(), against: z.number(), spoilt: z.number(), date: isoDateSchema, recordedAt: z.string() }).nullable(),
    })
    .nullable(),
  exemption: z.looseObject({ reason: z.string() }).nullable(),
  outcome: outcome.nullable(),
  disputes: disputesSchema,
  endorsement: z
    .looseObject({
      required: z.enum(['every-readoption', 'snap-election']),
      readoption: outcome,
      decision: z
        .looseObject({ decision: z.enum(['endorsed', 'refused']), reason: z.string(), date: isoDateSchema, recordedAt: z.string(), by: nullableTextSchema })
        .nullable(),
    })
    .nullable()
    .exactOptional(),
  ...timetablePauseFields,
});
