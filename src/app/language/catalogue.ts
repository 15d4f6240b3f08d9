/**
 * The shape every message catalogue shares. A message is a sentence with named holes ("Signed in as
 * {name}") or, where the words change with a number, one sentence per plural category of the
 * language (CLDR's, as `Intl.PluralRules` gives them); the count fills the hole `{n}`.
 *
 * English needs "one" and "other"; Welsh needs all six of its categories ("zero", "one", "two",
 * "few", "many", "other"), because its nouns mutate after numbers ("2 fis", "6 mis", "1 flwyddyn").
 */
import type { MemberLanguage } from '../../domain/organisation.js';

export type Language = 'en-GB' | 'cy';

/** Every language the pages can be read in, English first (the default). */
export const LANGUAGES: readonly Language[] = ['en-GB', 'cy'];

export const isLanguage = (x: unknown): x is Language => x === 'en-GB' || x === 'cy';

/** The catalogue for a member's stored language ("en" or "cy"; never chosen reads as English). */
export const catalogueOf = (stored: MemberLanguage | null | undefined): Language => (stored === 'cy' ? 'cy' : 'en-GB');

export interface EnglishPlural {
  readonly one: string;
  readonly other: string;
}

export interface WelshPlural {
  readonly zero: string;
  readonly one: string;
  readonly two: string;
  readonly few: string;
  readonly many: string;
  readonly other: string;
}

export type PluralCategory = keyof WelshPlural;

export type EnglishMessage = string | EnglishPlural;
