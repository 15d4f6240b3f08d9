/**
 * A selection's or internal election's page says which kind of ballot it uses, and who its trustees
 * and credential authority are; an officer who runs it may still choose encrypted ballots there until
 * anyone votes (the web twin of `hustings … encrypt`, through the same use case).
 */
import { isBallotProcess } from '../../app/ballot-paper.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import { ballotEncryptionOf } from '../../domain/rulebook.js';
import type { FormState } from '../views/context.js';
import type { BallotKindView } from '../views/ballot-encryption.js';
import type { AppDeps } from './http.js';

/** Where the process's page posts its choice of encrypted ballots. */
export const encryptionPath = (id: string): string => `/processes/${encodeURIComponent(id)}/encryption`;

/** Phases after which a ballot can no longer change kind, whatever the turnout. */
const PAST_CHOOSING: readonly string[] = ['closed', 'counted', 'declared'];

/** The page's section on its ballot papers; undefined for a process without a ballot of its own. */
export async function ballotKindOf(
  deps: AppDeps,
  p: ProcessDocument,
  acting: boolean,
  form: FormState = { values: {}, errors: {} },
): Promise<BallotKindView | undefined> {
  if (!isBallotProcess(p)) return undefined;
  const setup = await deps.store.encryptedElectionOf(p.id);
  if (setup) {
    const members = new Map((await deps.store.membersById([...setup.trustees, setup.authority])).map((m) => [m.id as string, m.name]));
    const named = (id: string) => ({ id, name: members.get(id) ?? 'a member no longer on record' });
    return { encrypted: { threshold: setup.threshold, trustees: setup.trustees.map(named), authority: named(setup.authority) }, choose: null };
  }
  const rb = await rulebookFor(deps.store, p);
  const rule = rb === null ? 'never' : ballotEncryptionOf(rb);
  const voted = (await deps.store.turnout(p.id)) > 0 || PAST_CHOOSING.includes(p.state.phase);
  const plainNote =
    rule === 'never'
      ? `${rb?.name ?? 'Its rulebook'} takes plain ballots only.`
      : voted
        ? 'Votes have been cast, so it can no longer change to encrypted ballots.'
        : rule === 'required'
          ? `${rb?.name ?? 'Its rulebook'} requires encrypted ballots: the ballot cannot open until they are chosen below.`
          : undefined;
  const choose = acting && rule !== 'never' && !voted ? { action: encryptionPath(p.id), form, rule } : null;
  return { encrypted: null, choose, ...(plainNote ? { plainNote } : {}) };
}
