/**
 * The mail each kind of notice sends, in the member's language (from the catalogues), as text and
 * HTML, with the organisation's name and contact. An invitation or reminder carries a one-time link
 * made as the message is sent: bound to the member and the ballot, working once, until the close.
 * Only its SHA-256 is stored, so the outbox and the store never hold a link that works. The link
 * names the language the mail is written in, so the pages it opens speak it too.
 */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../integrity/sha256.js';
import type { OutboxStore, StoredNotice, SupporterStore } from '../../store/store.js';
import { andListIn, catalogueOf, dateIn, momentWithZone, wordsIn, type Language, type Words } from '../language/index.js';
import { BALLOT_INVITATION, BALLOT_REMINDER, isBallotNoticeParams, type BallotNoticeParams } from './ballot-notices.js';
import { isTriggerNoticeParams, TRIGGER_UPDATE, type TriggerNoticeParams } from './trigger-notices.js';
import { CANDIDATE_UPDATE, isCandidateNoticeParams, type CandidateNoticeParams } from './candidate-notices.js';
import { fallbackRender, type NoticeRecipient, type RenderedMail, type RenderNotice } from './render.js';
import {
  isSupporterNoticeParams,
  newSupporterStatusToken,
  SUPPORTER_APPLICATION_NEWS,
  supporterStatusHash,
  supporterStatusPath,
  type SupporterNoticeParams,
} from './supporter-notices.js';
import { isPaperVoteNoticeParams, PAPER_VOTE_NOTICE, paperVoteWords, type PaperVoteNoticeParams } from '../vote-notices.js';

/** Who sends the notices, as every one of them signs off. */
export interface NoticeSender {
  /** The organisation's name ("Labour Party"); the catalogue's "your party" when not set. */
  readonly organisation: string | null;
  /** Where members ask questions (an address or a telephone number); no line when not set. */
  readonly contact: string | null;
  /** The web app's public address, without a trailing slash. */
  readonly siteUrl: string;
}

/** Where a one-time link, or an applicant's status link, is kept (its digest only). */
export type LinkStore = Pick<OutboxStore, 'putSignInLink'> & Pick<SupporterStore, 'putSupporterStatusLink'>;

/** The path a one-time link opens, in the language of the mail it is in; the token is the link's only secret. */
export const signInLinkPath = (token: string, language: Language): string => `/sign-in/link/${token}?lang=${language}`;

/** The digest a one-time link is stored and looked up by. */
export const signInLinkHash = (token: string): string => sha256Hex(`hustings sign-in link\n${token}`);

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A mail of paragraphs, one of which may be a link (shown as its address in the text part, and as a link in HTML). */
function mail(subject: string, paragraphs: readonly (string | { readonly href: string })[]): RenderedMail {
  const text = paragraphs.map((p) => (typeof p === 'string' ? p : p.href)).join('\n\n');
  const html = paragraphs
    .map((p) => (typeof p === 'string' ? `<p>${escapeHtml(p)}</p>` : `<p><a href="${escapeHtml(p.href)}">${escapeHtml(p.href)}</a></p>`))
    .join('');
  return { subject, text: `${text}\n`, html: `<!doctype html><html><body>${html}</body></html>` };
}

function footer(w: Words, from: NoticeSender): string[] {
  const organisation = from.organisation ?? w.t('notice.defaultOrganisation');
  return [
    w.t('notice.why', { organisation }),
    ...(from.contact ? [w.t('notice.contact', { contact: from.contact })] : []),
    w.t('notice.signOff', { organisation }),
  ];
}

/** An invitation or reminder: the ballot, its close, its candidates, the one-time link, the code as a fallback. */
async function ballotMail(
  links: LinkStore,
  from: NoticeSender,
  notice: StoredNotice & { readonly process: NonNullable<StoredNotice['process']> },
  p: BallotNoticeParams,
  to: NoticeRecipient,
): Promise<RenderedMail> {
  const language = catalogueOf(to.language);
  const w = wordsIn(language);
  const token = randomBytes(32).toString('base64url');
  await links.putSignInLink({ tokenHash: signInLinkHash(token), member: to.member, process: notice.process, expiresAt: p.closesAt });
  const closes = momentWithZone(w, new Date(p.closesAt), p.zone);
  const reminder = notice.kind === BALLOT_REMINDER;
  return mail(w.t(reminder ? 'notice.reminder.subject' : 'notice.invitation.subject', { title: p.title }), [
    to.name ? w.t('notice.greeting', { name: to.name }) : w.t('notice.greetingNoName'),
    w.t(reminder ? 'notice.reminder.open' : 'notice.invitation.open', { title: p.title, closes }),
    ...(p.candidates.length > 0 ? [w.t('notice.candidates', { names: andListIn(w, p.candidates) })] : []),
    w.t('notice.link'),
    { href: `${from.siteUrl}${signInLinkPath(token, language)}` },
    w.t('notice.fallback', { site: `${from.siteUrl}/sign-in` }),
    w.t('notice.secret'),
    ...footer(w, from),
  ]);
}

