/**
 * Administrators see the members whose address refuses mail and correct it there: one small form
 * a row. The correction is the app's use case (logged as the administrator's); a refused one shows
 * the list again with what was typed and the problem beside that member's field, nothing saved.
 */
import { correctAddress } from '../../app/correct-address.js';
import { memberId } from '../../domain/ids.js';
import type { FailingAddress } from '../../store/store.js';
import { mailFailureRows } from '../presenters/mail-failures.js';
import { MAIL_FAILURE_FIELDS, mailFailuresPage, type MailFailuresView } from '../views/admin-mail-failures.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { parseForm, requiredText, text, unlessRepeated } from './forms/fields.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';
import { done, errorResponse, page, viewContext, type AppDeps, type Ctx } from './http.js';
import { z } from 'zod';

const correctionForm = z.object({
  [MAIL_FAILURE_FIELDS.member]: requiredText(200, 'Choose the member from the list.'),
  [MAIL_FAILURE_FIELDS.email]: text(400),
  [MAIL_FAILURE_FIELDS.page]: unlessRepeated,
});

function shown(
  c: Ctx,
  deps: AppDeps,
  failing: readonly FailingAddress[],
  asked: string | undefined,
  refused?: MailFailuresView['refused'],
  status: 200 | RefusalStatus = 200,
) {
  const { rows, at } = mailFailureRows(failing, asked, deps.config.timeZone);
  const view: MailFailuresView = { rows, total: failing.length, page: at.page, pages: at.pages, ...(refused ? { refused } : {}) };
  return page(c, mailFailuresPage(view, viewContext(c)), status);
}

const list: Handler = async (c, deps) => shown(c, deps, await deps.store.failingAddresses(), c.req.query('page'));

const correct: Handler = async (c, deps) => {
  const read = parseForm(correctionForm, c.get('form'));
  const member = read.form.values[MAIL_FAILURE_FIELDS.member] ?? '';
  const typed = read.form.values[MAIL_FAILURE_FIELDS.email] ?? '';
  const asked = read.form.values[MAIL_FAILURE_FIELDS.page];
  const failing = await deps.store.failingAddresses();
  const row = failing.find((f) => f.member === member);
  const back = { href: paths.adminMailFailures, text: 'Back to the addresses that refuse mail' };
  if (member === '') return errorResponse(c, 400, 'Choose the member from the list. Nothing was saved.', back);
  // Only an address on the list is corrected here: a second press after a correction finds it gone.
  if (!row)
    return errorResponse(
      c,
      404,
      'That member’s address is not on the list of addresses that refuse mail (it may have been corrected already). Nothing was saved.',
      back,
    );
  if (!read.ok) {
    const problem = read.form.errors[MAIL_FAILURE_FIELDS.email] ?? Object.values(read.form.errors)[0] ?? 'Check the form.';
    return shown(c, deps, failing, asked, { member, name: row.name, typed, problem: `${problem} Nothing was saved.` }, 400);
  }
  const r = await correctAddress(deps.store, { actor: c.get('who')!.member.id, clock: deps.clock }, memberId(member), typed);
  if (!r.ok) return shown(c, deps, failing, asked, { member, name: row.name, typed, problem: `${r.error.message} Nothing was saved.` }, httpStatusOf(r.error));
  const to = asked && asked !== '1' ? `${paths.adminMailFailures}?page=${encodeURIComponent(asked)}` : paths.adminMailFailures;
  return done(c, deps.config, to, `${row.name}’s address is now ${r.value.email}, and they are off the list.`);
};

export const mailFailureHandlers: Readonly<Record<string, Handler>> = {
  'admin.mail-failures': list,
  'admin.mail-failures.correct': correct,
};
