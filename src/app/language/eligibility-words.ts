/**
 * An eligibility judgement in the member's language, said from the domain's structured form (its
 * bars and what each tells, or the membership it rests on) rather than from the English sentence
 * the frozen electorate stores. In English it is word for word the stored sentence.
 */
import { monthsAndDays } from '../../domain/calendar.js';
import type { EligibilityAssessment, EligibilityBarDetail, EligibleMembership } from '../../domain/eligibility.js';
import type { Segment } from '../../domain/rulebook.js';
import type { CandidacyAssessment } from '../../domain/candidacy.js';
import { SELF_IDENTIFIED, type SelfIdentified } from '../../domain/organisation.js';
import { dateIn, durationIn } from './dates.js';
import type { Words } from './translate.js';

function barSentence(w: Words, b: EligibilityBarDetail): string {
  const freeze = 'freeze' in b ? dateIn(w, b.freeze) : '';
  switch (b.code) {
    case 'outside-unit':
      return w.t('bar.outsideUnit', { branch: b.branch, unit: b.unit });
    case 'joined-after-freeze':
      return w.t('bar.joinedAfterFreeze', { joined: dateIn(w, b.joined), freeze });
    case 'lapsed':
      return b.since === b.freeze ? w.t('bar.lapsedOnFreeze', { since: dateIn(w, b.since) }) : w.t('bar.lapsed', { since: dateIn(w, b.since), freeze });
    case 'suspended':
      return b.since === b.freeze ? w.t('bar.suspendedOnFreeze', { since: dateIn(w, b.since) }) : w.t('bar.suspended', { since: dateIn(w, b.since), freeze });
    case 'too-recent': {
      const p = {
        since: dateIn(w, b.since),
        duration: durationIn(w, monthsAndDays(b.since, b.freeze)),
        freeze,
        needed: w.t('duration.months', { n: b.monthsNeeded }),
      };
      return w.t(b.rejoined ? 'bar.tooRecentRejoined' : 'bar.tooRecentJoined', p);
    }
    case 'arrears': {
      const ago =
        b.since === b.freeze ? w.t('bar.arrearsOnFreeze') : w.t('bar.arrearsBefore', { duration: durationIn(w, monthsAndDays(b.since, b.freeze)), freeze });
      return b.graceMonths === null || b.graceMonths === 0
        ? w.t('bar.arrears', { since: dateIn(w, b.since), ago })
        : w.t('bar.arrearsGrace', { since: dateIn(w, b.since), ago, grace: w.t('duration.months', { n: b.graceMonths }) });
    }
  }
}

function eligibleSentence(w: Words, m: EligibleMembership): string {
  const s = m.standing;
  const standing =
    s.kind === 'current'
      ? w.t('standing.current', { freeze: dateIn(w, m.freeze) })
      : s.kind === 'suspended-allowed'
        ? w.t('standing.suspended', { freeze: dateIn(w, m.freeze) })
        : w.t('standing.arrears', { since: dateIn(w, s.since), n: s.graceMonths });
  const p = { since: dateIn(w, m.since), duration: durationIn(w, monthsAndDays(m.since, m.freeze)), standing };
  return w.t(m.rejoined ? 'eligible.rejoined' : 'eligible.member', p);
}

/** The reason for a judgement, every bar given; in English the domain's own sentence. */
export function eligibilityReasonIn(w: Words, a: Pick<EligibilityAssessment, 'details' | 'membership'>): string {
  if (a.membership !== null) return eligibleSentence(w, a.membership);
  return a.details.map((b) => barSentence(w, b)).reduce((first, next) => w.t('bar.also', { first, next }));
}

/** "a, b or c" in `w`'s language. */
const orList = (w: Words, xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? '') : w.t('list.or', { a: xs.slice(0, -1).join(', '), b: xs[xs.length - 1]! });

/** Who a contest is for, completing "it is for …", as the domain's `segmentWords` says it in English. */
export function segmentIn(w: Words, s: Segment): string {
  switch (s.kind) {
    case 'everyone':
      return w.t('segment.everyone');
    case 'region':
      return w.t('segment.region', { region: s.region });
    case 'under-age':
      return w.t('segment.underAge', { age: String(s.age) });
    case 'self-identified': {
      const known = (SELF_IDENTIFIED as readonly string[]).includes(s.characteristic);
      return w.t('segment.selfIdentified', { what: known ? w.t(`segment.${s.characteristic as SelfIdentified}`) : s.characteristic });
    }
    case 'membership-class':
      return w.t('segment.classes', { n: s.classes.length, classes: orList(w, s.classes) });
  }
}

/**
 * Whether a member may stand in a selection, in `w`'s language: each bar (not in good standing
 * today, or unable to vote in it), or the standing and membership it rests on. In English it is
 * word for word the domain's `judgeCandidacy` sentence.
 */
export function candidacyReasonIn(w: Words, a: CandidacyAssessment): string {
  const voter = eligibilityReasonIn(w, a.voter);
  if (a.judgement.eligible) return w.t('candidacy.eligible', { reason: voter });
  const s = a.standing;
  const bars = [
    s === null
      ? null
      : s.kind === 'not-yet'
        ? w.t('candidacy.notYet', { joined: dateIn(w, s.joined) })
        : w.t(`candidacy.notCurrent.${s.status}`, { today: dateIn(w, s.today) }),
    a.voter.judgement.eligible ? null : w.t('candidacy.cannotVote', { reason: voter }),
  ].filter((x): x is string => x !== null);
  const text = bars.reduce((first, next) => w.t('bar.also', { first, next }));
  return w.t('candidacy.barred', { reasons: text.charAt(0).toUpperCase() + text.slice(1) });
}
