/**
 * The members whose address refuses mail, as the administrator's page lists them: by name, with
 * the address, why in plain words (the mail server's own words beside them), the days of the first
 * and the latest failure in the organisation's time zone, and how many. Nothing about which notice
 * or process failed, so nothing here can hint at who has voted.
 */
import { localDate } from '../../domain/local-time.js';
import type { FailingAddress } from '../../store/store.js';
import type { MailFailureRow } from '../views/admin-mail-failures.js';
import { pageAt, rowsOf, type PageAt } from './pages.js';

/** Rows to a page: enough to work through in one sitting, few enough for one screen of forms. */
export const FAILURES_PER_PAGE = 50;

/** What an enhanced status code (RFC 3463) says, most specific first. */
const ENHANCED: readonly (readonly [RegExp, string])[] = [
  [/^[45]\.1\.1$/, 'There is no mailbox at this address.'],
  [/^[45]\.1\.(2|10)$/, 'The part after the @ is not a domain that takes mail.'],
  [/^[45]\.1\.\d+$/, 'The mail server says the address is wrong.'],
  [/^[45]\.2\.2$/, 'The mailbox is full.'],
  [/^[45]\.2\.\d+$/, 'The mailbox is closed or not taking mail.'],
  [/^[45]\.7\.\d+$/, 'The mail server refused our mail by its own rules (as unwanted, or blocked).'],
];

/** What a basic reply code says, when the server gave no enhanced one. */
const BASIC: Readonly<Record<string, string>> = {
  '550': 'The mail server says the mailbox is not there or not available.',
  '551': 'The mail server says the member no longer gets mail there.',
  '552': 'The mailbox is full.',
  '553': 'The mail server says the address is not allowed.',
  '554': 'The mail server refused our mail.',
};

/** The mail server's reason in plain words: what the codes mean, the server's own text kept beside them. */
export function failureWords(reason: string): { readonly words: string; readonly server: string } {
  const tries = /^gave up after (\d+) tries: ([\s\S]*)$/.exec(reason);
  if (tries) {
    const inner = failureWords(tries[2]!);
    return { words: `Mail kept failing and was given up after ${tries[1]} tries. ${inner.words}`, server: inner.server };
  }
  const enhanced = /\b([45]\.\d{1,3}\.\d{1,3})\b/.exec(reason)?.[1];
  const known = enhanced === undefined ? undefined : ENHANCED.find(([re]) => re.test(enhanced))?.[1];
  const basic = /^\s*(\d{3})\b/.exec(reason)?.[1];
  const words =
    known ??
    (basic !== undefined ? BASIC[basic] : undefined) ??
    (/ENOTFOUND|getaddrinfo|no MX/i.test(reason)
      ? 'The part after the @ is not a domain that takes mail.'
      : 'The mail server refused our mail to this address.');
  return { words, server: reason };
}

/** The page of rows `asked` for (the query's `page`), with where it sits among the pages. */
export function mailFailureRows(failing: readonly FailingAddress[], asked: string | undefined, timeZone: string): { rows: MailFailureRow[]; at: PageAt } {
  const at = pageAt(failing.length, asked, FAILURES_PER_PAGE);
  const byName = [...failing].sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  const rows = rowsOf(byName, at, FAILURES_PER_PAGE).map((f) => ({
    member: f.member,
    name: f.name,
    address: f.address,
    reason: failureWords(f.reason),
    firstOn: localDate(new Date(f.firstAt), timeZone),
    lastOn: localDate(new Date(f.lastAt), timeZone),
    count: f.count,
  }));
  return { rows, at };
}
