/**
 * What both adapters do alike when keeping sign-in records.
 *
 * Sign-in attempts are counted per key over a window the caller chooses
 * (`since`). Each count prunes that key's attempts from before its window, and
 * every other key's attempts from more than a day before it, so keys that are
 * never tried again do not pile up. A caller counting over a window longer than
 * a day would lose attempts to that second prune; the web app's windows are
 * minutes to an hour.
 */
export const ATTEMPT_RETENTION_MS = 24 * 60 * 60 * 1000;
