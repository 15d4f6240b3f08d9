/**
 * An RCTab contest configuration (the JSON file RCTab saves and `rcv -cli`
 * reads), all of it: output settings, CVR sources with their paths resolved
 * against the configuration's folder as RCTab resolves them, candidates with
 * their aliases and exclusions, and the rules. RCTab writes most numbers as
 * strings ("3", "" for unset) and older versions wrote some as numbers; both
 * are read. A mistake is refused naming its JSON path and what is wrong with it.
 */
import { type Decimal, dec } from '../count/decimal.js';
import {
  RCTAB_OVERVOTE_RULES,
  RCTAB_TIEBREAK_MODES,
  RCTAB_WINNER_ELECTION_MODES,
  type RctabOvervoteRule,
  type RctabRules,
  type RctabTiebreakMode,
  type RctabWinnerElectionMode,
} from '../count/methods/rctab-tabulator.js';
import type { CvrProvider, CvrSource } from './cvr/records.js';
import { InputError } from './errors.js';

export interface RctabOutputSettings {
  readonly contestName: string;
  readonly outputDirectory: string;
  readonly contestDate: string;
  readonly contestJurisdiction: string;
  readonly contestOffice: string;
  readonly tabulateByBatch: boolean;
  readonly tabulateByPrecinct: boolean;
  readonly generateCdfJson: boolean;
}

export interface RctabConfigCandidate {
  readonly name: string;
  /** Other labels the CVRs use for this candidate: the older `code` field, then `aliases`. */
  readonly aliases: readonly string[];
  readonly excluded: boolean;
}

export interface RctabConfig {
  readonly file: string;
  readonly tabulatorVersion: string;
  readonly output: RctabOutputSettings;
  readonly sources: readonly CvrSource[];
  readonly candidates: readonly RctabConfigCandidate[];
  readonly rules: RctabRules;
  /** Highest rank a record may use; null: "max" (as many as there are candidates). */
  readonly maxRankingsAllowed: number | null;
  readonly rulesDescription: string;
}

const PROVIDERS: Readonly<Record<string, CvrProvider>> = {
  cdf: 'cdf',
  clearBallot: 'clearBallot',
  dominion: 'dominion',
  ess: 'ess',
  hart: 'hart',
  genericCsv: 'csv',
};

type Obj = Record<string, unknown>;

class Reader {
  constructor(private readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new InputError(this.file, null, `${path}: ${problem}`);
  }

  object(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    return v as Obj;
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'must be a list');
    return v;
  }

  /** A string field; numbers are taken as their text (older configurations); missing or null is "". */
  text(o: Obj, key: string, path: string): string {
    const v = o[key];
    if (v === undefined || v === null) return '';
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') this.fail(`${path}.${key}`, `must be text, not ${JSON.stringify(v)}`);
    return v.trim();
  }

  flag(o: Obj, key: string, path: string): boolean {
    const v = o[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') this.fail(`${path}.${key}`, `must be true or false, not ${JSON.stringify(v)}`);
    return v;
  }

  /** A whole number (as text or a number); "" → null. */
  whole(o: Obj, key: string, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
    const t = this.text(o, key, path);
    if (t === '') return null;
    if (!/^-?\d+$/.test(t)) this.fail(`${path}.${key}`, `must be a whole number, not "${t}"`);
    const n = Number(t);
    if (n < min || n > max) this.fail(`${path}.${key}`, `must be from ${min} to ${max}, not ${n}`);
    return n;
  }

  choice<T extends string>(o: Obj, key: string, path: string, choices: readonly T[]): T {
    const t = this.text(o, key, path);
    if (!(choices as readonly string[]).includes(t)) this.fail(`${path}.${key}`, `must be one of ${choices.join(', ')}, not "${t}"`);
    return t as T;
  }
}

/**
 * Reads a configuration's text; `file` is its path, for messages. `locate` turns a source's
 * `filePath` into the path to read (the caller resolves it against the configuration's folder, as RCTab does).
 */
