/**
 * The opening forms' choices as the views show them: each rulebook with the
 * rule it sets for a review, a selection or an internal election, in words;
 * each counting method with what it can do; and which rulebook is offered first.
 */
import { METHODS } from '../../count/methods/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { describeRulebook, internalElectionWords, reviewWords } from '../../domain/rulebook-words.js';
import type { MethodChoice, RulebookChoice } from '../views/opening.js';

/** The words as a sentence: with its full stop. */
export function sentence(s: string): string {
  return s.endsWith('.') ? s : `${s}.`;
}

export const reviewChoice = (rb: Rulebook): RulebookChoice => ({ id: rb.id, name: rb.name, rule: sentence(`${rb.name} ${reviewWords(rb.incumbentReview)}`) });
export const selectionChoice = (rb: Rulebook): RulebookChoice => ({
  id: rb.id,
  name: rb.name,
  rule: (describeRulebook(rb).find((s) => s.heading === 'Selection')?.lines ?? []).join(' '),
});
export const electionChoice = (rb: Rulebook): RulebookChoice => ({
  id: rb.id,
  name: rb.name,
  rule: sentence(`${rb.name} ${internalElectionWords(rb.internalElection)}`),
});

/** What each counting method can do, from its own declaration: how many seats, and whether it can hold a minimum of women. */
export const methodChoices = (): MethodChoice[] =>
  METHODS.map((m) => ({
    id: m.id,
    name: m.name,
    can: `${m.multiSeat ? 'One seat or several' : 'One seat only'}; ${m.options.some((o) => o.name === 'minimum') ? 'can hold a minimum of women' : 'cannot hold a minimum of women'}.`,
  }));
