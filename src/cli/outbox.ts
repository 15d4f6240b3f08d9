/**
 * `hustings outbox drain [--once]`: the outbox's sender as a process of its own, beside or instead of
 * the one `hustings serve` runs. Several may run on one store: each claims its own messages.
 */
import { untilStopped } from '../runtime/until-stopped.js';
import { drainOutbox, senderName, type DrainTally } from '../app/notices/drain.js';
import { noticeTemplates } from '../app/notices/templates.js';
import { startOutboxSender } from '../app/notices/sender.js';
import { EnvironmentError, readEnvironment } from '../runtime/environment.js';
import { pinoLogger } from '../runtime/logger.js';
import { mailerTransport, noticeSenderFromEnv, outboxTransportFromEnv } from '../runtime/mail-transport.js';
import { devOutbox } from '../runtime/mailer.js';
import { systemClock } from '../runtime/system-clock.js';
import { UsageError, optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import { DB_FLAG, guarded, optionalPositive, parseCommand, positionals, stringFlag, withExistingStore } from './store-common.js';

const DRAIN_FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  { flag: 'once', takesValue: false, help: 'send what is due now, then stop (default: keep sending as messages fall due, until stopped)' },
  { flag: 'rate', takesValue: true, value: 'N', help: 'most messages started per second (default: HUSTINGS_MAIL_RATE, else no limit)' },
  { flag: 'concurrency', takesValue: true, value: 'N', help: 'messages sent at once (default 8)' },
  { flag: 'connections', takesValue: true, value: 'N', help: 'SMTP connections kept open (default 5)' },
  { flag: 'batch', takesValue: true, value: 'N', help: 'messages claimed at a time (default 100): at most these can go twice if the sender dies' },
  { flag: 'lease', takesValue: true, value: 'S', help: "seconds a claim holds before another sender may take a silent sender's messages (default 600)" },
];

export const OUTBOX_HELP = `Usage: hustings outbox drain [--db <url>] [--once] [--rate N] [--concurrency N] [--connections N] [--batch N] [--lease S]

Sends the notices waiting in the store's outbox (invitations, reminders, words to candidates),
fanning out scheduled ones as they fall due: through HUSTINGS_SMTP_URL (pooled connections, from
HUSTINGS_MAIL_FROM), or, without it, printed on the console. A refused address is recorded and not
tried again; a server that is down or asks to wait is tried again later, each wait twice the last.
hustings serve sends them too, unless started with --outbox-sender off (HUSTINGS_OUTBOX_SENDER=off),
as where several app servers share one PostgreSQL database and this command sends for them all; a
separate sender may run beside a server that sends, and several on one database each take their own
messages.

${optionLines(DRAIN_FLAGS).join('\n')}
`;

function seconds(p: ReturnType<typeof parseCommand>, name: string): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v) || !(Number(v) > 0)) throw new UsageError(`--${name} must be a number of seconds above 0, not "${v}"`);
  return Math.round(Number(v) * 1000);
}

async function drain(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, DRAIN_FLAGS, 'outbox drain');
  if (p.flags.has('help')) {
    io.stdout.write(OUTBOX_HELP);
    return 0;
  }
  positionals(p, [], 'hustings outbox drain [--db <url>] [--once]');
  const connections = optionalPositive(p, 'connections');
  const env = (() => {
    try {
      return {
        ...outboxTransportFromEnv(io.env, connections === undefined ? {} : { maxConnections: connections }),
        ...readEnvironment(io.env, ['HUSTINGS_URL', 'HUSTINGS_LOG_LEVEL']),
      };
    } catch (e) {
      if (e instanceof EnvironmentError) throw new UsageError(e.message);
      throw e;
    }
  })();
  const rateFlag = stringFlag(p, 'rate');
  if (rateFlag !== undefined && !(/^\d+(\.\d+)?$/.test(rateFlag) && Number(rateFlag) > 0))
    throw new UsageError(`--rate must be a number of messages per second above 0, not "${rateFlag}"`);
  const rate = rateFlag === undefined ? env.rate : Number(rateFlag);
  const concurrency = optionalPositive(p, 'concurrency');
  const batch = optionalPositive(p, 'batch');
  const leaseMs = seconds(p, 'lease');
  const transport = env.smtp ?? mailerTransport(devOutbox({ print: (t) => io.stdout.write(t) }));
  const log = pinoLogger({ level: env.HUSTINGS_LOG_LEVEL ?? 'info' });
  return guarded(io, () =>
    withExistingStore(
      p,
      io,
      async (store) => {
        const options = {
          store,
          transport,
          render: noticeTemplates(store, { ...noticeSenderFromEnv(io.env), siteUrl: (env.HUSTINGS_URL ?? 'http://localhost:3000').replace(/\/$/, '') }),
          clock: systemClock,
          worker: senderName(),
          log,
          ...(rate === undefined ? {} : { rate }),
          ...(concurrency === undefined ? {} : { concurrency }),
          ...(batch === undefined ? {} : { batch }),
          ...(leaseMs === undefined ? {} : { leaseMs }),
        };
        let tally: DrainTally;
        try {
          if (p.flags.has('once')) tally = await drainOutbox({ ...options, once: true });
          else {
            io.stdout.write(`Sending the outbox's messages through ${transport.description}. Press Ctrl+C to stop.\n`);
            const sender = startOutboxSender(options);
            await untilStopped();
            tally = await sender.stop();
          }
        } finally {
          await transport.close();
        }
        io.stdout.write(
          `Sent ${tally.sent}, failed ${tally.failed}, waiting to be tried again ${tally.retrying}${tally.released ? `, handed back ${tally.released}` : ''}.\n`,
        );
        return 0;
      },
      { readOnly: false },
    ),
  );
}

export const OUTBOX_COMMANDS = { drain };
