/**
 * The one way views build markup: `html` escapes every interpolated value
 * unless it is already markup made by `html` (or deliberately marked with
 * `trusted`, used only for constant strings such as inline SVG path data built
 * from numbers). Arrays are joined, null/undefined/false render nothing, so
 * conditionals read naturally: html`${cond && html`<p>…</p>`}`.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape; testing first saves building a new string (every page is mostly such text).
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (ch) => ESCAPES[ch] ?? ch) : text;
}
const NEEDS_ESCAPE = /[&<>"'`]/;
const ESCAPABLE = /[&<>"'`]/g;

/** Markup already safe to emit. Only `html` and `trusted` make one. */
export class Html {
  readonly #text: string;
  private constructor(text: string) {
    this.#text = text;
  }
  /** @internal — the constructor is private so that only this module mints safe markup. */
  static mint(text: string): Html {
    return new Html(text);
  }
  toString(): string {
    return this.#text;
  }
}

export type Interpolation = Html | string | number | bigint | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.toString();
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) {
    let out = '';
    for (const v of value) out += render(v);
    return out;
  }
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return Html.mint(out);
}

/** Marks a string the caller has built from safe parts (numbers, fixed words) as markup. Never pass user data. */
export function trusted(text: string): Html {
  return Html.mint(text);
}

/** Joins pieces of markup with a separator (escaped unless it is Html). */
export function join(parts: readonly Interpolation[], separator: Interpolation = ''): Html {
  return Html.mint(parts.map(render).join(render(separator)));
}

/** An attribute that is present or absent: html`<input${attr('required', true)}>`. */
export function attr(name: string, value: string | number | boolean | null | undefined): Html {
  if (value === null || value === undefined || value === false) return Html.mint('');
  if (value === true) return Html.mint(` ${name}`);
  return Html.mint(` ${name}="${escapeHtml(String(value))}"`);
}
