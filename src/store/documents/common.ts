/** Schemas of the parts the processes' states share: dates, withdrawals, the frozen electorate, the ballot, the count. */
import { z } from 'zod';
import type { CountSummary } from '../../domain/processes/index.js';
import type { BallotTimes, FrozenElectorate, Withdrawal } from '../../domain/processes/ballot-steps.js';
import { isIsoDate, type IsoDate } from '../../domain/time.js';

export const isoDate = z.custom<IsoDate>((v) => typeof v === 'string' && isIsoDate(v), { message: 'expected a date written YYYY-MM-DD' });
export const nullableText = z.string().nullable();

export const withdrawal: z.ZodType<Withdrawal> = z.looseObject({ at: z.string(), reason: nullableText });

export const frozenElectorate: z.ZodType<FrozenElectorate> = z.looseObject({
  freezeDate: isoDate,
  eligible: z.number(),
  total: z.number(),
  summary: nullableText,
  frozenAt: z.string(),
});

export const ballotTimes: z.ZodType<BallotTimes> = z.looseObject({
  openedAt: z.string(),
  closedAt: nullableText,
  opensAt: z.string().exactOptional(),
  closesAt: z.string().exactOptional(),
  timeZone: z.string().exactOptional(),
  closedByTimetable: z.boolean().exactOptional(),
});

const decimals = z.record(z.string(), z.string());

export const countSummary: z.ZodType<CountSummary> = z.looseObject({
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
  constraint: nullableText,
  countedAt: z.string(),
});

/** A person standing as the selection and the internal election keep them. */
export const personStanding = {
  id: z.string(),
  name: z.string(),
  gender: nullableText,
  member: nullableText,
  withdrawn: withdrawal.nullable(),
};
