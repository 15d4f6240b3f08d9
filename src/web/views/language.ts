/**
 * The words of a page in the reader's language (ctx.lang, English when absent), and the header's
 * switch to the other language. Member pages take their words from here; officer pages stay English.
 */
import { EN_GB, translate, wordsIn, type Language, type MessageKey, type MessageParams, type Words } from '../../app/language/index.js';
import type { ViewContext } from './context.js';
import { html, join, type Html, type Interpolation } from './html.js';
import { paths } from './paths.js';
import { fractionWords, methodPhrase } from '../../domain/rulebook-words.js';
import type { Fraction } from '../../domain/rulebook.js';

export const wordsFor = (ctx: Pick<ViewContext, 'lang'>): Words => wordsIn(ctx.lang ?? 'en-GB');

/** Each language named in itself, as a switch offers it. */
const NAMES: Readonly<Record<Language, string>> = { 'en-GB': 'English', cy: 'Cymraeg' };

/** "Cymraeg" on an English page, "English" on a Welsh one: a link that switches and comes back here. */
export function languageSwitch(ctx: ViewContext): Html {
  const w = wordsFor(ctx);
  const other: Language = w.language === 'cy' ? 'en-GB' : 'cy';
  return html`<nav class="language-switch" aria-label="${w.t('layout.languageNav')}"><a href="${paths.language(other, ctx.path ?? paths.home)}" lang="${other}" hreflang="${other}">${NAMES[other]}</a></nav>`;
}

/**
 * A message with markup in its holes (a link, a <strong> name): the words are escaped, the markup
 * kept, and each language places the markup where its sentence needs it.
 */
export function wordsHtml<K extends MessageKey>(w: Words, key: K, params: { readonly [P in keyof MessageParams<K>]: Interpolation }): Html {
  const marks: Interpolation[] = [];
  const plain: Record<string, string | number | bigint> = {};
  for (const [name, value] of Object.entries(params as Readonly<Record<string, Interpolation>>)) {
    if (typeof value === 'number' || typeof value === 'bigint' || (typeof value === 'string' && name === 'n')) plain[name] = value;
    else {
      plain[name] = `\u0000${marks.length}\u0000`;
      marks.push(value);
    }
  }
  const text = (w.t as (key: MessageKey, params: Readonly<Record<string, string | number | bigint>>) => string)(key, plain);
  return join(text.split(/\u0000(\d+)\u0000/).map((part, i) => (i % 2 === 0 ? part : html`${marks[Number(part)]}`)));
}

/** A counting method as the booth names it ("the alternative vote"); one the catalogue lacks by the domain's name. */
export function methodIn(w: Words, id: string): string {
  return (NAMED_METHODS as readonly string[]).includes(id) ? w.t(`method.${id as (typeof NAMED_METHODS)[number]}`) : methodPhrase(id);
}
const NAMED_METHODS = ['plurality', 'block', 'irv', 'stv-scottish', 'stv-ers97', 'stv-meek', 'stv-droop', 'stv-mpls', 'stv-wigm'] as const;

/**
 * The booth script's words in the page's language, holes unfilled ("Add: {name}"), as JSON for the
 * form's data-booth-words: the script fills them in, so its words come from the catalogue too.
 */
export function boothScriptWords(w: Words): string {
  let words = SCRIPT_WORDS.get(w.language);
  if (words === undefined) {
    const keys = (Object.keys(EN_GB) as MessageKey[]).filter((k) => k.startsWith('script.'));
    words = JSON.stringify(Object.fromEntries(keys.map((k) => [k.slice('script.'.length), translate(w.language, k, HOLES_KEPT)])));
    SCRIPT_WORDS.set(w.language, words);
  }
  return words;
}
/** The catalogues do not change while the server runs, and every booth page carries its language's script words. */
const SCRIPT_WORDS = new Map<string, string>();
/** Every hole a script message has, filled with itself. */
const HOLES_KEPT = { name: '{name}', max: '{max}', upTo: '{upTo}', place: '{place}', count: '{count}' } as const;

const FRACTION_KEYS: Readonly<Record<string, `fraction.${'half' | 'third' | 'twoThirds' | 'quarter' | 'threeQuarters' | 'fifth'}`>> = {
  half: 'fraction.half',
  'one third': 'fraction.third',
  'two thirds': 'fraction.twoThirds',
  'a quarter': 'fraction.quarter',
  'three quarters': 'fraction.threeQuarters',
  'a fifth': 'fraction.fifth',
};

/** "one third", "half", "40%": a share in the member's language (figures read the same in both). */
export function fractionIn(w: Words, f: Fraction): string {
  const english = fractionWords(f);
  const key = FRACTION_KEYS[english];
  return key === undefined ? english : w.t(key);
}
