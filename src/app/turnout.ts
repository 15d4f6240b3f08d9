/**
 * Turnout as it happens: a ballot's voters counted by constituency, region, channel and day, against
 * its eligible electorate, from the store's one grouped read. While the ballot is open, small figures
 * of voters, and of a place's members who have not voted, (and the figures that would give them away)
 * are hidden, as turnout-suppression.ts decides; once it has closed every figure is exact. Who may see it when is the caller's to decide.
 */
import { addDays, dayNumber, longDate } from '../domain/calendar.js';
import type { IsoDate } from '../domain/time.js';
import { ok } from '../domain/result.js';
import type { TurnoutGroup, VoteChannel, VotingStore } from '../store/store.js';
import { VOTE_CHANNELS } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';
import type { BallotDocument } from './ballot-paper.js';
import { CHANNEL_HEADINGS } from './vote-notices.js';
import { suppress, type Shown, type Sum } from './turnout-suppression.js';

/** A count of voters as it may be shown. */
export type VotedFigure = { readonly shown: 'exact'; readonly count: number } | { readonly shown: Exclude<Shown, 'exact'> };

export interface TurnoutLine {
  /** The group in words: a constituency's or region's name, a channel, a day. */
  readonly label: string;
  readonly voted: VotedFigure;
  /** Eligible members in the group; null for a channel or a day, which every member may use. */
  readonly eligible: number | null;
}

export interface ConstituencyLine extends TurnoutLine {
  readonly region: string;
}

export interface DayLine extends TurnoutLine {
  /** Null: votes recorded before the day of each vote was kept. */
  readonly day: IsoDate | null;
}

export interface Turnout {
  /** True while voting is open: small figures are hidden. */
  readonly open: boolean;
  readonly total: TurnoutLine;
  readonly regions: readonly TurnoutLine[];
  readonly constituencies: readonly ConstituencyLine[];
  readonly channels: readonly (TurnoutLine & { readonly channel: VoteChannel })[];
  readonly days: readonly DayLine[];
}

const NO_REGION = 'No region on record';
const NO_CONSTITUENCY = 'No constituency on record';

/** The phases from which a ballot has voters to count. */
const VOTING_OR_AFTER: ReadonlySet<string> = new Set(['ballot-open', 'closed', 'counted', 'declared']);

/** Whether the ballot has a turnout to show: from the opening of voting. */
export function hasTurnout(p: Pick<BallotDocument, 'state'>): boolean {
  return VOTING_OR_AFTER.has(p.state.phase);
}

/** Whether the ballot's turnout is for everyone: once voting has closed. */
export function turnoutIsPublic(p: BallotDocument): boolean {
  return VOTING_OR_AFTER.has(p.state.phase) && p.state.phase !== 'ballot-open';
}

/**
 * Figures kept once read, by store (a test's stores may share process ids), for the most recently
 * read KEPT ballots of each. A closed ballot's never change (its box is sealed), and its page is
 * public, so they are kept for good; an open ballot's, for OPEN_FRESH_MS, so that however many
 * officers watch a national ballot the grouped read over its whole electorate runs at most once in
 * that while (each page refreshes itself every 15 seconds).
 */
const kept = new WeakMap<object, Map<string, { readonly figures: Turnout; readonly until: number }>>();
const KEPT = 64;
export const OPEN_FRESH_MS = 10_000;

/** The ballot's turnout at `now`; refused before voting has opened. */
export async function turnoutOf(store: Pick<VotingStore, 'turnoutGroups'>, p: BallotDocument, now: Date): Promise<AppResult<Turnout>> {
  if (!hasTurnout(p)) {
    return refusal('conflict', 'not-open', `Voting in ${p.state.title} has not opened yet: its turnout is shown from the opening of the ballot.`);
  }
  const open = p.state.phase === 'ballot-open';
  let byId = kept.get(store);
  if (byId === undefined) {
    byId = new Map();
    kept.set(store, byId);
  }
  const known = byId.get(p.id);
  // A figure kept while the ballot was open is never served once it has closed.
  if (known !== undefined && known.figures.open === open && now.getTime() < known.until) return ok(known.figures);
  const figures = turnoutFigures(await store.turnoutGroups(p.id), open);
  byId.delete(p.id);
  byId.set(p.id, { figures, until: open ? now.getTime() + OPEN_FRESH_MS : Number.POSITIVE_INFINITY });
  // A Map keeps insertion order: the first key is the one read longest ago.
  if (byId.size > KEPT) byId.delete(byId.keys().next().value!);
  return ok(figures);
}

interface Tally {
  eligible: number;
  voted: number;
}

