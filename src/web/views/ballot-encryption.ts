/**
 * The choice of plain or encrypted, verifiable ballots, as an opening form and a process's page offer
 * it, with what each person it names will have to do; and, on the process's page, which kind of
 * ballot the process uses and who its trustees and credential authority are, in words.
 */
import type { BallotEncryption } from '../../domain/rulebook.js';
import type { FormState, ViewContext } from './context.js';
import { firstOptionId, radioGroup } from './choices.js';
import { andList } from './common.js';
import { csrfField, field, fieldId, submitButton, type FieldSpec } from './forms.js';
import { html, type Html } from './html.js';

export const ENCRYPTION_FIELDS = { ballots: 'ballots', trustees: 'trustees', threshold: 'threshold', authority: 'authority' } as const;

export const ENCRYPTION_LABELS: Readonly<Record<string, string>> = {
  ballots: 'Which ballots members use',
  trustees: 'Trustees',
  threshold: 'Trustees needed to decrypt',
  authority: 'Credential authority',
};

const ENCRYPTED_MEANS =
  'Each member’s ranking is encrypted in their own browser. Nobody can read a ballot, not the officers and not whoever runs the server, until enough trustees decrypt the shuffled ballots together after the ballot closes; anyone can then check the published count. Members need JavaScript to vote online this way; members without it vote on paper.';

/** What each person the set-up names will do, said beside their field. */
const ROLE_HINTS = {
  trustees:
    'Membership numbers of the trustees, separated by commas or spaces, trustee 1 first (five is usual). Each trustee makes a key on their own device before the ballot opens and keeps its secret part there; after the close they shuffle the ballots and decrypt them, on their trustee page or with the hustings trustee commands.',
  threshold:
    'How many of the trustees together can decrypt (for example 3 of 5): fewer cannot read any ballot, and the count goes ahead even if the others are unavailable.',
  authority:
    'Membership number of the person, not a trustee and best not an officer running the ballot, who makes every voter’s voting credential on their own computer once the electorate is frozen, sends each voter theirs privately, and uploads only the public list on their credentials page.',
} as const;

/** One role's field: its label, what that person will do, and what the form holds for it. */
function roleField(form: FormState, name: keyof typeof ROLE_HINTS, shape: Pick<FieldSpec, 'narrow' | 'inputmode'> = {}): Html {
  return field({ name, label: ENCRYPTION_LABELS[name]!, value: form.values[name], error: form.errors[name], hint: ROLE_HINTS[name], ...shape });
}

/** The trustees, how many of them decrypt, and the credential authority, each with what that person will do. */
function whoFields(form: FormState): Html {
  const f = ENCRYPTION_FIELDS;
  return html`${roleField(form, f.trustees)}
${roleField(form, f.threshold, { narrow: true, inputmode: 'numeric' })}
${roleField(form, f.authority, { narrow: true })}`;
}

/**
 * The choice in an opening form under the rulebook's rule: not offered when it takes plain ballots
 * only; encrypted only, said plainly, when it requires them; otherwise plain (the default) or encrypted.
 */
export function encryptionFieldset(form: FormState, rule: BallotEncryption, rulebook: string): Html | null {
  const f = ENCRYPTION_FIELDS;
  if (rule === 'never') return null;
  // Under a rulebook that requires encryption the rule stands where the choice would (the error
  // summary's link lands on it), and a refusal of plain ballots (a form posted before that rulebook
  // was named in force) is shown beside it.
  const error = form.errors[f.ballots];
  const choice =
    rule === 'required'
      ? html`<p class="panel" id="${firstOptionId(f.ballots)}">${rulebook} requires encrypted, verifiable ballots, so this ballot will have them: name its trustees and credential authority below. ${ENCRYPTED_MEANS}</p>
${error && html`<p class="error-message" id="${fieldId(f.ballots)}-error"><span class="visually-hidden">Error: </span>${error}</p>`}
<input type="hidden" name="${f.ballots}" value="encrypted">`
      : radioGroup({
          name: f.ballots,
          legend: ENCRYPTION_LABELS[f.ballots]!,
          options: [
            {
              value: 'plain',
              label: 'Plain ballots',
              hint: 'Members rank the candidates on the web or on paper, and the ballots are counted when the ballot closes.',
            },
            { value: 'encrypted', label: 'Encrypted, verifiable ballots', hint: ENCRYPTED_MEANS },
          ],
          value: form.values[f.ballots] || 'plain',
          error,
        });
  return html`<fieldset class="field">
<legend>Plain or encrypted ballots</legend>
${choice}
${rule === 'optional' && html`<p class="hint">Only for encrypted ballots:</p>`}
${whoFields(form)}
</fieldset>`;
}

/** What the officer is told once encrypted ballots are chosen: who can decrypt, and what each person does next. */
export const encryptedNextWords = (threshold: number, trustees: number): string =>
  `any ${threshold} of its ${trustees} trustees can decrypt them together. Each trustee now makes their key on their trustee page, and the credential authority sends the credentials once the electorate is frozen.`;

/** A member named in a set-up, in words: their name and membership number. */
export interface NamedMember {
  readonly id: string;
  readonly name: string;
}

/** Which kind of ballot a process uses, and who takes part in an encrypted one. */
export interface BallotKindView {
  readonly encrypted: { readonly threshold: number; readonly trustees: readonly NamedMember[]; readonly authority: NamedMember } | null;
  /** The form choosing encrypted ballots, while an officer still may (before anyone votes); null when they may not. */
  readonly choose: { readonly action: string; readonly form: FormState; readonly rule: BallotEncryption } | null;
  /** Why a plain ballot can no longer become encrypted (votes cast, the rulebook), when it cannot. */
  readonly plainNote?: string;
}

const named = (m: NamedMember): string => `${m.name} (membership number ${m.id})`;

/** The process page's section on its ballot papers: the kind in words, and the form to choose encrypted ballots while it may. */
export function ballotKindSection(v: BallotKindView, ctx: ViewContext): Html {
  const e = v.encrypted;
  const said = e
    ? html`<p>This process uses <strong>encrypted, verifiable ballots</strong>: any ${e.threshold} of its ${e.trustees.length} trustees together can decrypt them after the ballot closes.</p>
<p>Trustees: ${andList(e.trustees.map(named))}.</p>
<p>Credential authority: ${named(e.authority)}.</p>`
    : html`<p>This process uses <strong>plain ballots</strong>: they are counted by the server when the ballot closes.${v.plainNote ? ` ${v.plainNote}` : ''}</p>`;
  const c = v.choose;
  const form =
    c &&
    html`<section class="card" aria-labelledby="choose-encrypted">
<h3 id="choose-encrypted">Choose encrypted ballots</h3>
<p>Until anyone votes you can still make this ballot encrypted and verifiable. ${ENCRYPTED_MEANS}</p>
<form method="post" action="${c.action}" novalidate>
${csrfField(ctx)}
<input type="hidden" name="${ENCRYPTION_FIELDS.ballots}" value="encrypted">
${whoFields(c.form)}
${submitButton('Choose encrypted ballots')}
</form>
</section>`;
  return html`<h2>Ballot papers</h2>
${said}
${form}`;
}
