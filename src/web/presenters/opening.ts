/**
 * The opening forms' choices as the views show them: each rulebook with the
 * rule it sets for a review, a selection or an internal election, in words;
 * each counting method with what it can do; and which rulebook is offered first.
 */
import { METHODS } from '../../count/methods/index.js';
import { PRESETS } from '../../domain/presets.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { describeRulebook, internalElectionWords, methodPhrase, reviewWords } from '../../domain/rulebook-words.js';
import type { ContestChoiceView, MethodChoice, RulebookChoice } from '../views/opening.js';
import { segmentWords } from '../../domain/segment.js';

/** The words as a sentence: with its full stop. */
export function sentence(s: string): string {
  return s.endsWith('.') ? s : `${s}.`;
}

export const reviewChoice = (rb: Rulebook): RulebookChoice => ({ id: rb.id, name: rb.name, rule: sentence(`${rb.name} ${reviewWords(rb.incumbentReview)}`) });
export const selectionChoice = (rb: Rulebook): RulebookChoice => ({
  id: rb.id,
  name: rb.name,
  rule: (describeRulebook(rb, 'page').find((s) => s.heading === 'Selection')?.lines ?? []).join(' '),
});
export const electionChoice = (rb: Rulebook): RulebookChoice => ({
  id: rb.id,
  name: rb.name,
  rule: sentence(`${rb.name} ${internalElectionWords(rb.internalElection, methodPhrase)}`),
});

export const leadershipChoice = (rb: Rulebook): RulebookChoice => ({
  id: rb.id,
  name: rb.name,
  rule: (describeRulebook(rb, 'page').find((s) => s.heading === 'Leadership election')?.lines ?? []).join(' '),
});

/** The bundled rulebooks that set an internal election: every contest's seats field is read from a form, whichever rulebook is in force. */
export const electionRulebooks = (): Rulebook[] => PRESETS.filter((rb) => rb.internalElection !== null);

/**
 * The contests the offered rulebooks hold in one election, by id, each with its title, who it is for
 * and its seats (from the first rulebook that names it; Labour's rulebooks agree on them).
 */
export function contestChoices(offered: readonly Rulebook[]): ContestChoiceView[] {
  const out = new Map<string, ContestChoiceView>();
  for (const rb of offered)
    for (const c of rb.internalElection?.contests ?? [])
      if (!out.has(c.id))
        out.set(c.id, {
          id: c.id,
          title: c.title,
          seats: c.seats,
          rule: sentence(`${seatsWords(c.seats)} by ${methodPhrase(c.method)}, for ${segmentWords(c.segment)}`),
        });
  return [...out.values()];
}

const seatsWords = (n: number): string => `${n} ${n === 1 ? 'seat' : 'seats'}`;

/** What each counting method can do, from its own declaration: how many seats, and whether it can hold a minimum of women. */
export const methodChoices = (): MethodChoice[] =>
  METHODS.map((m) => ({
    id: m.id,
    name: m.name,
    can: `${m.multiSeat ? 'One seat or several' : 'One seat only'}; ${m.options.some((o) => o.name === 'minimum') ? 'can hold a minimum of women' : 'cannot hold a minimum of women'}.`,
  }));
