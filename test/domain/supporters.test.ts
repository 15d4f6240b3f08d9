import { describe, expect, it } from 'vitest';
import { LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../../src/domain/presets.js';
import {
  applicationReference,
  checkApplication,
  checkDecision,
  checkReinstatement,
  duplicateFlags,
  supporterClassesOf,
  supporterReason,
  windowProblems,
  windowStateOn,
  type SupporterApplicationInput,
} from '../../src/domain/supporters.js';
import { isoDate } from '../../src/domain/time.js';

const window = { opens: isoDate('2026-07-01'), closes: isoDate('2026-07-20'), feePence: 2500 };

const registered: SupporterApplicationInput = {
  class: 'registered-supporter',
  affiliate: null,
  name: '  Rosa Lane ',
  email: 'rosa@example.org',
  postcode: 'sw1a  1aa',
  paymentReference: 'PAY-123',
  declared: true,
};
const ctx = { classes: ['registered-supporter', 'affiliated-supporter'] as const, affiliates: new Set(['unite']), window };

describe('the supporter classes a rulebook lets apply', () => {
  it('labour-2018: registered and affiliated; 2021 and 1990: affiliated only; no leadership: none', () => {
    expect(supporterClassesOf(LABOUR_2018.leadership)).toEqual(['registered-supporter', 'affiliated-supporter']);
    expect(supporterClassesOf(LABOUR_2021.leadership)).toEqual(['affiliated-supporter']);
    expect(supporterClassesOf(LABOUR_1990.leadership)).toEqual(['affiliated-supporter']);
    expect(supporterClassesOf(null)).toEqual([]);
    expect(supporterClassesOf({ ...LABOUR_2021.leadership!, electorate: undefined })).toEqual([]);
  });
});

describe('the window', () => {
  it('is open from its first day to its last, both included', () => {
    expect(windowStateOn(null, isoDate('2026-07-05'))).toBe('not-set');
    expect(windowStateOn(window, isoDate('2026-06-30'))).toBe('not-yet-open');
    expect(windowStateOn(window, isoDate('2026-07-01'))).toBe('open');
    expect(windowStateOn(window, isoDate('2026-07-20'))).toBe('open');
    expect(windowStateOn(window, isoDate('2026-07-21'))).toBe('closed');
  });

  it('closes on or after it opens and by the freeze date; the fee is whole pence from £0 to £1,000', () => {
    expect(windowProblems(window, isoDate('2026-07-20'))).toEqual({});
    expect(windowProblems({ ...window, feePence: 0 }, isoDate('2026-08-01'))).toEqual({});
    expect(windowProblems(window, isoDate('2026-07-19')).closes).toMatch(/on or before the electorate's freeze date \(19 July 2026\)/);
    expect(windowProblems({ ...window, closes: isoDate('2026-06-30') }, isoDate('2026-08-01')).closes).toMatch(/on or after the day applications open/);
    expect(windowProblems({ ...window, feePence: -1 }, isoDate('2026-08-01')).fee).toMatch(/from £0 to £1,000/);
    expect(windowProblems({ ...window, feePence: 100_001 }, isoDate('2026-08-01')).fee).toMatch(/from £0 to £1,000/);
    expect(windowProblems({ ...window, feePence: 2.5 }, isoDate('2026-08-01')).fee).toBeDefined();
  });
});

describe('an application', () => {
  it('is tidied: the name trimmed, the postcode in capitals with one space', () => {
    const r = checkApplication(registered, ctx);
    expect(r.ok && r.value).toEqual({ ...registered, name: 'Rosa Lane', postcode: 'SW1A 1AA' });
  });

  it('a registered supporter gives the payment reference of the fee; with no fee, none is asked', () => {
    const r = checkApplication({ ...registered, paymentReference: ' ' }, ctx);
    expect(!r.ok && r.error.fields).toEqual({ paymentReference: 'Enter the reference of your payment of the £25 fee.' });
    const free = checkApplication({ ...registered, paymentReference: null }, { ...ctx, window: { ...window, feePence: 0 } });
    expect(free.ok && free.value.paymentReference).toBe(null);
  });

  it('an affiliated supporter names an affiliate of the party and pays nothing', () => {
    const aff = { ...registered, class: 'affiliated-supporter' as const, affiliate: 'unite' as never, paymentReference: 'ignored' };
    const r = checkApplication(aff, ctx);
    expect(r.ok && r.value.paymentReference).toBe(null);
    expect(r.ok && r.value.affiliate).toBe('unite');
    const wrong = checkApplication({ ...aff, affiliate: 'no-such' as never }, ctx);
    expect(!wrong.ok && wrong.error.fields).toEqual({ affiliate: 'Choose the affiliate you are a member of.' });
  });

  it('every problem by its field: class, name, email, postcode, declaration', () => {
    const r = checkApplication({ ...registered, name: ' ', email: 'rosa', postcode: '12345', declared: false }, { ...ctx, classes: ['affiliated-supporter'] });
    expect(!r.ok && Object.keys(r.error.fields).sort()).toEqual(['class', 'declared', 'email', 'name', 'postcode']);
  });
});

describe('decisions', () => {
  it('need a reason, accepting as well as rejecting, of at most 500 characters', () => {
    expect(checkDecision('pending', { status: 'rejected', reason: '  ' })).toEqual({
      ok: false,
      error: { code: 'reason-required', message: 'Give the reason for the decision: the applicant sees it.' },
    });
    expect(checkDecision('pending', { status: 'accepted', reason: '' }).ok).toBe(false);
    expect(checkDecision('pending', { status: 'accepted', reason: 'x'.repeat(501) }).ok).toBe(false);
    expect(checkDecision('pending', { status: 'rejected', reason: ' Not on the electoral register ' })).toEqual({
      ok: true,
      value: { status: 'rejected', reason: 'Not on the electoral register' },
    });
  });

  it('decide a pending application once; reinstate only a rejected one', () => {
    expect(checkDecision('accepted', { status: 'rejected', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'decided' } });
    expect(checkReinstatement('rejected', 'Panel upheld the appeal')).toEqual({ ok: true, value: { status: 'accepted', reason: 'Panel upheld the appeal' } });
    expect(checkReinstatement('pending', 'x')).toMatchObject({ ok: false, error: { code: 'not-rejected' } });
    expect(checkReinstatement('rejected', ' ')).toMatchObject({ ok: false, error: { code: 'reason-required' } });
  });
});

describe('duplicates and words', () => {
  it('the same email (ignoring case) as another application, or a member, is flagged', () => {
    const all = [
      { number: 1, email: 'a@example.org' },
      { number: 2, email: 'A@Example.org' },
      { number: 3, email: 'c@example.org' },
    ];
    expect(duplicateFlags(all[0]!, all, false)).toEqual(['The same email address as S-0002']);
    expect(duplicateFlags(all[2]!, all, true)).toEqual(['Already a member, with this email address: a member votes as a member']);
    expect(duplicateFlags(all[2]!, all, false)).toEqual([]);
  });

  it('references and reasons', () => {
    expect(applicationReference(42)).toBe('S-0042');
    expect(supporterReason('registered-supporter', isoDate('2026-07-07'))).toBe('registered supporter, accepted on 7 July 2026: eligible');
  });
});
