/**
 * The registry of audit event types: every type documented, data checked as an
 * allow-list, nothing in it that could hold a ballot, and the table in
 * docs/architecture.md exactly what the registry says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_EVENTS,
  AUDIT_EVENT_TYPES,
  PROCESS_STEP_TYPES,
  auditDataProblem,
  auditEventsMarkdown,
  auditRecord,
  type AuditData,
} from '../../src/audit/index.js';

describe('the registry', () => {
  it('documents every type and every field', () => {
    expect(AUDIT_EVENT_TYPES.length).toBeGreaterThan(30);
    for (const type of AUDIT_EVENT_TYPES) {
      expect(type).toMatch(/^[a-z]+\.[a-z-]+$/);
      const spec = AUDIT_EVENTS[type];
      expect(spec.description.length, type).toBeGreaterThan(10);
      for (const [name, field] of Object.entries(spec.data)) expect(field.doc.length, `${type}.${name}`).toBeGreaterThan(3);
    }
  });

  it('pairs each long action’s completion with a start that exists', () => {
    const completions = AUDIT_EVENT_TYPES.filter((t) => 'completes' in AUDIT_EVENTS[t]);
    expect(completions.sort()).toEqual(['demo.finished', 'electorate.freeze-finished', 'import.finished']);
    for (const t of completions) {
      const start = (AUDIT_EVENTS[t] as { completes: string }).completes;
      expect(AUDIT_EVENT_TYPES).toContain(start);
      expect(start).toMatch(/started$/);
      expect(Object.keys(AUDIT_EVENTS[t].data)).toContain('outcome');
    }
  });

  it('has no field that could carry a ballot, a tracker code, a sign-in code or token, or a credential', () => {
    for (const type of AUDIT_EVENT_TYPES) {
      // The one vote that is logged: an officer recording a paper vote, an administrative action.
      if (type !== 'vote.paper-recorded') expect(type).not.toMatch(/cast|vote|ballot-box|sign-in|session/);
      for (const [name, field] of Object.entries(AUDIT_EVENTS[type].data)) {
        expect(name, `${type}.${name}`).not.toMatch(/rank|tracker|code|token|credential|preference|voter/i);
        // "ballots" is allowed only as a number of ballots.
        if (/ballot/i.test(name)) expect(field.kind, `${type}.${name}`).toBe('count');
      }
    }
    // It names whose vote and how it came (what the voter side of the box holds), and nothing of the ballot.
    expect(Object.keys(AUDIT_EVENTS['vote.paper-recorded'].data).sort()).toEqual(['channel', 'member', 'process']);
  });

  it('checks data as an allow-list', () => {
    expect(auditDataProblem('office.appointed', { member: 'm1', unit: 'u', role: 'chair' })).toBeNull();
    expect(auditDataProblem('office.appointed', { member: 'm1', unit: 'u', role: 'chair', tracker: 'ABC' })).toMatch(/no field "tracker"/);
    expect(
      auditDataProblem('selection.counted', { process: 'p', version: 9, method: 'irv', ballots: [['c1', 'c2']], seed: 1, winner: 'c1', rounds: 1 }),
    ).toMatch(/"ballots".*whole number/);
    expect(
      auditDataProblem('trigger.opened', {
        process: 'p',
        version: 1,
        constituency: 'c',
        incumbent: 'I',
        rulebook: 'r',
        mode: 'm',
        closes: '2024-13',
        units: 3,
        outcome: null,
      }),
    ).toMatch(/"closes".*date/);
    expect(
      auditDataProblem('selection.opened', {
        process: 'p',
        version: 1,
        constituency: 'c',
        title: 't',
        rulebook: 'r',
        followsTrigger: null,
        incumbent: null,
        allWomenShortlist: false,
        timetable: { ballotOpens: 'soon' },
      }),
    ).toMatch(/timetable/);
    expect(auditDataProblem('election.declared', { process: 'p', version: 3, elected: ['c1', 7] })).toMatch(/list of texts/);
    expect(auditDataProblem('election.declared', [])).toMatch(/must be an object/);
    expect(auditDataProblem('nonsense', {})).toMatch(/not an audit event type/);
  });

  it('gives each type’s data a TypeScript type derived from its declaration', () => {
    const data: AuditData<'trigger.meeting-recorded'> = {
      process: 'tb-1',
      version: 2,
      unit: 'b',
      for: 1,
      against: 2,
      abstentions: 0,
      attendance: 3,
      date: '2024-01-01',
      arrivedBy: 'letter',
      received: '2024-01-02',
    };
    expect(auditDataProblem('trigger.meeting-recorded', data)).toBeNull();
    // @ts-expect-error a field the declaration does not have
    auditRecord('m1', 'office.removed', { member: 'm', unit: 'u', role: 'r', ranking: [] }, '2024-01-01T00:00:00.000Z');
    // @ts-expect-error a count given as text
    auditRecord('m1', 'import.finished', { what: 'units', file: 'f', outcome: 'imported', rows: '3', problems: 0, reason: null }, '2024-01-01T00:00:00.000Z');
    // @ts-expect-error null where the declaration does not allow it
    auditRecord('m1', 'demo.started', { seed: null, members: 100, asOf: '2024-01-01' }, '2024-01-01T00:00:00.000Z');
  });

  it('maps only to declared process-step types', () => {
    for (const t of PROCESS_STEP_TYPES) expect(AUDIT_EVENT_TYPES).toContain(t);
  });
});

describe('docs/architecture.md', () => {
  it('lists the audit event types exactly as the registry declares them (regenerate with: hustings audit events --format markdown)', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/architecture.md'), 'utf8');
    const m = /<!-- audit-events:start -->\n([\s\S]*?)<!-- audit-events:end -->/.exec(doc);
    expect(m, 'the "Audit events" table between <!-- audit-events:start --> and <!-- audit-events:end -->').not.toBeNull();
    expect(m![1]).toBe(auditEventsMarkdown());
  });
});

describe('src/audit', () => {
  it('is pure: no node: modules, no packages, nothing from the store, the CLI or the web app', () => {
    const dir = resolve(import.meta.dirname, '../../src/audit');
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(resolve(dir, name), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        expect(m[1], `${name} imports ${m[1]}`).toMatch(/^\.\/|^\.\.\/domain\//);
      }
    }
  });
});
