/**
 * What happened at each stage of a count, in the member's language: the same facts the result
 * sheet's notes give in English (src/report/sheet.ts, which the terminal and the CSV keep), said
 * from the count record with the catalogues' words. A note the count itself wrote in English (a
 * free-text note) stays English and says so with lang="en-GB".
 */
import type { CountEvent, CountRecord, Stage } from '../../count/record.js';
import { dec, sign } from '../../count/decimal.js';
import { exclusionText } from '../../report/sheet.js';
import { andListIn, type Words } from '../../app/language/index.js';
import { html, join, type Html } from './html.js';

type ElectEvent = Extract<CountEvent, { type: 'elect' }>;
type ExcludeEvent = Extract<CountEvent, { type: 'exclude' }>;

const ELECT_KEYS = {
  quota: 'stage.elect.quota',
  majority: 'stage.elect.majority',
  'most votes': 'stage.elect.mostVotes',
  'remaining seats': 'stage.elect.remainingSeats',
  'last continuing': 'stage.elect.lastContinuing',
} as const satisfies Readonly<Record<ElectEvent['reason'], string>>;

const EXCLUDE_KEYS = {
  lowest: 'stage.exclude.lowest',
  batch: 'stage.exclude.batch',
  constraint: 'stage.exclude.constraint',
  'remaining seats filled': 'stage.exclude.seatsFilled',
  withdrawn: 'stage.exclude.withdrawn',
} as const satisfies Readonly<Record<ExcludeEvent['reason'], string>>;

const namesIn = (w: Words, record: CountRecord, candidates: readonly number[]): string =>
  andListIn(
    w,
    candidates.map((c) => record.candidates[c] ?? `#${c + 1}`),
  );

/** Why candidates were excluded: "lowest votes", or under a minimum with whom it protected. */
function exclusionIn(w: Words, record: CountRecord, e: ExcludeEvent): string {
  if (!e.underMinimum) return w.t(EXCLUDE_KEYS[e.reason]);
  // In English the minimum is named ("under the minimum of 4 women"), as the sheet names it.
  if (w.language === 'en-GB') return exclusionText(record, e);
  const kept = e.underMinimum.protected;
  const reason = w.t('stage.exclude.constraint');
  return kept.length > 0 ? w.t('stage.exclude.protected', { reason, names: namesIn(w, record, kept) }) : reason;
}

/** What moved the votes into this stage, from the stage before's action, in clauses. */
function actionNotes(w: Words, record: CountRecord, previous: Stage | undefined): string[] {
  if (!previous) return [record.method === 'block' ? w.t('stage.votes') : w.t('stage.firstPreferences')];
  const a = previous.action;
  if (!a) return [];
  const notes: string[] = [];
  if (a.kind === 'surplus') {
    const names = namesIn(w, record, a.candidates);
    const ev = record.events.find((e) => e.type === 'surplus' && e.stage === previous.number && a.candidates.includes(e.candidate));
    let text = ev && ev.type === 'surplus' ? w.t('stage.surplusOf', { names, surplus: ev.surplus }) : w.t('stage.surplus', { names });
    const values = a.transferValues ?? [];
    if (values.length === 1) text = w.t('stage.atValue', { text, value: values[0]! });
    else if (values.length > 1) text = w.t('stage.atValues', { text, values: values.join(', ') });
    notes.push(text);
  } else if (a.kind === 'exclusion' || previous.excluded.length > 0) {
    // A Meek iteration that follows an exclusion is, on the sheet, that exclusion.
    const names = namesIn(w, record, a.kind === 'exclusion' ? a.candidates : previous.excluded);
    const reasons = record.events
      .filter((e): e is ExcludeEvent => e.type === 'exclude' && e.stage === previous.number)
      .map((e) => exclusionIn(w, record, e))
      .filter((r, i, all) => all.indexOf(r) === i);
    notes.push(reasons.length ? w.t('stage.excludedWhy', { names, why: reasons.join('; ') }) : w.t('stage.excluded', { names }));
    if (a.kind === 'iteration') notes.push(w.t('stage.keepValues'));
  } else {
    notes.push(w.t('stage.surpluses'));
  }
  if (sign(dec(a.lost)) !== 0) notes.push(w.t('stage.lost', { votes: a.lost }));
  return notes;
}

/**
 * Everything that happened at a stage, as one sentence in the member's language: "First preferences;
 * Ann Jones elected (reached the quota, 120)". A note the count wrote itself stays in its English.
 */
export function stageSentenceIn(w: Words, record: CountRecord, stage: Stage): Html {
  const previous = record.stages.find((s) => s.number === stage.number - 1);
  const parts: (string | { readonly english: string })[] = actionNotes(w, record, previous);
  for (const e of record.events.filter((x) => x.stage === stage.number)) {
    if (e.type === 'elect') parts.push(w.t('stage.elected', { name: record.candidates[e.candidate] ?? '', reason: w.t(ELECT_KEYS[e.reason]), votes: e.votes }));
    else if (e.type === 'note') parts.push(w.language === 'en-GB' ? e.text : { english: e.text });
  }
  // Only the sentence's first letter is raised, as the English sheet does.
  return join(
    parts.map((p, i) => {
      const text = typeof p === 'string' ? (i === 0 ? p.charAt(0).toUpperCase() + p.slice(1) : p) : html`<span lang="en-GB">${p.english}</span>`;
      return i === 0 ? html`${text}` : html`; ${text}`;
    }),
  );
}
