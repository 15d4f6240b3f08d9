/**
 * The public results index: every declared selection and internal election, and
 * every decided review of a sitting representative (trigger ballot, members'
 * meeting, mandatory reselection), newest first. Nothing undeclared or undecided
 * is listed: a counted ballot waits for its declaration, an open trigger ballot for
 * its close.
 */
import type { UnitDecision, UnitClass } from '../domain/trigger-outcome.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import type { DecidedBy } from '../domain/processes/trigger-ballot.js';
import { contestTitle } from '../domain/processes/internal-election.js';
import { ok } from '../domain/result.js';
import type { OrganisationStore, ProcessStore } from '../store/store.js';
import type { AppResult } from './app-error.js';

/** A declared selection or internal election. */
export interface DeclaredBallot {
  readonly kind: 'selection' | 'internal-election';
  readonly process: string;
  readonly title: string;
  /** The constituency's name; null for a national election. */
  readonly constituency: string | null;
  /** When it was declared (an instant). */
  readonly declaredAt: string;
  readonly elected: readonly string[];
}

/** How many units of one class decided each way. */
export type DecisionTally = Readonly<Record<UnitDecision, number>>;

/** A decided review of a sitting representative. */
export interface DecidedReview {
  readonly kind: 'trigger-ballot';
  readonly process: string;
  readonly constituency: string;
  readonly incumbent: string;
  readonly result: 'triggered' | 'readopted';
  readonly decidedBy: DecidedBy;
  /** When the outcome was decided (an instant). */
  readonly decidedAt: string;
  /** The units' decisions, by class (only when units decided it). */
  readonly tally: Readonly<Record<UnitClass, DecisionTally>> | null;
}

export type PublicResult = DeclaredBallot | DecidedReview;

const at = (r: PublicResult): string => (r.kind === 'trigger-ballot' ? r.decidedAt : r.declaredAt);

function emptyTally(): Record<UnitDecision, number> {
  return { yes: 0, no: 0, abstain: 0, absent: 0 };
}

/** The process's public result, or null while it has none (not declared, not decided). */
export function publicResultOf(p: ProcessDocument, constituencyName: (id: string) => string): PublicResult | null {
  switch (p.kind) {
    // A meeting's decision is its party's nomination, shown with the election's nominations.
    case 'nomination-meeting':
      return null;
    case 'selection': {
      const s = p.state;
      if (s.phase !== 'declared' || s.declaration === null) return null;
      return {
        kind: 'selection',
        process: p.id,
        title: s.title,
        constituency: constituencyName(s.constituency),
        declaredAt: s.declaration.at,
        elected: [s.declaration.name],
      };
    }
    case 'internal-election': {
      const s = p.state;
      if (s.phase !== 'declared' || s.declaration === null) return null;
      return {
        kind: 'internal-election',
        process: p.id,
        // A contest of an election of several is listed under its election.
        title: contestTitle(s),
        constituency: null,
        declaredAt: s.declaration.at,
        elected: s.declaration.elected.map((e) => e.name),
      };
    }
    case 'trigger-ballot': {
      const s = p.state;
      if (s.outcome === null || (s.phase !== 'triggered' && s.phase !== 'readopted')) return null;
      const classOf = new Map(s.units.map((u) => [u.id, u.class]));
      const tally = s.outcome.decidedBy === 'units' ? { branch: emptyTally(), affiliate: emptyTally() } : null;
      if (tally !== null) {
        for (const d of s.outcome.decisions) {
          const cls = classOf.get(d.unit);
          if (cls !== undefined) tally[cls][d.decision] += 1;
        }
      }
      return {
        kind: 'trigger-ballot',
        process: p.id,
        constituency: constituencyName(s.constituency),
        incumbent: s.incumbent.name,
        result: s.outcome.result,
        decidedBy: s.outcome.decidedBy,
        decidedAt: s.outcome.at,
        tally,
      };
    }
  }
}

/** Every public result, newest first (ties broken by title, then by process, so the order is stable). */
export async function listPublicResults(
  store: Pick<ProcessStore, 'processDocuments'> & Pick<OrganisationStore, 'listUnits'>,
): Promise<AppResult<readonly PublicResult[]>> {
  const [processes, constituencies] = await Promise.all([store.processDocuments(), store.listUnits({ kind: 'constituency' })]);
  const names = new Map(constituencies.map((u) => [u.id as string, u.name]));
  const name = (id: string): string => names.get(id) ?? 'a constituency no longer on the register';
  const results = processes.flatMap((p) => {
    const r = publicResultOf(p, name);
    return r === null ? [] : [r];
  });
  const label = (r: PublicResult): string => (r.kind === 'trigger-ballot' ? r.constituency : r.title);
  results.sort((a, b) => at(b).localeCompare(at(a)) || label(a).localeCompare(label(b)) || a.process.localeCompare(b.process));
  return ok(results);
}