export function parseRctabConfig(text: string, file: string, locate: (filePath: string) => string = (p) => p): RctabConfig {
  const r: Reader = new Reader(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, null, `not JSON: ${(e as Error).message}`);
  }
  const top = r.object(json, '$');
  const tabulatorVersion = r.text(top, 'tabulatorVersion', '$');
  if (tabulatorVersion === '') r.fail('$.tabulatorVersion', 'is missing (RCTab writes the version that saved the file)');

  const os = r.object(top.outputSettings, '$.outputSettings');
  const output: RctabOutputSettings = {
    contestName: r.text(os, 'contestName', '$.outputSettings'),
    outputDirectory: r.text(os, 'outputDirectory', '$.outputSettings'),
    contestDate: r.text(os, 'contestDate', '$.outputSettings'),
    contestJurisdiction: r.text(os, 'contestJurisdiction', '$.outputSettings'),
    contestOffice: r.text(os, 'contestOffice', '$.outputSettings'),
    tabulateByBatch: r.flag(os, 'tabulateByBatch', '$.outputSettings'),
    tabulateByPrecinct: r.flag(os, 'tabulateByPrecinct', '$.outputSettings'),
    generateCdfJson: r.flag(os, 'generateCdfJson', '$.outputSettings'),
  };
  if (output.contestName === '') r.fail('$.outputSettings.contestName', 'is missing');

  const rawSources = r.array(top.cvrFileSources, '$.cvrFileSources');
  if (rawSources.length === 0) r.fail('$.cvrFileSources', 'lists no CVR files');
  const seenPaths = new Set<string>();
  const sources = rawSources.map((raw, i): CvrSource => {
    const path = `$.cvrFileSources[${i}]`;
    const s = r.object(raw, path);
    const providerText = r.text(s, 'provider', path);
    const provider = PROVIDERS[providerText];
    if (!provider) r.fail(`${path}.provider`, `must be one of ${Object.keys(PROVIDERS).join(', ')}, not "${providerText}"`);
    const filePath = r.text(s, 'filePath', path);
    if (filePath === '') r.fail(`${path}.filePath`, 'is missing');
    const resolved = locate(filePath);
    if (seenPaths.has(resolved)) r.fail(`${path}.filePath`, `"${filePath}" is listed twice`);
    seenPaths.add(resolved);
    const label = (key: string): string | undefined => r.text(s, key, path) || undefined;
    return {
      provider,
      path: resolved,
      contestId: label('contestId'),
      firstVoteColumnIndex: r.whole(s, 'firstVoteColumnIndex', path, 1) ?? undefined,
      firstVoteRowIndex: r.whole(s, 'firstVoteRowIndex', path, 1) ?? undefined,
      idColumnIndex: r.whole(s, 'idColumnIndex', path, 1) ?? undefined,
      precinctColumnIndex: r.whole(s, 'precinctColumnIndex', path, 1) ?? undefined,
      batchColumnIndex: r.whole(s, 'batchColumnIndex', path, 1) ?? undefined,
      overvoteDelimiter: label('overvoteDelimiter'),
      overvoteLabel: label('overvoteLabel'),
      // RCTab calls it skippedRankLabel; the records' contract, undervoteLabel.
      undervoteLabel: label('skippedRankLabel') ?? label('undervoteLabel'),
      undeclaredWriteInLabel: label('undeclaredWriteInLabel'),
      treatBlankAsUndeclaredWriteIn: r.flag(s, 'treatBlankAsUndeclaredWriteIn', path),
    };
  });

  const rawCandidates = r.array(top.candidates, '$.candidates');
  if (rawCandidates.length === 0) r.fail('$.candidates', 'lists no candidates');
  const labels = new Map<string, string>();
  const candidates = rawCandidates.map((raw, i): RctabConfigCandidate => {
    const path = `$.candidates[${i}]`;
    const c = r.object(raw, path);
    const name = r.text(c, 'name', path);
    if (name === '') r.fail(`${path}.name`, 'is missing');
    const aliases: string[] = [];
    const code = r.text(c, 'code', path);
    if (code !== '') aliases.push(code);
    if (c.aliases !== undefined) {
      r.array(c.aliases, `${path}.aliases`).forEach((a, k) => {
        if (typeof a !== 'string') r.fail(`${path}.aliases[${k}]`, 'must be text');
        if (a.trim() !== '') aliases.push(a.trim());
      });
    }
    for (const [k, label] of [name, ...aliases].entries()) {
      const owner = labels.get(label);
      if (owner !== undefined && !(owner === name && k > 0)) r.fail(k === 0 ? `${path}.name` : `${path}.aliases`, `"${label}" already names ${owner}`);
      labels.set(label, name);
    }
    return { name, aliases, excluded: r.flag(c, 'excluded', path) };
  });
  if (candidates.every((c) => c.excluded)) r.fail('$.candidates', 'every candidate is excluded');

  const rulesObj = r.object(top.rules, '$.rules');
  const P = '$.rules';
  const winnerElectionMode = r.choice<RctabWinnerElectionMode>(rulesObj, 'winnerElectionMode', P, RCTAB_WINNER_ELECTION_MODES);
  const tiebreakMode = r.choice<RctabTiebreakMode>(rulesObj, 'tiebreakMode', P, RCTAB_TIEBREAK_MODES);
  const overvoteRule = r.choice<RctabOvervoteRule>(rulesObj, 'overvoteRule', P, RCTAB_OVERVOTE_RULES);
  const bottomsUpPct = winnerElectionMode === 'bottomsUpUsingPercentageThreshold';
  const numberOfWinners = r.whole(rulesObj, 'numberOfWinners', P, bottomsUpPct ? 0 : 1);
  if (numberOfWinners === null) r.fail(`${P}.numberOfWinners`, 'is missing');
  if (winnerElectionMode === 'singleWinnerMajority' && numberOfWinners !== 1)
    r.fail(`${P}.numberOfWinners`, `must be 1 for singleWinnerMajority, not ${numberOfWinners}`);
  if (!bottomsUpPct && winnerElectionMode !== 'singleWinnerMajority' && winnerElectionMode !== 'multiPassIrv' && numberOfWinners < 2) {
    r.fail(`${P}.numberOfWinners`, `must be at least 2 for ${winnerElectionMode}`);
  }
  const decimalPlaces = r.whole(rulesObj, 'decimalPlacesForVoteArithmetic', P, 1, 20);
  if (decimalPlaces === null) r.fail(`${P}.decimalPlacesForVoteArithmetic`, 'is missing');
  const seedText = r.text(rulesObj, 'randomSeed', P);
  const needsSeed = tiebreakMode === 'random' || tiebreakMode === 'previousRoundCountsThenRandom' || tiebreakMode === 'generatePermutation';
  if (needsSeed && seedText === '') r.fail(`${P}.randomSeed`, `is needed by tiebreakMode ${tiebreakMode}`);
  if (seedText !== '' && !/^-?\d+$/.test(seedText)) r.fail(`${P}.randomSeed`, `must be a whole number, not "${seedText}"`);
  const maxRankText = r.text(rulesObj, 'maxRankingsAllowed', P);
  const maxRankingsAllowed = maxRankText === 'max' ? null : r.whole(rulesObj, 'maxRankingsAllowed', P, 1);
  if (maxRankText === '') r.fail(`${P}.maxRankingsAllowed`, 'is missing (a number, or "max")');
  const skipText = r.text(rulesObj, 'maxSkippedRanksAllowed', P);
  const maxSkippedRanksAllowed = skipText === 'unlimited' ? null : r.whole(rulesObj, 'maxSkippedRanksAllowed', P, 0);
  if (skipText === '') r.fail(`${P}.maxSkippedRanksAllowed`, 'is missing (a number, or "unlimited")');
  const decimal = (key: string): Decimal | null => {
    const t = r.text(rulesObj, key, P);
    if (t === '') return null;
    if (!/^\d+(\.\d+)?$/.test(t)) r.fail(`${P}.${key}`, `must be a number, not "${t}"`);
    return dec(t);
  };
  const pct = decimal('multiSeatBottomsUpPercentageThreshold');
  if (bottomsUpPct && pct === null) r.fail(`${P}.multiSeatBottomsUpPercentageThreshold`, 'is needed by bottomsUpUsingPercentageThreshold');
  if (pct !== null && (pct.units <= 0n || pct.units > 100n * 10n ** BigInt(pct.scale)))
    r.fail(`${P}.multiSeatBottomsUpPercentageThreshold`, 'must be more than 0 and at most 100');
  const rules: RctabRules = {
    winnerElectionMode,
    numberOfWinners,
    decimalPlacesForVoteArithmetic: decimalPlaces,
    tiebreakMode,
    randomSeed: seedText === '' ? null : BigInt(seedText),
    overvoteRule,
    maxSkippedRanksAllowed,
    exhaustOnDuplicateCandidate: r.flag(rulesObj, 'exhaustOnDuplicateCandidate', P),
    nonIntegerWinningThreshold: r.flag(rulesObj, 'nonIntegerWinningThreshold', P),
    hareQuota: r.flag(rulesObj, 'hareQuota', P),
    doesFirstRoundDetermineThreshold: r.flag(rulesObj, 'doesFirstRoundDetermineThreshold', P),
    batchElimination: r.flag(rulesObj, 'batchElimination', P),
    continueUntilTwoCandidatesRemain: r.flag(rulesObj, 'continueUntilTwoCandidatesRemain', P),
    cutoffElimination: r.flag(rulesObj, 'cutoffElimination', P),
    // RCTab keeps the percentage's own places plus two when it divides by 100.
    multiSeatBottomsUpPercentageThreshold: pct === null ? null : { units: pct.units, scale: pct.scale + 2 },
    minimumVoteThreshold: decimal('minimumVoteThreshold') ?? { units: 0n, scale: 0 },
    stopTabulationEarlyAfterRound: r.whole(rulesObj, 'stopTabulationEarlyAfterRound', P, 1),
  };
  const multi = numberOfWinners > 1 && winnerElectionMode !== 'multiPassIrv';
  if (rules.continueUntilTwoCandidatesRemain && multi) r.fail(`${P}.continueUntilTwoCandidatesRemain`, 'is for single-winner contests only');
  if (rules.batchElimination && multi) r.fail(`${P}.batchElimination`, 'is for single-winner contests and multi-pass IRV only');
  if (rules.doesFirstRoundDetermineThreshold && multi) r.fail(`${P}.doesFirstRoundDetermineThreshold`, 'is for single-winner contests only');
  if (rules.hareQuota && rules.nonIntegerWinningThreshold) r.fail(`${P}.hareQuota`, 'cannot be used with nonIntegerWinningThreshold');
  if (rules.batchElimination && bottomsUpPct) r.fail(`${P}.batchElimination`, 'cannot be used with bottomsUpUsingPercentageThreshold');
  sources.forEach((s, i) => {
    // An ES&S sheet has no precinct or batch of its own: RCTab needs the column that holds it.
    if (s.provider !== 'ess') return;
    if (output.tabulateByPrecinct && s.precinctColumnIndex === undefined)
      r.fail(`$.cvrFileSources[${i}].precinctColumnIndex`, 'is needed when outputSettings.tabulateByPrecinct is true');
    if (output.tabulateByBatch && s.batchColumnIndex === undefined)
      r.fail(`$.cvrFileSources[${i}].batchColumnIndex`, 'is needed when outputSettings.tabulateByBatch is true');
  });
  for (const s of sources) {
    if (s.overvoteLabel && overvoteRule === 'exhaustIfMultipleContinuing') {
      r.fail(`${P}.overvoteRule`, `exhaustIfMultipleContinuing cannot be used with a source that has an overvote label ("${s.overvoteLabel}")`);
    }
  }
  return {
    file,
    tabulatorVersion,
    output,
    // ES&S and Clear Ballot readers read no rank past the contest's most.
    sources: sources.map((s) => ({ ...s, maxRankings: maxRankingsAllowed ?? undefined })),
    candidates,
    rules,
    maxRankingsAllowed,
    rulesDescription: r.text(rulesObj, 'rulesDescription', P),
  };
}
