/** Number formatting and plain-text tables for the bench report. */

export function seconds(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
}

/** Megabytes of 10^6 bytes: the goal says 300 MB, and the decimal unit is the stricter reading. */
export function megabytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

export function ratio(x: number | undefined, y: number | undefined, prefix = ''): string {
  if (x === undefined || y === undefined || y === 0) return '—';
  const r = x / y;
  return `${prefix}${r < 10 ? r.toFixed(2) : r.toFixed(r < 100 ? 1 : 0)}×`;
}

export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Left-aligned columns, two spaces apart, with a rule under the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), indent + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
