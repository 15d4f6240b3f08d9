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
 * Why a file or folder could not be opened or read, in a few plain words, for an `InputError`'s
 * problem (which names the file): `cannot open the file (no such file or folder)`.
 */
export function fileProblem(err: unknown): string {
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
