// The encrypted booth (docs/verifiable-ballots.md §7), in the page: the ranking the boxes hold is
// encrypted here with the member's credential, by the protocol's own code bundled as verifiable.js,
// with randomness from crypto.getRandomValues. The member may check an encryption (its randomness is
// shown and checked, and a fresh one made) or cast it; the cast posts a form of its own holding the
// ballot's JSON and the CSRF token only, so neither the credential nor the ranking leaves the page.
// After the cast, the confirmation can look the tracker up on the public board.
import { orderFromValues } from './booth.js';
import { actOf, el, postOnly, random, setUpEach } from './page-form.js';
import { boardTrackers, boothAudit, boothEncrypt } from './verifiable.js';

const CREDENTIAL = /(?:^|[^0-9a-f])([0-9a-f]{64})(?![0-9a-f])/gi;

/** The credentials (64 hex digits) in a pasted line or a loaded file, lowercased. */
export function credentialsIn(text) {
  return [...String(text).matchAll(CREDENTIAL)].map((m) => m[1].toLowerCase());
}

function booth(form) {
  const election = JSON.parse(form.dataset.encryptedBooth);
  const items = [...form.querySelectorAll('li[data-candidate]')];
  const names = new Map(items.map((li) => [li.dataset.candidate, li.dataset.name]));
  const input = form.querySelector('#credential');
  const file = form.querySelector('#credential-file');
  const errorBox = form.querySelector('#credential-error');
  const choice = form.querySelector('#encrypted-choice');
  const audit = form.querySelector('[data-audit]');
  const max = Number(form.dataset.maxMarks) || null;
  let current = null;

  const problem = (text) => {
    errorBox.querySelector('[data-message]').textContent = text;
    errorBox.hidden = text === '';
    if (text === '') input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    form.querySelector('#credential-field').classList.toggle('field-error', text !== '');
  };

  const ranking = () => {
    const ids = items.map((li) => li.dataset.candidate);
    const values = Object.fromEntries(items.map((li) => [li.dataset.candidate, li.querySelector('input').value]));
    return orderFromValues(ids, values);
  };

  // One encryption of the current choices, timed (the booth's figure for the bench's goal).
  const encrypt = (credential, ids) => {
    const numbers = ids.map((id) => election.numbers[id]);
    const started = performance.now();
    const made = boothEncrypt(election, credential, numbers, random);
    form.dataset.encryptMs = String(performance.now() - started);
    current = { made, ids, numbers, credential };
  };

  const show = () => {
    const list = choice.querySelector('[data-ranking]');
    list.replaceChildren(
      ...current.ids.map((id, i) => {
        const li = el('li', ` ${names.get(id)}`);
        li.prepend(el('span', String(i + 1)));
        li.firstChild.className = 'rank';
        return li;
      }),
    );
    choice.hidden = false;
    choice.querySelector('h2').focus();
  };

  const start = () => {
    // A refusal the server gave before no longer stands once the member tries again.
    for (const summary of document.querySelectorAll('.error-summary')) summary.hidden = true;
    const found = credentialsIn(input.value);
    if (found.length !== 1) {
      choice.hidden = true;
      problem(
        found.length === 0
          ? 'Enter your voting credential: the 64 letters and digits (0 to 9 and a to f) the credential authority sent you.'
          : `What you entered holds ${found.length} credentials; enter only your own.`,
      );
      return input.focus();
    }
    const ids = ranking();
    if (ids.length === 0) {
      problem('');
      choice.hidden = true;
      audit.replaceChildren(el('p', 'Choose at least one candidate before encrypting your ballot.'));
      return;
    }
    if (max && ids.length > max) return problem(`Choose at most ${max} candidates.`);
    problem('');
    audit.replaceChildren();
    encrypt(found[0], ids);
    show();
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });

  form.addEventListener('click', (e) => {
    const act = actOf(e);
    if (act === 'encrypt') return start();
    if (act === 'change') {
      current = null;
      choice.hidden = true;
      return form.querySelector('.booth-enhanced h2, fieldset')?.scrollIntoView();
    }
    if (act === 'audit' && current) {
      const checked = current;
      const ok = boothAudit(election, checked.made, checked.numbers);
      const details = document.createElement('details');
      details.append(
        el('summary', 'The secret numbers of the checked copy, and the copy itself'),
        el('pre', JSON.stringify({ ballot: checked.made.ballot, randomness: checked.made.randomness }, null, 2)),
      );
      audit.replaceChildren(
        el(
          'p',
          ok
            ? 'Checked: that copy held exactly the ranking shown. It has been thrown away, and your ballot has been encrypted afresh; you may check again, or cast it.'
            : 'That copy did NOT hold the ranking shown. Do not cast your ballot from this device: tell the returning officer. A fresh copy has been made.',
        ),
        details,
      );
      audit.dataset.result = ok ? 'checked' : 'failed';
      encrypt(checked.credential, checked.ids);
      return;
    }
    if (act === 'cast' && current) {
      // A form of its own: the rank boxes and the credential box are never posted.
      postOnly(form.action, [
        ['_csrf', form.querySelector('input[name=_csrf]').value],
        ['ballot', JSON.stringify(current.made.ballot)],
      ]);
    }
  });

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    const found = credentialsIn(await chosen.text());
    if (found.length === 1) {
      input.value = found[0];
      problem('');
    } else
      problem(
        found.length === 0
          ? `The file ${chosen.name} holds no credential (64 letters and digits, 0 to 9 and a to f).`
          : `The file ${chosen.name} holds ${found.length} credentials; load the file with only your own line, or paste your credential.`,
      );
  });

  form.hidden = false;
}

function findTracker(box) {
  const tracker = document.querySelector('[data-tracker]').textContent.trim();
  const board = document.querySelector('a[href$="/encrypted-board.json"]').href;
  const said = box.querySelector('[data-found]');
  box.hidden = false;
  box.addEventListener('click', async (e) => {
    if (!e.target.closest('button[data-act=find]')) return;
    said.textContent = 'Looking…';
    try {
      const ballots = (await (await fetch(board)).json()).ballots ?? [];
      const at = boardTrackers(ballots).indexOf(tracker);
      said.textContent =
        at < 0
          ? 'Your tracker is not on the board. Tell the returning officer.'
          : `Found: your ballot is on the board, number ${at + 1} of ${ballots.length} in the board’s (random) order.`;
      said.dataset.result = at < 0 ? 'missing' : 'found';
    } catch {
      said.textContent = 'The board could not be read just now; try again.';
    }
  });
}

setUpEach('form[data-encrypted-booth]', booth);
setUpEach('[data-find-tracker]', findTracker);
