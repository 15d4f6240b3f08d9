/**
 * The pages of an encrypted ballot's ceremony for the people who hold its keys: the credential
 * authority's upload of the public credentials, and each trustee's page saying what the ceremony
 * needs from them now, the exact command to run on their own machine, and where to upload its file.
 * A refused upload is shown beside the field in the app's own words.
 */
import type { TrusteeStep } from '../../app/encrypted-trustee-step.js';
import type { ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

export const CEREMONY_FILE_FIELD = 'file';

export interface CeremonyView {
  readonly process: string;
  readonly title: string;
  /** What went wrong with the last upload, in the app's words. */
  readonly error?: string;
}

/** The field of the credential authority's register, uploaded beside the public file. */
export const REGISTER_FILE_FIELD = 'register';

function uploadForm(action: string, label: string, hint: string, error: string | undefined, ctx: ViewContext, also: Html | null = null): Html {
  return html`${error ? errorSummary({ [CEREMONY_FILE_FIELD]: error }, { [CEREMONY_FILE_FIELD]: label }) : null}
<form method="post" action="${action}" enctype="multipart/form-data" novalidate>
${csrfField(ctx)}
${field({ name: CEREMONY_FILE_FIELD, label, type: 'file', accept: '.json,application/json', error, hint })}
${also}
${submitButton('Upload')}
</form>`;
}

const command = (text: string): Html => html`<pre><code>${text}</code></pre>`;

export function credentialsPage(v: CeremonyView & { readonly election: string; readonly sent: number | null }, ctx: ViewContext): string {
  const body =
    v.sent !== null
      ? html`<p>The public credentials are in: ${v.sent.toLocaleString('en-GB')} of them, published on the encrypted board. Send each voter their own credential privately.</p>`
      : html`<p>On your own computer, with the list of eligible voters as a CSV file, run:</p>
${command(`hustings credentials generate --election ${v.election} --voters voters.csv`)}
<p>It writes a private file of every voter’s credential (keep it, and send each voter theirs privately), a public file, and a register of whose credential is whose. Upload the public file here, with the register: without it, members cannot vote on paper in this ballot.</p>
${uploadForm(
  paths.ballotCredentials(v.process),
  'Public credentials file',
  `The file ending -credentials-public.json.`,
  v.error,
  ctx,
  field({
    name: REGISTER_FILE_FIELD,
    label: 'Register of credentials (optional)',
    type: 'file',
    accept: '.json,application/json',
    hint: 'The file ending -credentials-register.json. It is kept by Hustings and never published.',
  }),
)}`;
  return layout({ title: `Voters’ credentials: ${v.title}`, body }, ctx);
}

const BOARD = 'board.json';

/** What each step asks, the command that makes its file, and the file to upload. */
function stepWords(step: TrusteeStep): { readonly say: string; readonly run: string | null; readonly upload: string | null } {
  const i = step.trustee;
  switch (step.kind) {
    case 'round-1':
      return {
        say: 'Make your key (round 1 of 3). Download the encrypted board, then run:',
        run: `hustings trustee keygen start ${BOARD} --trustee ${i} --secret-out key-round1.json --out key.json`,
        upload: 'key.json',
      };
    case 'round-2':
      return {
        say: 'Every trustee has made their key: deal your shares (round 2 of 3). Download the encrypted board again, then run:',
        run: `hustings trustee keygen deal ${BOARD} --secret key-round1.json --secret-out key-round2.json --out keygen.json`,
        upload: 'keygen.json',
      };
    case 'waiting-keys':
      return { say: 'Your part is in. The next step waits for the other trustees; come back when they have sent theirs.', run: null, upload: null };
    case 'finish-key':
      return {
        say: 'The election key is made. Download the encrypted board and make your decryption key (round 3 of 3, nothing to upload); keep the file safe until the ballot closes:',
        run: `hustings trustee keygen finish ${BOARD} --secret key-round2.json --key-out decryption-key.json`,
        upload: null,
      };
    case 'mix':
      return {
        say: 'The ballot has closed: mix the ballots. Download the encrypted board, then run:',
        run: `hustings trustee mix ${BOARD} --trustee ${i} --out mix.json`,
        upload: 'mix.json',
      };
    case 'waiting-mixes':
      return { say: 'Your mix is in. Decryption starts once enough trustees have mixed; come back then.', run: null, upload: null };
    case 'decrypt':
      return {
        say: 'Enough trustees have mixed the ballots: decrypt them. Download the encrypted board, then run:',
        run: `hustings trustee decrypt ${BOARD} --key decryption-key.json --out decryption.json`,
        upload: 'decryption.json',
      };
    case 'done':
      return { say: 'Your decryption shares are in: there is nothing more for you to do.', run: null, upload: null };
  }
}

export function trusteePage(v: CeremonyView & { readonly step: TrusteeStep }, ctx: ViewContext): string {
  const w = stepWords(v.step);
  const body = html`<p>You are trustee ${v.step.trustee} of this ballot.</p>
<p>${w.say}</p>
${w.run ? html`<p><a href="${paths.encryptedBoard(v.process)}" download="${BOARD}">Download the encrypted board</a></p>${command(w.run)}` : null}
${w.upload ? uploadForm(paths.ballotTrustee(v.process), `Your file (${w.upload})`, `The file ${w.upload} the command wrote.`, v.error, ctx) : null}`;
  return layout({ title: `Trustee: ${v.title}`, body }, ctx);
}
