/**
 * The synthetic party's parameters for the democracy review: the model of a party
 * of constituencies with branches and affiliated branches (`PartyModel`), its
 * defaults and bounds, and `MODEL_PARAMS`, the one table of tunable numbers that
 * the command line's flags, the web form and the validation (`modelFrom`) all read.
 *
 * What the parameters drive, per constituency and run (see party-sampler.ts):
 *   - the members' support for an open selection, from a beta distribution
 *     (mean, concentration);
 *   - for each branch: whether it meets (turnout), how many members attend
 *     (uniform), its own support (the constituency's, moved by normal noise on
 *     the logit scale), and its meeting's majority — yes, no or a tie — drawn
 *     exactly from the binomial distribution of the votes of those present;
 *   - for each affiliated branch: whether it votes, and whether it backs a
 *     selection, with a probability mixing the affiliates' own support and the
 *     members' (a correlation between 0 and 1).
 * The party's shape — how many branches and affiliated branches each
 * constituency has, and which affiliate each affiliated branch belongs to — is
 * drawn once from the seed and kept for every run (shape.ts).
 */
import { err, ok, type Result } from '../domain/result.js';

/** How many units of a kind a constituency has: uniform between two bounds, or one of a list of values (equally likely). */
export type CountDistribution =
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'list'; readonly values: readonly number[] };

/** How affiliated branches are counted: as the rulebook says, or forced one way for every rulebook. */
export type AffiliateCountingChoice = 'rulebook' | 'per-branch' | 'per-affiliate';
export const AFFILIATE_COUNTING_CHOICES: readonly AffiliateCountingChoice[] = ['rulebook', 'per-branch', 'per-affiliate'];

export interface PartyModel {
  readonly constituencies: number;
  readonly branches: CountDistribution;
  readonly affiliatedBranches: CountDistribution;
  /** Affiliates (unions, societies) the affiliated branches belong to, each branch to one chosen at random: used when each affiliate has one vote in total. */
  readonly affiliates: number;
  /** Members present at a branch's meeting, uniform between the bounds. */
  readonly attendance: { readonly min: number; readonly max: number };
  /** Mean of the members' support for a selection across constituencies (0–1). */
  readonly supportMean: number;
  /** Concentration of the beta distribution: large = every constituency near the mean; small = spread out. */
  readonly supportConcentration: number;
  /** Standard deviation of each branch's support around its constituency's, on the logit scale. */
  readonly branchNoise: number;
  /** Probability that a branch meets and votes. */
  readonly turnout: number;
  /** Probability that an affiliated branch votes. */
  readonly affiliateTurnout: number;
  /** Probability that an affiliated branch backs a selection, before correlation with the members. */
  readonly affiliateSupport: number;
  /** 0: affiliates ignore the members' mood; 1: an affiliated branch backs a selection with the members' probability. */
  readonly affiliateCorrelation: number;
  readonly affiliateCounting: AffiliateCountingChoice;
}

export const DEFAULT_MODEL: PartyModel = {
  constituencies: 650,
  branches: { kind: 'uniform', min: 8, max: 14 },
  affiliatedBranches: { kind: 'uniform', min: 0, max: 30 },
  affiliates: 6,
  attendance: { min: 10, max: 60 },
  supportMean: 0.35,
  supportConcentration: 8,
  branchNoise: 0.5,
  turnout: 0.85,
  affiliateTurnout: 0.7,
  affiliateSupport: 0.2,
  affiliateCorrelation: 0.5,
  affiliateCounting: 'rulebook',
};

/** Upper bounds that keep one run's work, and the tables, small. */
export const LIMITS = {
  constituencies: 5000,
  unitsPerConstituency: 200,
  affiliates: 50,
  attendance: 500,
  supportConcentration: 100_000,
  branchNoise: 5,
} as const;

/** One tunable number of the model, as the command line and the web form name it. */
export interface ModelParam {
  /** Kebab-case: the CLI flag and the web form field. */
  readonly name: string;
  readonly key: keyof PartyModel;
  readonly label: string;
  readonly help: string;
  /** 'share': a number from 0 to 1 (also accepted as a percentage "35%"); 'count': a whole number; 'range': "8-14" or a list "8,10,12"; 'positive': a number above 0. */
  readonly kind: 'share' | 'count' | 'range' | 'positive' | 'choice';
  readonly min?: number;
  readonly max?: number;
}

