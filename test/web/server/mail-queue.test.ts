/**
 * The answer to "send me a code" does not wait for the mail server, so how
 * slow it is, or whether it is up at all, cannot tell a member's address from
 * a stranger's. Against a real SMTP server that holds its answer, and one that
 * turns every connection away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/web/server/app.js';
import { mailQueue, smtpMailer } from '../../../src/runtime/mailer.js';
import { buildWorld, Client, type Reply, type World } from './fixture.js';
import { startSmtpServer } from './smtp-server.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

function appOver(queue: ReturnType<typeof mailQueue>): World {
  return { ...world, app: createApp({ store: world.store, clock: world.clock, mailer: queue, config: world.config }) };
}

/** The answer and the page it leads to, with the address itself taken out. */
async function askFor(w: World, address: string, email: string): Promise<{ sent: Reply; page: string }> {
  const c = await new Client(w, address).actAs(null);
  const sent = await c.post('/sign-in', { email });
  const page = await c.get(sent.headers.get('location')!);
  const blank = (t: string) =>
    t
      .split(email)
      .join('ADDRESS')
      .split(encodeURIComponent(email))
      .join('ADDRESS')
      .replace(/name="_csrf" value="[^"]+"/g, '');
  return { sent, page: blank(page.text) };
}

describe('sending codes through the queue', () => {
  it('answers a member as it answers a stranger, before a slow mail server has taken the message', async () => {
    const smtp = await startSmtpServer('hold');
    const log: string[] = [];
    const queue = mailQueue(smtpMailer(smtp.url, 'Hustings <no-reply@example.org>'), { log: (l) => log.push(l) });
    const w = appOver(queue);
    const order: string[] = [];
    smtp.onDelivered = () => order.push('mail server took the message');
    try {
      const email = world.people.voter.member!.email!;
      const member = await askFor(w, '192.0.2.61', email);
      order.push('member answered');
      const stranger = await askFor(w, '192.0.2.62', 'nobody-here@example.invalid');
      order.push('stranger answered');
      expect(member.sent.status).toBe(303);
      expect(stranger.sent.status).toBe(member.sent.status);
      expect(stranger.page).toBe(member.page);

      // The mail server has the member's message and is still holding its answer.
      await smtp.held();
      smtp.release();
      await queue.idle();
      expect(order).toEqual(['member answered', 'stranger answered', 'mail server took the message']);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatch(/Your code to sign in to Hustings is \d{8}/);
      expect(log).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it('answers the same when the mail server is down, and retries in the background, logging no code', async () => {
    const smtp = await startSmtpServer('refuse');
    const log: string[] = [];
    const queue = mailQueue(smtpMailer(smtp.url, 'Hustings <no-reply@example.org>'), { tries: 3, firstRetryMs: 1, log: (l) => log.push(l) });
    const w = appOver(queue);
    try {
      const email = world.people.outsider.member!.email!;
      const member = await askFor(w, '192.0.2.63', email);
      const stranger = await askFor(w, '192.0.2.64', 'nobody-there@example.invalid');
      expect(member.sent.status).toBe(303);
      expect(stranger.sent.status).toBe(303);
      expect(stranger.page).toBe(member.page);

      await queue.idle();
      expect(smtp.connections()).toBe(3);
      expect(log).toHaveLength(3);
      expect(log[0]).toMatch(/could not send an email \(try 1 of 3\)/);
      expect(log[2]).toMatch(/gave up sending an email after 3 tries/);
      for (const line of log) {
        expect(line).not.toMatch(/\d{8}/);
        expect(line).not.toContain('sign-in code');
      }
    } finally {
      await smtp.close();
    }
  });
});
