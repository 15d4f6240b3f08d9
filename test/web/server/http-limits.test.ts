/**
 * The HTTP server's own limits, over a real socket: a client that sends its
 * body a byte at a time is dropped at the configured request timeout (not
 * Node's 300 s) while another client is answered meanwhile, one that never
 * finishes its headers is dropped too, and connections beyond the cap are
 * refused until one closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Running } from '../../../src/web/serve.js';
import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/store.js';
import { serverConfig, type HttpLimits } from '../../../src/web/server/config.js';
import { devOutbox } from '../../../src/runtime/mailer.js';

/** Small limits, so that the test sees them act. */
const LIMITS: HttpLimits = { requestTimeoutMs: 1000, headersTimeoutMs: 500, keepAliveTimeoutMs: 500, maxConnections: 100 };
/** The slow body's declared length, sent a byte every 50 ms: 30 s in all, far past the request timeout. */
const BODY_BYTES = 600;

let dir: string;
let store: Store;
let running: Running;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hustings-http-limits-'));
  store = await openStore(`sqlite:${join(dir, 'empty.db')}`);
  running = await startServer({
    store,
    config: serverConfig({ env: 'production', secret: Buffer.alloc(32, 8) }),
    mailer: devOutbox(),
    port: 0,
    host: '127.0.0.1',
    limits: LIMITS,
  });
  port = Number(new URL(running.url).port);
});
afterAll(async () => {
  await running?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function open(at = port): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(at, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Resolves when the server has closed the socket, with what it answered (if anything). */
function closedByServer(s: Socket): Promise<string> {
  let answer = '';
  s.on('data', (d: Buffer) => (answer += d.toString('latin1')));
  s.on('error', () => undefined);
  return new Promise((resolve) => s.once('close', () => resolve(answer)));
}

describe('the HTTP server’s limits', () => {
  it('drops a request whose body trickles in at the request timeout, and answers another client meanwhile', async () => {
    const events: string[] = [];
    const slow = await open();
    const closed = closedByServer(slow).then((answer) => {
      events.push('slow request dropped');
      return answer;
    });
    slow.write(`POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`);
    let sent = 0;
    const trickle = setInterval(() => {
      if (slow.destroyed || sent >= BODY_BYTES) return;
      slow.write('a');
      sent++;
    }, 50);
    try {
      // Once the slow body is under way, another client's request is answered.
      while (sent < 3) await new Promise((r) => setTimeout(r, 10));
      const other = await fetch(`${running.url}/sign-in`);
      expect(other.status).toBe(200);
      await other.text();
      events.push('other client answered');

      const answer = await closed;
      expect(events).toEqual(['other client answered', 'slow request dropped']);
      // Dropped before the body was complete: the server did not wait for it.
      expect(sent).toBeLessThan(BODY_BYTES);
      // Node answers 408 where it still can; the connection is closed either way.
      if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(trickle);
      slow.destroy();
    }
  });

  it('drops a client that never finishes its headers', async () => {
    const s = await open();
    const closed = closedByServer(s);
    s.write(`GET /sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    const answer = await closed;
    if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('refuses connections beyond the cap, and accepts them again once one closes', async () => {
    // Long timeouts here, so that only the cap closes anything.
    const capped = await startServer({
      store,
      config: serverConfig({ env: 'production', secret: Buffer.alloc(32, 9) }),
      mailer: devOutbox(),
      port: 0,
      host: '127.0.0.1',
      limits: { requestTimeoutMs: 60_000, headersTimeoutMs: 30_000, keepAliveTimeoutMs: 60_000, maxConnections: 2 },
    });
    const at = Number(new URL(capped.url).port);
    try {
      const held = await Promise.all([open(at), open(at)]);
      // Each gets an answer, so the server has surely accepted both before the next connects.
      for (const s of held) s.write(`GET /sign-in HTTP/1.1\r\nHost: 127.0.0.1:${at}\r\n\r\n`);
      await Promise.all(held.map((s) => new Promise((r) => s.once('data', r))));
      const extra = await open(at);
      expect(await closedByServer(extra)).toBe('');
      for (const s of held) s.destroy();
      // The server notices the closed connections as its loop turns; a new request then gets through.
      for (;;) {
        const r = await fetch(`${capped.url}/sign-in`).catch(() => null);
        if (r) {
          expect(r.status).toBe(200);
          break;
        }
        await new Promise((res) => setTimeout(res, 20));
      }
    } finally {
      await capped.close();
    }
  });
});