const add = (m: Map<string, Tally>, key: string, eligible: number, voted: number): void => {
  const t = m.get(key) ?? { eligible: 0, voted: 0 };
  t.eligible += eligible;
  t.voted += voted;
  m.set(key, t);
};

/** The figures of a ballot from its groups; `open`: hide what must be hidden while voting goes on. */
export function turnoutFigures(groups: readonly TurnoutGroup[], open: boolean): Turnout {
  const tallies = new Map<string, Tally>();
  const regionName = new Map<string, string>();
  const constituencyName = new Map<string, string>();
  const regionOf = new Map<string, string>();
  const dayKeys = new Set<string>();
  for (const channel of VOTE_CHANNELS) add(tallies, `channel:${channel}`, 0, 0);
  for (const g of groups) {
    const voted = g.vote === null ? 0 : g.members;
    const r = `region:${g.region?.id ?? ''}`;
    const c = `constituency:${g.constituency?.id ?? ''}`;
    regionName.set(r, g.region?.name ?? NO_REGION);
    constituencyName.set(c, g.constituency?.name ?? NO_CONSTITUENCY);
    regionOf.set(c, r);
    add(tallies, 'total', g.members, voted);
    add(tallies, r, g.members, voted);
    add(tallies, c, g.members, voted);
    if (g.vote !== null) {
      add(tallies, `channel:${g.vote.channel}`, 0, voted);
      const d = `day:${g.vote.day ?? ''}`;
      dayKeys.add(d);
      add(tallies, d, 0, voted);
    }
  }
  if (!tallies.has('total')) add(tallies, 'total', 0, 0);
  // Every day from the first vote to the last, a quiet day too: a gap in a chart of days would mislead.
  const dated = [...dayKeys]
    .filter((d) => d !== 'day:')
    .map((d) => d.slice(4) as IsoDate)
    .sort();
  const days: (IsoDate | null)[] = [];
  if (dated.length > 0) {
    for (let d = dated[0]!; dayNumber(d) <= dayNumber(dated[dated.length - 1]!); d = addDays(d, 1)) {
      days.push(d);
      add(tallies, `day:${d}`, 0, 0);
    }
  }
  if (dayKeys.has('day:')) days.push(null);

  const byName = (names: ReadonlyMap<string, string>) => (a: string, b: string) => names.get(a)!.localeCompare(names.get(b)!, 'en-GB');
  const regionKeys = [...regionName.keys()].sort(byName(regionName));
  const constituencyKeys = [...constituencyName.keys()].sort(byName(constituencyName));
  const channelKeys = VOTE_CHANNELS.map((c) => `channel:${c}`);
  const dayKeyList = days.map((d) => `day:${d ?? ''}`);

  const sums: Sum[] = [
    { parent: 'total', parts: regionKeys },
    ...regionKeys.map((r) => ({ parent: r, parts: constituencyKeys.filter((c) => regionOf.get(c) === r) })),
    { parent: 'total', parts: channelKeys },
    ...(dayKeyList.length > 0 ? [{ parent: 'total', parts: dayKeyList }] : []),
  ];
  const voted = new Map([...tallies].map(([k, t]) => [k, t.voted]));
  // Each place's eligible count is shown, so its non-voters are guarded as well (turnout-suppression.ts).
  const places = new Map(
    [...tallies].filter(([k]) => k === 'total' || k.startsWith('region:') || k.startsWith('constituency:')).map(([k, t]) => [k, t.eligible]),
  );
  const verdict = open ? suppress(voted, sums, places) : new Map<string, Shown>();
  const figure = (k: string): VotedFigure => {
    const v = verdict.get(k) ?? 'exact';
    return v === 'exact' ? { shown: 'exact', count: tallies.get(k)!.voted } : { shown: v };
  };
  const line = (k: string, label: string, withEligible: boolean): TurnoutLine => ({
    label,
    voted: figure(k),
    eligible: withEligible ? tallies.get(k)!.eligible : null,
  });
  return {
    open,
    total: line('total', 'All members', true),
    regions: regionKeys.map((k) => line(k, regionName.get(k)!, true)),
    constituencies: constituencyKeys.map((k) => ({ ...line(k, constituencyName.get(k)!, true), region: regionName.get(regionOf.get(k)!)! })),
    channels: VOTE_CHANNELS.map((c) => ({ ...line(`channel:${c}`, CHANNEL_HEADINGS[c], false), channel: c })),
    days: days.map((d) => ({ ...line(`day:${d ?? ''}`, d === null ? 'Day not recorded' : longDate(d), false), day: d })),
  };
}
