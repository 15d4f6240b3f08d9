/** A candidate's photo judged by its bytes: type by magic number, size limit, dimensions from the header. */
import { describe, expect, it } from 'vitest';
import { judgePhoto, PHOTO_MAX_BYTES } from '../../src/domain/photo-bytes.js';
import { jpegPhoto, pngPhoto } from '../fixtures/photos.js';

const refusal = (bytes: Uint8Array) => {
  const r = judgePhoto(bytes);
  return r.ok ? null : r.error.message;
};

describe('judging a photo by its bytes', () => {
  it('reads a PNG and a JPEG, with their width and height from the header', () => {
    expect(judgePhoto(pngPhoto(120, 90))).toEqual({ ok: true, value: { type: 'image/png', width: 120, height: 90 } });
    expect(judgePhoto(jpegPhoto(640, 480))).toEqual({ ok: true, value: { type: 'image/jpeg', width: 640, height: 480 } });
  });

  it('refuses what is neither, whatever it is called', () => {
    expect(refusal(new TextEncoder().encode('<html>not a photo</html>'))).toBe(
      'The photo must be a JPEG or PNG image; the file sent is neither, whatever its name says.',
    );
    expect(refusal(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]))).toContain('neither');
  });

  it('refuses one too large, too small or too big in pixels, or whose size cannot be read', () => {
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set(pngPhoto(64, 64));
    expect(refusal(big)).toBe('The photo is larger than 2 MB, the most accepted; send a smaller copy.');
    expect(refusal(pngPhoto(10, 200))).toBe('The photo is 10 × 200 pixels; each side must be between 32 and 6,000 pixels.');
    expect(refusal(jpegPhoto(7000, 100))).toContain('7,000 × 100 pixels');
    expect(refusal(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBe('The photo looks like a JPEG image but its size cannot be read from it; it may be damaged.');
  });
});
