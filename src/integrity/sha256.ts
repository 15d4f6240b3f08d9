/**
 * The one SHA-256 of the evidence: audit entries, count records, ballot boxes,
 * boards and uploaded ballot files are all hashed here, from `@noble/hashes`
 * (audited, pure JavaScript), so a board is checked the same way in Node, in a
 * browser, or anywhere else the verifier is bundled.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

/** The SHA-256 digest of bytes, or of the UTF-8 encoding of text (a lone surrogate is encoded as U+FFFD), as 64 lower-case hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8.encode(data) : data));
}
