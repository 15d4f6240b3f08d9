/**
 * Every environment variable Hustings reads, in one schema. Each entry turns
 * the text of one variable into a setting, or refuses it with a sentence that
 * names the variable and what it must be. A variable that is unset (or, where
 * noted, empty) is `undefined`: the default belongs to whoever uses it.
 *
 * A caller reads only the variables it uses (`readEnvironment(env, [...])`),
 * so a mistake in the web server's settings never stops `hustings init`.
 */
import { z } from 'zod';
import { checkTimeZone } from '../domain/local-time.js';

type Env = Readonly<Record<string, string | undefined>>;

/** One variable: its text (never undefined here) to a value, or a problem in words. */
function variable<T>(read: (text: string) => { readonly value: T } | { readonly problem: string }) {
  return z
    .string()
    .optional()
    .transform((text, ctx): T | undefined => {
      if (text === undefined) return undefined;
      const r = read(text);
      if ('problem' in r) {
        ctx.issues.push({ code: 'custom', message: r.problem, input: text });
        return z.NEVER;
      }
      return r.value;
    });
}

const unsetWhenBlank = <T>(read: (text: string) => { readonly value: T } | { readonly problem: string }) =>
  variable<T | undefined>((text) => (text.trim() === '' ? { value: undefined } : read(text)));

const asIs = (text: string) => ({ value: text });

/** A number of seconds above 0 (a fraction allowed) or a whole count from 1, up to `max`: the form of the HTTP limits, from a flag or a variable. */
export function limitValue(text: string, where: string, seconds: boolean, max: number): { readonly value: number } | { readonly problem: string } {
  const n = (seconds ? /^\d+(\.\d+)?$/ : /^\d+$/).test(text) ? Number(text) : NaN;
  if (!(n > 0 && n <= max))
    return {
      problem: `${where} must be ${seconds ? 'a number of seconds above 0' : 'a whole number from 1'} up to ${max.toLocaleString('en-GB')}, not "${text}"`,
    };
  return { value: seconds ? Math.round(n * 1000) : n };
}

/** The HTTP server's limits: the flag each has on `hustings serve`, its variable, and its bound. */
export const LIMIT_VARIABLES = [
  { flag: 'request-timeout', env: 'HUSTINGS_REQUEST_TIMEOUT', key: 'requestTimeoutMs', seconds: true, max: 3600 },
  { flag: 'headers-timeout', env: 'HUSTINGS_HEADERS_TIMEOUT', key: 'headersTimeoutMs', seconds: true, max: 3600 },
  { flag: 'keep-alive-timeout', env: 'HUSTINGS_KEEP_ALIVE_TIMEOUT', key: 'keepAliveTimeoutMs', seconds: true, max: 3600 },
  { flag: 'max-connections', env: 'HUSTINGS_MAX_CONNECTIONS', key: 'maxConnections', seconds: false, max: 1_000_000 },
] as const;

/** Whether `hustings serve` sends the outbox's notices itself: on (the default) or off, from its flag or HUSTINGS_OUTBOX_SENDER. */
export function outboxSenderValue(text: string, where: string): { readonly value: boolean } | { readonly problem: string } {
  const t = text.trim().toLowerCase();
  if (t === 'on') return { value: true };
  if (t === 'off') return { value: false };
  return { problem: `${where} must be on (this server sends the notices) or off (another process, hustings outbox drain, sends them), not "${text}"` };
}

