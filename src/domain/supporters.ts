/**
 * The supporters of a leadership election: people who are not members but may vote for leader when
 * the rulebook's electorate has their class. Registered supporters apply in a window the officers
 * set and pay a fee (Hustings takes no payments: the applicant gives the reference of theirs, and the
 * officers reconcile it); affiliated supporters are members of an affiliate and pay nothing. Each
 * application waits in the officers' validation queue, which accepts or rejects it with a reason
 * the applicant sees. An accepted supporter becomes a row of the membership with a supporter's
 * membership class (so the sign-in, the booth and the notices serve them as any voter), in no branch
 * of the party, and is in that election's electorate only.
 *
 * Definitions (tested in test/domain/supporters.test.ts):
 * - The window runs from its first day to its last, both included, as dates in the organisation's
 *   time zone: an application on the closing day is in time, one the day after is not.
 * - A reason is required for every decision, accepting as well as rejecting; at most 500 characters.
 * - Duplicates are flagged, not refused: an application with the email of another application of the
 *   same election, or of a member. The officers decide (a member applying as a supporter is usually
 *   rejected: they vote as a member already).
 */
import { longDate } from './calendar.js';
import type { MemberId, ProcessId, UnitId } from './ids.js';
import { isEmailAddress } from './organisation.js';
import { err, ok, type DomainError, type Result } from './result.js';
import type { LeadershipRules } from './rulebook.js';
import { feeWords } from './rulebook-words.js';
import type { IsoDate } from './time.js';

/** The supporter classes (the electorate's classes besides members). */
export type SupporterClass = 'registered-supporter' | 'affiliated-supporter';
export const SUPPORTER_CLASSES: readonly SupporterClass[] = ['registered-supporter', 'affiliated-supporter'];

/** Whether a membership class is a supporter's (set on the membership row of an accepted supporter). */
export function isSupporterClass(membershipClass: string | null | undefined): membershipClass is SupporterClass {
  return membershipClass === 'registered-supporter' || membershipClass === 'affiliated-supporter';
}

/** "registered supporter", "affiliated supporter". */
export const SUPPORTER_CLASS_WORDS: Readonly<Record<SupporterClass, string>> = {
  'registered-supporter': 'registered supporter',
  'affiliated-supporter': 'affiliated supporter',
};

/** The supporter classes a leadership election's rulebook lets apply. */
export function supporterClassesOf(l: LeadershipRules | null): SupporterClass[] {
  if (l === null) return [];
  return [
    ...(l.electorate?.registeredSupporters ? (['registered-supporter'] as const) : []),
    ...(l.electorate?.affiliatedSupporters ? (['affiliated-supporter'] as const) : []),
  ];
}

/** When supporters may apply, and the registered supporters' fee, as the officer set them for one election. */
export interface SupporterWindow {
  readonly opens: IsoDate;
  readonly closes: IsoDate;
  /** In pence; 0: no fee. Affiliated supporters pay none whatever it is. */
  readonly feePence: number;
}

export type WindowState = 'not-set' | 'not-yet-open' | 'open' | 'closed';

/** Whether the window is open on `today` (both ends included). */
export function windowStateOn(window: SupporterWindow | null, today: IsoDate): WindowState {
  if (window === null) return 'not-set';
  if (today < window.opens) return 'not-yet-open';
  return today > window.closes ? 'closed' : 'open';
}

/** The window in words, for the form and the officers: "from 1 July 2026 to 20 July 2026 (both days included); fee £25". */
export function windowWords(window: SupporterWindow): string {
  return `from ${longDate(window.opens)} to ${longDate(window.closes)} (both days included); registered supporters' fee ${feeWords(window.feePence)}`;
}

/** Problems with a window, by field ('opens', 'closes', 'fee'). */
export function windowProblems(window: SupporterWindow, freezeDate: IsoDate): Record<string, string> {
  const problems: Record<string, string> = {};
  if (window.closes < window.opens) problems.closes = `must be on or after the day applications open (${longDate(window.opens)})`;
  else if (window.closes > freezeDate)
    problems.closes = `must be on or before the electorate's freeze date (${longDate(freezeDate)}): supporters accepted after it cannot vote`;
  if (!Number.isSafeInteger(window.feePence) || window.feePence < 0 || window.feePence > 100_000)
    problems.fee = 'must be an amount in pounds and pence from £0 to £1,000';
  return problems;
}

/** An application as the applicant gives it. */
export interface SupporterApplicationInput {
  readonly class: SupporterClass;
  /** For an affiliated supporter: the affiliate they belong to. */
  readonly affiliate: UnitId | null;
  readonly name: string;
  readonly email: string;
  readonly postcode: string;
  /** The reference of the fee's payment, for a registered supporter (the officers reconcile it); null for an affiliated supporter. */
  readonly paymentReference: string | null;
  /** The declaration of support for the party's aims and values, and of not supporting an opposing organisation. */
  readonly declared: boolean;
}

export type ApplicationStatus = 'pending' | 'accepted' | 'rejected';

export interface SupporterApplication extends SupporterApplicationInput {
  readonly process: ProcessId;
  /** 1, 2, 3… within the election: the applicant's reference. */
  readonly number: number;
  readonly appliedAt: string;
  readonly status: ApplicationStatus;
  /** The officer's recorded reason for the latest decision; null while pending. */
  readonly reason: string | null;
  readonly decidedOn: IsoDate | null;
  /** The membership row of an accepted supporter. */
  readonly member: MemberId | null;
}

