import { describe, expect, it } from 'vitest';
import { codeSentView, outboxNote, signInView } from '../../../src/web/presenters/auth.js';

describe('sign-in presenters', () => {
  it('says where the email went only when no mail server sent it', () => {
    expect(outboxNote(false, true)).toBeUndefined();
    expect(outboxNote(true, true)).toContain('/dev/outbox');
    expect(outboxNote(true, false)).not.toContain('/dev/outbox');
  });

  it('leaves out what there is none of', () => {
    expect(signInView({ next: null })).toEqual({});
    expect(signInView({ email: '', error: 'Enter your email address.', next: '/ballots' })).toEqual({
      email: '',
      error: 'Enter your email address.',
      next: '/ballots',
    });
    expect(codeSentView('a@example.org', 10, { outboxNote: undefined, code: undefined, next: null })).toEqual({ email: 'a@example.org', expiresInMinutes: 10 });
    expect(codeSentView('a@example.org', 10, { error: 'Wrong code.', code: '12345678', next: '/x' })).toEqual({
      email: 'a@example.org',
      expiresInMinutes: 10,
      error: 'Wrong code.',
      code: '12345678',
      next: '/x',
    });
  });
});
