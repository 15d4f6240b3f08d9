/**
 * What an applicant to a leadership election's supporters' window is told: that their application
 * arrived (its reference and their private status link), and the officers' decision (accepted, and
 * how they sign in and vote; or rejected, with the officers' reason). Each is stored with the step
 * that causes it, in its transaction. The status link is not in the notice: the template makes a
 * fresh one as it writes each mail, and the store keeps only its digest (templates.ts).
 */
import { randomBytes } from 'node:crypto';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { SupporterClass } from '../../domain/supporters.js';
import { sha256Hex } from '../../integrity/sha256.js';
import type { NewNotice } from '../../store/store.js';

/** A new secret for a private status link: the page after applying shows one, each mail carries its own. */
export const newSupporterStatusToken = (): string => randomBytes(24).toString('base64url');

/** The digest a status link is stored and looked up by. */
export const supporterStatusHash = (token: string): string => sha256Hex(`hustings supporter status\n${token}`);

/** The path of an applicant's private status page. */
export const supporterStatusPath = (token: string): string => `/supporters/status/${encodeURIComponent(token)}`;

export const SUPPORTER_APPLICATION_NEWS = 'supporter-application';

export type SupporterNews = 'received' | 'accepted' | 'rejected';

export interface SupporterNoticeParams {
  readonly news: SupporterNews;
  /** The election's title. */
  readonly title: string;
  /** The application's number: the applicant's reference. */
  readonly number: number;
  readonly class: SupporterClass;
  /** The officers' reason, for a decision. */
  readonly reason: string | null;
}

export function isSupporterNoticeParams(p: unknown): p is SupporterNoticeParams {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    ['received', 'accepted', 'rejected'].includes(o.news as string) &&
    typeof o.title === 'string' &&
    Number.isSafeInteger(o.number) &&
    (o.class === 'registered-supporter' || o.class === 'affiliated-supporter') &&
    (o.reason === null || typeof o.reason === 'string')
  );
}

/**
 * The notice telling application `number` of `election` its news, addressed to the applicant as
 * `member` (the membership id an acceptance gives them). `step` makes its id unique: a reinstated
 * application is told again.
 */
export function supporterNotice(election: ProcessId, member: MemberId, params: SupporterNoticeParams, step: string, at: string, actor: string): NewNotice {
  return {
    id: `${election}:supporter:${params.number}:${step}`,
    kind: SUPPORTER_APPLICATION_NEWS,
    process: election,
    audience: { applicant: { number: params.number, member } },
    params,
    sendAt: at,
    // An applicant's dealings with the party are theirs alone; nothing about a ballot rides on them.
    private: false,
    createdBy: actor,
  };
}
