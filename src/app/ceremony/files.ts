/**
 * The files of an encrypted ballot's ceremony on a person's own machine (docs/verifiable-ballots.md
 * §13): reading the board and the messages as JSON, writing new files only (a private key
 * overwritten by mistake cannot be got back), private ones readable by their owner alone, and the
 * platform's secure random source.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { RandomBytes } from '../../verifiable/group.js';
import { type AppResult, refusal } from '../app-error.js';

/** The operating system's secure random bytes. */
export const secureRandom: RandomBytes = (length) => new Uint8Array(randomBytes(length));

/** A file's JSON, or a refusal naming the file and what is wrong with it. */
export function readJsonFile(file: string, what: string): AppResult<unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refusal('not-found', 'unreadable-file', `${file}: cannot read ${what} (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`);
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return refusal('malformed', 'not-json', `${file}: ${what} must be JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Refuses if any of the files exists, before anything is written. */
export function refuseExisting(files: readonly string[]): AppResult<void> {
  const there = files.filter((f) => existsSync(f));
  if (there.length > 0)
    return refusal(
      'conflict',
      'file-exists',
      `${there.join(' and ')} already exist${there.length === 1 ? 's' : ''}: nothing was written (move ${there.length === 1 ? 'it' : 'them'} away or choose another name; a key file is never overwritten)`,
    );
  return { ok: true, value: undefined };
}

/** A file that must not exist yet; `secret` ones are readable and writable by their owner only (mode 0600). */
export function writeNewFile(file: string, text: string, secret: boolean): void {
  writeFileSync(file, text, { flag: 'wx', mode: secret ? 0o600 : 0o644 });
}

export const ceremonyJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A step's new files, all or none: if one cannot be written, those already written are removed. */
export function writeNewFiles(files: readonly { readonly file: string; readonly text: string; readonly secret: boolean }[]): void {
  const written: string[] = [];
  try {
    for (const f of files) {
      writeNewFile(f.file, f.text, f.secret);
      written.push(f.file);
    }
  } catch (e) {
    for (const file of written) rmSync(file, { force: true });
    throw e;
  }
}
