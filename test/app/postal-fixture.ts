/** A union with six members and a National Executive election under the statutory postal rulebook, its register frozen. */
import { memberId, processId, unitId, type ProcessId } from '../../src/domain/ids.js';
import type { Member } from '../../src/domain/organisation.js';
import { UNION_EXECUTIVE_STATUTORY } from '../../src/domain/presets.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import type { Store } from '../../src/store/store.js';
import { applyStep, freezeElectorate, openElection, type Acting } from './steps.js';

export const noon = (d: string) => `${d}T12:00:00.000Z`;

const member = (n: number, name: string): Member => ({
  id: memberId(`u${n}`),
  name,
  email: null,
  branch: unitId('branch'),
  joined: isoDate('2015-01-01'),
  statusHistory: [{ from: isoDate('2015-01-01'), status: 'current' }],
  gender: null,
});

export const MEMBER_NAMES = ['Ann Ash', 'Bob Birch', 'Cy Cedar', 'Dee Dogwood', 'Eli Elm', 'Fay Fir'];

/** The election opened with `choice`, three candidates (the first two members, with an election address, and one entered by name), the register frozen on 2 February 2026. */
export async function frozenPostalElection(
  store: Store,
  choice: { readonly seats: number; readonly method: string },
): Promise<{ readonly id: ProcessId; readonly clock: ReturnType<typeof fixedClock>; readonly a: Acting }> {
  const clock = fixedClock(noon('2026-01-05'));
  const a: Acting = { store, clock, actor: 'officer' };
  await store.putUnits([
    { id: unitId('union'), kind: 'party', name: 'The Union', parent: null, constituency: null },
    { id: unitId('branch'), kind: 'branch', name: 'North', parent: unitId('union'), constituency: null },
  ]);
  await store.putMembers(MEMBER_NAMES.map((name, i) => member(i + 1, name)));
  const opened = await openElection(
    a,
    UNION_EXECUTIVE_STATUTORY,
    'National Executive 2026',
    { nominationsClose: isoDate('2026-02-01'), freezeDate: isoDate('2026-02-01'), ballotOpens: isoDate('2026-02-10'), ballotCloses: isoDate('2026-03-01') },
    'nec',
    choice,
  );
  const id = processId(opened.id);
  await applyStep(a, id, 'internal-election', { type: 'nominate', name: 'Ann Ash', gender: null, member: 'u1' });
  await applyStep(a, id, 'internal-election', { type: 'nominate', name: 'Bob Birch', gender: null, member: 'u2' });
  await applyStep(a, id, 'internal-election', { type: 'nominate', name: 'Cy Cedar', gender: null });
  await applyStep(a, id, 'internal-election', {
    type: 'write-statement',
    member: 'u1',
    text: 'I have worked in the north-west for twenty years. I will fight for fair pay, safe staffing and a union that answers to its members.',
  });
  clock.set(noon('2026-02-02'));
  await freezeElectorate(a, id, 'internal-election');
  return { id, clock, a };
}
