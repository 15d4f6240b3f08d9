/** The schema of a constituency party's nomination meeting's stored state. */
import { z } from 'zod';
import { MEETING_PHASES, MEETING_VOTING, type NominationMeetingState } from '../../domain/processes/index.js';
import { isoDateSchema } from './common.js';

const person = z.looseObject({ member: z.string(), name: z.string() });
const by = z.string().nullable();

export const nominationMeetingSchema: z.ZodType<NominationMeetingState> = z.looseObject({
  kind: z.literal('nomination-meeting'),
  rulebook: z.string(),
  title: z.string(),
  phase: z.enum(MEETING_PHASES),
  openedAt: z.string(),
  body: z.looseObject({ id: z.string(), name: z.string() }),
  election: z.looseObject({ process: z.string(), title: z.string() }),
  date: isoDateSchema,
  place: z.string(),
  online: z.boolean(),
  voting: z.enum(MEETING_VOTING),
  openRound: z.looseObject({ round: z.number(), openedAt: z.string(), by }).nullable(),
  candidates: z.array(person),
  seed: z.number(),
  attendees: z.array(z.looseObject({ member: z.string(), name: z.string(), mayVote: z.boolean(), reason: z.string() })),
  rounds: z.array(z.looseObject({ votes: z.record(z.string(), z.number()), spoilt: z.number(), at: z.string(), by })),
  decision: z
    .discriminatedUnion('kind', [
      z.looseObject({ kind: z.literal('nominated'), member: z.string(), name: z.string(), at: z.string(), by }),
      z.looseObject({ kind: z.literal('no-nomination'), reason: z.string(), at: z.string(), by }),
    ])
    .nullable(),
});

/** Meetings written before online voting: every one voted in the room, and none had a round open in the booth. */
export const meetingVotingUpcaster = {
  fromVersion: 1,
  upcast(state: unknown): unknown {
    return typeof state === 'object' && state !== null ? { voting: 'in-the-room', openRound: null, ...state } : state;
  },
};
