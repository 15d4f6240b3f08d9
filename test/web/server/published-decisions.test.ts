/**
 * The public sees the disputes panel's decisions on a process's results page where its rulebook
 * publishes them: what each dispute was about and what was decided, never who lodged it, its
 * grounds or its evidence; where the rulebook does not, nothing.
 */
import { describe, expect, it } from 'vitest';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { applySelection } from '../../../src/domain/processes/selection.js';
import { publishedDecisions } from '../../../src/web/server/dispute-routes.js';
import { must } from '../../domain/processes/helpers.js';
import { selectionTo } from '../../domain/processes/drivers.js';
import type { DisputedDocument } from '../../../src/app/disputes.js';

const GROUNDS = 'Two ballots from Ward 4 were not counted.';

function disputedSelection() {
  const { state, ctx } = selectionTo('counted');
  let s = must(
    applySelection(state, { type: 'lodge-dispute', subject: { kind: 'count' }, role: 'candidate', grounds: GROUNDS, evidence: 'A photo.' }, ctx),
  ).state;
  s = must(
    applySelection(s, { type: 'decide-dispute', dispute: '1', outcome: 'dismissed', reasons: 'Every ballot in the sealed box was counted.' }, ctx),
  ).state;
  s = must(applySelection(s, { type: 'lodge-dispute', subject: { kind: 'process' }, role: 'member', grounds: 'Still waiting.' }, ctx)).state;
  return { id: 'sel-1', kind: 'selection', rulebook: s.rulebook, constituency: null, state: s } as unknown as DisputedDocument;
}

describe('published decisions', () => {
  it('lists each decided dispute, what it was about and the decision, without grounds, where the rulebook publishes them', () => {
    const doc = disputedSelection();
    const shown = publishedDecisions(doc, { ...LABOUR_2021, disputes: { remedies: [], publishDecisions: true } });
    expect(shown).toEqual([
      {
        about: 'The count',
        decision: expect.stringMatching(/^The disputes panel: dismissed on /),
        reasons: 'Reasons: Every ballot in the sealed box was counted.',
      },
    ]);
    expect(JSON.stringify(shown)).not.toContain(GROUNDS);
  });

  it('lists nothing where the rulebook does not publish them (the default)', () => {
    expect(publishedDecisions(disputedSelection(), LABOUR_2021)).toEqual([]);
  });
});
