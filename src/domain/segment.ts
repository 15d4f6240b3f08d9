/**
 * A contest's segment: which of the election's electorate may vote in it (members in Wales, members
 * under 27 on the freeze date, members who self-identify as disabled, members of a membership class),
 * and the judge that says, for one member, yes or no with a reason they can read.
 *
 * Definitions (tested in test/domain/segment.test.ts):
 * - Age on the freeze date is whole years since the date of birth; a birthday on the freeze date
 *   counts. Someone born on 29 February is a year older on 1 March in a year without one.
 * - Region: the region (or nation) unit the member's branch lies in, matched by its name,
 *   ignoring case and surrounding spaces (rulebooks name "Wales", not a unit id).
 * - A self-identified characteristic is one the member's record holds (imported or declared by the
 *   member); it is never written into what others can read: the reason stored with the frozen
 *   electorate for such a contest is the same whichever way the member was judged
 *   (`storedSegmentReason`), listings give only counts (`isPrivateSegment`), and only the member's
 *   own page gives the personal reason.
 */
import type { Member, SelfIdentified } from './organisation.js';
import type { Segment } from './rulebook.js';
import type { IsoDate } from './time.js';

/** What the judge needs to know about the member beyond their record. */
export interface SegmentFacts {
  /** The name of the region unit the member's branch lies in; null when it lies in none. */
  readonly region: string | null;
  readonly freezeDate: IsoDate;
}

export interface SegmentJudgement {
  readonly eligible: boolean;
  /** One sentence addressed to the member: "You may vote: your branch is in Wales." */
  readonly reason: string;
}

const CHARACTERISTIC_WORDS: Readonly<Record<SelfIdentified, string>> = { disabled: 'disabled', bame: 'BAME', 'lgbt+': 'LGBT+' };

/** A characteristic for people ("BAME", "disabled"); an unknown one as written. */
export const characteristicWords = (c: string): string => (c in CHARACTERISTIC_WORDS ? CHARACTERISTIC_WORDS[c as SelfIdentified] : c);

/** Who the contest is for, completing "it is for …" (e.g. "members under 27 on the freeze date"). */
export function segmentWords(s: Segment): string {
  switch (s.kind) {
    case 'everyone':
      return 'every member';
    case 'region':
      return `members whose branch is in ${s.region}`;
    case 'under-age':
      return `members under ${s.age} on the freeze date`;
    case 'self-identified':
      return `members who self-identify as ${characteristicWords(s.characteristic)}`;
    case 'membership-class':
      return `members of the ${orWords(s.classes)} membership ${s.classes.length === 1 ? 'class' : 'classes'}`;
  }
}

const orWords = (xs: readonly string[]): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

/** Whole years from `born` to `on`: a birthday on `on` counts. */
export function ageOn(born: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(born.slice(0, 4));
  return on.slice(5) < born.slice(5) ? years - 1 : years;
}

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether the member may vote in the contest `title`, as far as its segment goes (the election's own
 * eligibility rules are judged separately), with the reason addressed to them.
 */
export function judgeSegment(member: Member, segment: Segment, title: string, facts: SegmentFacts): SegmentJudgement {
  const yes = (why: string): SegmentJudgement => ({ eligible: true, reason: `You may vote: ${why}.` });
  const no = (why: string): SegmentJudgement => ({
    eligible: false,
    reason: `You may not vote in the ${title} contest: ${why}, and it is for ${segmentWords(segment)}.`,
  });
  switch (segment.kind) {
    case 'everyone':
      return yes('it is open to every member');
    case 'region': {
      if (facts.region !== null && sameName(facts.region, segment.region)) return yes(`your branch is in ${segment.region}`);
      return no(facts.region === null ? 'your branch lies in no region on record' : `your branch is in ${facts.region}`);
    }
    case 'under-age': {
      const born = member.born ?? null;
      if (born === null) return no('there is no date of birth on your membership record (ask your membership secretary to add it)');
      const age = ageOn(born, facts.freezeDate);
      const was = `you were ${age} on the freeze date`;
      return age < segment.age ? yes(`${was}, and it is for members under ${segment.age}`) : no(was);
    }
    case 'self-identified': {
      const words = characteristicWords(segment.characteristic);
      if ((member.selfIdentified ?? []).includes(segment.characteristic)) return yes(`you self-identify as ${words}`);
      return no(`your record does not say you self-identify as ${words} (you can declare it yourself before the freeze date)`);
    }
    case 'membership-class': {
      const cls = member.membershipClass ?? null;
      if (cls !== null && segment.classes.includes(cls)) return yes(`you are in the ${cls} membership class`);
      return no(cls === null ? 'your record gives no membership class' : `you are in the ${cls} membership class`);
    }
  }
}

/**
 * Whether the contest's electorate must not be listed member by member: for a self-identified
 * characteristic, who is on it (eligible or not) is exactly what nobody but the member may learn,
 * so officers, scrutineers and exports see only the counts.
 */
export const isPrivateSegment = (s: Segment): boolean => s.kind === 'self-identified';

/** Why a private contest's electorate is given only as counts, for the people who would read a listing. */
export function privateElectorateWords(s: Segment): string {
  return `This contest is for ${segmentWords(s)}. Who self-identifies is known only to each member and their own record, so the electorate is given only as counts; each member sees on their own page whether they may vote and why.`;
}

/**
 * The reason stored with a member's place in a contest's frozen electorate, which officers and
 * scrutineers may read: the personal reason, except for a self-identified characteristic, where
 * every member judged on it gets the same words whichever way they were judged (their own page
 * judges again from their record and tells them why).
 */
export function storedSegmentReason(segment: Segment, title: string, judged: SegmentJudgement): string {
  if (!isPrivateSegment(segment)) return judged.reason;
  return `Judged on who the ${title} contest is for (${segmentWords(segment)}); how is told only to the member.`;
}
