/**
 * Random deviates from a stream of uniform 32-bit draws (src/count/prng.ts's sfc32): the seeds of
 * the independent streams, the normal quantile, and the beta distribution of the members' support.
 */

/** Derives independent seeds from one: the shape, the support and the units each get their own stream. */
export function streamSeed(seed: number, stream: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** 2^32, the number of values of one draw. */
export const TWO32 = 4294967296;
export const INV_TWO32 = 1 / TWO32;

const QA = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239] as const;
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155833381] as const;
const QC = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, not ${p}`);
  const [a, b, c, d] = [QA, QB, QC, QD];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Uniform in (0, 1): never 0, so its logarithm is finite. */
const open01 = (u: number): number => (u + 0.5) / TWO32;

/** A standard normal deviate, by inverting the CDF at one draw. */
function gaussian(next: () => number): number {
  return normalQuantile(open01(next()));
}

/** A Gamma(shape, 1) deviate for shape ≥ 1 (Marsaglia and Tsang). */
function gamma(shape: number, next: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(next);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = open01(next());
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** log of a Gamma(shape, 1) deviate: below shape 1, boosted from shape + 1 and kept in logs, where tiny shapes would underflow. */
function logGamma(shape: number, next: () => number): number {
  if (shape < 1) return Math.log(gamma(shape + 1, next)) + Math.log(open01(next())) / shape;
  return Math.log(gamma(shape, next));
}

/** A Beta(mean × k, (1 − mean) × k) deviate; the ends are exact: mean 0 gives 0, mean 1 gives 1. */
export function drawBeta(mean: number, concentration: number, next: () => number): number {
  if (mean <= 0) return 0;
  if (mean >= 1) return 1;
  const a = mean * concentration;
  const b = (1 - mean) * concentration;
  if (a >= 1 && b >= 1) {
    const x = gamma(a, next);
    return x / (x + gamma(b, next));
  }
  const lx = logGamma(mean * concentration, next);
  const ly = logGamma((1 - mean) * concentration, next);
  return 1 / (1 + Math.exp(ly - lx));
}
