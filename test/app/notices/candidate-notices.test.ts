/**
 * Candidates are told as their process moves: longlisted, shortlisted, withdrawn, declared (and, in an
 * election, nominated by a body), in the step's own transaction, in their language, through a real SMTP
 * server; a candidate with no membership record has nobody to tell.
 */
import { describe, expect, it } from 'vitest';
import { candidateNotices, CANDIDATE_UPDATE } from '../../../src/app/notices/candidate-notices.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { ProcessId } from '../../../src/domain/ids.js';
import type { InternalElectionState, SelectionState } from '../../../src/domain/processes/index.js';
import { fixedClock } from '../../../src/domain/time.js';
import { applyStep } from '../steps.js';
import { noticeWorld } from './notice-world.js';

const w = noticeWorld();

describe('what candidates are told', () => {
  it('works out the news from the state before and after a step, to the candidates with a membership record', () => {
    const base = { kind: 'selection', title: 'Selection for Ashford', phase: 'nominations', longlist: null, shortlist: null } as const;
    const candidates = [
      { id: 'c1', member: 'm1', withdrawn: null },
      { id: 'c2', member: null, withdrawn: null },
      { id: 'c3', member: 'm3', withdrawn: null },
    ];
    const before = { ...base, candidates } as unknown as SelectionState;
    const after = { ...base, phase: 'longlist', longlist: ['c1', 'c2'], candidates } as unknown as SelectionState;
    const notices = candidateNotices('sel-1' as ProcessId, 7, before, after, '2026-01-01T10:00:00.000Z', 'officer');
    expect(notices.map((n) => [n.id, n.kind, n.audience, n.params])).toEqual([
      ['sel-1:v7:longlisted', CANDIDATE_UPDATE, { members: ['m1'] }, { news: 'longlisted', title: 'Selection for Ashford', path: '/candidacies' }],
    ]);
    const withdrawn = { ...after, candidates: [{ ...candidates[0], withdrawn: { at: 'x' } }, candidates[1], candidates[2]] } as unknown as SelectionState;
    expect(candidateNotices('sel-1' as ProcessId, 8, after, withdrawn, '2026-01-01T10:00:00.000Z', 'officer').map((n) => n.audience)).toEqual([
      { members: ['m1'] },
    ]);
    expect(candidateNotices('sel-1' as ProcessId, 9, after, after, '2026-01-01T10:00:00.000Z', 'officer')).toEqual([]);
  });

  it('tells the bodies that nominated someone, through whoever recorded each nomination, when the nominee accepts', () => {
    const nomination = (body: string, recordedBy: string | null) => ({ body, bodyName: body, member: 'm1', meetingDate: '2026-01-01', recordedBy, at: 'x' });
    const base = {
      kind: 'internal-election',
      title: 'NEC elections',
      phase: 'nominations',
      candidates: [],
      nominations: [nomination('clp-a', 'sec-a'), nomination('clp-b', 'sec-b'), nomination('clp-c', null)],
    };
    const before = { ...base, nominees: [{ member: 'm1', name: 'Ann Ward', gender: null, consent: null }] } as unknown as InternalElectionState;
    const after = {
      ...base,
      nominees: [{ member: 'm1', name: 'Ann Ward', gender: null, consent: { answer: 'accepted', at: 'x' } }],
    } as unknown as InternalElectionState;
    const notices = candidateNotices('el-1' as ProcessId, 4, before, after, '2026-01-01T10:00:00.000Z', 'm1');
    expect(notices.map((n) => [n.audience, n.params])).toEqual([
      [{ members: ['sec-a', 'sec-b'] }, { news: 'accepted', title: 'NEC elections', path: '/processes/el-1/nominations', nominee: 'Ann Ward' }],
    ]);
  });

  it('mails the shortlisted, in their language, with where to read more', async () => {
    const { world } = w;
    const applying = (await world.store.listProcesses({ kind: 'selection' })).find((p) => (p.state as SelectionState).phase === 'applications')!;
    const s = applying.state as SelectionState;
    const later = { store: world.store, clock: fixedClock(new Date(`${addDays(s.timetable.nominationsClose, 1)}T12:00:00Z`)), actor: 'test' };
    await applyStep(later, applying.id, 'selection', { type: 'close-applications' });
    const ids = ((await world.store.getProcess(applying.id))!.state as SelectionState).candidates.filter((x) => x.withdrawn === null).map((x) => x.id);
    await applyStep(later, applying.id, 'selection', { type: 'set-longlist', candidates: ids });
    const shortlisted = await applyStep(later, applying.id, 'selection', { type: 'set-shortlist', candidates: ids });
    const withRecords = shortlisted.state.candidates.filter((c) => c.member !== null);
    const notices = (await world.store.noticesOf(applying.id)).filter((n) => n.kind === CANDIDATE_UPDATE);
    expect(notices.map((n) => (n.params as { news: string }).news)).toEqual(['longlisted', 'shortlisted']);
    expect(notices.map((n) => n.recipients)).toEqual([withRecords.length, withRecords.length]);
    await w.drain(later.clock);
    const mine = w.smtp.arrived.filter((m) => m.subject === `You are on the shortlist: ${s.title}` || m.subject === `Rydych ar y rhestr fer: ${s.title}`);
    expect(mine).toHaveLength(withRecords.length);
    expect(mine[0]!.text).toContain('http://hustings.test/candidacies');
    expect(mine[0]!.text).toContain('From The Party');
  });
});
