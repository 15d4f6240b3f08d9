/**
 * The audit log for scrutineers (and administrators): the head to write down,
 * the whole chain checked on every visit (optionally against a head written
 * down earlier), and the entries, latest first, a page at a time, filtered by
 * process (chosen by its title), by who acted (by name), by kind of entry (in
 * words) and by days. The filters are a GET form, so a filtered page can be
 * bookmarked. Each kind of entry on the page is explained once. Read only.
 */
import { AUDIT_EVENT_TYPES, formatHead, parseHead, verifyChain, type AuditHead } from '../../audit/index.js';
import { memberId } from '../../domain/ids.js';
import { addDays } from '../../domain/calendar.js';
import { isIsoDate, type IsoDate } from '../../domain/time.js';
import { sha256Hex } from '../../integrity/sha256.js';
import { readAuditLog } from '../../store/audit-rows.js';
import type { AuditListing } from '../../store/store.js';
import { AUDIT_EXPECT_FIELD, AUDIT_FILTER_FIELDS, auditPage, type AuditFilterName } from '../views/audit.js';
import { auditGlossary, auditRow, eventTypeChoices, membersNamed, wordActors } from '../presenters/audit.js';
import { processTitle } from '../presenters/process.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { errorResponse, page, viewContext } from './http.js';

const PAGE = 100;
/** A process's candidates by id, for entries that name one (the winner of a count). */
function candidateNames(state: unknown): ReadonlyMap<string, string> {
  const candidates = (state as { candidates?: unknown }).candidates;
  if (!Array.isArray(candidates)) return new Map();
  return new Map(candidates.flatMap((c: { id?: unknown; name?: unknown }) => (typeof c.id === 'string' && typeof c.name === 'string' ? [[c.id, c.name]] : [])));
}

/** Members whose names a filter by who acted admits, at most. */
const ACTORS = 100;

const auditLog: Handler = async (c, deps) => {
  const { store } = deps;
  const beforeText = c.req.query('before');
  if (beforeText !== undefined && !/^\d{1,15}$/.test(beforeText)) {
    return errorResponse(c, 400, `"before" must be an entry's number, not "${beforeText}".`, { href: paths.audit, text: 'The latest entries' });
  }
  const expectText = (c.req.query(AUDIT_EXPECT_FIELD) ?? '').trim();
  let expectHead: AuditHead | undefined;
  let expected: { text: string; error?: string } | undefined;
  if (expectText !== '') {
    const parsed = parseHead(expectText);
    if (parsed === null) expected = { text: expectText, error: 'Write the head as its number, a colon and the 64-character hash, as this page shows it.' };
    else {
      expectHead = parsed;
      expected = { text: formatHead(parsed) };
    }
  }

  const all = await readAuditLog(store);
  const report = verifyChain(all, { digest: sha256Hex, ...(expectHead ? { expectHead } : {}) });

  // The filters, as typed; each read into the listing, or a problem beside its field.
  const values = Object.fromEntries(Object.values(AUDIT_FILTER_FIELDS).map((name) => [name, (c.req.query(name) ?? '').trim().slice(0, 200)])) as Record<
    AuditFilterName,
    string
  >;
  const errors: Partial<Record<AuditFilterName, string>> = {};
  const F = AUDIT_FILTER_FIELDS;
  const processes = await store.processDocuments();
  const filter: { -readonly [K in keyof AuditListing]: AuditListing[K] } = {};
  if (values.process !== '') {
    if (processes.some((p) => p.id === values.process)) filter.process = values.process;
    else errors.process = 'Choose one of the processes listed.';
  }
  if (values.type !== '') {
    if ((AUDIT_EVENT_TYPES as readonly string[]).includes(values.type)) filter.types = [values.type];
    else errors.type = 'Choose one of the kinds of entry listed.';
  }
  if (values.actor !== '') {
    const named = (await store.findMembers(values.actor, ACTORS)).map((m) => m.id as string);
    filter.actors = [...named, ...wordActors(values.actor, [...new Set(all.map((e) => e.actor))])];
  }
  const day = (name: 'from' | 'to'): IsoDate | undefined => {
    const v = values[name];
    if (v === '') return undefined;
    if (isIsoDate(v)) return v;
    errors[name] = `“${v}” is not a date; enter one like 2025-03-21.`;
    return undefined;
  };
  const from = day(F.from);
  const to = day(F.to);
  if (from !== undefined) filter.from = `${from}T00:00:00.000Z`;
  if (to !== undefined) {
    if (from !== undefined && to < from) errors.to = 'The last day cannot be before the first.';
    else filter.until = `${addDays(to, 1)}T00:00:00.000Z`;
  }
  const refused = Object.keys(errors).length > 0;

  const before = beforeText === undefined ? undefined : Number(beforeText);
  const got = refused ? [] : await store.auditEntries({ ...filter, ...(before !== undefined ? { before } : {}), newestFirst: true, limit: PAGE + 1 });
  const shown = got.slice(0, PAGE);
  // The page's members named in one read, rather than one read per entry.
  const [members, units] = await Promise.all([store.membersById(membersNamed(shown).map(memberId)), store.listUnits()]);
  const names = {
    members: new Map(members.map((m) => [m.id as string, m.name])),
    units: new Map(units.map((u) => [u.id as string, u.name])),
    processes: new Map(processes.map((p) => [p.id as string, processTitle(p)])),
    candidates: new Map(processes.map((p) => [p.id as string, candidateNames(p.state)])),
  };

  // Every link keeps the filters and the head to check against.
  const query = (extra: Record<string, string>): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v !== '') q.set(k, v);
    if (expectHead) q.set(AUDIT_EXPECT_FIELD, formatHead(expectHead));
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    const text = q.toString();
    return text === '' ? paths.audit : `${paths.audit}?${text}`;
  };
  const olderUrl = got.length > PAGE ? query({ before: String(shown[shown.length - 1].seq) }) : null;
  const newestUrl = beforeText !== undefined ? query({}) : null;
  const active = Object.values(values).some((v) => v !== '');
  return page(
    c,
    auditPage(
      {
        head: report.head === null ? null : { ...report.head, text: formatHead(report.head) },
        entries: report.entries,
        problems: report.problems.map((p) => ({ kind: p.kind, message: p.message })),
        ...(expected ? { expected } : {}),
        filters: {
          values,
          errors,
          processes: processes.map((p) => ({ value: p.id, text: processTitle(p) })).sort((a, b) => a.text.localeCompare(b.text, 'en-GB')),
          types: eventTypeChoices(),
          active,
        },
        rows: shown.map((e) => auditRow(e, names)),
        glossary: auditGlossary(shown),
        olderUrl,
        newestUrl,
      },
      viewContext(c),
    ),
    expected?.error || refused ? 400 : 200,
  );
};

export const auditHandlers: Readonly<Record<string, Handler>> = {
  audit: auditLog,
};
