/**
 * Nominations by bodies in a national internal election, for the web and the
 * command line: which bodies a member may record nominations for (those they
 * are secretary or procedures secretary of, of a kind the rulebook lets
 * nominate; a national officer any such body), and recording the nomination
 * as the process's own audited step. The member to nominate is found by the
 * store's name search, as administrators find officers.
 */
import { NOMINATING_BODIES, type NominatingBody, type Rulebook } from '../domain/rulebook.js';
import type { MemberId, UnitId } from '../domain/ids.js';
import type { Unit } from '../domain/organisation.js';
import type { InternalElectionState } from '../domain/processes/index.js';
import { leadershipRulesOf } from '../domain/processes/leadership-steps.js';
import type { IsoDate } from '../domain/time.js';
import type { Store } from '../store/store.js';
import type { Acting } from './acting.js';
import { refusal, type AppResult } from './app-error.js';
import { applyStep } from './apply-step.js';
import type { DocumentOfKind } from './load-process.js';

const isNominatingKind = (kind: Unit['kind']): kind is NominatingBody => (NOMINATING_BODIES as readonly string[]).includes(kind);

/** The kinds of body that nominate in this election: a leadership election's routes (none in a challenge: MPs alone), else the rulebook's bodies. */
export function nominatingKinds(state: InternalElectionState, rulebook: Rulebook): NominatingBody[] {
  if (state.leadership) {
    const rules = leadershipRulesOf(rulebook, state.leadership);
    if (!state.leadership.vacancy || !rules) return [];
    return [...(rules.constituencyShare ? ['constituency' as const] : []), ...(rules.affiliateRoute ? ['affiliate' as const] : [])];
  }
  return [...(rulebook.internalElection?.nominations?.bodies ?? [])];
}

/** The bodies `member` may record an election's nominations for, by name. */
export async function bodiesRecordedBy(
  store: Store,
  member: MemberId,
  state: InternalElectionState,
  rulebook: Rulebook,
  nationalOfficer: boolean,
): Promise<Unit[]> {
  const allowed = new Set<string>(nominatingKinds(state, rulebook));
  if (allowed.size === 0) return [];
  if (nationalOfficer) {
    const all = (await Promise.all([...allowed].map((kind) => store.listUnits({ kind: kind as NominatingBody })))).flat();
    return all.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }
  const units: Unit[] = [];
  for (const o of await store.listOffices({ member })) {
    if (o.role !== 'secretary' && o.role !== 'procedures-secretary') continue;
    const u = await store.getUnit(o.unit);
    if (u && isNominatingKind(u.kind) && allowed.has(u.kind) && !units.some((x) => x.id === u.id)) units.push(u);
  }
  return units.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

export interface BodyNominationRequest {
  readonly process: DocumentOfKind<'internal-election'>;
  readonly body: UnitId;
  readonly member: MemberId;
  readonly meetingDate: IsoDate;
}

/** Records one body's nomination of one member: the domain checks the rules; the step is audited as the recorder's. */
export async function recordBodyNomination(a: Acting, r: BodyNominationRequest): Promise<AppResult<DocumentOfKind<'internal-election'>>> {
  const body = await a.store.getUnit(r.body);
  if (!body) return refusal('not-found', 'not-found', 'There is no such nominating body.');
  const candidate = await a.store.getMember(r.member);
  if (!candidate) return refusal('not-found', 'not-found', 'There is no such member: choose the candidate from the list of members found.');
  return applyStep(a, r.process, {
    type: 'body-nominate',
    body: { id: body.id, name: body.name, kind: body.kind, ...(body.affiliation ? { affiliation: body.affiliation } : {}) },
    candidate,
    meetingDate: r.meetingDate,
  });
}
