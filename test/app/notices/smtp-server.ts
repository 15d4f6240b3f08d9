/**
 * A real SMTP server in this process (the `smtp-server` package) that keeps what arrives, for the
 * outbox's tests and bench: it can refuse recipients (a 5xx or 4xx reply), drop the connection in
 * the middle of a message, and answer slowly.
 */
import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Arrived {
  readonly to: readonly string[];
  /** The whole message as it arrived. */
  readonly raw: string;
  /** Header value by lower-case name (unfolded). */
  readonly headers: ReadonlyMap<string, string>;
  readonly key: string | null;
  /** The subject, its encoded words decoded. */
  readonly subject: string;
  /** The plain text and HTML parts, decoded; null when there is no such part. */
  readonly text: string | null;
  readonly html: string | null;
}

export interface SmtpBehaviour {
  /** A reply code to refuse RCPT TO with (e.g. 550, 451), given how many times this address has been offered; null accepts. */
  readonly refuse?: (address: string, attempt: number) => number | null;
  /** Drop the connection while this message's data is arriving, given how many times this address has been offered data. */
  readonly disconnect?: (address: string, attempt: number) => boolean;
  /** How long to wait before accepting each message. */
  readonly delayMs?: number;
  /** Keep each message whole (default); false keeps only the counts, for runs of many thousands. */
  readonly keep?: boolean;
}

export interface TestSmtp {
  readonly url: string;
  readonly arrived: Arrived[];
  /** Messages arrived, kept or not. */
  received(): number;
  /** Messages arrived by idempotency key. */
  countsByKey(): Map<string, number>;
  close(): Promise<void>;
}

function headersOf(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const out = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

const decodeWords = (value: string): string =>
  value.replace(/=\?UTF-8\?B\?([^?]*)\?=(\s+(?==\?))?/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

/** The message's parts by type, decoded from base64 or quoted-printable. */
function partsOf(raw: string, headers: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const segments = boundary === undefined ? [raw] : raw.split(`--${boundary}`).slice(1, -1);
  for (const segment of segments) {
    const split = segment.replace(/^\r?\n/, '').search(/\r?\n\r?\n/);
    const trimmed = segment.replace(/^\r?\n/, '');
    const head = headersOf(trimmed.slice(0, split));
    const body = trimmed.slice(split).replace(/^\r?\n\r?\n/, '');
    const encoding = (head.get('content-transfer-encoding') ?? '').toLowerCase();
    const type = (head.get('content-type') ?? 'text/plain').split(';')[0]!.trim();
    const decoded =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? Buffer.from(
              body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ).toString('utf8')
          : body;
    out.set(type, decoded);
  }
  return out;
}

export async function startSmtp(behaviour: SmtpBehaviour = {}): Promise<TestSmtp> {
  const arrived: Arrived[] = [];
  const byKey = new Map<string, number>();
  let received = 0;
  const offered = new Map<string, number>();
  const dataOffered = new Map<string, number>();
  const sockets = new Set<Socket>();
  const refusal = (code: number) => Object.assign(new Error(code >= 500 ? 'No such mailbox here' : 'Try again later'), { responseCode: code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10_000_000,
    onRcptTo(address, _session, callback) {
      const attempt = (offered.get(address.address) ?? 0) + 1;
      offered.set(address.address, attempt);
      const code = behaviour.refuse?.(address.address, attempt) ?? null;
      callback(code === null ? undefined : refusal(code));
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      const attempt = (dataOffered.get(to[0] ?? '') ?? 0) + 1;
      dataOffered.set(to[0] ?? '', attempt);
      const chunks: Buffer[] = [];
      let dropped = false;
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (!dropped && behaviour.disconnect?.(to[0] ?? '', attempt)) {
          dropped = true;
          for (const s of sockets) if (s.remotePort === session.remotePort) s.destroy();
        }
      });
      stream.on('end', () => {
        if (dropped) return;
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = headersOf(raw);
        const accept = () => {
          const key = headers.get('x-hustings-idempotency-key') ?? null;
          received++;
          if (key !== null) byKey.set(key, (byKey.get(key) ?? 0) + 1);
          if (behaviour.keep !== false) {
            const parts = partsOf(raw, headers);
            arrived.push({
              to,
              raw,
              headers,
              key,
              subject: decodeWords(headers.get('subject') ?? ''),
              text: parts.get('text/plain') ?? null,
              html: parts.get('text/html') ?? null,
            });
          }
          callback();
        };
        if (behaviour.delayMs) setTimeout(accept, behaviour.delayMs);
        else accept();
      });
    },
  });
  server.server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrived,
    received: () => received,
    countsByKey: () => new Map(byKey),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