/** A candidate's news: what happened, and the page where they read more. */
function candidateMail(from: NoticeSender, p: CandidateNoticeParams, to: NoticeRecipient): RenderedMail {
  const w = wordsIn(catalogueOf(to.language));
  const organisation = from.organisation ?? w.t('notice.defaultOrganisation');
  const title = p.title;
  // A body is told of its nominee's answer; a candidate, of their own news.
  const [subject, body] =
    p.news === 'accepted'
      ? [
          w.t('notice.candidate.accepted.subject', { nominee: p.nominee ?? '', title }),
          w.t('notice.candidate.accepted.body', { nominee: p.nominee ?? '', title }),
        ]
      : [w.t(`notice.candidate.${p.news}.subject`, { title }), w.t(`notice.candidate.${p.news}.body`, { title })];
  return mail(subject, [
    to.name ? w.t('notice.greeting', { name: to.name }) : w.t('notice.greetingNoName'),
    body,
    { href: `${from.siteUrl}${p.path}` },
    ...(p.news === 'accepted' ? [] : [w.t('notice.candidate.why')]),
    ...(from.contact ? [w.t('notice.contact', { contact: from.contact })] : []),
    w.t('notice.signOff', { organisation }),
  ]);
}

/** A trigger ballot's news for a unit's or a constituency's officers. */
function triggerMail(from: NoticeSender, p: TriggerNoticeParams, to: NoticeRecipient): RenderedMail {
  const w = wordsIn(catalogueOf(to.language));
  const organisation = from.organisation ?? w.t('notice.defaultOrganisation');
  const closes = dateIn(w, p.closes);
  const incumbent = p.incumbent;
  const [subject, body] =
    p.news === 'unit-recorded'
      ? [
          w.t('notice.trigger.unit-recorded.subject', { unit: p.unit ?? '', incumbent }),
          w.t('notice.trigger.unit-recorded.body', { unit: p.unit ?? '', incumbent, decided: p.decided ?? 0, units: p.units ?? 0, closes }),
        ]
      : p.news === 'decided'
        ? [w.t('notice.trigger.decided.subject', { incumbent }), w.t('notice.trigger.decided.body', { incumbent })]
        : [w.t(`notice.trigger.${p.news}.subject`, { incumbent }), w.t(`notice.trigger.${p.news}.body`, { incumbent, closes })];
  return mail(subject, [
    to.name ? w.t('notice.greeting', { name: to.name }) : w.t('notice.greetingNoName'),
    body,
    { href: `${from.siteUrl}${p.path}` },
    w.t('notice.trigger.why'),
    ...(from.contact ? [w.t('notice.contact', { contact: from.contact })] : []),
    w.t('notice.signOff', { organisation }),
  ]);
}

/** A paper vote recorded in the member's name: how and when (never what), and whom to tell if it was not theirs. */
function paperVoteMail(from: NoticeSender, p: PaperVoteNoticeParams, to: NoticeRecipient): RenderedMail {
  const w = wordsIn(catalogueOf(to.language));
  const organisation = from.organisation ?? w.t('notice.defaultOrganisation');
  return mail(w.t('notice.paperVote.subject', { title: p.title }), [
    to.name ? w.t('notice.greeting', { name: to.name }) : w.t('notice.greetingNoName'),
    paperVoteWords(p, w),
    w.t('notice.paperVote.only'),
    ...(from.contact ? [w.t('notice.contact', { contact: from.contact })] : []),
    w.t('notice.signOff', { organisation }),
  ]);
}

/**
 * An applicant's news: the receipt, with their reference and a private status link of this mail's
 * own (made now, its digest kept, so the outbox never holds it); or the decision: accepted, with how
 * they sign in and vote, or rejected, with the officers' reason and the status link again.
 */
