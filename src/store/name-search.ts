/**
 * What both adapters share for finding members and units by name: the query's words as LIKE
 * patterns, each matching a word of the name that it begins (the name is searched with a space
 * before it, so its first word counts too), and the bounds of the result.
 *
 * A word-prefix match cannot use a B-tree index, so each search reads the table once; at a party's
 * size (tens of thousands of members) that is a few milliseconds, and the limit keeps the answer small.
 */

/** Most matches one search returns. */
export const FIND_MAX = 100;

/** The query's words, lower-cased, each as a LIKE pattern (escaped with `\`) for " word…" anywhere in " name". At most 8 words, each cut to 64 characters. */
export function nameWordPatterns(text: string): string[] {
  return (
    text
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '')
      .slice(0, 8)
      // Each word cut to 64 characters: no word of a name is longer, and a longer one would only make a LIKE pattern SQLite refuses as too complex.
      .map((w) => `% ${w.slice(0, 64).replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  );
}

export function findLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`a search's limit must be a whole number of 1 or more, not ${limit}`);
  return Math.min(limit, FIND_MAX);
}