const limit = (l: (typeof LIMIT_VARIABLES)[number]) =>
  variable<number | undefined>((text) => (text.trim() === '' ? { value: undefined } : limitValue(text.trim(), l.env, l.seconds, l.max)));

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ENVIRONMENT = z.object({
  /** The store's url (src/runtime/store-location.ts). */
  HUSTINGS_DB: unsetWhenBlank(asIs),
  HUSTINGS_TIME_ZONE: unsetWhenBlank((text) => {
    const zone = checkTimeZone(text, 'HUSTINGS_TIME_ZONE');
    return zone.ok ? { value: zone.value } : { problem: zone.error.message };
  }),
  // Unset is production, the safe choice; set but empty is a mistake worth naming.
  HUSTINGS_ENV: variable<'development' | 'production'>((text) =>
    text === 'development' || text === 'production' ? { value: text } : { problem: `HUSTINGS_ENV must be development or production, not "${text}"` },
  ),
  HUSTINGS_URL: variable<string>((text) => {
    const url = text.replace(/\/+$/, '');
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' || u.protocol === 'https:') return { value: url };
    } catch {
      // Refused below, as any other address that is not http(s).
    }
    return { problem: `HUSTINGS_URL must be an http:// or https:// address, not "${url}"` };
  }),
  // Never echoed: it is a secret.
  HUSTINGS_SECRET: variable<Buffer | undefined>((text) => {
    if (text === '') return { value: undefined };
    const secret = Buffer.from(text, 'utf8');
    return secret.length < 32 ? { problem: 'HUSTINGS_SECRET must be at least 32 characters long' } : { value: secret };
  }),
  HUSTINGS_ADMINS: variable<string[]>((text) => ({
    value: text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  })),
  // nodemailer reads it (smtp://user:password@host:port); never echoed, as it may hold the password.
  HUSTINGS_SMTP_URL: unsetWhenBlank(asIs),
  HUSTINGS_MAIL_FROM: unsetWhenBlank(asIs),
  // Who the notices come from, as each signs off, and where members ask questions.
  HUSTINGS_ORGANISATION: unsetWhenBlank(asIs),
  HUSTINGS_CONTACT: unsetWhenBlank(asIs),
  // Messages per second the outbox's sender starts, at most (a fraction allowed: 0.5 is one every two seconds).
  HUSTINGS_MAIL_RATE: unsetWhenBlank((text) => {
    const t = text.trim();
    const n = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
    return n > 0 && n <= 100_000 ? { value: n } : { problem: `HUSTINGS_MAIL_RATE must be a number of messages per second above 0, up to 100,000, not "${t}"` };
  }),
  // Off where several app servers share one store and the outbox's sender runs as its own process.
  HUSTINGS_OUTBOX_SENDER: unsetWhenBlank((text) => outboxSenderValue(text, 'HUSTINGS_OUTBOX_SENDER')),
  HUSTINGS_TRUST_PROXY: variable<number>((text) => {
    if (text === '' || text === 'false') return { value: 0 };
    if (text === 'true') return { value: 1 };
    if (!/^\d{1,2}$/.test(text)) return { problem: `HUSTINGS_TRUST_PROXY must be the number of proxies in front of the app (e.g. 1), not "${text}"` };
    return { value: Number(text) };
  }),
  HUSTINGS_SIMULATE_WORKERS: unsetWhenBlank((text) => {
    const t = text.trim();
    if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 64) return { problem: `HUSTINGS_SIMULATE_WORKERS must be a whole number from 1 to 64, not "${t}"` };
    return { value: Number(t) };
  }),
  HUSTINGS_REQUEST_TIMEOUT: limit(LIMIT_VARIABLES[0]),
  HUSTINGS_HEADERS_TIMEOUT: limit(LIMIT_VARIABLES[1]),
  HUSTINGS_KEEP_ALIVE_TIMEOUT: limit(LIMIT_VARIABLES[2]),
  HUSTINGS_MAX_CONNECTIONS: limit(LIMIT_VARIABLES[3]),
  HUSTINGS_LOG_LEVEL: unsetWhenBlank((text) => {
    const t = text.trim().toLowerCase();
    return (LOG_LEVELS as readonly string[]).includes(t)
      ? { value: t as LogLevel }
      : { problem: `HUSTINGS_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${text}"` };
  }),
  // As hosting platforms set it.
  PORT: unsetWhenBlank((text) => {
    const t = text.trim();
    if (!/^\d+$/.test(t) || Number(t) > 65535) return { problem: `PORT must be a whole number from 0 to 65535, not "${text}"` };
    return { value: Number(t) };
  }),
  // The operating-system user, when the system has no entry for this uid (src/runtime/os-user.ts).
  USER: z.string().optional(),
  LOGNAME: z.string().optional(),
  USERNAME: z.string().optional(),
});

export type Variable = keyof typeof ENVIRONMENT.shape;
export type Settings = z.output<typeof ENVIRONMENT>;

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** The named variables as settings; throws an EnvironmentError whose message names each variable refused. */
export function readEnvironment<K extends Variable>(env: Env, names: readonly K[]): Pick<Settings, K> {
  const read: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of names) {
    const one = ENVIRONMENT.shape[name].safeParse(env[name]);
    if (one.success) read[name] = one.data;
    else problems.push(...one.error.issues.map((i) => i.message));
  }
  if (problems.length > 0) throw new EnvironmentError(problems.join('; '));
  // Each entry was parsed by its own schema just above.
  return read as Pick<Settings, K>;
}