/** The applicant's reference, as the status page and the officers say it: "S-0042". */
export const applicationReference = (number: number): string => `S-${String(number).padStart(4, '0')}`;

/** A UK postcode, loosely: letters and digits with one optional space, 5 to 8 characters. */
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/;

export const MAX_REASON_LENGTH = 500;

/**
 * Checks an application for an election whose rulebook lets `classes` apply, in a window, against
 * the organisation's affiliates. Problems by field; or the application tidied (trimmed, the postcode
 * in capitals, the email as given).
 */
export function checkApplication(
  input: SupporterApplicationInput,
  ctx: { readonly classes: readonly SupporterClass[]; readonly affiliates: ReadonlySet<string>; readonly window: SupporterWindow },
): Result<SupporterApplicationInput, DomainError & { readonly fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  if (!ctx.classes.includes(input.class)) fields.class = 'Choose how you are applying, from the choices given.';
  const name = input.name.trim();
  if (name === '') fields.name = 'Enter your full name.';
  else if (name.length > 200) fields.name = 'Your name must be 200 characters or fewer.';
  const email = input.email.trim();
  if (!isEmailAddress(email)) fields.email = 'Enter an email address like name@example.com: your code to vote is sent there.';
  const postcode = input.postcode.trim().toUpperCase().replace(/\s+/g, ' ');
  if (!POSTCODE.test(postcode)) fields.postcode = 'Enter the postcode of the address where you are on the electoral register, like SW1A 1AA.';
  let affiliate: UnitId | null = null;
  let paymentReference: string | null = null;
  if (input.class === 'affiliated-supporter') {
    if (input.affiliate === null || !ctx.affiliates.has(input.affiliate)) fields.affiliate = 'Choose the affiliate you are a member of.';
    else affiliate = input.affiliate;
  } else if (ctx.window.feePence > 0) {
    paymentReference = (input.paymentReference ?? '').trim();
    if (paymentReference === '') fields.paymentReference = `Enter the reference of your payment of the ${feeWords(ctx.window.feePence)} fee.`;
    else if (paymentReference.length > 100) fields.paymentReference = 'The payment reference must be 100 characters or fewer.';
  }
  if (!input.declared) fields.declared = "Tick the declaration: only those who support the party's aims and values may vote.";
  if (Object.keys(fields).length > 0) return { ok: false, error: { code: 'invalid-application', message: Object.values(fields).join(' '), fields } };
  return ok({ class: input.class, affiliate, name, email, postcode, paymentReference, declared: true });
}

/** An officer's decision on an application. */
export interface SupporterDecision {
  readonly status: 'accepted' | 'rejected';
  readonly reason: string;
}

/** Checks a decision on an application: a reason is required; only a pending application is decided (a rejected one is reinstated instead). */
export function checkDecision(current: ApplicationStatus, decision: SupporterDecision): Result<SupporterDecision> {
  const reason = decision.reason.trim();
  if (reason === '') return err('reason-required', 'Give the reason for the decision: the applicant sees it.');
  if (reason.length > MAX_REASON_LENGTH) return err('reason-too-long', `The reason must be ${MAX_REASON_LENGTH} characters or fewer.`);
  if (current !== 'pending') return err('decided', `This application was ${current} already.`);
  return ok({ status: decision.status, reason });
}

/** Checks a reinstatement (a rejected application accepted after all, e.g. on a dispute): a reason is required; only a rejected application is reinstated. */
export function checkReinstatement(current: ApplicationStatus, reason: string): Result<SupporterDecision> {
  const r = reason.trim();
  if (r === '') return err('reason-required', 'Give the reason for reinstating the application: the applicant sees it.');
  if (r.length > MAX_REASON_LENGTH) return err('reason-too-long', `The reason must be ${MAX_REASON_LENGTH} characters or fewer.`);
  if (current !== 'rejected') return err('not-rejected', `Only a rejected application is reinstated; this one is ${current}.`);
  return ok({ status: 'accepted', reason: r });
}

/** Why an application is flagged for the officers' attention, in words; empty when it is not. */
export function duplicateFlags(
  app: Pick<SupporterApplication, 'number' | 'email'>,
  all: readonly Pick<SupporterApplication, 'number' | 'email'>[],
  isMember: boolean,
): string[] {
  const email = app.email.toLowerCase();
  const same = all.filter((o) => o.number !== app.number && o.email.toLowerCase() === email).map((o) => applicationReference(o.number));
  return [
    ...(same.length > 0 ? [`The same email address as ${same.join(', ')}`] : []),
    ...(isMember ? ['Already a member, with this email address: a member votes as a member'] : []),
  ];
}

/** The reason an accepted supporter is in the electorate: "registered supporter, accepted on 7 July 2026". */
export function supporterReason(cls: SupporterClass, acceptedOn: IsoDate): string {
  return `${SUPPORTER_CLASS_WORDS[cls]}, accepted on ${longDate(acceptedOn)}: eligible`;
}

/** The membership row id of an accepted supporter, unique across elections. */
export const supporterMemberId = (election: ProcessId, number: number): MemberId => `supporter-${election}-${number}` as MemberId;
