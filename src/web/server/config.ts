/**
 * The web app's settings, read once from the environment at start-up (each variable checked by
 * the one environment schema, src/runtime/environment.ts):
 *
 *   HUSTINGS_ENV         development | production (default production: the safe choice)
 *   HUSTINGS_URL         the address people reach the app at, e.g. https://vote.example.org;
 *                        an https address makes cookies Secure and named __Host-…
 *   HUSTINGS_SECRET      signs the signed-out forms' CSRF tokens and one-off messages and keys the
 *                        stored hashes of sign-in codes (default: drawn once and kept in the store,
 *                        so every app server on one store shares it; see keptSecretConfig)
 *   HUSTINGS_ADMINS      member ids of the administrators, comma-separated
 *   HUSTINGS_SMTP_URL    smtp(s)://user:password@host:port — where sign-in codes are sent;
 *                        unset, they go to the console (and, in development, to /dev/outbox)
 *   HUSTINGS_MAIL_FROM   the From address (default "Hustings <no-reply@localhost>")
 *   HUSTINGS_TRUST_PROXY N: the app is behind N proxies (1 if given as "true"), so the client's address
 *                        is the Nth X-Forwarded-For entry from the right; unset or 0: the connection's address
 *   HUSTINGS_SIMULATE_WORKERS threads for the democracy review's simulations (default 1)
 *   HUSTINGS_TIME_ZONE   the organisation's time zone, in which timetables' days begin and end
 *                        (default Europe/London)
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { EnvironmentError, readEnvironment } from '../../runtime/environment.js';
import { memberId, type MemberId } from '../../domain/ids.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_TIME_ZONE } from '../../domain/local-time.js';

export type Environment = 'development' | 'production';

export interface ServerConfig {
  readonly env: Environment;
  /** Where the app is reached; decides cookie security unless `secureCookies` says otherwise. */
  readonly publicUrl: string;
  /** Who the notices to members come from, and where members ask questions (HUSTINGS_ORGANISATION, HUSTINGS_CONTACT). */
  readonly organisation: string | null;
  readonly contact: string | null;
  /** Secure, __Host- cookies. By default: when publicUrl is https. */
  readonly secureCookies: boolean;
  /** Signs tokens that are not tied to a session (at least 32 bytes). */
  readonly secret: Buffer;
  readonly admins: readonly MemberId[];
  /** How many reverse proxies stand in front of the app (0: none, the connection's address is the client's). */
  readonly trustProxy: number;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** Largest file upload accepted (an administrator's membership export), in bytes. */
  readonly uploadLimit: number;
  readonly sessionHours: number;
  readonly codeMinutes: number;
  /**
   * Sign-in attempts allowed per window: `perEmail` codes asked for one email address from one network, and
   * wrong codes for it from one browser (after which that browser's code is retired); `perAddress` attempts
   * of any kind from one network; `perEmailEverywhere` codes for one email address from anywhere (generous,
   * so that nobody short of many networks can stop its owner getting a code).
   */
  readonly attempts: { readonly windowMinutes: number; readonly perEmail: number; readonly perAddress: number; readonly perEmailEverywhere: number };
  /** Where the browser's static files are (CSS and the small ES modules). */
  readonly staticDir: string;
  /** The democracy review's simulations: threads, how many may wait, the time limit of one, and how many one client address may ask for per window. */
  readonly simulate: SimulateSettings;
  /** The organisation's time zone: ballots opened on the web record it; pages read not-yet-opened timetables in it. */
  readonly timeZone: string;
}

export interface SimulateSettings {
  readonly workers: number;
  readonly queue: number;
  readonly timeoutSeconds: number;
  readonly windowMinutes: number;
  readonly perAddress: number;
}

// Beside this module in src/ and in dist/ alike (the build copies the folder), and a real path even when a folder's name has a space.
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));

export const DEFAULTS = {
  bodyLimit: 64 * 1024,
  // A membership export runs to about 150 bytes a member: 64 MB holds a party of 400,000 members.
  uploadLimit: 64 * 1024 * 1024,
  sessionHours: 12,
  codeMinutes: 10,
  // A branch meeting signs in from one address; a person rarely needs more than a few tries.
  attempts: { windowMinutes: 15, perEmail: 5, perAddress: 60, perEmailEverywhere: 30 },
  // One thread leaves a core for the requests of everyone else on a small server; a simulation the page allows takes a few seconds.
  simulate: { workers: 1, queue: 4, timeoutSeconds: 30, windowMinutes: 10, perAddress: 20 },
} as const;

/**
 * The HTTP server's own limits (Node's defaults hold a slow request for 300 s
 * and admit any number of connections). Set by `hustings serve` from its
 * flags or the environment: HUSTINGS_REQUEST_TIMEOUT, HUSTINGS_HEADERS_TIMEOUT,
 * HUSTINGS_KEEP_ALIVE_TIMEOUT (seconds) and HUSTINGS_MAX_CONNECTIONS.
 */
