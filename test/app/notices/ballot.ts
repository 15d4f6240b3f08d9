/** A small party with one ballot and its frozen electorate, for the outbox's tests: members v0000…, all eligible, some Welsh. */
import { memberId, processId, unitId } from '../../../src/domain/ids.js';
import type { Member } from '../../../src/domain/organisation.js';
import { isoDate } from '../../../src/domain/time.js';
import { mailParts, type RenderNotice } from '../../../src/app/notices/render.js';
import type { NewNotice, Store } from '../../../src/store/store.js';

export const BALLOT = processId('nec-ballot');

export const voterId = (i: number) => memberId(`v${String(i).padStart(4, '0')}`);

export async function ballotParty(store: Store, voters: number, at: string): Promise<void> {
  await store.putUnits([{ id: unitId('b1'), kind: 'branch', name: 'Branch one', parent: null, constituency: null }]);
  const members: Member[] = Array.from({ length: voters }, (_, i) => ({
    id: voterId(i),
    name: `Voter ${i}`,
    email: `voter${i}@example.org`,
    branch: unitId('b1'),
    joined: isoDate('2020-01-01'),
    statusHistory: [{ from: isoDate('2020-01-01'), status: 'current' }],
    gender: null,
    ...(i % 5 === 0 ? { language: 'cy' as const } : {}),
  }));
  await store.putMembers(members);
  const created = await store.createProcess(
    { id: BALLOT, kind: 'internal-election', constituency: null, rulebook: 'labour-2021@1', state: { open: true } },
    { event: { type: 'opened' }, at },
  );
  if (!created.ok) throw new Error(created.error.message);
  const frozen = await store.freezeElectorate(
    BALLOT,
    members.map((m) => ({ member: m.id, eligible: true, reason: 'a member' })),
  );
  if (!frozen.ok) throw new Error(frozen.error.message);
}

export const invitation = (at: string, extra: Partial<NewNotice> = {}): NewNotice => ({
  id: 'invitation',
  kind: 'ballot-invitation',
  process: BALLOT,
  audience: { electorate: true },
  params: { ballot: 'National Executive' },
  sendAt: at,
  private: true,
  createdBy: 'cli:test',
  ...extra,
});

/** The test's templates: the member's name, the ballot, in their language. */
export const testRender: RenderNotice = (notice, r) => {
  const ballot = (notice.params as { ballot: string }).ballot;
  return r.language === 'cy'
    ? mailParts(`Gwahoddiad: ${ballot} — â ŵ ŷ`, [`Annwyl ${r.name}`, `Mae eich pleidlais ar agor. Diolch yn fawr — â ŵ ŷ`])
    : mailParts(`Invitation: ${ballot}`, [`Dear ${r.name}`, `Your ballot is open.`]);
};
