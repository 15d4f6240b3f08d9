/** The tracker codes voters keep to find their ballot on the bulletin board, online or on paper. */
import { randomBytes } from 'node:crypto';

/** A tracker code the voter keeps: 20 random base-32 characters in groups of four (100 bits). */
export function newTrackerCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (let i = 0; i < 20; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[bytes[i] & 31];
  }
  return out;
}
