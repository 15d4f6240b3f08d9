/** Why an address fails, in plain words, from what the mail server answered (its own words kept beside them). */
import { describe, expect, it } from 'vitest';
import { failureWords, mailFailureRows } from '../../../src/web/presenters/mail-failures.js';
import type { FailingAddress } from '../../../src/store/store.js';
import type { MemberId } from '../../../src/domain/ids.js';

describe('failureWords', () => {
  it.each([
    ['550 5.1.1 <a@b.org>: Recipient address rejected: User unknown', 'There is no mailbox at this address.'],
    ['550 5.1.2 Host unknown', 'The part after the @ is not a domain that takes mail.'],
    ['553 5.1.3 Bad recipient address syntax', 'The mail server says the address is wrong.'],
    ['552 5.2.2 Mailbox full', 'The mailbox is full.'],
    ['550 5.2.1 Mailbox disabled', 'The mailbox is closed or not taking mail.'],
    ['554 5.7.1 Message rejected as spam', 'The mail server refused our mail by its own rules (as unwanted, or blocked).'],
    ['550 Requested action not taken: mailbox unavailable', 'The mail server says the mailbox is not there or not available.'],
    ['553 sorry, that domain isn’t allowed', 'The mail server says the address is not allowed.'],
    ['getaddrinfo ENOTFOUND nowhere.invalid', 'The part after the @ is not a domain that takes mail.'],
    ['something nobody expected', 'The mail server refused our mail to this address.'],
  ])('%s', (reason, words) => {
    expect(failureWords(reason)).toEqual({ words, server: reason });
  });

  it('says that mail was given up after several tries, and why the last try failed', () => {
    expect(failureWords('gave up after 8 tries: 452 4.2.2 Mailbox full')).toEqual({
      words: 'Mail kept failing and was given up after 8 tries. The mailbox is full.',
      server: '452 4.2.2 Mailbox full',
    });
  });
});

describe('mailFailureRows', () => {
  const failing = (n: number): FailingAddress[] =>
    Array.from({ length: n }, (_, i) => ({
      member: `m${String(i).padStart(3, '0')}` as MemberId,
      name: `Member ${String(n - i).padStart(3, '0')}`,
      address: `m${i}@example.org`,
      reason: '550 5.1.1 User unknown',
      firstAt: '2024-03-30T23:30:00.000Z',
      lastAt: '2024-06-30T23:30:00.000Z',
      count: 3,
    }));

  it('lists by name, fifty to a page, with the days as read in the organisation’s time zone', () => {
    const first = mailFailureRows(failing(60), undefined, 'Europe/London');
    expect(first.at).toEqual({ page: 1, pages: 2 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]).toMatchObject({ name: 'Member 001', firstOn: '2024-03-30', lastOn: '2024-07-01' });
    const second = mailFailureRows(failing(60), '2', 'Europe/London');
    expect(second.rows.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Member 0${51 + i}`));
    expect(mailFailureRows(failing(60), '9', 'Europe/London').at).toEqual({ page: 2, pages: 2 });
  });
});