async function supporterMail(
  links: LinkStore,
  from: NoticeSender,
  notice: StoredNotice & { readonly process: NonNullable<StoredNotice['process']> },
  p: SupporterNoticeParams,
  to: NoticeRecipient,
): Promise<RenderedMail> {
  const w = wordsIn(catalogueOf(to.language));
  const organisation = from.organisation ?? w.t('notice.defaultOrganisation');
  const statusLink = async (): Promise<{ href: string }> => {
    const token = newSupporterStatusToken();
    await links.putSupporterStatusLink(supporterStatusHash(token), notice.process, p.number);
    return { href: `${from.siteUrl}${supporterStatusPath(token)}` };
  };
  const label = w.t(p.class === 'registered-supporter' ? 'supporters.class.registered' : 'supporters.class.affiliated');
  const what = label.charAt(0).toLocaleLowerCase() + label.slice(1);
  const facts = { title: p.title, number: p.number, what, reason: p.reason ?? '', site: `${from.siteUrl}/sign-in` };
  const body =
    p.news === 'received'
      ? [w.t('notice.supporter.received.body', facts), w.t('notice.supporter.statusLink'), await statusLink(), w.t('notice.supporter.private')]
      : p.news === 'accepted'
        ? [w.t('notice.supporter.accepted.body', facts), w.t('notice.supporter.accepted.how', facts)]
        : [w.t('notice.supporter.rejected.body', facts), w.t('notice.supporter.statusLink'), await statusLink(), w.t('notice.supporter.private')];
  return mail(w.t(`notice.supporter.${p.news}.subject`, facts), [
    to.name ? w.t('notice.greeting', { name: to.name }) : w.t('notice.greetingNoName'),
    ...body,
    w.t('notice.supporter.why', { organisation, title: p.title }),
    ...(from.contact ? [w.t('notice.contact', { contact: from.contact })] : []),
    w.t('notice.signOff', { organisation }),
  ]);
}

/** The templates of every kind of notice; a kind without one says only that there is news, and where. */
export function noticeTemplates(links: LinkStore, from: NoticeSender): RenderNotice {
  const other = fallbackRender(from.siteUrl);
  return (notice, to) => {
    if ((notice.kind === BALLOT_INVITATION || notice.kind === BALLOT_REMINDER) && notice.process !== null && isBallotNoticeParams(notice.params))
      return ballotMail(links, from, { ...notice, process: notice.process }, notice.params, to);
    if (notice.kind === CANDIDATE_UPDATE && isCandidateNoticeParams(notice.params)) return candidateMail(from, notice.params, to);
    if (notice.kind === TRIGGER_UPDATE && isTriggerNoticeParams(notice.params)) return triggerMail(from, notice.params, to);
    if (notice.kind === PAPER_VOTE_NOTICE && isPaperVoteNoticeParams(notice.params)) return paperVoteMail(from, notice.params, to);
    if (notice.kind === SUPPORTER_APPLICATION_NEWS && notice.process !== null && isSupporterNoticeParams(notice.params))
      return supporterMail(links, from, { ...notice, process: notice.process }, notice.params, to);
    return other(notice, to);
  };
}

/** A notice an officer may preview: a ballot's invitation or reminder, or the notice of a paper vote recorded in a member's name. */
export type PreviewedNotice =
  | { readonly kind: typeof BALLOT_INVITATION | typeof BALLOT_REMINDER; readonly params: BallotNoticeParams }
  | { readonly kind: typeof PAPER_VOTE_NOTICE; readonly params: PaperVoteNoticeParams };

/** What an officer previews before a send: the mail a member would get, in English or Welsh, with a link that does not work. */
export function previewNotice(from: NoticeSender, n: PreviewedNotice, welsh: boolean): Promise<RenderedMail> {
  const to: NoticeRecipient = { member: 'preview' as never, name: null, address: '', language: welsh ? 'cy' : 'en' };
  if (n.kind === PAPER_VOTE_NOTICE) return Promise.resolve(paperVoteMail(from, n.params, to));
  const noLinks: LinkStore = { putSignInLink: async () => {}, putSupporterStatusLink: async () => {} };
  const notice = { kind: n.kind, process: 'preview', params: n.params } as unknown as StoredNotice & { process: NonNullable<StoredNotice['process']> };
  return ballotMail(noLinks, from, notice, n.params, to);
}
