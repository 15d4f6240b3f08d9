/** Schemas of the parts the processes' states share: dates, withdrawals, the frozen electorate, the ballot, the count. */
import { z } from 'zod';
import type { CountSummary } from '../../domain/processes/index.js';
import type { BallotTimes, FrozenElectorate, Withdrawal } from '../../domain/processes/ballot-steps.js';
import { isIsoDate, type IsoDate } from '../../domain/time.js';
import { PHOTO_TYPES, STATEMENT_STATUSES } from '../../domain/processes/candidate-statements.js';
import { DISPUTANT_ROLES } from '../../domain/processes/disputes.js';

export const isoDateSchema = z.custom<IsoDate>((v) => typeof v === 'string' && isIsoDate(v), { message: 'expected a date written YYYY-MM-DD' });
export const nullableTextSchema = z.string().nullable();

export const withdrawalSchema: z.ZodType<Withdrawal> = z.looseObject({ at: z.string(), reason: nullableTextSchema });

export const frozenElectorateSchema: z.ZodType<FrozenElectorate> = z.looseObject({
  freezeDate: isoDateSchema,
  eligible: z.number(),
  total: z.number(),
  summary: nullableTextSchema,
  frozenAt: z.string(),
});

export const ballotTimesSchema: z.ZodType<BallotTimes> = z.looseObject({
  openedAt: z.string(),
  closedAt: nullableTextSchema,
  opensAt: z.string().exactOptional(),
  closesAt: z.string().exactOptional(),
  timeZone: z.string().exactOptional(),
  closedByTimetable: z.boolean().exactOptional(),
});

const decimals = z.record(z.string(), z.string());

export const countSummarySchema: z.ZodType<CountSummary> = z.looseObject({
  method: z.string(),
  seats: z.number(),
  seed: z.number(),
  ballots: z.number(),
  candidates: z.array(z.string()),
  elected: z.array(z.string()),
  rounds: z.array(
    z.looseObject({
      stage: z.number(),
      tally: decimals,
      threshold: z.string(),
      inactive: decimals,
      elected: z.array(z.string()),
      excluded: z.array(z.string()),
    }),
  ),
  ties: z.array(z.looseObject({ stage: z.number(), purpose: z.string(), tied: z.array(z.string()), chosen: z.string(), rule: z.string() })),
  constraint: nullableTextSchema,
  countedAt: z.string(),
});

/** A paused timetable and the changes to it (absent from documents stored before pauses were kept). */
export const timetablePauseFields = {
  paused: z.looseObject({ since: z.string(), reason: z.string(), by: nullableTextSchema }).nullable().exactOptional(),
  timetableChanges: z
    .array(
      z.looseObject({
        kind: z.enum(['paused', 'resumed', 'extended']),
        at: z.string(),
        by: nullableTextSchema,
        reason: z.string(),
        dates: z.record(z.string(), isoDateSchema).exactOptional(),
      }),
    )
    .exactOptional(),
};

/** Candidates' statements (kept by both the selection and the internal election); a document stored before them has none. */
export const statementsSchema = z
  .array(
    z.looseObject({
      member: z.string(),
      text: z.string(),
      photo: z.enum(PHOTO_TYPES).nullable(),
      // Added with stored photos: a statement written before them has none.
      photoSha256: nullableTextSchema.default(null),
      status: z.enum(STATEMENT_STATUSES),
      writtenAt: z.string(),
      reason: nullableTextSchema,
      decidedAt: nullableTextSchema,
      decidedBy: nullableTextSchema,
    }),
  )
  .default([]);

/** A person standing as the selection and the internal election keep them. */
export const personStandingFields = {
  id: z.string(),
  name: z.string(),
  gender: nullableTextSchema,
  member: nullableTextSchema,
  withdrawn: withdrawalSchema.nullable(),
};

/** Who declared and the figures announced: optional, as declarations made before they were kept have neither. */
export const declarationRecordFields = {
  at: z.string(),
  by: nullableTextSchema.exactOptional(),
  figures: z
    .looseObject({
      candidates: z.array(z.looseObject({ id: z.string(), name: z.string(), first: z.string(), final: z.string() })),
      elected: z.array(z.string()),
      turnout: z.looseObject({ ballots: z.number(), electorate: z.number() }),
    })
    .exactOptional(),
};

const remedy = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('void-unit-result'), unit: z.string(), rerunBy: isoDateSchema }),
  z.looseObject({ kind: z.literal('reinstate-candidate'), candidate: z.string() }),
  z.looseObject({ kind: z.literal('restore-member'), member: z.string() }),
  z.looseObject({ kind: z.literal('reinstate-applicant'), application: z.number() }),
  z.looseObject({ kind: z.literal('extend-timetable'), closes: isoDateSchema }),
  z.looseObject({ kind: z.literal('pause-timetable') }),
  z.looseObject({ kind: z.literal('rerun-ballot'), opens: isoDateSchema, closes: isoDateSchema }),
]);

const disputeDecision = z.looseObject({
  outcome: z.enum(['dismissed', 'upheld']),
  reasons: z.string(),
  remedy: remedy.nullable(),
  decidedAt: z.string(),
  by: nullableTextSchema,
});

const disputeSubject = z.union([
  z.looseObject({ kind: z.enum(['process', 'count']) }),
  z.looseObject({ kind: z.literal('unit-meeting'), unit: z.string() }),
  z.looseObject({ kind: z.literal('nomination'), candidate: z.string() }),
  z.looseObject({ kind: z.literal('eligibility'), member: z.string() }),
  z.looseObject({ kind: z.literal('eligibility'), candidate: z.string() }),
]);

/** Disputes about a process (any kind); a document stored before disputes were kept has none. */
export const disputesSchema = z
  .array(
    z.looseObject({
      id: z.string(),
      subject: disputeSubject,
      role: z.enum(DISPUTANT_ROLES),
      lodgedBy: nullableTextSchema,
      grounds: z.string(),
      evidence: nullableTextSchema,
      lodgedAt: z.string(),
      decision: disputeDecision.nullable(),
      appeal: z.looseObject({ grounds: z.string(), lodgedAt: z.string(), by: nullableTextSchema, decision: disputeDecision.nullable() }).nullable(),
    }),
  )
  .exactOptional();

/** What upheld disputes changed in a ballot process: members restored to its electorate, candidates reinstated, ballots voided and held again. */
export const disputeRemedyFields = {
  disputes: disputesSchema,
  restored: z.array(z.looseObject({ member: z.string(), reasons: z.string(), at: z.string(), by: nullableTextSchema })).exactOptional(),
  reinstated: z.array(z.looseObject({ candidate: z.string(), reasons: z.string(), at: z.string(), by: nullableTextSchema })).exactOptional(),
  reinstatedApplications: z
    .array(z.looseObject({ application: z.number(), addedToElectorate: z.boolean(), reasons: z.string(), at: z.string(), by: nullableTextSchema }))
    .exactOptional(),
  voidedBallots: z
    .array(
      z.looseObject({
        round: z.number(),
        openedAt: z.string(),
        closedAt: nullableTextSchema,
        counted: z.boolean(),
        opens: isoDateSchema,
        closes: isoDateSchema,
        reasons: z.string(),
        at: z.string(),
        by: nullableTextSchema,
      }),
    )
    .exactOptional(),
};
