/**
 * What a trigger ballot tells the people who run it locally. When it opens, each unit's secretary
 * learns that their unit must meet and record its decision, and by when, and, if their unit has not
 * recorded it by then, is reminded three days before the last day; as units record, and when the outcome is known, the constituency's
 * procedures secretaries are told. Each is stored in the transaction of the step that causes it.
 */
import { addDays } from '../../domain/calendar.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { TriggerBallotState } from '../../domain/processes/index.js';
import type { IsoDate } from '../../domain/time.js';
import type { NewNotice, NoticeAudience, OrganisationStore } from '../../store/store.js';

export const TRIGGER_UPDATE = 'trigger-update';

/** What the notice says: a unit's meeting is due (or due soon), a unit has recorded, the ballot is decided. */
export type TriggerNews = 'meeting-due' | 'meeting-reminder' | 'unit-recorded' | 'decided';

export interface TriggerNoticeParams {
  readonly news: TriggerNews;
  /** "the review of Pat Lee" */
  readonly incumbent: string;
  readonly closes: IsoDate;
  /** The unit that recorded, for 'unit-recorded'. */
  readonly unit?: string;
  /** Units with a decision, and in all, for 'unit-recorded'. */
  readonly decided?: number;
  readonly units?: number;
  /** Where to read more. */
  readonly path: string;
}

export function isTriggerNoticeParams(p: unknown): p is TriggerNoticeParams {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    ['meeting-due', 'meeting-reminder', 'unit-recorded', 'decided'].includes(o.news as string) &&
    typeof o.incumbent === 'string' &&
    typeof o.closes === 'string'
  );
}

/** The members holding `role` in any of `units`, each once. */
export async function officeHolders(
  store: Pick<OrganisationStore, 'listOffices'>,
  units: readonly string[],
  role: 'secretary' | 'procedures-secretary',
): Promise<MemberId[]> {
  const holders = new Set<MemberId>();
  for (const unit of units) for (const o of await store.listOffices({ unit: unit as never })) if (o.role === role) holders.add(o.member);
  return [...holders];
}

const notice = (id: string, processId: ProcessId, audience: NoticeAudience, params: TriggerNoticeParams, sendAt: string, actor: string): NewNotice => ({
  id,
  kind: TRIGGER_UPDATE,
  process: processId,
  audience,
  params,
  sendAt,
  private: false,
  createdBy: actor,
});

/**
 * As a trigger ballot opens: to the units' secretaries, now; and three days before the last day (if
 * that is still to come), to the secretaries of the units that have not recorded their decision by
 * then, worked out by the store when the reminder falls due.
 */
export function triggerOpenedNotices(processId: ProcessId, s: TriggerBallotState, secretaries: readonly MemberId[], at: string, actor: string): NewNotice[] {
  if (secretaries.length === 0 || s.phase !== 'open') return [];
  const base = { incumbent: s.incumbent.name, closes: s.closes, path: '/' };
  const remindAt = `${addDays(s.closes, -3)}T09:00:00.000Z`;
  return [
    notice(`${processId}:meeting-due`, processId, { members: secretaries }, { ...base, news: 'meeting-due' }, at, actor),
    ...(remindAt > at
      ? [notice(`${processId}:meeting-reminder`, processId, { secretariesToRecord: true }, { ...base, news: 'meeting-reminder' }, remindAt, actor)]
      : []),
  ];
}

/** After a step of an open trigger ballot: to the procedures secretaries, each unit newly recorded, and the outcome once decided. */
export function triggerStepNotices(
  processId: ProcessId,
  version: number,
  before: TriggerBallotState,
  after: TriggerBallotState,
  proceduresSecretaries: readonly MemberId[],
  at: string,
  actor: string,
): NewNotice[] {
  if (proceduresSecretaries.length === 0) return [];
  const base = { incumbent: after.incumbent.name, closes: after.closes, path: `/constituencies/${encodeURIComponent(after.constituency)}` };
  const had = new Set(before.units.filter((u) => u.result !== null).map((u) => u.id));
  const decided = after.units.filter((u) => u.result !== null).length;
  const recorded = after.units
    .filter((u) => u.result !== null && !had.has(u.id))
    .map((u) =>
      notice(
        `${processId}:v${version}:${u.id}`,
        processId,
        { members: proceduresSecretaries },
        { ...base, news: 'unit-recorded', unit: u.name, decided, units: after.units.length },
        at,
        actor,
      ),
    );
  const outcome =
    after.outcome !== null && before.outcome === null
      ? [notice(`${processId}:v${version}:decided`, processId, { members: proceduresSecretaries }, { ...base, news: 'decided' }, at, actor)]
      : [];
  return [...recorded, ...outcome];
}
