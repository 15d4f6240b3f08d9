/** The demo world of the web tests with a real SMTP server beside it, and a sender's drain through it: what the notices' tests share. */
import { afterAll, beforeAll } from 'vitest';
import { drainOutbox } from '../../../src/app/notices/drain.js';
import { noticeTemplates } from '../../../src/app/notices/templates.js';
import type { Clock } from '../../../src/domain/time.js';
import { smtpTransport } from '../../../src/runtime/mail-transport.js';
import { buildWorld, type World } from '../../web/server/fixture.js';
import { startSmtp, type TestSmtp } from './smtp-server.js';

export interface NoticeWorld {
  world: World;
  smtp: TestSmtp;
  /** Sends everything due at the clock's time through the SMTP server, once, as The Party. */
  drain(clock: Clock): ReturnType<typeof drainOutbox>;
}

/** Builds the world and the SMTP server before the file's tests, and closes both after them. */
export function noticeWorld(siteUrl = 'http://hustings.test', contact: string | null = null): NoticeWorld {
  let transport: ReturnType<typeof smtpTransport>;
  const w = {
    drain: (clock: Clock) =>
      drainOutbox({
        store: w.world.store,
        transport,
        render: noticeTemplates(w.world.store, { organisation: 'The Party', contact, siteUrl }),
        clock,
        worker: 'test',
        once: true,
        batch: 500,
      }),
  } as NoticeWorld;
  beforeAll(async () => {
    w.world = await buildWorld();
    w.smtp = await startSmtp();
    transport = smtpTransport(w.smtp.url, 'The Party <ballots@party.example>', { maxConnections: 2 });
  }, 120_000);
  afterAll(async () => {
    await transport?.close();
    await w.smtp?.close();
    await w.world?.cleanup();
  });
  return w;
}
