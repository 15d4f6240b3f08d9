/**
 * The words members read, in English (en-GB) and Welsh (cy): the catalogues, reading them, and the
 * dates, durations, lists and eligibility reasons said in either language. Pure (no I/O): the web
 * app's pages and the notices the application layer renders both use it.
 */
export { LANGUAGES, isLanguage, catalogueOf, type Language, type EnglishPlural, type WelshPlural, type PluralCategory } from './catalogue.js';
export { EN_GB, type MessageKey, type EnglishCatalogue } from './en-gb.js';
export { CY, type WelshCatalogue } from './cy.js';
export { wordsIn, translate, holesOf, type Words, type MessageParams, type ParamValue } from './translate.js';
export { dateIn, momentIn, momentWithZone, zoneIn, durationIn, andListIn } from './dates.js';
export { eligibilityReasonIn, segmentIn, candidacyReasonIn } from './eligibility-words.js';
