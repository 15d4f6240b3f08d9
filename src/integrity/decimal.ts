/**
 * The decimals of a count record ("120.00000", "-1.66") as exact scaled
 * integers, for checking a record's arithmetic without floating point.
 */

export interface Decimal {
  /** The value × 10^places. */
  readonly scaled: bigint;
  readonly places: number;
}

export function parseDecimal(text: string): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  const magnitude = BigInt(m[2] + frac);
  return { scaled: m[1] === '-' ? -magnitude : magnitude, places: frac.length };
}

/** The value scaled to `places` (which must be at least the decimal's own). */
export function scaledTo(d: Decimal, places: number): bigint {
  return d.scaled * 10n ** BigInt(places - d.places);
}

/** Formats a scaled value at `places`. */
export function formatScaled(scaled: bigint, places: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  return `${negative ? '-' : ''}${whole}${places > 0 ? `.${digits.slice(digits.length - places)}` : ''}`;
}

/** Sums decimal texts at the finest precision among them (and `places`). */
export class DecimalSum {
  private total = 0n;
  constructor(private places: number) {}

  add(text: string, sign: 1n | -1n = 1n): this {
    const d = parseDecimal(text);
    if (d.places > this.places) {
      this.total *= 10n ** BigInt(d.places - this.places);
      this.places = d.places;
    }
    this.total += sign * scaledTo(d, this.places);
    return this;
  }

  get value(): Decimal {
    return { scaled: this.total, places: this.places };
  }
}

/** a − b, at the finer precision of the two. */
export function difference(a: Decimal, b: Decimal): Decimal {
  const places = Math.max(a.places, b.places);
  return { scaled: scaledTo(a, places) - scaledTo(b, places), places };
}

/** Whether |a − b| is at most `units` of the last place of the finer of the two. */
export function within(a: Decimal, b: Decimal, units: bigint): boolean {
  const d = difference(a, b).scaled;
  return (d < 0n ? -d : d) <= units;
}

export const show = (d: Decimal): string => formatScaled(d.scaled, d.places);
