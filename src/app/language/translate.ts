/**
 * Reading a catalogue: `wordsIn(language)` gives the function pages call, `t(key, params)`. The
 * holes a message has are known from the English catalogue's literal types, so a missing or
 * misspelt parameter is a type error where the page is written, not a "{name}" on the screen.
 * Numbers are written with thousands separated by commas, as both languages write them.
 */
import type { EnglishPlural, Language, PluralCategory, WelshPlural } from './catalogue.js';
import { CY } from './cy.js';
import { EN_GB, type EnglishCatalogue, type MessageKey } from './en-gb.js';

type Holes<S> = S extends `${string}{${infer P}}${infer R}` ? P | Holes<R> : never;
type HolesOf<M> = M extends string ? Holes<M> : M extends EnglishPlural ? 'n' | Holes<M['one']> | Holes<M['other']> : never;

export type ParamValue = string | number | bigint;
/** What a message's holes are filled with; a plural message's count is `n`. */
export type MessageParams<K extends MessageKey> = { readonly [P in HolesOf<EnglishCatalogue[K]>]: ParamValue };
type ParamsArg<K extends MessageKey> = [HolesOf<EnglishCatalogue[K]>] extends [never] ? [] : [params: MessageParams<K>];

/** The words of one language: `t('booth.next', { title })`. */
export interface Words {
  readonly language: Language;
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
}

const CATALOGUES: Readonly<Record<Language, Readonly<Record<string, string | EnglishPlural | WelshPlural>>>> = { 'en-GB': EN_GB, cy: CY };

const pluralRules = new Map<Language, Intl.PluralRules>();
function pluralCategory(language: Language, n: number): PluralCategory {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(n) as PluralCategory;
}

/** "12,345" for a whole number; anything else as given. */
function valueText(v: ParamValue): string {
  const text = typeof v === 'string' ? v : typeof v === 'bigint' ? v.toString() : Number.isInteger(v) ? v.toFixed(0) : String(v);
  return typeof v === 'string' ? text : text.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

/** The holes of a message's text, in order, each once: ["name", "title"]. */
export function holesOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]!))];
}

function fill(text: string, params: Readonly<Record<string, ParamValue>>, key: string): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (_hole, name: string) => {
    const v = params[name];
    // The types make this unreachable from typed code; a message is never shown with a raw hole.
    if (v === undefined) throw new RangeError(`the message "${key}" needs a value for {${name}}`);
    return valueText(v);
  });
}

/** One message in one language, its holes filled. */
export function translate(language: Language, key: MessageKey, params: Readonly<Record<string, ParamValue>> = {}): string {
  const message = CATALOGUES[language][key];
  if (message === undefined) throw new RangeError(`no message "${key}" in the ${language} catalogue`);
  if (typeof message === 'string') return fill(message, params, key);
  const n = params.n;
  if (n === undefined) throw new RangeError(`the message "${key}" needs a count {n}`);
  // A count may come already written with its thousands separated ("12,345").
  const category = pluralCategory(language, Number(String(n).replace(/,/g, '')));
  const text = (message as Partial<Record<PluralCategory, string>>)[category] ?? message.other;
  return fill(text, params, key);
}

const WORDS = new Map<Language, Words>();

export function wordsIn(language: Language): Words {
  let w = WORDS.get(language);
  if (!w) {
    w = { language, t: (key, ...params) => translate(language, key, params[0] as Readonly<Record<string, ParamValue>> | undefined) };
    WORDS.set(language, w);
  }
  return w;
}
