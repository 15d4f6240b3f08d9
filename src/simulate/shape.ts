/** The party's shape, drawn once from the seed and kept for every run. */
import { present } from '../count/checked.js';
import { sfc32 } from '../count/prng.js';
import { TWO32, streamSeed } from './deviates.js';
import type { CountDistribution, PartyModel } from './model.js';

/** How many units each constituency has, and the affiliate of each affiliated branch, flat. */
export interface PartyShape {
  readonly constituencies: number;
  readonly branches: Uint16Array;
  readonly affiliated: Uint16Array;
  /** Affiliated branches of constituency c are affGroup[affStart[c] .. affStart[c + 1]). */
  readonly affStart: Int32Array;
  readonly affGroup: Uint8Array;
  readonly affiliates: number;
}

function drawCount(d: CountDistribution, next: () => number): number {
  if (d.kind === 'uniform') return d.min + Math.floor((next() / TWO32) * (d.max - d.min + 1));
  return present(d.values[Math.floor((next() / TWO32) * d.values.length)], 'a value of the list to draw from');
}

export function buildShape(model: PartyModel, seed: number): PartyShape {
  const next = sfc32(streamSeed(seed, 0));
  const n = model.constituencies;
  const branches = new Uint16Array(n);
  const affiliated = new Uint16Array(n);
  const affStart = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) {
    branches[c] = drawCount(model.branches, next);
    affiliated[c] = drawCount(model.affiliatedBranches, next);
    affStart[c + 1] = affStart[c]! + affiliated[c]!; // c < n, and affStart has n + 1 entries
  }
  const affGroup = new Uint8Array(affStart[n]!);
  for (let i = 0; i < affGroup.length; i++) affGroup[i] = Math.floor((next() / TWO32) * model.affiliates);
  return { constituencies: n, branches, affiliated, affStart, affGroup, affiliates: model.affiliates };
}
