/**
 * Deterministic benchmark inputs. Each file is written once to bench/.data/
 * and reused while its generator version, seed and size are unchanged (a
 * sidecar .json records them), so repeated runs time the same bytes and skip
 * the generation cost.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CLI } from './context.js';
import { Prng, plackettLuce } from './prng.js';

/** Bump when a generator's output changes, so stale cached files are regenerated. */
const GENERATOR_VERSION = 1;

export interface Generated {
  readonly path: string;
  readonly bytes: number;
  readonly ballots: number;
  readonly candidates: readonly string[];
  readonly reused: boolean;
  readonly ms: number;
}

interface Meta {
  readonly version: number;
  readonly kind: string;
  readonly seed: number;
  readonly ballots: number;
  readonly bytes: number;
  readonly candidates: readonly string[];
}

export const IRV_CANDIDATES: readonly string[] = [
  'Ada Okafor',
  'Ben Hughes',
  'Carmen Ruiz',
  'Dev Patel',
  'Elin Jones',
  'Farid Haddad',
  'Grace Lindqvist',
  'Hamish Reid',
  'Ines Moreau',
  'Jonah Kowalski',
  'Kemi Adeyemi',
  'Lars Nilsen',
  'Maya Chen',
];

const MEEK_PARTY_SIZES = [9, 8, 7, 6];

function zipf(n: number, s: number): number[] {
  return Array.from({ length: n }, (_, r) => 1 / (r + 1) ** s);
}

