/**
 * ristretto255, scalars and the framed hashes of docs/verifiable-ballots.md §1–3, written from the
 * specification alone: this folder shares no code with src/ so that it can disagree with it.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

const Point = ristretto255.Point;
export type GroupPoint = InstanceType<typeof ristretto255.Point>;

/** Decodes 32 bytes, throwing when they are not a canonical encoding. */
export const pointFromBytes = (bytes: Uint8Array): GroupPoint => Point.fromBytes(bytes);

/** The group order L = 2^252 + 27742317777372353535851937790883648493. */
export const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
export const BASE: GroupPoint = Point.BASE;
export const IDENTITY: GroupPoint = Point.ZERO;

export const modL = (x: bigint): bigint => ((x % ORDER) + ORDER) % ORDER;

/** The board's value was not what §1 allows; `what` says which value. */
export class Malformed extends Error {}

const HEX64 = /^[0-9a-f]{64}$/;

export function bytesOfHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function hexOfBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** The bytes a point was decoded from: a canonical encoding, so the same as encoding it again, which costs an inversion. */
const encodings = new WeakMap<GroupPoint, Uint8Array>();

export const encodingOf = (p: GroupPoint): Uint8Array => encodings.get(p) ?? p.toBytes();

/** A point from the board: 64 lowercase hex digits of a canonical encoding. */
export function pointOf(value: unknown, what: string): GroupPoint {
  if (typeof value !== 'string' || !HEX64.test(value)) throw new Malformed(`${what} is not 64 lowercase hex digits`);
  try {
    const bytes = bytesOfHex(value);
    const point = Point.fromBytes(bytes);
    encodings.set(point, bytes);
    return point;
  } catch {
    throw new Malformed(`${what} is not a canonical ristretto255 encoding`);
  }
}

export function littleEndian(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

export function scalarBytes(x: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = x;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A scalar from the board: 64 lowercase hex digits, little-endian, below L. */
export function scalarOf(value: unknown, what: string): bigint {
  if (typeof value !== 'string' || !HEX64.test(value)) throw new Malformed(`${what} is not 64 lowercase hex digits`);
  const x = littleEndian(bytesOfHex(value));
  if (x >= ORDER) throw new Malformed(`${what} is not below the group order`);
  return x;
}

/** x·P, allowing x = 0. */
export function times(p: GroupPoint, x: bigint): GroupPoint {
  const s = modL(x);
  if (s === 0n) return IDENTITY;
  // The base point has precomputed tables behind `multiply`; any other point is public, so variable time is fine.
  return p === BASE ? p.multiply(s) : p.multiplyUnsafe(s);
}

/** Σ x_i·P_i. */
export function sumOf(points: readonly GroupPoint[], scalars: readonly bigint[]): GroupPoint {
  if (points.length === 0) return IDENTITY;
  if (points.length < 4) return points.reduce((acc, p, i) => acc.add(times(p, scalars[i]!)), IDENTITY);
  return pippenger(Point, [...points], scalars.map(modL));
}

/** One item of a frame: bytes as they are, strings as UTF-8, points and scalars encoded, whole numbers as u32. */
export type Item = Uint8Array | string | GroupPoint | { readonly u32: number } | { readonly scalar: bigint };

export const u32 = (n: number): { readonly u32: number } => ({ u32: n });
export const sc = (x: bigint): { readonly scalar: bigint } => ({ scalar: x });

function u32Bytes(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

const utf8 = new TextEncoder();

function itemBytes(item: Item): Uint8Array {
  if (item instanceof Uint8Array) return item;
  if (typeof item === 'string') return utf8.encode(item);
  if ('u32' in item) return u32Bytes(item.u32);
  if ('scalar' in item) return scalarBytes(item.scalar);
  return encodingOf(item);
}

export function frame(tag: string, items: readonly Item[]): Uint8Array {
  const parts: Uint8Array[] = [utf8.encode('hustings-verifiable-v1'), new Uint8Array([0]), utf8.encode(tag), new Uint8Array([0])];
  for (const item of items) {
    const bytes = itemBytes(item);
    parts.push(u32Bytes(bytes.length), bytes);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Hd: the 64-byte digest. */
export const digest = (tag: string, items: readonly Item[]): Uint8Array => sha512(frame(tag, items));
/** Hs: hash to a scalar. */
export const hashToScalar = (tag: string, items: readonly Item[]): bigint => littleEndian(digest(tag, items)) % ORDER;
/** Hu: the 128-bit challenges of the shuffle. */
export const shortHash = (tag: string, items: readonly Item[]): bigint => littleEndian(digest(tag, items).subarray(0, 16));

export const trackerOf = (bytes: Uint8Array): string => hexOfBytes(sha256(bytes));

const generators: GroupPoint[] = [];

/** H_i of §3, independent of the election. */
export function generator(i: number): GroupPoint {
  while (generators.length <= i) {
    generators.push(ristretto255_hasher.deriveToCurve!(digest('generator', [u32(generators.length)])) as GroupPoint);
  }
  return generators[i]!;
}
