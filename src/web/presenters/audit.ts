/**
 * Audit-log entries as the audit page shows them: who acted, in words; what kind of entry, in words,
 * with each kind explained once in a glossary (from the event registry); each detail as text, with
 * the members, units and processes it names by name where the store has them.
 */
import { methodPhrase } from '../../domain/rulebook-words.js';
import { AUDIT_EVENT_TYPES, AUDIT_EVENTS, canonicalJson, isAuditEventType, type AuditEntry } from '../../audit/index.js';
import type { AuditRowView } from '../views/audit.js';

/** The actors that are members (not the command line's user, the system or the demo): their names are read for the page. */
export function memberActors(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map((e) => e.actor).filter((a) => !SPECIAL_ACTORS.has(a) && !a.startsWith('cli:')))];
}

const SPECIAL_ACTORS: ReadonlyMap<string, string> = new Map([
  ['system', 'the system'],
  ['demo', 'the demo generator'],
  ['timetable', 'the timetable'],
  ['outbox', 'the mail sender'],
]);

/** Who acted, in words: a member by name, the command line's user, or the system. */
function actorWords(actor: string, names: ReadonlyMap<string, string>): string {
  if (actor.startsWith('cli:')) return `command line: ${actor.slice(4)}`;
  return SPECIAL_ACTORS.get(actor) ?? names.get(actor) ?? 'a member no longer stored';
}

/**
 * The actors, as logged, whose words include `text` (ignoring case) besides the members found by name:
 * the system, the demo generator, and the command line's users among `logged`.
 */
export function wordActors(text: string, logged: readonly string[]): string[] {
  const t = text.toLowerCase();
  return logged.filter((a) => (a.startsWith('cli:') || SPECIAL_ACTORS.has(a)) && actorWords(a, new Map()).toLowerCase().includes(t));
}

/** A kind of entry in words: "Selection: ballot opened". */
export function eventTypeWords(type: string): string {
  const [area, ...rest] = type.split('.');
  const what = rest.join(' ').replace(/-/g, ' ');
  const head = area.replace(/-/g, ' ');
  return `${head.charAt(0).toUpperCase()}${head.slice(1)}${what ? `: ${what}` : ''}`;
}

/** Every kind of entry, in words, for the filter's choice. */
export function eventTypeChoices(): { value: string; text: string }[] {
  return AUDIT_EVENT_TYPES.map((t) => ({ value: t, text: eventTypeWords(t) })).sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));
}

/** The kinds of entry on the page, each explained once. */
export function auditGlossary(entries: readonly AuditEntry[]): { term: string; explanation: string }[] {
  return [...new Set(entries.map((e) => e.type))]
    .map((t) => ({ term: eventTypeWords(t), explanation: isAuditEventType(t) ? AUDIT_EVENTS[t].description : 'Not a known kind of entry.' }))
    .sort((a, b) => a.term.localeCompare(b.term, 'en-GB'));
}

/** Names for the ids an entry's details hold, by the field that holds them. */
export interface AuditNames {
  readonly members: ReadonlyMap<string, string>;
  readonly units: ReadonlyMap<string, string>;
  readonly processes: ReadonlyMap<string, string>;
  /** Each process's candidates by id: an entry naming a candidate (the winner of a count) says their name. */
  readonly candidates?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** The fields that hold a candidate's id within the entry's process. */
const CANDIDATE_FIELDS: ReadonlySet<string> = new Set(['winner', 'candidate', 'candidates', 'elected', 'incumbentAdded', 'longlist', 'shortlist']);

const NAMED_BY: Readonly<Record<string, 'members' | 'units' | 'processes'>> = { member: 'members', unit: 'units', constituency: 'units', process: 'processes' };

/** The member ids an entry names (as actor, or in a `member` field): their names are read for the page. */
export function membersNamed(entries: readonly AuditEntry[]): string[] {
  const fromData = entries.flatMap((e) => {
    const m = typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>).member : undefined;
    return typeof m === 'string' ? [m] : [];
  });
  return [...new Set([...memberActors(entries), ...fromData])];
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

/** The fields entries commonly hold, in words; any other field is its name in sentence case ("appealDate" → "Appeal date"). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  ballots: 'Ballots',
  constituency: 'Constituency',
  electorate: 'Electorate',
  figures: 'Figures',
  fileSha256: 'SHA-256 of the ballot file',
  member: 'Member',
  method: 'Counting method',
  name: 'Name',
  process: 'Process',
  recordSha256: 'SHA-256 of the count record',
  seed: 'Seed for any lot',
  source: 'Counted from',
  unit: 'Unit',
  version: 'Step number in the process',
  winner: 'Winner',
};

/** A field's name for the page. */
export function fieldWords(key: string): string {
  const known = FIELD_WORDS[key];
  if (known !== undefined) return known;
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A field's value for the page: a counting method and a count's source in words, the rest as recorded. */
function fieldValueWords(key: string, v: unknown): string {
  if (key === 'method' && typeof v === 'string') return methodPhrase(v);
  if (key === 'source' && v === 'ballot-box') return 'the sealed ballot box';
  if (key === 'source' && v === 'file') return 'a ballot file';
  return valueWords(v);
}

function details(e: AuditEntry, names: AuditNames): (readonly [string, string])[] {
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
  const data = e.data as Record<string, unknown>;
  const candidates = typeof data.process === 'string' ? names.candidates?.get(data.process) : undefined;
  return Object.entries(data).map(([k, v]) => {
    const candidate = (id: unknown) => (typeof id === 'string' ? candidates?.get(id) : undefined);
    const named =
      CANDIDATE_FIELDS.has(k) && Array.isArray(v) && v.length > 0 && v.every((x) => candidate(x) !== undefined)
        ? v.map(candidate).join('; ')
        : typeof v !== 'string'
          ? undefined
          : NAMED_BY[k] !== undefined
            ? names[NAMED_BY[k]].get(v)
            : CANDIDATE_FIELDS.has(k)
              ? candidate(v)
              : undefined;
    return [fieldWords(k), named ?? fieldValueWords(k, v)] as const;
  });
}

/** One row of the log. */
export function auditRow(e: AuditEntry, names: AuditNames): AuditRowView {
  return {
    seq: e.seq,
    at: e.at,
    actor: actorWords(e.actor, names.members),
    type: eventTypeWords(e.type),
    details: details(e, names),
    hash: e.hash,
  };
}
