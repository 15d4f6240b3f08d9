/**
 * A candidate's photo judged by its bytes, never by its file name or the type
 * the browser claims: a JPEG or a PNG by its magic number, within a size
 * limit, its width and height read from its header and within sane bounds.
 * The refusals are sentences for the candidate, shown beside the field.
 */
import { err, ok, type Result } from './result.js';
import type { PhotoType } from './processes/candidate-statements.js';

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** Smaller would not show a face; larger is a camera original to be scaled down first. */
export const PHOTO_MIN_SIDE = 32;
export const PHOTO_MAX_SIDE = 6000;

export interface PhotoSeen {
  readonly type: PhotoType;
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The byte at `i`, or 0 past the end (callers check lengths first; this keeps the reads total). */
const byte = (b: Uint8Array, i: number): number => b[i] ?? 0;
const u16 = (b: Uint8Array, i: number): number => (byte(b, i) << 8) | byte(b, i + 1);
const u32 = (b: Uint8Array, i: number): number => ((byte(b, i) << 24) >>> 0) + (byte(b, i + 1) << 16) + (byte(b, i + 2) << 8) + byte(b, i + 3);

/** Width and height from a PNG's IHDR chunk, which the format puts first. */
function pngSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24 || String.fromCharCode(byte(b, 12), byte(b, 13), byte(b, 14), byte(b, 15)) !== 'IHDR') return null;
  return { width: u32(b, 16), height: u32(b, 20) };
}

/** Width and height from a JPEG's start-of-frame segment, walking the segments before it. */
function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 4 <= b.length) {
    if (byte(b, i) !== 0xff) return null;
    const marker = byte(b, i + 1);
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    // Start of frame: C0–CF, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null;
      return { height: u16(b, i + 5), width: u16(b, i + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame
    i += 2 + u16(b, i + 2);
  }
  return null;
}

/** The photo's type and size, or the reason it is refused. */
export function judgePhoto(bytes: Uint8Array): Result<PhotoSeen> {
  if (bytes.length > PHOTO_MAX_BYTES)
    return err('invalid-input', `The photo is larger than ${PHOTO_MAX_BYTES / (1024 * 1024)} MB, the most accepted; send a smaller copy.`);
  let type: PhotoType | null = null;
  let size: { width: number; height: number } | null = null;
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    type = 'image/jpeg';
    size = jpegSize(bytes);
  } else if (bytes.length >= 8 && PNG_SIGNATURE.every((v, i) => bytes[i] === v)) {
    type = 'image/png';
    size = pngSize(bytes);
  }
  if (type === null) return err('invalid-input', 'The photo must be a JPEG or PNG image; the file sent is neither, whatever its name says.');
  const kind = type === 'image/jpeg' ? 'JPEG' : 'PNG';
  if (size === null) return err('invalid-input', `The photo looks like a ${kind} image but its size cannot be read from it; it may be damaged.`);
  const { width, height } = size;
  if (width < PHOTO_MIN_SIDE || height < PHOTO_MIN_SIDE || width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE) {
    return err(
      'invalid-input',
      `The photo is ${width.toLocaleString('en-GB')} × ${height.toLocaleString('en-GB')} pixels; each side must be between ${PHOTO_MIN_SIDE} and ${PHOTO_MAX_SIDE.toLocaleString('en-GB')} pixels.`,
    );
  }
  return ok({ type, width, height });
}
