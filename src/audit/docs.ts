/**
 * The audit event types in words, from the registry: the table in
 * docs/architecture.md ("Audit events", checked by a test to be exactly this)
 * and what `hustings audit events` prints.
 */
import { AUDIT_EVENTS, AUDIT_EVENT_TYPES, type AuditEventSpec, type EventFieldSpec } from './events.js';

/** Fields every process step has; the table says so once rather than on every row. */
const STEP_FIELDS = ['process', 'version'];

const isStep = (spec: AuditEventSpec): boolean => STEP_FIELDS.every((f) => Object.hasOwn(spec.data, f));

function kindText(f: EventFieldSpec): string {
  const kind = f.kind === 'texts' ? 'list of texts' : f.kind === 'dates' ? 'dates by step' : f.kind === 'count' ? 'whole number' : f.kind;
  return f.nullable ? `${kind} or null` : kind;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function auditEventsMarkdown(): string {
  const lines = ['| Type | Logged when | Data |', '|---|---|---|'];
  for (const type of AUDIT_EVENT_TYPES) {
    const spec: AuditEventSpec = AUDIT_EVENTS[type];
    const fields = Object.entries(spec.data).filter(([name]) => !(isStep(spec) && STEP_FIELDS.includes(name)));
    const data = [isStep(spec) ? 'a process step' : '', ...fields.map(([name, f]) => `\`${name}\` (${kindText(f)}): ${f.doc}`)].filter(Boolean).join('; ');
    const when = spec.completes ? `${spec.description} Completes \`${spec.completes}\`.` : spec.description;
    lines.push(`| \`${type}\` | ${cell(when)} | ${cell(data || 'none')} |`);
  }
  return lines.join('\n') + '\n';
}

/** The same, for a terminal: one block per type. */
export function auditEventsText(): string {
  const out: string[] = [];
  for (const type of AUDIT_EVENT_TYPES) {
    const spec: AuditEventSpec = AUDIT_EVENTS[type];
    out.push(`${type}${spec.completes ? `  (completes ${spec.completes})` : ''}`, `  ${spec.description}`);
    for (const [name, f] of Object.entries(spec.data)) out.push(`    ${name} (${kindText(f)}): ${f.doc}`);
    out.push('');
  }
  return out.join('\n');
}