export const MODEL_PARAMS: readonly ModelParam[] = [
  {
    name: 'constituencies',
    key: 'constituencies',
    label: 'Constituencies',
    help: 'how many constituencies the party has',
    kind: 'count',
    min: 1,
    max: LIMITS.constituencies,
  },
  {
    name: 'branches',
    key: 'branches',
    label: 'Branches per constituency',
    help: 'uniform "8-14", or a list "6,10,12" to draw from',
    kind: 'range',
    min: 0,
    max: LIMITS.unitsPerConstituency,
  },
  {
    name: 'affiliated-branches',
    key: 'affiliatedBranches',
    label: 'Affiliated branches per constituency',
    help: 'uniform "0-30", or a list',
    kind: 'range',
    min: 0,
    max: LIMITS.unitsPerConstituency,
  },
  {
    name: 'affiliates',
    key: 'affiliates',
    label: 'Affiliates',
    help: 'unions and societies the affiliated branches belong to (one vote each when counted per affiliate)',
    kind: 'count',
    min: 1,
    max: LIMITS.affiliates,
  },
  { name: 'attendance', key: 'attendance', label: 'Members at a branch meeting', help: 'uniform "10-60"', kind: 'range', min: 1, max: LIMITS.attendance },
  {
    name: 'support-mean',
    key: 'supportMean',
    label: 'Members’ support for a selection (mean)',
    help: 'mean across constituencies, 0 to 1 or a percentage',
    kind: 'share',
  },
  {
    name: 'support-concentration',
    key: 'supportConcentration',
    label: 'Concentration of support',
    help: 'of the beta distribution: higher keeps constituencies nearer the mean',
    kind: 'positive',
    max: LIMITS.supportConcentration,
  },
  {
    name: 'branch-noise',
    key: 'branchNoise',
    label: 'Branch noise',
    help: 'spread of each branch around its constituency, on the logit scale (0: none)',
    kind: 'positive',
    min: 0,
    max: LIMITS.branchNoise,
  },
  { name: 'turnout', key: 'turnout', label: 'Branch turnout', help: 'probability that a branch meets and votes', kind: 'share' },
  { name: 'affiliate-turnout', key: 'affiliateTurnout', label: 'Affiliate turnout', help: 'probability that an affiliated branch votes', kind: 'share' },
  {
    name: 'affiliate-support',
    key: 'affiliateSupport',
    label: 'Affiliates’ support for a selection',
    help: 'probability that an affiliated branch backs one, before correlation',
    kind: 'share',
  },
  {
    name: 'affiliate-correlation',
    key: 'affiliateCorrelation',
    label: 'Affiliates follow members',
    help: '0: affiliates ignore the members; 1: they back a selection as often as the members',
    kind: 'share',
  },
  {
    name: 'affiliate-counting',
    key: 'affiliateCounting',
    label: 'Affiliates counted',
    help: 'rulebook (as each rulebook says), per-branch, or per-affiliate (one vote in total per affiliate)',
    kind: 'choice',
  },
];

/** "35%" or "0.35" → 0.35; null when not a number. */
function parseShare(text: string): number | null {
  const t = text.trim();
  const pct = /^([0-9]*\.?[0-9]+)\s*%$/.exec(t);
  if (pct) return Number(pct[1]) / 100;
  if (!/^[0-9]*\.?[0-9]+(e-?[0-9]+)?$/i.test(t)) return null;
  return Number(t);
}

