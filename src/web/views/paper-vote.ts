/**
 * The officers' page for votes made on paper (by post, or in person at a
 * meeting): find the member → see whether they are on the frozen electorate
 * (not whether they have voted: recording finds that out, and its refusal says
 * so, so the desk cannot list who has not voted) → enter the ranking from the paper
 * in the booth's number boxes → review → record → the tracker code to give
 * the voter. Works without JavaScript, except in an encrypted ballot, where the page encrypts the
 * vote in the officer's browser before anything is sent.
 *
 * The answer to the record names neither the member nor the ranking: it
 * shows the tracker code, and a page holding the member beside the code
 * would, once the board is published, tell whoever saw it how they voted.
 */
import type { FieldErrors, ViewContext } from './context.js';
import { badge, dateText, definitionList } from './common.js';
import { csrfField, errorSummary, field, fieldId, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { paperRulesBlock } from './booth.js';
import { rankBoxes, rankBoxTargets, rankFieldName, type RankableCandidate } from './ranking-form.js';

export const PAPER_VOTE_FIELDS = { member: 'member', channel: 'channel', blank: 'blank', action: 'action' } as const;
export type PaperVoteAction = 'record' | 'change';
export type PaperChannelChoice = 'postal' | 'in-person';

const CHANNEL_CHOICES: readonly { readonly value: PaperChannelChoice; readonly text: string; readonly words: string }[] = [
  { value: 'postal', text: 'By post', words: 'by post' },
  { value: 'in-person', text: 'In person, at a meeting', words: 'in person' },
];

const channelWords = (channel: PaperChannelChoice): string => CHANNEL_CHOICES.find((c) => c.value === channel)!.words;

export interface PaperVoteBallot {
  readonly process: string;
  readonly title: string;
  /** Where the ballot is held, e.g. "Ardford" or "The whole party". */
  readonly unit: string;
  readonly closes: string;
  /** When voting closes, in words with the time zone; in its place the closing day is shown. */
  readonly closing?: string;
  readonly methodWords: string;
  /** What the paper says above the candidates: how many will be elected, any minimum, how to mark it. */
  readonly rules?: readonly string[];
  /** Paper votes recorded so far, by channel (numbers only). */
  readonly recorded: { readonly postal: number; readonly inPerson: number };
}

export interface PaperVoteMember {
  readonly id: string;
  readonly name: string;
  /**
   * Their judgement on the frozen electorate; null in a contest for members who self-identify, where
   * the desk is not told (recording the paper they hand in says only whether it can be counted).
   */
  readonly eligible: boolean | null;
  readonly reason: string;
}

/** What was entered in the record form, to show it again after an error or to change it. */
export interface PaperVoteEntry {
  readonly channel?: string;
  readonly blank?: boolean;
  /** The rank boxes, by field name. */
  readonly ranks?: Readonly<Record<string, string>>;
}

export interface PaperVoteDeskView {
  readonly ballot: PaperVoteBallot;
  /** In ballot-paper order, withdrawn candidates left out. */
  readonly candidates: readonly RankableCandidate[];
  /** The membership number looked up, and what was wrong with it. */
  readonly lookup?: { readonly value: string; readonly error?: string };
  /** The member found, on the electorate. */
  readonly member?: PaperVoteMember;
  readonly entry?: PaperVoteEntry;
  readonly errors?: FieldErrors;
  /**
   * In an encrypted ballot, what the page's script encrypts the member's vote with: the election, its
   * key, each candidate's number in the protocol, and the member's public credential from the register.
   */
  readonly encrypted?: EncryptedPaperContext;
}

export interface EncryptedPaperContext {
  readonly electionId: string;
  readonly electionKey: string;
  readonly candidates: number;
  readonly numbers: Readonly<Record<string, number>>;
  readonly credential: string;
}

/** The field the encrypted record posts: the paper ballot's JSON, as the officer's page made it. */
export const PAPER_BALLOT_FIELD = 'ballot';

const BLANK_LABEL = 'The paper has no preference marked (a blank paper)';

function channelChoices(entry: PaperVoteEntry, error: string | undefined): Html {
  const errorId = fieldId(PAPER_VOTE_FIELDS.channel) + '-error';
  return html`<fieldset class="field${error ? ' field-error' : ''}" id="${fieldId(PAPER_VOTE_FIELDS.channel)}"${attr('aria-describedby', error ? errorId : null)}>
<legend>How the vote was made</legend>
${error && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">Error: </span>${error}</p>`}
${CHANNEL_CHOICES.map((c, i) => {
  const id = fieldId(`${PAPER_VOTE_FIELDS.channel}-${i + 1}`);
  return html`<div class="choice"><input type="radio" id="${id}" name="${PAPER_VOTE_FIELDS.channel}" value="${c.value}"${attr('checked', entry.channel === c.value)}>
<label for="${id}">${c.text}</label></div>`;
})}
</fieldset>`;
}

function blankChoice(entry: PaperVoteEntry, error: string | undefined): Html {
  const id = fieldId(PAPER_VOTE_FIELDS.blank);
  const errorId = `${id}-error`;
  return html`<div class="field${error ? ' field-error' : ''}">
${error && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">Error: </span>${error}</p>`}
<div class="choice"><input type="checkbox" id="${id}" name="${PAPER_VOTE_FIELDS.blank}" value="yes"${attr('checked', entry.blank ?? false)}${attr('aria-describedby', error ? errorId : null)}>
<label for="${id}">${BLANK_LABEL}</label></div>
</div>`;
}

function memberFacts(m: PaperVoteMember): Html {
  return definitionList([
    ['Name', m.name],
    ['Membership number', m.id],
    m.eligible === null
      ? ['Whether they may vote', m.reason]
      : ['On the frozen electorate', html`${m.eligible ? badge('Eligible', 'good') : badge('Not eligible', 'bad')} ${m.reason}`],
  ]);
}

function entryFields(data: PaperVoteDeskView, m: PaperVoteMember, ctx: ViewContext): Html {
  const entry = data.entry ?? {};
  const errors = data.errors ?? {};
  return html`${csrfField(ctx)}
<input type="hidden" name="${PAPER_VOTE_FIELDS.member}" value="${m.id}">
${channelChoices(entry, errors[PAPER_VOTE_FIELDS.channel])}
${paperRulesBlock(data.ballot.rules ?? [])}
${rankBoxes({
  candidates: data.candidates,
  legend: 'The ranking on the paper',
  hint: 'Type the number the voter wrote next to each candidate: 1 for their first choice, 2 for their second, and so on. Leave a box empty where the paper has no number. The numbers must run 1, 2, 3 … with none used twice.',
  hintId: 'paper-hint',
  ...(entry.ranks ? { values: entry.ranks } : {}),
  errors,
})}
${blankChoice(entry, errors[PAPER_VOTE_FIELDS.blank])}`;
}

function recordForm(data: PaperVoteDeskView, m: PaperVoteMember, ctx: ViewContext): Html {
  if (data.encrypted) return encryptedRecordForm(data, data.encrypted, m, ctx);
  return html`<h2>3. Enter the vote from the paper</h2>
<form method="post" action="${paths.paperVoteReview(data.ballot.process)}" novalidate>
${entryFields(data, m, ctx)}
${submitButton('Review the vote')}
</form>`;
}

/**
 * The same entry, for an encrypted ballot: /static/paper-ballot.js checks it, shows it to review,
 * encrypts it under the member's credential and posts a form of its own holding the member, the
 * channel and the encrypted ballot, so the ranking never leaves this device. Without JavaScript the
 * form stays hidden and the page says why.
 */
function encryptedRecordForm(data: PaperVoteDeskView, encrypted: EncryptedPaperContext, m: PaperVoteMember, ctx: ViewContext): Html {
  return html`<h2>3. Enter the vote from the paper</h2>
<div class="panel"><p><strong>This ballot is encrypted.</strong> The ranking you enter is encrypted on this device, under ${m.name}’s voting credential, before anything is sent: Hustings receives only the encrypted vote, never the ranking.</p></div>
<noscript><div class="panel panel-error"><p><strong>Entering a paper vote in an encrypted ballot needs JavaScript, and it is turned off in this browser.</strong> Turn JavaScript on and open this page again; nothing can be recorded without it.</p></div></noscript>
<form method="post" action="${paths.paperVoteEncrypted(data.ballot.process)}" data-encrypted-paper="${JSON.stringify(encrypted)}" hidden novalidate>
${entryFields(data, m, ctx)}
<div class="panel panel-error" role="alert" data-problem hidden><p></p></div>
<button type="button" class="button" data-act="review">Review the vote</button>
<section data-review aria-labelledby="paper-review-title" hidden>
<h2 id="paper-review-title" tabindex="-1">Check this against the paper</h2>
<p>Once recorded, the vote cannot be changed or taken back, and the member cannot vote again. Nothing has been sent yet.</p>
<p data-channel></p>
<ol class="review-list" data-ranking></ol>
<p data-blank hidden>No preference marked: a blank paper. It counts as a vote cast (the member has voted) but for nobody.</p>
<div class="button-row">
<button type="button" class="button" data-act="record">Encrypt and record this vote</button>
<button type="button" class="button secondary" data-act="change">Change it</button>
</div>
</section>
</form>`;
}

/** Finding the member, what is known of them, and (when a vote can be recorded for them) the form. */
export function paperVoteDeskPage(data: PaperVoteDeskView, ctx: ViewContext): string {
  const b = data.ballot;
  const errors = data.errors ?? {};
  const { labels, ids } = rankBoxTargets(data.candidates);
  const summaryLabels = {
    ...labels,
    [PAPER_VOTE_FIELDS.channel]: 'How the vote was made',
    [PAPER_VOTE_FIELDS.blank]: 'Blank paper',
    [PAPER_VOTE_FIELDS.member]: 'Membership number',
  };
  const summaryIds = { ...ids, [PAPER_VOTE_FIELDS.channel]: fieldId(`${PAPER_VOTE_FIELDS.channel}-1`) };
  const lookupErrors: Record<string, string> = data.lookup?.error ? { [PAPER_VOTE_FIELDS.member]: data.lookup.error } : {};
  const m = data.member;
  let memberPart: Html | null = null;
  if (m) {
    const why = m.eligible === false ? 'they are not eligible in this ballot' : null;
    memberPart = html`<h2>2. The member</h2>
${memberFacts(m)}
${
  why === null
    ? recordForm(data, m, ctx)
    : html`<div class="panel panel-error" role="alert"><p>A paper vote cannot be recorded for ${m.name}: ${why}. Set the paper aside as not counted.</p></div>`
}`;
  }
  const body = html`${errorSummary({ ...lookupErrors, ...errors }, summaryLabels, summaryIds)}
${definitionList([
  ['Where', b.unit],
  ['Voting closes', b.closing ?? dateText(b.closes)],
  ['Counted by', b.methodWords],
  ['Paper votes recorded so far', `${b.recorded.postal} by post, ${b.recorded.inPerson} in person`],
])}
<h2>1. Find the member</h2>
<form method="get" action="${paths.paperVotes(b.process)}" novalidate>
${field({
  name: PAPER_VOTE_FIELDS.member,
  label: 'Membership number',
  hint: 'As on the postal envelope or the meeting’s attendance list.',
  autocomplete: 'off',
  ...(data.lookup ? { value: data.lookup.value } : {}),
  ...(data.lookup?.error ? { error: data.lookup.error } : {}),
})}
${submitButton('Find the member')}
</form>
${memberPart}
<p><a href="${paths.process(b.process)}">Back to the process</a></p>`;
  const hasErrors = Object.keys(errors).length > 0 || data.lookup?.error !== undefined;
  return layout(
    {
      title: `Paper votes: ${b.title}`,
      lead: 'Record a vote made on paper, by post or in person at a meeting. It goes into the same ballot box as the votes cast online, and it is the member’s one vote: once it is recorded they cannot vote online, and a member who has voted online cannot have a paper vote recorded.',
      body,
      titlePrefix: hasErrors ? 'Error: ' : '',
      ...(data.encrypted && m ? { scripts: ['paper-ballot.js'] } : {}),
    },
    ctx,
  );
}

export interface PaperVoteReviewView {
  readonly ballot: { readonly process: string; readonly title: string };
  readonly member: { readonly id: string; readonly name: string };
  readonly channel: PaperChannelChoice;
  /** First choice first; empty for a blank paper. */
  readonly ranking: readonly RankableCandidate[];
  readonly unranked: readonly string[];
}

/** The vote as entered, to check against the paper before it is recorded. */
export function paperVoteReviewPage(data: PaperVoteReviewView, ctx: ViewContext): string {
  const blank = data.ranking.length === 0;
  const body = html`<p>Check this against the paper. Once recorded, the vote cannot be changed or taken back, and the member cannot vote again.</p>
${definitionList([
  ['Member', `${data.member.name} (${data.member.id})`],
  ['How the vote was made', channelWords(data.channel)],
])}
<h2>The ranking</h2>
${
  blank
    ? html`<p>No preference marked: a blank paper. It counts as a vote cast (the member has voted) but for nobody.</p>`
    : html`<ol class="review-list">
${data.ranking.map((c, i) => html`<li><span class="rank">${i + 1}</span> ${c.name}</li>`)}
</ol>
${data.unranked.length > 0 && html`<p>Not ranked: ${data.unranked.join(', ')}.</p>`}`
}
<form method="post" action="${paths.paperVotes(data.ballot.process)}" class="button-row">
${csrfField(ctx)}
<input type="hidden" name="${PAPER_VOTE_FIELDS.member}" value="${data.member.id}">
<input type="hidden" name="${PAPER_VOTE_FIELDS.channel}" value="${data.channel}">
${blank && html`<input type="hidden" name="${PAPER_VOTE_FIELDS.blank}" value="yes">`}
${data.ranking.map((c, i) => html`<input type="hidden" name="${rankFieldName(c.id)}" value="${i + 1}">`)}
${submitButton('Record this vote', { name: PAPER_VOTE_FIELDS.action, value: 'record' })}
${submitButton('Change it', { name: PAPER_VOTE_FIELDS.action, value: 'change', secondary: true })}
</form>`;
  return layout({ title: `Check the paper vote: ${data.ballot.title}`, body }, ctx);
}

export interface PaperVoteRecordedView {
  readonly ballot: { readonly process: string; readonly title: string; readonly closes: string };
  readonly channel: PaperChannelChoice;
  readonly tracker: string;
  /** How the member learns of the vote in their name: by email (on its way through the outbox), or at their next sign-in. */
  readonly memberTold: 'by-email' | 'at-sign-in';
}

/** The answer to a recorded vote: the tracker code for the voter, and nothing that names them or their ranking. */
export function paperVoteRecordedPage(data: PaperVoteRecordedView, ctx: ViewContext): string {
  const body = html`<div class="panel panel-success" role="status">
<p>A vote ${channelWords(data.channel)} has been recorded in <strong>${data.ballot.title}</strong>. The member can no longer vote online.</p>
<p>${data.memberTold === 'by-email' ? 'The member is emailed that a vote was recorded in their name (not what it was); if the email cannot be delivered, they are told when they next sign in.' : 'No email can be sent to the member, so they will be told of this vote when they next sign in.'}</p>
<p>Tracker code for the voter:</p>
<p class="tracker"><code>${data.tracker}</code></p>
</div>
<h2>Give the code to the voter</h2>
<p>Send or hand the code to the voter. After voting closes on ${dateText(data.ballot.closes)}, every ballot is published with its tracker code and no names, and the voter can find theirs on <a href="${paths.tracker(data.ballot.process)}">the ballot check page</a> to see it was counted as they marked it.</p>
<p>The code is not stored with the member’s name, and this page is the only place it is shown. Do not keep a copy of it beside their name: together with the published ballots, that would show how they voted.</p>
<p><a class="button" href="${paths.paperVotes(data.ballot.process)}">Record another paper vote</a></p>
<p><a href="${paths.process(data.ballot.process)}">Back to the process</a></p>`;
  return layout({ title: 'Paper vote recorded', body }, ctx);
}
