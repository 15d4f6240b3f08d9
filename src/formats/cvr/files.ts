/** Reading a CVR source's files in chunks, with the file's problems said as `InputError`s. */
import { open, readdir, stat } from 'node:fs/promises';
import { fileError, InputError } from '../errors.js';

const CHUNK_BYTES = 1 << 20;

/** Calls `sink` with each chunk of the file (a view valid only during the call). */
export async function eachChunk(path: string, sink: (chunk: Uint8Array) => void, start = 0, length = Number.POSITIVE_INFINITY): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fileError(path, 'open the file', err);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = start;
    let left = length;
    while (left > 0) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, left), position));
      } catch (err) {
        throw fileError(path, 'read the file', err);
      }
      if (bytesRead === 0) break;
      position += bytesRead;
      left -= bytesRead;
      sink(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

/** Reads a small file whole (a manifest, a zip's directory). */
export async function readRange(path: string, start: number, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  await eachChunk(path, (c) => parts.push(Buffer.from(c)), start, length);
  return Buffer.concat(parts);
}

export async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new InputError(path, null, 'expected a file, found a folder');
    return s.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw fileError(path, 'open the file', err);
  }
}

/** The names in a folder, sorted; a missing folder or a file is an `InputError`. */
export async function folderNames(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch (err) {
    throw fileError(path, 'read the folder', err);
  }
}

/** Reads a whole (small) file as UTF-8 text, without a byte-order mark. */
export async function readSmallText(path: string): Promise<string> {
  const parts: Buffer[] = [];
  await eachChunk(path, (c) => parts.push(Buffer.from(c)));
  const text = Buffer.concat(parts).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file in a folder, joined with the folder's own separator kept. */
export function inFolder(folder: string, name: string): string {
  return /[\\/]$/.test(folder) ? `${folder}${name}` : `${folder}/${name}`;
}
