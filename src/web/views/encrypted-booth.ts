/**
 * The booth of a ballot whose ballots are encrypted (docs/verifiable-ballots.md §7): the same rank
 * boxes as the plain booth (enhanced by /static/booth.js), a field for the member's credential, and
 * /static/encrypted-booth.js, which encrypts the ranking in the page with /static/verifiable.js and
 * offers the Benaloh choice (check this encryption, or cast it). Only the encrypted ballot is ever
 * sent: the credential field has no name and the cast posts a form of its own. Without JavaScript
 * the form stays hidden and the page sends the member to a paper ballot.
 */
import type { ViewContext } from './context.js';
import type { BoothView } from './booth.js';
import { boothBoxes, paperRulesBlock } from './booth.js';
import { boothScriptWords, wordsFor } from './language.js';
import { csrfField, errorSummary } from './forms.js';
import { attr, html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

/** The field the cast posts: the ballot's JSON, as the page made it. */
export const ENCRYPTED_BALLOT_FIELD = 'ballot';
/** The id of the credential box (it has no name: the credential never leaves the page). */
const CREDENTIAL_ID = 'credential';

export interface EncryptedBoothView extends BoothView {
  /** What the page's script needs: the election, its key, and each candidate's number in the protocol. */
  readonly election: {
    readonly electionId: string;
    readonly electionKey: string;
    readonly candidates: number;
    readonly numbers: Readonly<Record<string, number>>;
  };
  /** A refusal of the credential, said beside its box. */
  readonly credentialError?: string;
}

const paperBallotWords =
  'Ask the returning officer for a paper ballot instead (a postal vote or a vote in person), or turn JavaScript on and open this page again.';

export function encryptedBoothPage(data: EncryptedBoothView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const error = data.credentialError;
  const errors = error === undefined ? {} : { [CREDENTIAL_ID]: error };
  const body = html`${errorSummary(errors, { [CREDENTIAL_ID]: 'Your voting credential' }, { [CREDENTIAL_ID]: CREDENTIAL_ID }, error === undefined ? undefined : 'Your ballot was not cast')}
<p>${data.unit}. ${data.closing} ${w.t('booth.countedBy', { method: data.methodWords })}</p>
<div class="panel"><p><strong>This ballot is encrypted.</strong> Your browser locks your choices before they are sent, so nobody, the party included, can read your ballot on its own; it is unlocked only after the close, by several trustees together, and mixed with everyone else’s first.</p></div>
<noscript><div class="panel panel-error"><p><strong>Encrypted voting needs JavaScript, and it is turned off in this browser.</strong> ${paperBallotWords}</p></div></noscript>
${paperRulesBlock(data.rules ?? [])}
${data.statementsUrl && html`<p><a href="${data.statementsUrl}">${w.t('booth.statements')}</a> ${w.t('booth.statementsAfter')}</p>`}
<form method="post" action="${paths.ballotEncrypted(data.process)}" class="booth encrypted-booth" data-booth${attr('data-max-marks', data.maxMarks ?? null)} data-booth-words="${boothScriptWords(w)}" data-encrypted-booth="${JSON.stringify(data.election)}" hidden novalidate>
${csrfField(ctx)}
${boothBoxes(data, w)}
<h2>Your voting credential</h2>
<div class="field${error === undefined ? '' : ' field-error'}" id="credential-field">
<label for="${CREDENTIAL_ID}">Your voting credential</label>
<p class="hint" id="credential-hint">The credential authority sent you a line ending in 64 letters and digits (0 to 9 and a to f). Paste the line here, or load the file it came in below. Your credential stays in this page: only your encrypted ballot is sent.</p>
<p class="error-message" id="credential-error"${attr('hidden', error === undefined)}><span class="visually-hidden">${w.t('layout.errorPrefix')}</span><span data-message>${error ?? ''}</span></p>
<input id="${CREDENTIAL_ID}" type="text" autocomplete="off" spellcheck="false" aria-describedby="credential-hint credential-error"${attr('aria-invalid', error === undefined ? null : 'true')}>
</div>
<div class="field">
<label for="credential-file">Or load the file with your credential</label>
<input id="credential-file" type="file" accept=".csv,.txt,text/plain,text/csv">
</div>
<button type="button" class="button" data-act="encrypt">Encrypt my ballot</button>
<section id="encrypted-choice" aria-labelledby="encrypted-choice-title" hidden>
<h2 id="encrypted-choice-title" tabindex="-1">Your ballot is encrypted: check it or cast it</h2>
<p>Nothing has been sent yet. Your ballot as encrypted:</p>
<ol class="review-list" data-ranking></ol>
<p>You may first check that this page encrypted exactly this ranking. Checking shows the secret numbers used to lock this copy, so that copy can no longer be cast: the page then locks your ballot afresh, and you choose again.</p>
<div role="status" data-audit></div>
<div class="button-row">
<button type="button" class="button" data-act="cast">Cast my encrypted ballot</button>
<button type="button" class="button secondary" data-act="audit">Check this encryption</button>
<button type="button" class="button secondary" data-act="change">Change my choices</button>
</div>
</section>
</form>`;
  return layout(
    { title: data.title, body, scripts: ['booth.js', 'encrypted-booth.js'], titlePrefix: error === undefined ? '' : w.t('layout.errorPrefix') },
    ctx,
  );
}

export interface EncryptedCastView {
  readonly process: string;
  readonly title: string;
  readonly tracker: string;
  readonly closing: string;
}

/** After the cast: the tracker, and how to find the ballot on the public encrypted board. */
export function encryptedCastPage(data: EncryptedCastView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const board = paths.encryptedBoard(data.process);
  const body = html`<div class="panel panel-success" role="status">
<p>Your encrypted ballot in <strong>${data.title}</strong> has been cast.</p>
<p>Its tracker:</p>
<p class="tracker"><code data-tracker>${data.tracker}</code></p>
</div>
<h2>Keep the tracker</h2>
<p>The tracker is a fingerprint of your encrypted ballot. It shows nothing about how you voted, so you may keep it anywhere.</p>
<h2>How to find your ballot on the public board</h2>
<ol>
<li>Every encrypted ballot is published as it is cast, on <a href="${board}">the public board of encrypted ballots</a>.</li>
<li>Anyone can work out each ballot’s tracker from the board (it is the SHA-256 fingerprint of the ballot), and the button below does it in this page: yours is among them, now and after the close.</li>
<li>${data.closing} After the close, the ballots are mixed, unlocked by the trustees together, and counted; the board then proves each step.</li>
</ol>
<div data-find-tracker hidden>
<p><button type="button" class="button secondary" data-act="find">Find my tracker on the board now</button></p>
<p role="status" data-found></p>
</div>
<p><a href="${paths.ballots}">${w.t('booth.backToBallots')}</a></p>`;
  return layout({ title: 'Your encrypted ballot is cast', body, scripts: ['encrypted-booth.js'] }, ctx);
}
