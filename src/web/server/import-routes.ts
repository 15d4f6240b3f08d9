/**
 * Administrators import units and members from the membership system's CSV export, on the web, with
 * the same use case as `hustings import`: a check (dry run) lists every bad row and what the import
 * would do; the import itself writes all rows in one transaction or none, logs its start and its
 * outcome with the counts, and shows its effect.
 */
import { importMembershipText, type MembershipTable } from '../../app/import-membership.js';
import { importPage, IMPORT_FIELDS, type ImportPageView } from '../views/admin-import.js';
import type { Handler } from './app.js';
import { choice, parseForm } from './forms/fields.js';
import { page, viewContext, type Ctx } from './http.js';
import { z } from 'zod';

const importForm = z.object({
  [IMPORT_FIELDS.what]: choice<MembershipTable>(['members', 'units'], 'Choose whether the file holds members or units.'),
  [IMPORT_FIELDS.run]: choice(['check', 'import'], 'Choose to check the file or to import it.', 'check'),
});

function shown(c: Ctx, view: ImportPageView, status: 200 | 400 | 422 = 200): Response {
  return page(c, importPage(view, viewContext(c)), status);
}

const chooseFile: Handler = (c) => shown(c, { what: '', errors: {} });

const runImport: Handler = async (c, deps) => {
  const read = parseForm(importForm, c.get('form'));
  const file = c.get('uploads')[IMPORT_FIELDS.file];
  const errors = { ...(read.ok ? {} : read.form.errors), ...(file ? {} : { [IMPORT_FIELDS.file]: 'Choose the CSV file to send.' }) };
  const what = read.form.values[IMPORT_FIELDS.what] ?? '';
  if (!read.ok || !file) return shown(c, { what, errors }, 400);
  if (file.text === null)
    return shown(
      c,
      { what, errors: { [IMPORT_FIELDS.file]: `The file “${file.name}” is not UTF-8 text; export it as CSV in UTF-8 and send it again. Nothing was saved.` } },
      400,
    );
  const table = read.value[IMPORT_FIELDS.what];
  const dryRun = read.value[IMPORT_FIELDS.run] === 'check';
  const r = await importMembershipText(deps.store, table, file.text, file.name, { dryRun, actor: c.get('who')!.member.id, clock: deps.clock });
  if (!r.ok) {
    const outcome = { kind: 'refused', file: file.name, message: r.error.message.replace(/^[^:]*: /, ''), problems: r.error.problems } as const;
    return shown(c, { what, errors: {}, outcome }, 422);
  }
  const rows = `${r.value.rows.toLocaleString('en-GB')} ${r.value.rows === 1 ? table.slice(0, -1) : table}`;
  return shown(c, {
    what,
    errors: {},
    outcome: { kind: dryRun ? 'checked' : 'imported', file: file.name, rows, effect: r.value.effect, members: table === 'members' },
  });
};

export const importHandlers: Readonly<Record<string, Handler>> = {
  'admin.import': chooseFile,
  'admin.import.run': runImport,
};
