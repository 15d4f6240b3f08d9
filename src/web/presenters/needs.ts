/**
 * "What needs you now" as the page shows it: the use case's items as sentences with their dates
 * in the one format, and links, grouped under each of the person's roles. Pure.
 */
import type { Need, NeedDue, NeedRole, NeedTarget } from '../../app/needs/need.js';
import { andList } from '../views/common.js';
import { translate, dateIn, momentWithZone, wordsIn, type Words } from '../../app/language/index.js';
import type { NeedsSection, NeedsView } from '../views/needs.js';
import { paths } from '../views/paths.js';

/** Where an item's link goes. */
export function needHref(t: NeedTarget): string {
  switch (t.to) {
    case 'booth':
      return t.election === undefined ? paths.ballot(t.process) : paths.electionBooth(t.election);
    case 'eligibility':
      return paths.eligibility;
    case 'apply':
      return paths.apply(t.process);
    case 'unit-meeting':
      return paths.unitMeeting(t.unit, t.process);
    case 'unit-nominations':
      return paths.unitNominations(t.unit, t.process);
    case 'election-nominate':
      return paths.electionNominate(t.process);
    case 'leadership-mp-nominate':
      return paths.leadershipMpNominate(t.process);
    case 'standing':
      return paths.standing;
    case 'meeting-booth':
      return paths.nominationMeetingBooth(t.meeting);
    case 'process':
      return paths.process(t.process);
    case 'results':
      return paths.results(t.process);
    case 'results-index':
      return paths.resultsIndex;
  }
}

/** "by 7 December 2026", "from 9 December 2026" (or "due since…" once the day has come), "voting closes at 5pm on … (UK time)". */
function dueWords(d: NeedDue, today: string, zone: string, w: Words): string {
  if (d.kind === 'closes') return w.t('needs.closes', { moment: momentWithZone(w, d.at, zone) });
  if (d.kind === 'by') return w.t('needs.by', { date: dateIn(w, d.date) });
  return d.date <= today ? w.t('needs.dueSince', { date: dateIn(w, d.date) }) : w.t('needs.from', { date: dateIn(w, d.date) });
}

/** The item's words in `w`'s language where it has them as a message (else its English). */
const textIn = (n: Need, w: Words): string => (n.says ? translate(w.language, n.says.text.key, n.says.text.params) : n.text);
const actionIn = (n: Need, w: Words): string => (n.says ? translate(w.language, n.says.action.key, n.says.action.params) : n.action);

/** The item as one sentence: its words, then when. */
export function needSentence(n: Need, today: string, zone: string, w: Words = wordsIn('en-GB')): string {
  const text = textIn(n, w);
  return n.due === null ? w.t('needs.sentence', { text }) : w.t('needs.sentenceDue', { text, due: dueWords(n.due, today, zone, w) });
}

/** What the person holds, for the sections' headings. */
export interface NeedsHolder {
  readonly roles: ReadonlySet<string>;
  readonly units: readonly { readonly name: string }[];
  readonly constituencies: readonly { readonly name: string }[];
}

function heading(role: NeedRole, who: NeedsHolder, w: Words): string {
  switch (role) {
    case 'member':
      return w.t('needs.asMember');
    case 'candidate':
      return w.t('needs.asCandidate');
    case 'unit-secretary':
      return `As secretary of ${andList(who.units.map((u) => u.name))}`;
    case 'procedures-secretary':
      return `As procedures secretary of ${andList(who.constituencies.map((c) => c.name))}`;
    case 'national-officer':
      return 'As a national officer';
    case 'scrutineer':
      return 'As a scrutineer';
  }
}

/** The sections a person sees: one per role they hold (a would-be candidate's only when something is open to them), in a fixed order. */
export function needsView(
  items: readonly Need[],
  who: NeedsHolder,
  at: { readonly today: string; readonly zone: string },
  w: Words = wordsIn('en-GB'),
): NeedsView {
  const holds = (role: NeedRole): boolean => role === 'member' || (role === 'candidate' ? items.some((i) => i.role === 'candidate') : who.roles.has(role));
  const order: NeedRole[] = ['member', 'candidate', 'unit-secretary', 'procedures-secretary', 'national-officer', 'scrutineer'];
  const sections: NeedsSection[] = order.filter(holds).map((role) => ({
    heading: heading(role, who, w),
    items: items
      .filter((i) => i.role === role)
      .map((i) => ({
        sentence: needSentence(i, at.today, at.zone, w),
        href: needHref(i.target),
        action: actionIn(i, w),
        ...(i.about ? { about: i.about } : {}),
      })),
  }));
  return { sections, nothing: items.length === 0 };
}
