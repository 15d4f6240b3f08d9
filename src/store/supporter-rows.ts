/** The supporters' window and applications as both stores read them from their rows. */
import type { MemberId, ProcessId, UnitId } from '../domain/ids.js';
import type { ApplicationStatus, SupporterApplication, SupporterClass, SupporterWindow } from '../domain/supporters.js';
import type { IsoDate } from '../domain/time.js';

export interface SupporterWindowRow {
  readonly opens: string;
  readonly closes: string;
  readonly fee_pence: number;
}

export const supporterWindowFromRow = (r: SupporterWindowRow): SupporterWindow => ({
  opens: r.opens as IsoDate,
  closes: r.closes as IsoDate,
  feePence: Number(r.fee_pence),
});

export interface SupporterApplicationRow {
  readonly process: string;
  readonly number: number;
  readonly class: string;
  readonly affiliate: string | null;
  readonly name: string;
  readonly email: string;
  readonly postcode: string;
  readonly payment_reference: string | null;
  readonly applied_at: string;
  readonly status: string;
  readonly reason: string | null;
  readonly decided_on: string | null;
  readonly member: string | null;
}

export const APPLICATION_COLUMNS =
  'process, number, class, affiliate, name, email, postcode, payment_reference, applied_at, status, reason, decided_on, member';

export const supporterApplicationFromRow = (r: SupporterApplicationRow): SupporterApplication => ({
  process: r.process as ProcessId,
  number: Number(r.number),
  class: r.class as SupporterClass,
  affiliate: r.affiliate as UnitId | null,
  name: r.name,
  email: r.email,
  postcode: r.postcode,
  paymentReference: r.payment_reference,
  declared: true,
  appliedAt: r.applied_at,
  status: r.status as ApplicationStatus,
  reason: r.reason,
  decidedOn: r.decided_on as IsoDate | null,
  member: r.member as MemberId | null,
});

/** A supporter's existing membership row with this email, to be used again (one person, one voter). */
export const SUPPORTER_ROW_BY_EMAIL = (param: string) =>
  `SELECT id FROM members WHERE lower(email) = lower(${param}) AND membership_class IN ('registered-supporter', 'affiliated-supporter') ORDER BY id LIMIT 1`;
