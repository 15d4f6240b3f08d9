/**
 * The booth of a ballot whose ballots are encrypted: the page (rank, credential, encrypt in the
 * browser, check or cast) and the cast of the ballot the page made, through castEncryptedVote (one
 * ballot per member, one per credential, each checked before it is stored). The credential never
 * reaches the server; the ballot's JSON is all the cast carries, and only its tracker is shown back.
 */
import { castEncryptedVote, encryptionContextOf } from '../../app/encrypted-ballots.js';
import { OUTSIDE_WINDOW } from '../../app/cast-ballot.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import { closingIn, outsideWindowIn } from '../presenters/member-words.js';
import { boothView, type Booth } from '../presenters/booth.js';
import { ENCRYPTED_BALLOT_FIELD, encryptedBoothPage, encryptedCastPage } from '../views/encrypted-booth.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { errorResponse, page, requestLanguage, viewContext, type AppDeps, type Ctx } from './http.js';
import { alreadyVotedSentence, openBooth } from './booth-access.js';

const wordsOf = (c: Ctx): Words => wordsIn(requestLanguage(c));

const NOT_READY =
  'Voting in this ballot opens online once its trustees have made the election key, and it is not made yet. Try again later, or ask the returning officer for a paper ballot.';

/** The encrypted booth of a booth whose ballot is encrypted, or null for a plain one. */
export async function encryptedBoothResponse(
  c: Ctx,
  deps: AppDeps,
  b: Booth,
  credentialError?: string,
  status: 200 | 400 | 409 = 200,
): Promise<Response | null> {
  if ((await deps.store.encryptedElectionOf(b.process.id)) === null) return null;
  const context = await encryptionContextOf(deps.store, b.process, b.state);
  if (context === null) return errorResponse(c, 409, NOT_READY, { href: paths.ballots, text: wordsOf(c).t('booth.backToBallots') });
  const numbers = Object.fromEntries(context.candidates.map((cand, i) => [cand.id, i]));
  const election = { electionId: context.electionId, electionKey: context.electionKey, candidates: context.candidates.length, numbers };
  const view = { ...boothView(b, {}, wordsOf(c)), election, ...(credentialError === undefined ? {} : { credentialError }) };
  return page(c, encryptedBoothPage(view, viewContext(c)), status);
}

/** Refusals the member can act on in the booth, said beside the credential. */
const CREDENTIAL_WORDS: Readonly<Record<string, string>> = {
  'credential-unknown':
    'This credential is not one of the credentials of this ballot. Check that you pasted the whole line the credential authority sent you for this ballot, or loaded the right file. Nothing was saved.',
  'credential-used': 'A ballot has already been cast with this credential, so it cannot be used again. Nothing was saved.',
  'ballot-signature': 'Your ballot could not be checked against your credential. Encrypt it again and cast it. Nothing was saved.',
  'ballot-proof': 'Your ballot could not be checked against this election. Open the booth again, encrypt it again and cast it. Nothing was saved.',
  'ballot-encoding': 'What was sent is not an encrypted ballot of this ballot paper. Open the booth again, encrypt it again and cast it. Nothing was saved.',
  'not-json': 'What was sent is not an encrypted ballot. Open the booth again, encrypt it again and cast it. Nothing was saved.',
};

const castEncrypted: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const w = wordsOf(c);
  const b = await openBooth(c, deps, who, false);
  if (b instanceof Response) return b;
  const text = c.get('form')[ENCRYPTED_BALLOT_FIELD];
  if (typeof text !== 'string' || text.trim() === '')
    return errorResponse(
      c,
      400,
      'No encrypted ballot was sent, so nothing was saved. Encrypted voting needs JavaScript: open the booth again with JavaScript on, or ask the returning officer for a paper ballot.',
      { href: paths.ballot(b.process.id), text: 'Back to the booth' },
    );
  const result = await castEncryptedVote(deps.store, deps.clock, b.process, b.state, who.member.id, text);
  if (!result.ok) {
    const { reason } = result.error;
    const words = CREDENTIAL_WORDS[reason];
    if (words !== undefined) return (await encryptedBoothResponse(c, deps, b, words, reason === 'credential-used' ? 409 : 400))!;
    const why =
      reason === OUTSIDE_WINDOW
        ? (outsideWindowIn(w, b.state, deps.clock.now()) ?? result.error.message)
        : reason === 'already-voted'
          ? await alreadyVotedSentence(deps, b.process, who.member.id, w)
          : reason === 'closed'
            ? `${w.t('booth.closedMoment', { moment: closingIn(w, b.state) })}.`
            : reason === 'not-ready' || reason === 'not-encrypted'
              ? NOT_READY
              : result.error.message;
    return errorResponse(c, 409, w.t('error.nothingSaved', { why }), { href: paths.ballots, text: w.t('booth.backToBallots') });
  }
  const closing = w.t('booth.closesAt', { moment: closingIn(w, b.state) });
  return page(c, encryptedCastPage({ process: b.process.id, title: b.state.title, tracker: result.value.tracker, closing }, viewContext(c)));
};

export const encryptedBoothHandlers: Readonly<Record<string, Handler>> = {
  'booth.encrypted': castEncrypted,
};
