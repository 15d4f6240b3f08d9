/**
 * The officer's step each process waits for next, and the timetable's day it may be taken from:
 * the items of procedures secretaries (their constituencies' processes) and national officers (all).
 */
import type { IsoDate } from '../../domain/time.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { Need, NeedRole, NeedSource, NeedsReading } from './need.js';

interface NextStep {
  /** What to do, as the start of a sentence. */
  readonly words: string;
  /** The first day the step may be taken, or null when it may be taken as soon as the phase is reached. */
  readonly from: IsoDate | null;
}

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/** The officer's next step in the process (`where` names its constituency), or null when it waits on no officer (finished, or waiting on units or members). */
function nextOfficerStep(p: ProcessDocument, where: string): NextStep | null {
  if (p.kind === 'trigger-ballot') {
    if (p.state.phase !== 'open' || p.state.mode !== 'trigger-ballot') return null;
    return { words: `Close ${where}’s review of ${p.state.incumbent.name} and work out its outcome`, from: p.state.closes };
  }
  // A nomination meeting's steps are on its own page, for its party's secretary.
  if (p.kind === 'nomination-meeting') return null;
  const s = p.state;
  const t = s.timetable;
  switch (s.phase) {
    case 'applications':
      return s.kind === 'selection' ? { words: `Close applications in ${s.title}`, from: s.timetable.applicationsClose } : null;
    case 'nominations':
      return s.kind === 'selection'
        ? { words: `Set the longlist of ${s.title}`, from: t.nominationsClose }
        : { words: `Freeze the electorate of ${s.title}`, from: later(t.nominationsClose, t.freezeDate) };
    case 'longlist':
      return { words: `Set the shortlist of ${s.title}`, from: null };
    case 'shortlist':
      return { words: `Freeze the electorate of ${s.title}`, from: t.freezeDate };
    case 'electorate-frozen':
      return { words: `Open the ballot of ${s.title}`, from: t.ballotOpens };
    case 'ballot-open':
      return { words: `Close the ballot of ${s.title} (it closes by itself at its closing time)`, from: t.ballotCloses };
    case 'closed':
      return { words: `Run the count of ${s.title}`, from: null };
    case 'counted':
      return { words: `Declare the result of ${s.title}`, from: null };
    default:
      return null;
  }
}

function stepNeeds(r: NeedsReading, role: NeedRole, of: (p: ProcessDocument) => boolean): Need[] {
  return r.processes.flatMap((p) => {
    if (!of(p)) return [];
    const where = r.unitName(p.constituency);
    const next = nextOfficerStep(p, where);
    if (next === null) return [];
    return [
      {
        role,
        text: next.words,
        action: 'Go to the process',
        target: { to: 'process', process: p.id },
        due: next.from === null ? null : { kind: 'from', date: next.from },
        about: where,
      },
    ];
  });
}

export const proceduresSecretaryNeeds: NeedSource = async (r) => {
  const mine = new Set(r.person.constituencies.map((c) => c.id as string));
  return stepNeeds(r, 'procedures-secretary', (p) => p.constituency !== null && mine.has(p.constituency));
};

export const nationalOfficerNeeds: NeedSource = async (r) => (r.person.roles.has('national-officer') ? stepNeeds(r, 'national-officer', () => true) : []);
