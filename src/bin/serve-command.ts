/**
 * `hustings serve [--port 3000] [--host H] [--db <url>] [--outbox-sender on|off] [--demo [--members N]]`: the web app.
 *
 * With --demo (what `npm start` runs) an empty store is first filled with the
 * demo party (20,000 members by default, so start-up takes seconds; `hustings
 * demo --members 550000` makes the full-size one), the server runs in
 * development mode unless HUSTINGS_ENV says otherwise, and the banner names a
 * demo member to sign in as for each role.
 *
 * The outbox's sender runs beside the server unless --outbox-sender off (or
 * HUSTINGS_OUTBOX_SENDER=off) says another process sends the notices: where
 * several app servers share one PostgreSQL store, one `hustings outbox drain`
 * sends them and the servers' event loops are left to the members' requests.
 *
 * Here, beside the executable, because it reads a command line and starts the
 * web app: the command line and the web app never import each other.
 */
import { untilStopped } from '../runtime/until-stopped.js';
import { loadDemoParty, partyHeld } from '../app/load-demo.js';
import { senderName } from '../app/notices/drain.js';
import { noticeTemplates } from '../app/notices/templates.js';
import { startOutboxSender } from '../app/notices/sender.js';
import { UsageError, optionLines, type FlagSpec } from '../cli/args.js';
import type { Io } from '../cli/run.js';
import { CommandError, DB_FLAG, guarded, parseCommand, positionals, stringFlag } from '../cli/store-common.js';
import { dateOf } from '../domain/time.js';
import { EnvironmentError, LIMIT_VARIABLES, limitValue, outboxSenderValue, readEnvironment, type Settings, type Variable } from '../runtime/environment.js';
import { pinoLogger, type Logger } from '../runtime/logger.js';
import { mailerTransport, outboxTransportFromEnv } from '../runtime/mail-transport.js';
import { devOutbox, smtpFromEnv, type Mailer } from '../runtime/mailer.js';
import { cliActor } from '../runtime/os-user.js';
import { describeStore, sourceText, storeLocation } from '../runtime/store-location.js';
import { systemClock } from '../runtime/system-clock.js';
import { timeZoneSetting } from '../runtime/time-zone.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { demoAccounts, startServer, type Running } from '../web/serve.js';
import { ConfigError, DEFAULT_HTTP_LIMITS, configFromEnv, keptSecretConfig, serverConfig, type HttpLimits, type ServerConfig } from '../web/server/config.js';

/** What each limit bounds, for the help; its flag, variable and ceiling are the environment's (LIMIT_VARIABLES). */
const LIMIT_WORDS: Readonly<Record<(typeof LIMIT_VARIABLES)[number]['flag'], string>> = {
  'request-timeout': 'the whole request, body included, must arrive within S seconds',
  'headers-timeout': 'its headers within S seconds, at most the request timeout',
  'keep-alive-timeout': 'an idle kept-alive connection is closed after S seconds',
  'max-connections': 'connections open at once',
};

const SERVE_FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  { flag: 'port', takesValue: true, value: 'N', help: 'the port to listen on (default: PORT, else 3000; 0 picks a free one)' },
  { flag: 'host', takesValue: true, value: 'H', help: 'the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)' },
  {
    flag: 'demo',
    takesValue: false,
    help: 'if the store holds no party, fill it with the demo party first (as hustings demo); development mode unless HUSTINGS_ENV is set, and the first national officer is an administrator unless HUSTINGS_ADMINS is set. A store that already holds a party is served as without --demo',
  },
  { flag: 'members', takesValue: true, value: 'N', help: 'members in the demo party (default 20000)' },
  { flag: 'seed', takesValue: true, value: 'N', help: "the demo generator's seed (default 1)" },
  {
    flag: 'time-zone',
    takesValue: true,
    value: 'ZONE',
    help: "the organisation's time zone for ballots opened on the web (default: HUSTINGS_TIME_ZONE, else Europe/London)",
  },
  {
    flag: 'outbox-sender',
    takesValue: true,
    value: 'on|off',
    help: "whether this server sends the outbox's notices (invitations, reminders) itself (default: HUSTINGS_OUTBOX_SENDER, else on); off where another process sends them, as one hustings outbox drain beside several app servers sharing a PostgreSQL database",
  },
];