/** Streams text to a temporary file in large chunks, then renames it into place so a killed run never leaves a truncated file that looks complete. */
class ChunkWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(private readonly target: string) {
    this.tmp = `${target}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
  }

  write(s: string): void {
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.target);
  }
}

function cached(
  dir: string,
  file: string,
  kind: string,
  seed: number,
  ballots: number,
  write: (target: string) => { bytes: number; candidates: readonly string[] },
): Generated {
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, file);
  const metaPath = `${target}.json`;
  if (existsSync(target) && existsSync(metaPath)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
      if (meta.version === GENERATOR_VERSION && meta.kind === kind && meta.seed === seed && meta.ballots === ballots && statSync(target).size === meta.bytes) {
        return { path: target, bytes: meta.bytes, ballots, candidates: meta.candidates, reused: true, ms: 0 };
      }
    } catch {
      // An unreadable sidecar just means the file is regenerated.
    }
  }
  const t0 = performance.now();
  const { bytes, candidates } = write(target);
  const meta: Meta = { version: GENERATOR_VERSION, kind, seed, ballots, bytes, candidates };
  writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n');
  return { path: target, bytes, ballots, candidates, reused: false, ms: performance.now() - t0 };
}

/**
 * IRV input: CSV cast-vote records in rank-column layout, header
 * `rank1,…,rank5`, one ballot per row, candidate names in cells, blanks for
 * unused ranks. Voters come from three blocs; each bloc ranks by Plackett–Luce
 * over Zipf(s = 1.1) weights on its own ordering of the 13 candidates, so first
 * preferences are spread (nobody near a majority) and the count runs through
 * real eliminations with bloc-shaped transfers. Ballot lengths 1–5. Rows
 * hold no skipped ranks, overvotes or repeats: every tabulator compared reads
 * the same clean preferences the same way.
 *
 * Ballots come from one PRNG stream in order, so the n-ballot file is the first
 * n rows of any larger file with the same seed.
 */
export function irvCsv(dir: string, ballots: number, seed: number): Generated {
  const file = `irv-v${GENERATOR_VERSION}-s${seed}-n${ballots}.csv`;
  return cached(dir, file, 'irv-csv', seed, ballots, (target) => {
    const rng = new Prng(seed);
    const names = IRV_CANDIDATES;
    const n = names.length;
    const blocShares = [0.42, 0.35, 0.23];
    const blocWeights = blocShares.map(() => {
      const order = rng.permutation(n);
      const z = zipf(n, 1.1);
      const w = new Array<number>(n);
      order.forEach((c, r) => {
        w[c] = z[r];
      });
      return w;
    });
    const lengthWeights = [0.22, 0.2, 0.2, 0.16, 0.22];
    const ranks = 5;
    const out = new ChunkWriter(target);
    out.write(Array.from({ length: ranks }, (_, i) => `rank${i + 1}`).join(',') + '\n');
    const picked: number[] = [];
    const scratch: number[] = [];
    const cells = new Array<string>(ranks);
    for (let b = 0; b < ballots; b++) {
      const bloc = rng.pick(blocShares);
      const length = 1 + rng.pick(lengthWeights);
      const k = plackettLuce(rng, blocWeights[bloc], length, picked, scratch);
      for (let r = 0; r < ranks; r++) cells[r] = r < k ? names[picked[r]] : '';
      out.write(cells.join(',') + '\n');
    }
    out.close();
    return { bytes: out.bytes, candidates: names };
  });
}

/**
 * Meek input: a BLT file, 30 candidates in four parties, 9 seats, one line
 * per ballot (weight 1, as a raw export would be). A voter picks a party by
 * its share, then ranks by Plackett–Luce: own-party candidates weigh 6× a
 * Zipf popularity within the party, other parties' candidates weigh their
 * party's affinity (0.2–1.4, fixed per pair of parties). Lengths 1–15,
 * geometric-ish with mean ≈ 4.5.
 */
export function meekBlt(dir: string, ballots: number, seed: number): Generated {
  const file = `meek-v${GENERATOR_VERSION}-s${seed}-n${ballots}.blt`;
  return cached(dir, file, 'meek-blt', seed, ballots, (target) => {
    const rng = new Prng(seed);
    const party: number[] = [];
    const withinRank: number[] = [];
    MEEK_PARTY_SIZES.forEach((size, p) => {
      for (let i = 0; i < size; i++) {
        party.push(p);
        withinRank.push(i);
      }
    });
    const n = party.length;
    const partyLetters = ['R', 'G', 'B', 'Y'];
    const names = party.map((p, c) => `${partyLetters[p]}${withinRank[c] + 1} Candidate ${c + 1}`);
    const partyShares = [0.34, 0.28, 0.22, 0.16];
    const parties = MEEK_PARTY_SIZES.length;
    const affinity = Array.from({ length: parties }, () => Array.from({ length: parties }, () => 0.2 + 1.2 * rng.float()));
    const popularity = withinRank.map((r) => 1 / (r + 1) ** 0.8);
    const voterWeights = Array.from({ length: parties }, (_, vp) => party.map((p, c) => popularity[c] * (p === vp ? 6 : affinity[vp][p])));
    const maxLength = 15;
    const lengthWeights = Array.from({ length: maxLength }, (_, i) => 0.8 ** i);
    const out = new ChunkWriter(target);
    out.write(`${n} 9\n`);
    const picked: number[] = [];
    const scratch: number[] = [];
    for (let b = 0; b < ballots; b++) {
      const vp = rng.pick(partyShares);
      const length = 1 + rng.pick(lengthWeights);
      const k = plackettLuce(rng, voterWeights[vp], length, picked, scratch);
      let line = '1';
      for (let r = 0; r < k; r++) line += ' ' + (picked[r] + 1);
      out.write(line + ' 0\n');
    }
    out.write('0\n');
    for (const name of names) out.write(`"${name}"\n`);
    out.write(`"Hustings bench: Meek STV, ${n} candidates, 9 seats, ${ballots} ballots (seed ${seed})"\n`);
    out.close();
    return { bytes: out.bytes, candidates: names };
  });
}

/**
 * The IRV CSV's ballots as a NIST 1500-103 CDF JSON report, one CVR per ballot, written by the
 * real command line (`hustings count --write-cdf`), so the CDF bench counts the very same ballots.
 */
export function irvCdfJson(dir: string, csv: Generated): Generated {
  const file = `${path.basename(csv.path, '.csv')}.cdf.json`;
  return cached(dir, file, 'irv-cdf-json', 0, csv.ballots, (target) => {
    execFileSync(process.execPath, [CLI, 'count', csv.path, '--method', 'irv', '--format', 'csv', '--write-cdf', target], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { bytes: statSync(target).size, candidates: csv.candidates };
  });
}
