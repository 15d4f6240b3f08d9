/**
 * Internal names in the words people read: a process's kind and stage, the rulebook it runs under
 * and its counting method. Pages call these wherever a phase, a rulebook reference ("labour-2021@1")
 * or a method id ("stv-droop") would otherwise reach the screen.
 */
import { bundledRulebookFor } from '../../app/rulebook-of.js';

const KINDS: Readonly<Record<string, string>> = {
  'trigger-ballot': 'Trigger ballot',
  selection: 'Selection',
  'internal-election': 'Internal election',
  'nomination-meeting': 'Nomination meeting',
};

/** "Trigger ballot", "Selection", "Internal election". */
export function kindText(kind: string): string {
  return KINDS[kind] ?? 'Process';
}

/** The stages of a selection or an internal election (they share the ballot's end). */
const BALLOT_PHASES: Readonly<Record<string, string>> = {
  applications: 'Taking applications',
  nominations: 'Taking nominations',
  longlist: 'Longlist set',
  shortlist: 'Shortlist set',
  'electorate-frozen': 'Electorate frozen, ballot not yet open',
  'ballot-open': 'Voting open',
  closed: 'Voting closed, not yet counted',
  counted: 'Counted, not yet declared',
  declared: 'Result declared',
};

/** The stages of a constituency party's nomination meeting. */
const MEETING_PHASES: Readonly<Record<string, string>> = {
  called: 'Called: attendance being recorded',
  balloting: 'Voting round by round',
  decided: 'Decided',
};

const REVIEW_PHASES: Readonly<Record<string, string>> = {
  open: 'Units deciding',
  'not-readopted': 'Not readopted by the members’ meeting',
  appeal: 'Under appeal',
  'awaiting-endorsement': 'Waiting for the National Executive Committee to endorse the readoption',
  triggered: 'Triggered: a selection follows',
  readopted: 'Readopted',
  exempt: 'Exempt from review',
};

/** A process's stage in words: "Voting open", "Units deciding", "Triggered: a selection follows". */
export function phaseText(kind: string, phase: string): string {
  return (kind === 'trigger-ballot' ? REVIEW_PHASES[phase] : kind === 'nomination-meeting' ? MEETING_PHASES[phase] : BALLOT_PHASES[phase]) ?? 'In progress';
}

/**
 * The bundled rulebook a process runs under, by its name ("Labour 2021"); any other (the
 * organisation's own, whose name a page that read it from the store says instead, or one this
 * version does not bundle) is said not to be bundled, not named by its code.
 */
export function rulebookText(ref: string): string {
  const rb = bundledRulebookFor({ rulebook: ref });
  return rb ? rb.name : 'A rulebook not bundled with this version of Hustings';
}