const LIMIT_FLAGS: readonly FlagSpec[] = LIMIT_VARIABLES.map((l) => {
  const fallback = DEFAULT_HTTP_LIMITS[l.key];
  return { flag: l.flag, takesValue: true, value: l.seconds ? 'S' : 'N', help: `${LIMIT_WORDS[l.flag]} (${l.env}, ${l.seconds ? fallback / 1000 : fallback})` };
});

export const SERVE_HELP = `Usage: hustings serve [--port N] [--host H] [--db <url>] [--time-zone ZONE] [--outbox-sender on|off] [--demo [--members N] [--seed N]] [limits]

Starts the web app: members sign in with a code sent by email, vote in their ballots and check
results; secretaries and officers record meetings and run processes.

${optionLines(SERVE_FLAGS).join('\n')}

Limits (in brackets: the environment variable used when the flag is not given, and the default):
${optionLines(LIMIT_FLAGS).join('\n')}
  Threads for the democracy review's simulations: HUSTINGS_SIMULATE_WORKERS (default 1).

Environment: HUSTINGS_ENV (development | production, default production), HUSTINGS_URL (the public
address; https makes cookies Secure and __Host-), HUSTINGS_SECRET (unset: one is drawn once and
kept in the store), HUSTINGS_ADMINS (member ids), HUSTINGS_SMTP_URL (smtp://user:pass@host:port;
unset: codes are printed on the console, and in development shown at /dev/outbox),
HUSTINGS_MAIL_FROM, HUSTINGS_MAIL_RATE (most notices sent per second; default no limit), HUSTINGS_OUTBOX_SENDER
(on | off, as --outbox-sender), HUSTINGS_TRUST_PROXY=N (the number of reverse proxies in front; 1 if "true"),
HUSTINGS_LOG_LEVEL (the operational log on stderr as JSON lines: info, the default, warn, error or silent),
HUSTINGS_TIME_ZONE (the organisation's time zone, default Europe/London: a ballot opened on the web
closes at the end of its closing day there, or at the time the officer gave).

The server closes and seals each ballot at its closing moment by itself (and, on start, any whose
moment passed while it was stopped), logging ballot.closed-by-timetable in the audit log.
`;

export const DEMO_START_MEMBERS = 20_000;

function whole(p: ReturnType<typeof parseCommand>, name: string, fallback: number, min: number, max: number): number {
  const v = stringFlag(p, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${v}"`);
  return Number(v);
}

/** The named environment variables, a refusal of any being a usage error. */
function environment<K extends Variable>(env: Readonly<Record<string, string | undefined>>, names: readonly K[]): Pick<Settings, K> {
  try {
    return readEnvironment(env, names);
  } catch (e) {
    if (e instanceof EnvironmentError) throw new UsageError(e.message);
    throw e;
  }
}

/** The server's limits: each from its flag, else its environment variable, else the default. */
function httpLimits(p: ReturnType<typeof parseCommand>, env: Readonly<Record<string, string | undefined>>): HttpLimits {
  const out: Record<string, number> = { ...DEFAULT_HTTP_LIMITS };
  for (const l of LIMIT_VARIABLES) {
    const flag = stringFlag(p, l.flag);
    const value = flag !== undefined ? limitValue(flag, `--${l.flag}`, l.seconds, l.max) : { value: environment(env, [l.env])[l.env] };
    if ('problem' in value) throw new UsageError(value.problem);
    if (value.value !== undefined) out[l.key] = value.value;
  }
  const limits = out as unknown as HttpLimits;
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new UsageError(
      `the headers timeout (${limits.headersTimeoutMs / 1000} s) must not be longer than the request timeout (${limits.requestTimeoutMs / 1000} s), which includes it`,
    );
  }
  return limits;
}

