/** A mistake in a user's input file: where it is and what is wrong. Printed as `file:line: message`. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
  }
}

/**
 * A file or folder that could not be opened, read or written, as the `InputError` that names it and
 * says why in a few plain words: `data.blt: cannot open the file (no such file or folder)`.
 */
export function fileError(path: string, doing: 'open the file' | 'read the file' | 'read the folder' | 'write the file', err: unknown): InputError {
  return new InputError(path, null, `cannot ${doing} (${fileProblem(err)})`);
}

function fileProblem(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'it is a file, not a folder';
    case 'EACCES':
      return 'permission denied';
    default:
      return e.code ?? String(err);
  }
}
