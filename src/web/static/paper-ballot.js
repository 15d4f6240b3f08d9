// The officers' paper-vote page in an encrypted ballot (docs/verifiable-ballots.md §7.1): the ranking
// typed from the paper is checked and shown for review here, then encrypted here under the member's
// public credential, bound to the channel, by the protocol's own code bundled as verifiable.js, with
// randomness from crypto.getRandomValues. The record posts a form of its own holding the CSRF token,
// the member, the channel and the encrypted ballot: the rank boxes are never posted.
import { actOf, el, postOnly, random, setUpEach } from './page-form.js';
import { paperEncrypt } from './verifiable.js';

const CHANNEL_WORDS = { postal: 'Made by post.', 'in-person': 'Made in person, at a meeting.' };

/** The ranking the boxes hold (candidate ids, first choice first), or the problem in words. */
export function rankingFromBoxes(boxes) {
  const numbered = [];
  for (const { id, name, value } of boxes) {
    const text = String(value).trim();
    if (text === '') continue;
    if (!/^\d+$/.test(text) || Number(text) < 1) return { problem: `The box for ${name} must hold a whole number from 1, or be left empty.` };
    numbered.push({ id, name, n: Number(text) });
  }
  numbered.sort((a, b) => a.n - b.n);
  for (const [i, x] of numbered.entries()) {
    if (i > 0 && numbered[i - 1].n === x.n) return { problem: `The number ${x.n} is given to both ${numbered[i - 1].name} and ${x.name}.` };
    if (x.n !== i + 1) return { problem: `The numbers must run 1, 2, 3 … with none missed: there is no ${i + 1}.` };
  }
  return { ranking: numbered.map((x) => x.id) };
}

function desk(form) {
  const election = JSON.parse(form.dataset.encryptedPaper);
  const items = [...form.querySelectorAll('li[data-candidate]')];
  const problemBox = form.querySelector('[data-problem]');
  const review = form.querySelector('[data-review]');
  let current = null;

  const problem = (text) => {
    problemBox.querySelector('p').textContent = text;
    problemBox.hidden = text === '';
  };

  const read = () => {
    const channel = form.querySelector('input[name=channel]:checked')?.value;
    if (!channel) return { problem: 'Say how the vote was made: by post, or in person at a meeting.' };
    const boxes = items.map((li) => ({ id: li.dataset.candidate, name: li.dataset.name, value: li.querySelector('input').value }));
    const blank = form.querySelector('input[name=blank]').checked;
    const filled = boxes.some((b) => b.value.trim() !== '');
    if (blank && filled) return { problem: 'You ticked that the paper has no preference marked, but also entered ranks: clear the ranks, or untick the box.' };
    if (blank) return { channel, ranking: [] };
    if (!filled) return { problem: 'Enter the ranks from the paper, or tick the box if the paper has no preference marked.' };
    const read = rankingFromBoxes(boxes);
    return read.problem ? read : { channel, ranking: read.ranking };
  };

  const show = () => {
    const names = new Map(items.map((li) => [li.dataset.candidate, li.dataset.name]));
    review.querySelector('[data-channel]').textContent = CHANNEL_WORDS[current.channel];
    review.querySelector('[data-ranking]').replaceChildren(...current.ranking.map((id) => el('li', names.get(id))));
    review.querySelector('[data-blank]').hidden = current.ranking.length > 0;
    review.hidden = false;
    review.querySelector('h2').focus();
  };

  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('click', (e) => {
    const act = actOf(e);
    if (act === 'review') {
      const entry = read();
      if (entry.problem) {
        review.hidden = true;
        current = null;
        return problem(entry.problem);
      }
      problem('');
      current = entry;
      return show();
    }
    if (act === 'change') {
      current = null;
      review.hidden = true;
      return form.querySelector('fieldset')?.scrollIntoView();
    }
    if (act === 'record' && current) {
      const numbers = current.ranking.map((id) => election.numbers[id]);
      const made = paperEncrypt(election, election.credential, current.channel, numbers, random);
      // A form of its own: the rank boxes are never posted.
      postOnly(form.action, [
        ['_csrf', form.querySelector('input[name=_csrf]').value],
        ['member', form.querySelector('input[name=member]').value],
        ['channel', current.channel],
        ['ballot', JSON.stringify(made.ballot)],
      ]);
    }
  });
  form.hidden = false;
}

setUpEach('form[data-encrypted-paper]', desk);
