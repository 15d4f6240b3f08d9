import { describe, expect, it } from 'vitest';
import { electsWords, markingWords, minimumWords, paperRulesLines } from '../../../src/web/presenters/paper-rules.js';

describe('what a ballot paper says above its candidates', () => {
  it('how many will be elected', () => {
    expect(electsWords(1)).toBe('One candidate will be elected.');
    expect(electsWords(9)).toBe('9 will be elected.');
  });

  it('the minimum of women, in words', () => {
    expect(minimumWords(9, 4)).toBe('At least 4 of the 9 will be women.');
    expect(minimumWords(3, 1)).toBe('At least 1 of the 3 will be a woman.');
    expect(minimumWords(2, 2)).toBe('All 2 will be women.');
    expect(minimumWords(9, null)).toBeNull();
    expect(minimumWords(9, 0)).toBeNull();
  });

  it('how to mark the paper for its method', () => {
    expect(markingWords(null)).toBe('Rank the candidates 1, 2, 3 and so on, as many or as few as you like.');
    expect(markingWords(3)).toBe('Mark up to 3 candidates; each one you mark gets one vote.');
    expect(markingWords(1)).toBe('Mark one candidate only.');
  });

  it('an STV election of 9 with a minimum, and a selection, line by line', () => {
    expect(paperRulesLines({ seats: 9, minWomen: 4, maxMarks: null })).toEqual([
      '9 will be elected.',
      'At least 4 of the 9 will be women.',
      'Rank the candidates 1, 2, 3 and so on, as many or as few as you like.',
    ]);
    expect(paperRulesLines({ seats: 1, minWomen: null, maxMarks: null })).toEqual([
      'One candidate will be elected.',
      'Rank the candidates 1, 2, 3 and so on, as many or as few as you like.',
    ]);
  });
});
