/** Audit-log entries as the audit page shows them: who acted, in words, and each detail of the entry as text. */
import { AUDIT_EVENTS, canonicalJson, isAuditEventType, type AuditEntry } from '../../audit/index.js';
import type { AuditRowView } from '../views/audit.js';

/** The actors that are members (not the command line's user, the system or the demo): their names are read for the page. */
export function memberActors(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map((e) => e.actor).filter((a) => !a.startsWith('cli:') && a !== 'system' && a !== 'demo'))];
}

/** Who acted, in words: a member by name (and id), the command line's user, or the system. */
function actorWords(actor: string, names: ReadonlyMap<string, string>): string {
  if (actor.startsWith('cli:')) return `command line: ${actor.slice(4)}`;
  if (actor === 'system') return 'the system';
  if (actor === 'demo') return 'the demo generator';
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

/** One row of the log; `names` holds the members' names by id. */
export function auditRow(e: AuditEntry, names: ReadonlyMap<string, string>): AuditRowView {
  return {
    seq: e.seq,
    at: e.at,
    actor: actorWords(e.actor, names),
    type: e.type,
    description: isAuditEventType(e.type) ? AUDIT_EVENTS[e.type].description : 'Not a known kind of entry.',
    details: details(e),
    hash: e.hash,
  };
}
