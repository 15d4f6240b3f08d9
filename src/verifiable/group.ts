/**
 * The group (ristretto255), its encodings, the framed hashes and the independent generators of
 * docs/verifiable-ballots.md §1–3. Pure: randomness comes in through a `RandomBytes` port.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bucketMultiScalar, fixedAndVariable } from './msm.js';

export const RistrettoPoint: typeof ristretto255.Point = ristretto255.Point;
export type GroupElement = InstanceType<typeof RistrettoPoint>;

/** The group's prime order L. */
export const GROUP_ORDER: bigint = RistrettoPoint.Fn.ORDER;
/** The base point G, with a large precomputed table (it is multiplied more than anything else). */
export const BASE: GroupElement = RistrettoPoint.BASE;
BASE.precompute(8, false);
export const IDENTITY: GroupElement = RistrettoPoint.ZERO;

/** A source of random bytes: the caller's port (crypto.getRandomValues in a browser, a seeded stream in tests). */
export type RandomBytes = (length: number) => Uint8Array;

export const modL = (x: bigint): bigint => {
  const r = x % GROUP_ORDER;
  return r < 0n ? r + GROUP_ORDER : r;
};

/** Little-endian integer of some bytes. */
export function intLE(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** A scalar as its 32 little-endian bytes. */
export function scalarBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = modL(x);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A uniformly random scalar (64 random bytes reduced mod L: the bias is below 2^-250). */
export function randomScalar(random: RandomBytes): bigint {
  return modL(intLE(random(64)));
}

/** The modular inverse of a non-zero scalar. */
export function invertScalar(x: bigint): bigint {
  return RistrettoPoint.Fn.inv(modL(x));
}

const HEX = /^[0-9a-f]*$/;

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Bytes of lowercase hexadecimal of the given byte length; null if it is not. */
export function fromHex(hex: string, length: number): Uint8Array | null {
  if (typeof hex !== 'string' || hex.length !== length * 2 || !HEX.test(hex)) return null;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The encoding of each point met so far (decoded from the board or encoded once): encoding costs an
 * inversion and a square root, and a verifier hashes every point it reads.
 */
const encodings = new WeakMap<GroupElement, Uint8Array>();

/** A point's canonical 32-byte encoding (cached). */
export function pointBytes(p: GroupElement): Uint8Array {
  let bytes = encodings.get(p);
  if (bytes === undefined) {
    bytes = p.toBytes();
    encodings.set(p, bytes);
  }
  return bytes;
}

export const pointHex = (p: GroupElement): string => toHex(pointBytes(p));
export const scalarHex = (x: bigint): string => toHex(scalarBytes(x));

/** A point from its canonical hex encoding; null if it is not one. */
export function pointFromHex(hex: string): GroupElement | null {
  const bytes = fromHex(hex, 32);
  if (bytes === null) return null;
  try {
    const p = RistrettoPoint.fromBytes(bytes);
    encodings.set(p, bytes);
    return p;
  } catch {
    return null;
  }
}

/** A scalar from its hex encoding (32 bytes little-endian, below L); null if it is not one. */
export function scalarFromHex(hex: string): bigint | null {
  const bytes = fromHex(hex, 32);
  if (bytes === null) return null;
  const x = intLE(bytes);
  return x < GROUP_ORDER ? x : null;
}

/** An item of a hash frame: bytes, a string (UTF-8), a point, a scalar, or a whole number (u32). */
export type FrameItem = Uint8Array | string | GroupElement | { readonly scalar: bigint } | number;

const encoder = new TextEncoder();

export function u32(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new RangeError(`u32 out of range: ${n}`);
  return new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

function itemBytes(item: FrameItem): Uint8Array {
  if (item instanceof Uint8Array) return item;
  if (typeof item === 'string') return encoder.encode(item);
  if (typeof item === 'number') return u32(item);
  if (item instanceof RistrettoPoint) return pointBytes(item);
  return scalarBytes((item as { readonly scalar: bigint }).scalar);
}

const PREFIX = encoder.encode('hustings-verifiable-v1');

/** frame(T, x…) of §2, as a SHA-512 digest; points may be passed already encoded for speed. */
export function hashFrame(tag: string, items: readonly FrameItem[]): Uint8Array {
  const h = sha512.create();
  h.update(PREFIX);
  h.update(new Uint8Array([0]));
  h.update(encoder.encode(tag));
  h.update(new Uint8Array([0]));
  for (const item of items) {
    const bytes = itemBytes(item);
    h.update(u32(bytes.length));
    h.update(bytes);
  }
  return h.digest();
}

/** Hs: hash to a scalar. */
export const hashToScalar = (tag: string, items: readonly FrameItem[]): bigint => modL(intLE(hashFrame(tag, items)));

/** Hu: a 128-bit challenge. */
export const hashToShort = (tag: string, items: readonly FrameItem[]): bigint => intLE(hashFrame(tag, items).subarray(0, 16));

const generators: GroupElement[] = [];

/**
 * The point itself, given a precomputed table for variable-time multiplications by it (built once:
 * for a point multiplied thousands of times, such as H_0 in a mix).
 */
const tabled = new WeakSet<GroupElement>([BASE]);
export function withTable(p: GroupElement): GroupElement {
  if (!tabled.has(p)) {
    p.precompute(8, false);
    tabled.add(p);
  }
  return p;
}

/** The independent generators H_0 … H_{count−1} of §3 (memoised: they do not depend on the election). */
export function independentGenerators(count: number): readonly GroupElement[] {
  while (generators.length < count) {
    const uniform = hashFrame('generator', [generators.length]);
    generators.push(ristretto255_hasher.deriveToCurve!(uniform));
  }
  return generators.slice(0, count);
}

/** Σ scalars[i]·points[i] (public inputs only: not constant time). */
export function multiScalar(points: readonly GroupElement[], scalars: readonly bigint[]): GroupElement {
  if (points.length === 0) return IDENTITY;
  if (points.length === 1) return mulPublic(points[0]!, scalars[0]!);
  const [signedPoints, small] = smallScalars(points, scalars);
  // Up to 64 points share one doubling chain (Straus–Shamir), faster here than buckets (Pippenger).
  if (points.length <= 64) return mulAddUnsafe(RistrettoPoint, signedPoints, small);
  return bucketMultiScalar(IDENTITY, signedPoints, small);
}

const HALF_ORDER = GROUP_ORDER >> 1n;

/**
 * k·P as (L − k)·(−P) when k is above L/2: a batch check's negated 128-bit weights (−β mod L) are
 * full-size scalars, and the additions a multiplication makes grow with the scalar's length.
 */
function smallScalars(points: readonly GroupElement[], scalars: readonly bigint[]): [GroupElement[], bigint[]] {
  const outPoints: GroupElement[] = new Array(points.length);
  const outScalars: bigint[] = new Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const k = modL(scalars[i]!);
    if (k > HALF_ORDER) {
      outPoints[i] = points[i]!.negate();
      outScalars[i] = GROUP_ORDER - k;
    } else {
      outPoints[i] = points[i]!;
      outScalars[i] = k;
    }
  }
  return [outPoints, outScalars];
}

/** k·P for a public point P (variable time; k may be 0). */
export function mulPublic(p: GroupElement, k: bigint): GroupElement {
  const s = modL(k);
  return s === 0n ? IDENTITY : p.multiplyUnsafe(s);
}

/** k·G (constant time for secret k; 0 gives the identity). */
export function mulBase(k: bigint): GroupElement {
  const s = modL(k);
  return s === 0n ? IDENTITY : BASE.multiply(s);
}

/**
 * k·G for a public k, as a verifier computes it: variable time, so about a third of `mulBase`'s cost
 * (both use the base point's precomputed table). Never for a secret where others can time it: its
 * timing depends on k (a mixer on the trustee's own device is the one exception, see shuffle.ts).
 */
export function mulBasePublic(k: bigint): GroupElement {
  const s = modL(k);
  return s === 0n ? IDENTITY : BASE.multiplyUnsafe(s);
}

/**
 * s·G − c·X for public s, c and X: the commitment a Schnorr proof (c, s) of X's discrete log hashes,
 * in one doubling chain rather than two multiplications.
 */
export function schnorrCommitment(s: bigint, c: bigint, x: GroupElement): GroupElement {
  return fixedAndVariable(IDENTITY, BASE, modL(s), x, modL(-c));
}

/** k·P for a secret k (constant time). */
export function mulSecret(p: GroupElement, k: bigint): GroupElement {
  const s = modL(k);
  return s === 0n ? IDENTITY : p.multiply(s);
}