export interface HttpLimits {
  /** The whole request, headers and body, must arrive within this; else the connection is dropped (408). */
  readonly requestTimeoutMs: number;
  /** The headers must arrive within this (at most the request timeout). */
  readonly headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Connections open at once; more are refused until some close. */
  readonly maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  // A member's browser sends a form of a few kilobytes: 30 s is generous on a poor mobile connection, and a proxy in front buffers bodies anyway.
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type ConfigOverrides = Partial<Omit<ServerConfig, 'attempts'>> & { readonly env: Environment; readonly attempts?: Partial<ServerConfig['attempts']> };

export function serverConfig(overrides: ConfigOverrides): ServerConfig {
  const publicUrl = overrides.publicUrl ?? 'http://localhost:3000';
  const secret = overrides.secret ?? randomBytes(32);
  if (secret.length < 32) throw new ConfigError('the secret must be at least 32 bytes');
  return {
    env: overrides.env,
    publicUrl,
    organisation: overrides.organisation ?? null,
    contact: overrides.contact ?? null,
    secureCookies: overrides.secureCookies ?? publicUrl.startsWith('https:'),
    secret,
    admins: overrides.admins ?? [],
    trustProxy: overrides.trustProxy ?? 0,
    bodyLimit: overrides.bodyLimit ?? DEFAULTS.bodyLimit,
    uploadLimit: overrides.uploadLimit ?? DEFAULTS.uploadLimit,
    sessionHours: overrides.sessionHours ?? DEFAULTS.sessionHours,
    codeMinutes: overrides.codeMinutes ?? DEFAULTS.codeMinutes,
    attempts: { ...DEFAULTS.attempts, ...overrides.attempts },
    staticDir: overrides.staticDir ?? DEFAULT_STATIC_DIR,
    simulate: overrides.simulate ?? DEFAULTS.simulate,
    timeZone: overrides.timeZone ?? DEFAULT_TIME_ZONE,
  };
}

/** The environment variables the web app reads (src/runtime/environment.ts checks each). */
export const SERVER_VARIABLES = [
  'HUSTINGS_ENV',
  'HUSTINGS_URL',
  'HUSTINGS_SECRET',
  'HUSTINGS_ADMINS',
  'HUSTINGS_TRUST_PROXY',
  'HUSTINGS_ORGANISATION',
  'HUSTINGS_CONTACT',
  'HUSTINGS_SIMULATE_WORKERS',
  'HUSTINGS_TIME_ZONE',
] as const;

/** The configuration from environment variables; `port` fills in the default public address. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>, port: number): ServerConfig {
  let read: ReturnType<typeof readEnvironment<(typeof SERVER_VARIABLES)[number]>>;
  try {
    read = readEnvironment(env, SERVER_VARIABLES);
  } catch (e) {
    if (e instanceof EnvironmentError) throw new ConfigError(e.message);
    throw e;
  }
  return serverConfig({
    timeZone: read.HUSTINGS_TIME_ZONE ?? DEFAULT_TIME_ZONE,
    env: read.HUSTINGS_ENV ?? 'production',
    publicUrl: read.HUSTINGS_URL ?? `http://localhost:${port}`,
    ...(read.HUSTINGS_SIMULATE_WORKERS !== undefined ? { simulate: { ...DEFAULTS.simulate, workers: read.HUSTINGS_SIMULATE_WORKERS } } : {}),
    ...(read.HUSTINGS_SECRET ? { secret: read.HUSTINGS_SECRET } : {}),
    admins: (read.HUSTINGS_ADMINS ?? []).map(memberId),
    trustProxy: read.HUSTINGS_TRUST_PROXY ?? 0,
    organisation: read.HUSTINGS_ORGANISATION ?? null,
    contact: read.HUSTINGS_CONTACT ?? null,
  });
}

/** The name the web app's secret is kept under in the store. */
const KEPT_SECRET = 'web';

/**
 * The configuration with the store's kept secret, unless HUSTINGS_SECRET gave one: drawn by the first
 * server to start on the store and read by every later one, so codes and signed forms survive a restart
 * and work on every app server sharing the store.
 */
export async function keptSecretConfig(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>>,
  store: Pick<Store, 'keptSecret'>,
): Promise<ServerConfig> {
  if (readEnvironment(env, ['HUSTINGS_SECRET']).HUSTINGS_SECRET !== undefined) return config;
  const kept = await store.keptSecret(KEPT_SECRET, randomBytes(32).toString('base64url'));
  return serverConfig({ ...config, secret: Buffer.from(kept, 'base64url') });
}
