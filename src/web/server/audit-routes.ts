/**
 * The audit log for scrutineers (and administrators): the head to write down,
 * the whole chain checked on every visit (optionally against a head written
 * down earlier), and the entries, latest first, a page at a time. Read only.
 */
import { formatHead, parseHead, verifyChain, type AuditHead } from '../../audit/index.js';
import { memberId } from '../../domain/ids.js';
import { sha256Hex } from '../../integrity/sha256.js';
import { readAuditLog } from '../../store/audit-rows.js';
import { AUDIT_EXPECT_FIELD, auditPage } from '../views/audit.js';
import { auditRow, memberActors } from '../presenters/audit.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { errorResponse, page, viewContext } from './http.js';

const PAGE = 100;

const auditLog: Handler = async (c, deps) => {
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

  const all = await readAuditLog(deps.store);
  const report = verifyChain(all, { digest: sha256Hex, ...(expectHead ? { expectHead } : {}) });
  const before = beforeText === undefined ? Infinity : Number(beforeText);
  const older = all.filter((e) => e.seq < before);
  const shown = older.slice(-PAGE).reverse();
  // The page's members named in one read, rather than one read per actor.
  const names = new Map((await deps.store.membersById(memberActors(shown).map(memberId))).map((m) => [m.id as string, m.name]));
  const rows = shown.map((e) => auditRow(e, names));
  const keep = expectHead ? `&${AUDIT_EXPECT_FIELD}=${encodeURIComponent(formatHead(expectHead))}` : '';
  const oldest = shown.length > 0 ? shown[shown.length - 1].seq : null;
  const olderUrl = oldest !== null && older.length > shown.length ? `${paths.audit}?before=${oldest}${keep}` : null;
  const newestUrl = beforeText !== undefined ? `${paths.audit}${keep ? `?${keep.slice(1)}` : ''}` : null;
  return page(
    c,
    auditPage(
      {
        head: report.head === null ? null : { ...report.head, text: formatHead(report.head) },
        entries: report.entries,
        problems: report.problems.map((p) => ({ kind: p.kind, message: p.message })),
        ...(expected ? { expected } : {}),
        rows,
        olderUrl,
        newestUrl,
      },
      viewContext(c),
    ),
    expected?.error ? 400 : 200,
  );
};

export const auditHandlers: Readonly<Record<string, Handler>> = {
  audit: auditLog,
};
