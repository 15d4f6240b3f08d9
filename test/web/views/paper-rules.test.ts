import { describe, expect, it } from 'vitest';
import { boothPage, type BoothView } from '../../../src/web/views/index.js';
import { paperRulesLines } from '../../../src/web/presenters/paper-rules.js';
import { ctxFor, member } from './fixtures.js';
import { checkAccessibleStructure } from './html-check.js';

const booth = (extra: Partial<BoothView> = {}): BoothView => ({
  process: 'ne-2027',
  title: 'National Executive Committee: CLP section',
  unit: 'The whole party',
  closes: '2027-03-14',
  methodWords: 'STV with a Droop quota',
  candidates: [
    { id: 'c1', name: 'Ann Adams' },
    { id: 'c2', name: 'Bob Baker' },
  ],
  ...extra,
});

describe('the booth says what the paper is', () => {
  it('above the candidates: how many will be elected, the minimum of women and how to rank', () => {
    const rules = paperRulesLines({ seats: 9, minWomen: 4, maxMarks: null });
    const html = boothPage(booth({ rules }), ctxFor(member));
    const at = html.indexOf('9 will be elected. At least 4 of the 9 will be women. Rank the candidates 1, 2, 3 and so on, as many or as few as you like.');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(html.indexOf('Ann Adams'));
    checkAccessibleStructure(html);
  });

  it('for a plurality ballot: one elected, no minimum, mark one', () => {
    const html = boothPage(booth({ rules: paperRulesLines({ seats: 1, minWomen: null, maxMarks: 1 }), maxMarks: 1 }), ctxFor(member));
    expect(html).toContain('One candidate will be elected. Mark one candidate only.');
    expect(html).not.toContain('will be women');
  });

  it('shows no panel when there is nothing to say', () => {
    expect(boothPage(booth(), ctxFor(member))).not.toContain('paper-rules');
  });
});