function parseRange(text: string, p: ModelParam): Result<CountDistribution> {
  const t = text.trim();
  const lo = p.min ?? 0;
  const hi = p.max ?? Number.MAX_SAFE_INTEGER;
  const inRange = (n: number): boolean => Number.isSafeInteger(n) && n >= lo && n <= hi;
  const range = /^(\d+)\s*(?:-|–|\.\.)\s*(\d+)$/.exec(t);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (!inRange(min) || !inRange(max)) return err('invalid-parameter', `${p.name}: the bounds must be whole numbers from ${lo} to ${hi}, not "${t}"`);
    if (min > max) return err('invalid-parameter', `${p.name}: the lower bound ${min} is above the upper bound ${max}`);
    return ok({ kind: 'uniform', min, max });
  }
  if (/^\d+(\s*,\s*\d+)*$/.test(t)) {
    const values = t.split(',').map((s) => Number(s.trim()));
    if (!values.every(inRange)) return err('invalid-parameter', `${p.name}: every value must be a whole number from ${lo} to ${hi}, not "${t}"`);
    if (values.length > 1000) return err('invalid-parameter', `${p.name}: at most 1000 values in a list`);
    return ok({ kind: 'list', values });
  }
  return err('invalid-parameter', `${p.name}: expected a range such as "8-14" or a list such as "6,10,12", not "${t}"`);
}

/**
 * The model with the given parameters (by kebab-case name, as text) over the
 * defaults; every problem is reported, one per line.
 */
export function modelFrom(given: Readonly<Record<string, string | undefined>>, base: PartyModel = DEFAULT_MODEL): Result<PartyModel> {
  const out: Record<string, unknown> = { ...base };
  const problems: string[] = [];
  for (const p of MODEL_PARAMS) {
    const raw = given[p.name];
    if (raw === undefined || raw.trim() === '') continue;
    const t = raw.trim();
    switch (p.kind) {
      case 'share': {
        const v = parseShare(t);
        if (v === null || !(v >= 0 && v <= 1)) problems.push(`${p.name}: must be a number from 0 to 1 (or a percentage such as 35%), not "${t}"`);
        else out[p.key] = v;
        break;
      }
      case 'positive': {
        const v = /^[0-9]*\.?[0-9]+$/.test(t) ? Number(t) : NaN;
        const min = p.min ?? 0;
        const max = p.max ?? Number.MAX_VALUE;
        const ok = p.min === undefined ? v > 0 && v <= max : v >= min && v <= max;
        if (!ok) problems.push(`${p.name}: must be a number ${p.min === undefined ? 'above 0' : `from ${min}`} up to ${max}, not "${t}"`);
        else out[p.key] = v;
        break;
      }
      case 'count': {
        const v = /^\d+$/.test(t) ? Number(t) : NaN;
        if (!Number.isSafeInteger(v) || v < (p.min ?? 0) || v > (p.max ?? Number.MAX_SAFE_INTEGER)) {
          problems.push(`${p.name}: must be a whole number from ${p.min ?? 0} to ${p.max}, not "${t}"`);
        } else out[p.key] = v;
        break;
      }
      case 'range': {
        const r = parseRange(t, p);
        if (!r.ok) problems.push(r.error.message);
        else if (p.key === 'attendance') {
          if (r.value.kind !== 'uniform') problems.push(`${p.name}: must be a range such as "10-60", not a list`);
          else out[p.key] = { min: r.value.min, max: r.value.max };
        } else out[p.key] = r.value;
        break;
      }
      case 'choice': {
        if (!(AFFILIATE_COUNTING_CHOICES as readonly string[]).includes(t))
          problems.push(`${p.name}: must be one of ${AFFILIATE_COUNTING_CHOICES.join(', ')}, not "${t}"`);
        else out[p.key] = t;
        break;
      }
    }
  }
  if (problems.length > 0) return err('invalid-parameter', problems.join('\n'));
  return ok(out as unknown as PartyModel);
}

/** A parameter's value as text, the way `modelFrom` reads it back. */
export function paramText(model: PartyModel, p: ModelParam): string {
  const v = model[p.key];
  if (p.key === 'attendance') return `${model.attendance.min}-${model.attendance.max}`;
  if (p.kind === 'range') {
    const d = v as CountDistribution;
    return d.kind === 'uniform' ? `${d.min}-${d.max}` : d.values.join(',');
  }
  return String(v);
}

/** "uniform 8–14", "one of 6, 10, 12". */
export function distributionWords(d: CountDistribution): string {
  if (d.kind === 'uniform') return d.min === d.max ? `${d.min}` : `uniform ${d.min}–${d.max}`;
  const uniq = [...new Set(d.values)];
  return uniq.length === 1 ? `${uniq[0]}` : `one of ${d.values.join(', ')}`;
}