/** Whether this server sends the outbox's notices (--outbox-sender, else HUSTINGS_OUTBOX_SENDER, else on), and where that was said. */
function outboxSender(
  p: ReturnType<typeof parseCommand>,
  env: Readonly<Record<string, string | undefined>>,
): { readonly on: boolean; readonly source: string } {
  const flag = stringFlag(p, 'outbox-sender');
  if (flag !== undefined) {
    const read = outboxSenderValue(flag, '--outbox-sender');
    if ('problem' in read) throw new UsageError(read.problem);
    return { on: read.value, source: `--outbox-sender ${flag.trim().toLowerCase()}` };
  }
  const set = environment(env, ['HUSTINGS_OUTBOX_SENDER']).HUSTINGS_OUTBOX_SENDER;
  return set === undefined ? { on: true, source: 'the default' } : { on: set, source: `HUSTINGS_OUTBOX_SENDER=${set ? 'on' : 'off'}` };
}

/** The server once listening, or a usage error that names the port when it cannot listen there (no stack trace: it is not a bug). */
async function listening(started: Promise<Running>, port: number, host: string): Promise<Running> {
  try {
    return await started;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; choose another with --port N (or PORT=N)`);
    if (code === 'EACCES')
      throw new UsageError(`not allowed to listen on port ${port} (ports below 1024 need special rights); choose another with --port N (or PORT=N)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UsageError(`cannot listen at ${host}: it is not an address of this machine; choose another with --host H`);
    throw e;
  }
}

/** The outbox's sender beside the server: notices rendered with the server's own address and organisation. */
function noticeSender(
  store: Store,
  running: Running,
  mailer: Mailer,
  logger: Logger,
  env: Readonly<Record<string, string | undefined>>,
): { readonly description: string; stop(): Promise<void> } {
  const outbox = outboxTransportFromEnv(env);
  const transport = outbox.smtp ?? mailerTransport(mailer);
  const sender = startOutboxSender({
    store,
    transport,
    render: noticeTemplates(store, {
      organisation: running.config.organisation,
      contact: running.config.contact,
      siteUrl: running.config.publicUrl.replace(/\/$/, ''),
    }),
    clock: systemClock,
    worker: senderName(),
    log: logger,
    ...(outbox.rate === undefined ? {} : { rate: outbox.rate }),
  });
  return {
    description: transport.description,
    async stop() {
      await sender.stop();
      await transport.close();
    },
  };
}

