/**
 * Operational logging: what an operator needs to see that the server is
 * healthy (requests, refusals, mail, process steps, slow requests, failures),
 * never who did what in a ballot. `Logger` is the port the web app and the
 * command line are given; pino, writing JSON lines to stderr, is the adapter,
 * and tests use `memoryLogger`.
 *
 * Secrets never reach a log: callers put only fields they chose (route
 * patterns, never raw URLs), and every string is scrubbed on the way in of
 * anything shaped like an email address, a sign-in code, a tracker or a token,
 * so that an error message quoting one (a mail server refusing an address)
 * cannot carry it out.
 */
import { pino } from 'pino';
import type { LogLevel } from './environment.js';

export type LogValue = string | number | boolean | null;
export type LogFields = Readonly<Record<string, LogValue | undefined>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  /** `error`'s message and stack are scrubbed like every other string. */
  error(event: string, fields?: LogFields, error?: unknown): void;
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly event: string;
  readonly fields: Readonly<Record<string, LogValue>>;
}

const SECRET_SHAPES: readonly [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[address]'],
  // A tracker, with or without its dashes.
  [/\b[A-Z2-9]{4}(?:-?[A-Z2-9]{4}){4}\b/g, '[tracker]'],
  // Sign-in codes are 8 digits; a run of 6 or more standing alone is no operator's business (ids such as tb-clp-123456 keep theirs).
  [/(?<![\w-])\d{6,}(?![\w-])/g, '[digits]'],
  // Session tokens, nonces and CSRF tokens (random base64url: capitals and small letters, and usually digits, though
  // one in a few hundred has none), and hex digests.
  [/(?<![\w-])(?=[\w-]*[a-z])(?=[\w-]*[A-Z])[\w-]{22,}(?![\w-])/g, '[token]'],
  [/\b[0-9a-f]{32,}\b/g, '[token]'],
];

/** The text with anything shaped like a secret replaced by its kind in brackets. */
export function scrub(text: string): string {
  let out = text;
  for (const [shape, word] of SECRET_SHAPES) out = out.replace(shape, word);
  return out;
}

function scrubbed(fields: LogFields | undefined, error?: unknown): Record<string, LogValue> {
  const out: Record<string, LogValue> = {};
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (v !== undefined) out[k] = typeof v === 'string' ? scrub(v) : v;
  }
  if (error !== undefined) {
    out.error = scrub(error instanceof Error ? error.message : String(error));
    if (error instanceof Error && error.stack) out.stack = scrub(error.stack);
  }
  return out;
}

/** JSON lines through pino: to stderr unless a destination is given (a test's stream). */
export function pinoLogger(options: { readonly level: LogLevel; readonly destination?: NodeJS.WritableStream }): Logger {
  const log = pino(
    {
      level: options.level,
      base: { name: 'hustings' },
      formatters: { level: (label) => ({ level: label }) },
    },
    // Written in the background, so a request never waits on a slow terminal; pino flushes what is left when the process exits.
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
  return {
    info: (event, fields) => log.info(scrubbed(fields), event),
    warn: (event, fields) => log.warn(scrubbed(fields), event),
    error: (event, fields, error) => log.error(scrubbed(fields, error), event),
  };
}

/** A logger that keeps its lines, scrubbed as pino's would be. */
export function memoryLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (event, fields) => void lines.push({ level: 'info', event, fields: scrubbed(fields) }),
    warn: (event, fields) => void lines.push({ level: 'warn', event, fields: scrubbed(fields) }),
    error: (event, fields, error) => void lines.push({ level: 'error', event, fields: scrubbed(fields, error) }),
  };
}

/**
 * Failures alone, to the console, as the web app wrote them before it had a
 * logger: what an app made without one (a test, a bench) still shows.
 */
export const consoleFailures: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: (event, fields, error) => {
    const { stack, ...rest } = scrubbed(fields, error);
    console.error(`hustings: ${event} ${JSON.stringify(rest)}${typeof stack === 'string' ? `\n${stack}` : ''}`);
  },
};
