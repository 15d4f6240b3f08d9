/** The democracy review's page as the views show it: the form as read (each rulebook offered, ticked or not) and, once run, the results. */
import type { Rulebook } from '../../domain/rulebook.js';
import type { SimulateLimits, SimulateView } from '../views/simulate.js';

/** The form as the query gave it: the rulebooks chosen, every field's text, and each field's problem. */
export interface SimulateForm {
  readonly chosen: readonly string[];
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

/** The rulebooks a member may simulate, the bundled ones that cannot be with why, and the bounds of one request here. */
export interface SimulateOffer {
  readonly offered: readonly Pick<Rulebook, 'id' | 'name'>[];
  readonly notOffered: readonly { readonly name: string; readonly reason: string }[];
  readonly limits: SimulateLimits;
}

/** What a simulation answered: the party's runs and, when asked for, the sweep. */
export interface SimulatedParty {
  readonly party: NonNullable<SimulateView['party']>;
  readonly sweep: SimulateView['sweep'] | undefined;
}

/** The page: the form, and the results when there are some; `refusal` in place of the field problems when the request was refused as a whole. */
export function simulateView(offer: SimulateOffer, form: SimulateForm, outcome?: SimulatedParty, refusal?: string): SimulateView {
  return {
    rulebooks: offer.offered.map((rb) => ({ id: rb.id, name: rb.name, checked: form.chosen.includes(rb.id) })),
    notOffered: offer.notOffered,
    values: form.values,
    errors: refusal === undefined ? form.errors : { '': refusal },
    limits: offer.limits,
    ...(outcome ? { party: outcome.party, ...(outcome.sweep ? { sweep: outcome.sweep } : {}) } : {}),
  };
}
