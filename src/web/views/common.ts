/** Small renderings several pages share: dates, a status in words, a definition list. */
import { isIsoDate } from '../../domain/time.js';
import { dayText } from './format.js';
import { dateIn, type Words } from '../../app/language/index.js';
import { html, type Html, type Interpolation } from './html.js';

/** Something a page links to or names: a unit, a process, a constituency. */
export interface Named {
  readonly id: string;
  readonly name: string;
}

/** A calendar date as "1 August 2024" (in Welsh "1 Awst 2024" when given Welsh words) in a <time> element; anything else shown as given. */
export function dateText(date: string, w?: Words): Html {
  return isIsoDate(date) ? html`<time datetime="${date}">${w ? dateIn(w, date) : dayText(date)}</time>` : html`${date}`;
}

/**
 * A status badge. The word carries the meaning; the colour only repeats it,
 * so nothing depends on seeing colour.
 */
export function badge(text: string, tone: 'good' | 'bad' | 'neutral' | 'warn'): Html {
  return html`<span class="badge badge-${tone}">${text}</span>`;
}

export function definitionList(rows: readonly (readonly [string, Interpolation])[]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

/** Plain-text list in English: "a, b and c". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
}
