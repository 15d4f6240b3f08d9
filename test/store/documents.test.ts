/**
 * Stored process states read as typed documents: every state the domain writes fits its kind's
 * schema; a state written by an earlier release is upcast; one from a later release, or one that
 * does not fit, is refused, naming the process and the field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/time.js';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import {
  ELECTION_PHASES,
  SELECTION_PHASES,
  applyElection,
  internalElectionOf,
  openInternalElection,
  selectionOf,
  triggerBallotOf,
  type ProcessState,
} from '../../src/domain/processes/index.js';
import { DocumentRefused, readDocument } from '../../src/store/documents/read.js';
import { DOCUMENT_KINDS, type DocumentKinds } from '../../src/store/documents/versions.js';
import type { StoredProcess } from '../../src/store/store.js';
import { ELECTION_OPENS, ELECTION_TIMETABLE, electionTo, selectionTo, triggeredBallot } from '../domain/processes/drivers.js';
import { context, must } from '../domain/processes/helpers.js';

const stored = (state: unknown, kind: StoredProcess['kind'] = 'trigger-ballot'): StoredProcess => ({
  id: processId('p-1'),
  kind,
  constituency: null,
  rulebook: 'labour-2021@1',
  state: JSON.parse(JSON.stringify(state)) as unknown,
  version: 3,
});

/** Every state of every phase the test drivers reach, as stored (through JSON). */
function domainStates(): ProcessState[] {
  const out: ProcessState[] = [triggeredBallot()];
  for (const phase of SELECTION_PHASES) out.push(selectionTo(phase).state, selectionTo(phase, { trigger: true }).state);
  for (const phase of ELECTION_PHASES) out.push(electionTo(phase).state);
  return out;
}

describe('process documents', () => {
  it('reads every state the domain writes, of every kind and phase, as its document, unchanged', () => {
    for (const state of domainStates()) {
      const doc = readDocument(stored(state, state.kind), 1);
      expect(doc.kind).toBe(state.kind);
      expect(doc.state).toEqual(JSON.parse(JSON.stringify(state)));
      expect([triggerBallotOf(doc), selectionOf(doc), internalElectionOf(doc)].filter((s) => s !== null)).toEqual([doc.state]);
    }
  });

  it('reads a leadership election with its contest and its nominations by route, and refuses a route it does not know', () => {
    const { ctx } = context(LABOUR_2021, ELECTION_OPENS, 'national-officer');
    const leadership = { vacancy: true, incumbent: null, parliamentaryParty: [{ member: 'mp1', name: 'MP 1' }], constituencies: 3, affiliatedMembership: 100 };
    let state = must(openInternalElection({ title: 'Leadership', timetable: ELECTION_TIMETABLE, leadership }, ctx)).state;
    const candidate = {
      id: memberId('m9'),
      name: 'Nia Nine',
      email: null,
      branch: unitId('b9'),
      joined: isoDate('2000-01-01'),
      statusHistory: [],
      gender: null,
    };
    state = must(applyElection(state, { type: 'mp-nominate', mp: 'mp1', candidate }, ctx)).state;
    const doc = readDocument(stored(state, 'internal-election'), 1);
    expect(internalElectionOf(doc)?.leadership?.parliamentaryParty).toEqual([{ member: 'mp1', name: 'MP 1' }]);
    expect(internalElectionOf(doc)?.nominations[0]?.route).toBe('parliamentary');
    const odd = JSON.parse(JSON.stringify(state));
    odd.nominations[0].route = 'acclamation';
    expect(() => readDocument(stored(odd, 'internal-election'), 1)).toThrow(DocumentRefused);
  });

  it('hands back the stored state itself, its keys in their stored order', () => {
    const p = stored(triggeredBallot());
    expect(readDocument(p, 1).state).toBe(p.state);
  });

  it('upcasts a state written by last year’s release (schema version 1) to this year’s', () => {
    // This year's release (in this test) added the appeal and the exemption to a review's state.
    const thisYear: DocumentKinds = {
      ...DOCUMENT_KINDS,
      'trigger-ballot': {
        ...DOCUMENT_KINDS['trigger-ballot'],
        version: 2,
        upcasters: [{ fromVersion: 1, upcast: (s) => ({ ...(s as object), appeal: null, exemption: null }) }],
      },
    };
    const lastYear: unknown = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/trigger-ballot-v1.json'), 'utf8'));
    // As it is, it does not fit today's schema …
    expect(() => readDocument(stored(lastYear), 1)).toThrow(/process "p-1" cannot be read: .* at appeal/);
    // … and read at its version, it is brought up to date.
    const doc = readDocument(stored(lastYear), 1, thisYear);
    const state = triggerBallotOf(doc);
    expect(state).toMatchObject({ phase: 'open', appeal: null, exemption: null, units: [{ id: 'b1' }, { id: 'b2' }] });
    // A state already at version 2 is not upcast again.
    expect(readDocument(stored(state), 2, thisYear).state).toEqual(state);
  });

  it('refuses a state written by a later release, naming the process and both versions', () => {
    expect(() => readDocument(stored(triggeredBallot()), 2)).toThrow(
      /process "p-1" cannot be read: its trigger-ballot state was written at schema version 2, newer than the 1 this Hustings knows/,
    );
  });

  it('refuses a state that does not fit its kind’s schema, naming the process and the field', () => {
    const state = triggeredBallot();
    const bad = {
      ...state,
      units: state.units.map((u, i) => (i === 1 && u.result?.kind === 'meeting' ? { ...u, result: { ...u.result, date: '20 January' } } : u)),
    };
    let refused: unknown;
    try {
      readDocument(stored(bad), 1);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(DocumentRefused);
    expect(refused).toMatchObject({ process: 'p-1', field: 'units[1].result.date' });
    expect((refused as Error).message).toMatch(
      /process "p-1" cannot be read: its stored trigger-ballot state \(schema version 1\) does not fit the schema at units\[1\]\.result\.date/,
    );
    // A state of another kind than its row says is refused too.
    expect(() => readDocument(stored(state, 'selection'), 1)).toThrow(/process "p-1" cannot be read: .*selection state .* at kind/);
    expect(() => readDocument(stored({ items: [] }), 1)).toThrow(DocumentRefused);
  });
});
