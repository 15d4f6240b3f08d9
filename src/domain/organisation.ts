/**
 * Who belongs where: the party's units, its members and its officers.
 *
 * party → regions → constituencies → branches; affiliates (unions, socialist
 * societies) → affiliated branches, each attached to a constituency.
 */
import type { MemberId, UnitId } from './ids.js';
import type { IsoDate } from './time.js';

export type UnitKind = 'party' | 'region' | 'constituency' | 'branch' | 'affiliate' | 'affiliated-branch';
export const UNIT_KINDS: readonly UnitKind[] = ['party', 'region', 'constituency', 'branch', 'affiliate', 'affiliated-branch'];

export interface Unit {
  readonly id: UnitId;
  readonly kind: UnitKind;
  readonly name: string;
  /**
   * The unit this one belongs to: region → party, constituency → region,
   * branch → constituency, affiliate → party, affiliated branch → its affiliate.
   */
  readonly parent: UnitId | null;
  /** For an affiliated branch: the constituency it is attached to. */
  readonly constituency: UnitId | null;
  /**
   * For an affiliate: its affiliated membership and whether it is a trade union (the affiliates'
   * route to a leadership ballot weighs them). Absent when writing: what is stored is kept; null: not known.
   */
  readonly affiliation?: Affiliation | null;
}

/** What an affiliate holds: its affiliated membership (a whole number) and whether it is a trade union (else a socialist society or other affiliate). */
export interface Affiliation {
  readonly membership: number;
  readonly tradeUnion: boolean;
}

/** Which parent kind each kind of unit must have. */
export const PARENT_KIND: Readonly<Record<UnitKind, UnitKind | null>> = {
  party: null,
  region: 'party',
  constituency: 'region',
  branch: 'constituency',
  affiliate: 'party',
  'affiliated-branch': 'affiliate',
};

export type MemberStatus = 'current' | 'arrears' | 'lapsed' | 'suspended';
export const MEMBER_STATUSES: readonly MemberStatus[] = ['current', 'arrears', 'lapsed', 'suspended'];

/** From `from` (inclusive) the member's status is `status`, until the next change. */
export interface StatusChange {
  readonly from: IsoDate;
  readonly status: MemberStatus;
}

export interface Member {
  readonly id: MemberId;
  readonly name: string;
  readonly email: string | null;
  readonly branch: UnitId;
  readonly joined: IsoDate;
  /** Oldest first. The first entry is normally { from: joined, status: 'current' }. */
  readonly statusHistory: readonly StatusChange[];
  /** Self-described, optional; used only by representation rules (e.g. women's places). */
  readonly gender: string | null;
  /** Date of birth, when the membership system gives it: judges age-limited contests (under 27 at the freeze date, say). */
  readonly born?: IsoDate | null;
  /** The membership class the membership system records (e.g. "standard", "youth", "retired"), when known. */
  readonly membershipClass?: string | null;
  /** Characteristics the member self-identifies with (e.g. "disabled", "bame"), imported or declared by them; never shown to anyone else. */
  readonly selfIdentified?: readonly string[];
  /** The language the member reads their pages and mail in; left out when never chosen, which means English. */
  readonly language?: MemberLanguage;
}

/** Whether `text` reads as an email address: something, an @, something, no spaces (the mail server judges the rest). */
export function isEmailAddress(text: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(text);
}

/** The languages a member may choose: English (en-GB) and Welsh. */
export const MEMBER_LANGUAGES = ['en', 'cy'] as const;
export type MemberLanguage = (typeof MEMBER_LANGUAGES)[number];

/** Characteristics a member may self-identify with, used only to judge who may vote in a reserved contest. */
export const SELF_IDENTIFIED = ['disabled', 'bame', 'lgbt+'] as const;
export type SelfIdentified = (typeof SELF_IDENTIFIED)[number];

export type OfficeRole = 'secretary' | 'procedures-secretary' | 'chair' | 'national-officer' | 'scrutineer';
export const OFFICE_ROLES: readonly OfficeRole[] = ['secretary', 'procedures-secretary', 'chair', 'national-officer', 'scrutineer'];

export interface Office {
  readonly unit: UnitId;
  readonly role: OfficeRole;
  readonly member: MemberId;
}

/** The sitting representative of a constituency, who may want to stand again. */
export interface Incumbent {
  readonly constituency: UnitId;
  readonly name: string;
  readonly member: MemberId | null;
  readonly gender: string | null;
  /** Exemptions known about the incumbent (e.g. suspended, within 12 months of parental leave). */
  readonly suspended: boolean;
  readonly parentalLeaveEnded: IsoDate | null;
}

/**
 * The seat's candidate at the next election: the winner of its latest declared
 * selection. Not the incumbent: the sitting MP stays the MP (and the incumbent
 * record) until an election replaces them, but from the declaration on the seat
 * has chosen whom it puts forward.
 */
export interface SeatCandidate {
  readonly constituency: UnitId;
  readonly name: string;
  readonly member: MemberId | null;
  /** The selection that chose them. */
  readonly selection: string;
  readonly selectedOn: IsoDate;
}

/** Whether the selected candidate is the sitting representative (by membership when both are known, else by name). */
export function isIncumbent(candidate: SeatCandidate, incumbent: Incumbent): boolean {
  if (candidate.member !== null && incumbent.member !== null) return candidate.member === incumbent.member;
  return candidate.name.trim().toLowerCase() === incumbent.name.trim().toLowerCase();
}

/**
 * Why a trigger ballot on the incumbent can no longer be held, or null: once the
 * seat has selected someone else, there is nobody left to readopt, and a ballot
 * that could only "readopt" them would contradict the declared selection.
 */
export function triggerClosedBySelection(constituencyName: string, incumbent: Incumbent, candidate: SeatCandidate | null): string | null {
  if (candidate === null || isIncumbent(candidate, incumbent)) return null;
  return `${constituencyName} has already selected ${candidate.name} as its candidate; a trigger ballot on ${incumbent.name} is no longer possible`;
}

/** A member's status on a date: the last change on or before it (before joining: none). */
export function statusOn(member: Member, date: IsoDate): MemberStatus | null {
  let status: MemberStatus | null = null;
  for (const change of member.statusHistory) {
    if (change.from <= date) status = change.status;
    else break;
  }
  return status;
}
