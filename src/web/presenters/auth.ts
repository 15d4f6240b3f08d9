/** The sign-in pages as the views show them: the address form, and the code form with where the code went and where to go next. */
import type { CodeSentView, SignInView } from '../views/auth.js';

/** Where the email went when no mail server sends it: the console, and in development the outbox page too; undefined when mailed. */
export function outboxNote(outbox: boolean, development: boolean): string | undefined {
  if (!outbox) return undefined;
  return development
    ? 'This is a development server: the email is printed in the server’s console and shown at /dev/outbox.'
    : 'No mail server is configured: the email is printed in the server’s console.';
}

/** The address form: empty (with where to go next), or again with the address typed and its problem. */
export function signInView(form: { readonly email?: string; readonly error?: string; readonly next?: string | null }): SignInView {
  return {
    ...(form.email !== undefined ? { email: form.email } : {}),
    ...(form.error !== undefined ? { error: form.error } : {}),
    ...(form.next ? { next: form.next } : {}),
  };
}

/** The code form: the address, how long the code lasts, and (each when there is one) the problem, the outbox, the code from the link, where to go next. */
export function codeSentView(
  email: string,
  expiresInMinutes: number,
  extra: { readonly error?: string; readonly outboxNote?: string | undefined; readonly code?: string | undefined; readonly next?: string | null },
): CodeSentView {
  return {
    email,
    expiresInMinutes,
    ...(extra.error !== undefined ? { error: extra.error } : {}),
    ...(extra.outboxNote ? { outboxNote: extra.outboxNote } : {}),
    ...(extra.code ? { code: extra.code } : {}),
    ...(extra.next ? { next: extra.next } : {}),
  };
}
