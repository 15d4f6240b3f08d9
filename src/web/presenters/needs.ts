/**
 * "What needs you now" as the page shows it: the use case's items as sentences with their dates
 * in the one format, and links, grouped under each of the person's roles. Pure.
 */
import type { Need, NeedDue, NeedRole, NeedTarget } from '../../app/needs/need.js';
import { andList } from '../views/common.js';
import { dayText, momentText } from '../views/format.js';
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
    case 'standing':
      return paths.standing;
    case 'process':
      return paths.process(t.process);
    case 'results':
      return paths.results(t.process);
    case 'results-index':
      return paths.resultsIndex;
  }
}

/** "by 7 December 2026", "from 9 December 2026" (or "due since…" once the day has come), "voting closes at 5pm on … (UK time)". */
function dueWords(d: NeedDue, today: string, zone: string): string {
  if (d.kind === 'closes') return `voting closes at ${momentText(d.at, zone)}`;
  if (d.kind === 'by') return `by ${dayText(d.date)}`;
  return d.date <= today ? `due since ${dayText(d.date)}` : `from ${dayText(d.date)}`;
}

/** The item as one sentence: its words, then when. */
export function needSentence(n: Need, today: string, zone: string): string {
  return n.due === null ? `${n.text}.` : `${n.text}; ${dueWords(n.due, today, zone)}.`;
}

/** What the person holds, for the sections' headings. */
export interface NeedsHolder {
  readonly roles: ReadonlySet<string>;
  readonly units: readonly { readonly name: string }[];
  readonly constituencies: readonly { readonly name: string }[];
}

function heading(role: NeedRole, who: NeedsHolder): string {
  switch (role) {
    case 'member':
      return 'As a member';
    case 'candidate':
      return 'Standing for selection';
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
export function needsView(items: readonly Need[], who: NeedsHolder, at: { readonly today: string; readonly zone: string }): NeedsView {
  const holds = (role: NeedRole): boolean => role === 'member' || (role === 'candidate' ? items.some((i) => i.role === 'candidate') : who.roles.has(role));
  const order: NeedRole[] = ['member', 'candidate', 'unit-secretary', 'procedures-secretary', 'national-officer', 'scrutineer'];
  const sections: NeedsSection[] = order.filter(holds).map((role) => ({
    heading: heading(role, who),
    items: items
      .filter((i) => i.role === role)
      .map((i) => ({
        sentence: needSentence(i, at.today, at.zone),
        href: needHref(i.target),
        action: i.action,
        ...(i.about ? { about: i.about } : {}),
      })),
  }));
  return { sections, nothing: items.length === 0 };
}
