/**
 * Turning a notice into the mail one member reads. The templates (one per kind of notice, in English
 * and Welsh) implement `RenderNotice`; the sender calls it once per message, as it sends.
 */
import type { MemberId } from '../../domain/ids.js';
import type { MemberLanguage } from '../../domain/organisation.js';
import type { StoredNotice } from '../../store/store.js';

/** Who one message goes to, as the outbox holds it. */
export interface NoticeRecipient {
  readonly member: MemberId;
  /** Null if the member has been removed since the notice was fanned out. */
  readonly name: string | null;
  readonly address: string;
  readonly language: MemberLanguage;
}

export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A notice's mail for one recipient, in their language. Throwing is a bug in the template: that message is given up (and logged), not the address blamed. */
export type RenderNotice = (notice: StoredNotice, recipient: NoticeRecipient) => RenderedMail | Promise<RenderedMail>;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same words as a text part and a minimal HTML part. */
export function mailParts(subject: string, paragraphs: readonly string[]): RenderedMail {
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html><html><body>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}</body></html>`,
  };
}

/**
 * Words for a notice whose kind has no template of its own yet: they say only that there is news
 * and where to read it, so nothing internal ever reaches a member. The real templates replace it.
 */
export function fallbackRender(siteUrl: string): RenderNotice {
  return (_notice, recipient) =>
    recipient.language === 'cy'
      ? mailParts('Newyddion am eich pleidlais', [`Helo ${recipient.name ?? ''}`.trim() + ',', `Mae newyddion i chi yn ${siteUrl}.`])
      : mailParts('News about your ballot', [`Hello ${recipient.name ?? ''}`.trim() + ',', `There is news for you at ${siteUrl}.`]);
}
