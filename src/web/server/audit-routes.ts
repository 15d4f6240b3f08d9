/**
 * The audit log for scrutineers (and administrators): the head to write down,
 * the whole chain checked on every visit (optionally against a head written
 * down earlier), and the entries, latest first, a page at a time. Read only.
 */
import { AUDIT_EVENTS, canonicalJson, formatHead, isAuditEventType, parseHead, verifyChain, type AuditEntry, type AuditHead } from '../../audit/index.js';
import { memberId } from '../../domain/ids.js';
import { sha256Hex } from '../../integrity/sha256.js';
import { readAuditLog } from '../../store/audit-rows.js';
import { AUDIT_EXPECT_FIELD, auditPage, type AuditRowView } from '../views/audit.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { errorResponse, page, viewContext, type AppDeps } from './http.js';

const PAGE = 100;

/** Who acted, in words: a member by name (and id), the command line's user, or the system. */
async function actorWords(deps: AppDeps, actor: string, names: Map<string, string>): Promise<string> {
  if (actor.startsWith('cli:')) return `command line: ${actor.slice(4)}`;
  if (actor === 'system') return 'the system';
  if (actor === 'demo') return 'the demo generator';
  if (!names.has(actor)) names.set(actor, (await deps.store.getMember(memberId(actor)))?.name ?? '');
  const name = names.get(actor);
  return name ? `${name} (${actor})` : actor;
}

function valueWords(v: unknown): string {
  if (v === null) return '—';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(valueWords).join('; ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${valueWords(x)}`)
      .join('; ');
  }
  return String(v);
}

function details(e: AuditEntry): (readonly [string, string])[] {
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) {
    // Only a hand-edited entry looks like this; show it as it is (verification flags it).
    let raw: string;
    try {
      raw = canonicalJson(e.data);
    } catch {
      raw = String(e.data);
    }
    return [['data', raw]];
  }
  return Object.entries(e.data as Record<string, unknown>).map(([k, v]) => [k, valueWords(v)] as const);
}

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
  const names = new Map<string, string>();
  const rows: AuditRowView[] = [];
  for (const e of shown) {
    rows.push({
      seq: e.seq,
      at: e.at,
      actor: await actorWords(deps, e.actor, names),
      type: e.type,
      description: isAuditEventType(e.type) ? AUDIT_EVENTS[e.type].description : 'Not a known kind of entry.',
      details: details(e),
      hash: e.hash,
    });
  }
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
