/**
 * The web app's settings, read once from the environment at start-up:
 *
 *   HUSTINGS_ENV         development | production (default production: the safe choice)
 *   HUSTINGS_URL         the address people reach the app at, e.g. https://vote.example.org;
 *                        an https address makes cookies Secure and named __Host-…
 *   HUSTINGS_SECRET      signs the signed-out forms' CSRF tokens and one-off messages; several
 *                        app servers behind one address must share it (default: drawn at start)
 *   HUSTINGS_ADMINS      member ids of the administrators, comma-separated
 *   HUSTINGS_SMTP_URL    smtp(s)://user:password@host:port — where sign-in codes are sent;
 *                        unset, they go to the console (and, in development, to /dev/outbox)
 *   HUSTINGS_MAIL_FROM   the From address (default "Hustings <no-reply@localhost>")
 *   HUSTINGS_TRUST_PROXY 1 to take the client's address from X-Forwarded-For (behind a proxy)
 *   HUSTINGS_TIME_ZONE   the organisation's time zone, in which timetables' days begin and end
 *                        (default Europe/London)
 */
import { randomBytes } from 'node:crypto';
import { timeZoneSetting } from '../../config.js';
import { memberId, type MemberId } from '../../domain/ids.js';
import { DEFAULT_TIME_ZONE } from '../../domain/local-time.js';

export type Environment = 'development' | 'production';

export interface ServerConfig {
  readonly env: Environment;
  /** Where the app is reached; decides cookie security unless `secureCookies` says otherwise. */
  readonly publicUrl: string;
  /** Secure, __Host- cookies. By default: when publicUrl is https. */
  readonly secureCookies: boolean;
  /** Signs tokens that are not tied to a session (at least 32 bytes). */
  readonly secret: Buffer;
  readonly admins: readonly MemberId[];
  readonly trustProxy: boolean;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  readonly sessionHours: number;
  readonly codeMinutes: number;
  /** Sign-in attempts allowed per window, per email address and per client address. */
  readonly attempts: { readonly windowMinutes: number; readonly perEmail: number; readonly perAddress: number };
  /** Where the browser's static files are (CSS and the small ES modules). */
  readonly staticDir: string;
  /** The organisation's time zone: ballots opened on the web record it; pages read not-yet-opened timetables in it. */
  readonly timeZone: string;
}

export const DEFAULT_STATIC_DIR = new URL('../../../src/web/static/', import.meta.url).pathname;

export const DEFAULTS = {
  bodyLimit: 64 * 1024,
  sessionHours: 12,
  codeMinutes: 10,
  // A branch meeting signs in from one address; a person rarely needs more than a few tries.
  attempts: { windowMinutes: 15, perEmail: 5, perAddress: 60 },
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Member ids in a comma-separated list; blanks ignored. */
export function parseAdmins(text: string | undefined): MemberId[] {
  if (text === undefined) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(memberId);
}

export function serverConfig(overrides: Partial<ServerConfig> & { readonly env: Environment }): ServerConfig {
  const publicUrl = overrides.publicUrl ?? 'http://localhost:3000';
  const secret = overrides.secret ?? randomBytes(32);
  if (secret.length < 32) throw new ConfigError('the secret must be at least 32 bytes');
  return {
    env: overrides.env,
    publicUrl,
    secureCookies: overrides.secureCookies ?? publicUrl.startsWith('https:'),
    secret,
    admins: overrides.admins ?? [],
    trustProxy: overrides.trustProxy ?? false,
    bodyLimit: overrides.bodyLimit ?? DEFAULTS.bodyLimit,
    sessionHours: overrides.sessionHours ?? DEFAULTS.sessionHours,
    codeMinutes: overrides.codeMinutes ?? DEFAULTS.codeMinutes,
    attempts: overrides.attempts ?? DEFAULTS.attempts,
    staticDir: overrides.staticDir ?? DEFAULT_STATIC_DIR,
    timeZone: overrides.timeZone ?? DEFAULT_TIME_ZONE,
  };
}

/** The configuration from environment variables; `port` fills in the default public address. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>, port: number): ServerConfig {
  const given = env.HUSTINGS_ENV ?? 'production';
  if (given !== 'development' && given !== 'production') throw new ConfigError(`HUSTINGS_ENV must be development or production, not "${given}"`);
  const publicUrl = (env.HUSTINGS_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`HUSTINGS_URL must be an http:// or https:// address, not "${publicUrl}"`);
  }
  let secret: Buffer | undefined;
  if (env.HUSTINGS_SECRET !== undefined && env.HUSTINGS_SECRET !== '') {
    secret = Buffer.from(env.HUSTINGS_SECRET, 'utf8');
    if (secret.length < 32) throw new ConfigError('HUSTINGS_SECRET must be at least 32 characters long');
  }
  const zone = timeZoneSetting(undefined, env);
  if (!zone.ok) throw new ConfigError(zone.error.message);
  return serverConfig({
    timeZone: zone.value,
    env: given,
    publicUrl,
    ...(secret ? { secret } : {}),
    admins: parseAdmins(env.HUSTINGS_ADMINS),
    trustProxy: env.HUSTINGS_TRUST_PROXY === '1' || env.HUSTINGS_TRUST_PROXY === 'true',
  });
}
