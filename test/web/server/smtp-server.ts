/**
 * A real SMTP server on a local port, small enough to read: it speaks the
 * commands nodemailer sends (EHLO, MAIL, RCPT, DATA, QUIT) and keeps what it
 * receives. It can hold its answer to a message until the test releases it
 * (a slow mail server), or turn every connection away (a server that is down).
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface SmtpServer {
  readonly url: string;
  /** The messages received and answered, in order. */
  readonly received: string[];
  /** Connections made so far. */
  connections(): number;
  /** Resolves when a message has arrived and its answer is being held. */
  held(): Promise<void>;
  /** Answers the held messages, and every later one at once. */
  release(): void;
  /** Called as each message is answered (so a test can order it against other events). */
  onDelivered: (message: string) => void;
  close(): Promise<void>;
}

export async function startSmtpServer(mode: 'hold' | 'refuse'): Promise<SmtpServer> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let released = false;
  const waiting: (() => void)[] = [];
  let heldNow: (() => void) | null = null;
  let heldPromise = new Promise<void>((r) => (heldNow = r));

  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'refuse') {
      socket.end('421 4.3.2 Service not available, closing channel\r\n');
      return;
    }
    socket.write('220 localhost ESMTP test\r\n');
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          const answer = () => {
            received.push(message);
            api.onDelivered(message);
            socket.write('250 2.0.0 queued\r\n');
          };
          if (released) answer();
          else {
            waiting.push(answer);
            heldNow?.();
          }
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') socket.write('250 2.1.0 ok\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 2.0.0 bye\r\n');
        else socket.write('502 5.5.2 command not recognised\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const api: SmtpServer = {
    url: `smtp://127.0.0.1:${port}`,
    received,
    connections: () => connections,
    held: () => heldPromise,
    release() {
      released = true;
      for (const w of waiting.splice(0)) w();
      heldPromise = Promise.resolve();
    },
    onDelivered: () => undefined,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  return api;
}
