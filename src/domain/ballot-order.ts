/**
 * The order of candidates on a ballot paper, as the rulebook sets it: alphabetical
 * by surname, or rotated for each voter. Never the order of nomination. The count
 * is unaffected: rankings name candidates by id, whatever order they were shown in.
 */
import type { BallotOrder } from './rulebook.js';

const COLLATOR = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** A name's surname: its last word ("Ada Lovelace" → "Lovelace"). */
export function surnameOf(name: string): string {
  const words = name.trim().split(/\s+/);
  return words[words.length - 1] ?? '';
}

/** Alphabetical by surname, then by the whole name (en-GB collation); candidates with the same name keep their order. */
export function bySurname<C extends { readonly name: string }>(candidates: readonly C[]): C[] {
  return [...candidates].sort((a, b) => COLLATOR.compare(surnameOf(a.name), surnameOf(b.name)) || COLLATOR.compare(a.name, b.name));
}

/** The surname order turned round by `offset` places: offsets 0 to n−1 put every candidate in every position once. */
export function rotated<C>(candidates: readonly C[], offset: number): C[] {
  const n = candidates.length;
  if (n === 0) return [];
  const k = ((offset % n) + n) % n;
  return [...candidates.slice(k), ...candidates.slice(0, k)];
}

/** A well-mixed 32-bit number from a string (FNV-1a, then a murmur3 finaliser), the same on every run. */
function mix(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** How far a voter's paper is rotated in one process: fixed for the voter, spread evenly over voters. */
export function rotationOffset(processId: string, voter: string, candidates: number): number {
  return candidates === 0 ? 0 : mix(`${processId}\u0000${voter}`) % candidates;
}

/**
 * The ballot paper for one voter: by surname, or (when the rulebook rotates) the
 * surname order rotated by an offset drawn from the process and the voter, so a
 * voter sees the same order on every visit. Without a voter (a paper the desk
 * cannot tie to a member) a rotated paper is shown in surname order.
 */
export function orderBallotPaper<C extends { readonly name: string }>(
  candidates: readonly C[],
  order: BallotOrder,
  forVoter: { readonly process: string; readonly voter: string } | null,
): C[] {
  const sorted = bySurname(candidates);
  if (order === 'surname' || forVoter === null) return sorted;
  return rotated(sorted, rotationOffset(forVoter.process, forVoter.voter, sorted.length));
}