export async function serve(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, [...SERVE_FLAGS, ...LIMIT_FLAGS], 'serve');
  if (p.flags.has('help')) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  positionals(p, [], 'hustings serve [--port N] [--db <url>] [--demo]');
  // PORT as hosting platforms set it, else 3000; the --port flag beats both.
  const port = whole(p, 'port', environment(io.env, ['PORT']).PORT ?? 3000, 0, 65535);
  const limits = httpLimits(p, io.env);
  const logger = pinoLogger({ level: environment(io.env, ['HUSTINGS_LOG_LEVEL']).HUSTINGS_LOG_LEVEL ?? 'info' });
  const host = stringFlag(p, 'host') ?? '127.0.0.1';
  const demoMode = p.flags.has('demo');
  const members = whole(p, 'members', DEMO_START_MEMBERS, 100, 9_999_999);
  const seed = whole(p, 'seed', 1, 0, 0xffffffff);
  if (!demoMode && (p.flags.has('members') || p.flags.has('seed'))) throw new UsageError('--members and --seed go with --demo');

  const env = { ...io.env };
  const zoneFlag = stringFlag(p, 'time-zone');
  const configure = (): ServerConfig => {
    let made: ServerConfig;
    try {
      made = configFromEnv(env, port);
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
    if (zoneFlag === undefined) return made;
    const zone = timeZoneSetting(zoneFlag, env);
    if (!zone.ok) throw new UsageError(zone.error.message);
    return serverConfig({ ...made, timeZone: zone.value });
  };
  // Checked before the store is opened, so a bad setting is reported first.
  let config = configure();
  environment(io.env, ['HUSTINGS_MAIL_RATE']);
  const sends = outboxSender(p, io.env);

  return guarded(io, async () => {
    const where = storeLocation(stringFlag(p, 'db'), io.env);
    let store: Store;
    try {
      store = await openStore(where.url);
    } catch (e) {
      throw new CommandError(
        `cannot open the store at ${describeStore(where.url)} (${sourceText(where)}): ${e instanceof Error ? e.message : String(e)}`,
        'unavailable',
      );
    }
    try {
      // Only a store --demo fills itself becomes a demo: a real party's store must never gain development mode or an administrator by a flag.
      const demo = demoMode && (await partyHeld(store)) === null;
      if (demo) {
        io.stdout.write(
          `The store is empty: loading the demo party (${members.toLocaleString('en-GB')} members, seed ${seed}) into ${describeStore(where.url)}…\n`,
        );
        await loadDemoParty(store, { seed, members, today: dateOf(systemClock.now()) }, systemClock, cliActor());
        if (env.HUSTINGS_ENV === undefined) {
          env.HUSTINGS_ENV = 'development';
          config = configure();
        }
        if (config.admins.length === 0) {
          const first = (await store.listOffices()).find((o) => o.role === 'national-officer');
          if (first) config = serverConfig({ ...config, admins: [first.member] });
        }
      } else if (demoMode) {
        io.stdout.write('The store already holds a party, so --demo changes nothing: serving it as hustings serve would.\n');
      }
      config = await keptSecretConfig(config, env, store);
      const smtp = smtpFromEnv(io.env);
      const mailer = smtp ?? devOutbox({ print: (t) => io.stdout.write(t) });
      const configured = config;
      // Without HUSTINGS_URL the public address is the one listened at, whose port is known only now when --port 0 let the system pick it.
      const running = await listening(
        startServer({
          store,
          config: port === 0 && env.HUSTINGS_URL === undefined ? (url) => serverConfig({ ...configured, publicUrl: url }) : configured,
          mailer,
          port,
          host,
          limits,
          log: (line) => io.stderr.write(`${line}\n`),
          logger,
        }),
        port,
        host,
      );
      // The outbox's sender runs beside the server unless another process sends (hustings outbox drain; several
      // may run beside it): notices go through pooled SMTP, or in development to the same outbox as sign-in codes.
      const notices = sends.on ? noticeSender(store, running, mailer, logger, io.env) : null;
      // Where it listens when the system picked the port (tests and benches read it from here), else the public address.
      const shown = port === 0 ? running.url : running.config.publicUrl;
      const lines = [
        `Hustings is running at ${shown} (${config.env}), on ${describeStore(where.url)}.`,
        `Sign-in codes go to ${mailer.description}${!smtp && config.env === 'development' ? `, and to ${shown}/dev/outbox` : ''}.`,
        notices
          ? `Notices to members (invitations, reminders) are sent by this server, to ${notices.description}.`
          : `Notices to members (invitations, reminders) wait in the outbox for another process to send them (hustings outbox drain): this server does not (${sends.source}).`,
      ];
      if (!smtp && config.env === 'production') lines.push('Warning: HUSTINGS_SMTP_URL is not set, so no email is sent; set it before members sign in.');
      if (demo) {
        const accounts = await demoAccounts(store, config.admins);
        if (accounts.length > 0) {
          lines.push('', 'Sign in with one of these demo members’ email addresses; the code appears in this console:');
          const width = Math.max(...accounts.map((a) => a.role.length));
          for (const a of accounts) lines.push(`  ${a.role.padEnd(width)}  ${a.email}  (${a.name})`);
        }
      }
      lines.push('', 'Press Ctrl+C to stop.');
      io.stdout.write(lines.join('\n') + '\n');
      await untilStopped();
      io.stdout.write('Stopping.\n');
      await notices?.stop();
      await running.close();
      return 0;
    } finally {
      await store.close();
    }
  });
}
