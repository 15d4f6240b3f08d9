/** Long lists shown a page at a time: which page to show, from the query's, kept within the pages there are. */
export interface PageAt {
  readonly page: number;
  readonly pages: number;
}

/** The page `asked` for (the query's text; the first when absent or not a number) of `count` rows, `size` to a page. */
export function pageAt(count: number, asked: string | undefined, size: number): PageAt {
  const pages = Math.max(1, Math.ceil(count / size));
  return { page: Math.min(pages, Math.max(1, Number.parseInt(asked ?? '1', 10) || 1)), pages };
}

/** The rows of the page. */
export function rowsOf<T>(rows: readonly T[], at: PageAt, size: number): readonly T[] {
  return rows.slice((at.page - 1) * size, at.page * size);
}
