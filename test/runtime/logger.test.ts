/**
 * The pino adapter writes one JSON object a line, at the level it was given,
 * and scrubs anything shaped like a secret out of every string, error
 * messages and stacks included.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { memoryLogger, pinoLogger, scrub } from '../../src/runtime/logger.js';
import { newTrackerCode } from '../../src/app/tracker-codes.js';
import { newNonce, newSessionToken } from '../../src/web/server/tokens.js';

function captured(level: 'info' | 'warn'): { logger: ReturnType<typeof pinoLogger>; lines: () => Record<string, unknown>[] } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return {
    logger: pinoLogger({ level, destination: out }),
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the pino logger', () => {
  it('writes JSON lines with the level by name, the event as msg, and the fields', async () => {
    const { logger, lines } = captured('info');
    logger.info('request', { method: 'GET', route: '/results/:process', status: 200, ms: 3, absent: undefined });
    logger.warn('request.slow', { method: 'POST', route: '/sign-in', status: 303, ms: 2500 });
    await new Promise((r) => setImmediate(r));
    for (const l of lines()) expect(typeof l.time).toBe('number');
    expect(lines().map(({ time: _, ...rest }) => rest)).toEqual([
      { level: 'info', name: 'hustings', msg: 'request', method: 'GET', route: '/results/:process', status: 200, ms: 3 },
      { level: 'warn', name: 'hustings', msg: 'request.slow', method: 'POST', route: '/sign-in', status: 303, ms: 2500 },
    ]);
  });

  it('leaves out what is below its level', async () => {
    const { logger, lines } = captured('warn');
    logger.info('request', { status: 200 });
    logger.error('request.failed', { route: '/' }, new Error('boom'));
    await new Promise((r) => setImmediate(r));
    expect(lines().map((l) => l.msg)).toEqual(['request.failed']);
    expect(lines()[0]!.error).toBe('boom');
  });

  it('scrubs addresses, codes, trackers and tokens from every string, error messages and stacks included', () => {
    const token = newSessionToken();
    const tracker = newTrackerCode();
    const nonce = newNonce();
    // A nonce once drawn with no digit in it: random tokens are scrubbed whatever characters they happen to hold.
    const digitless = 'H-pnjjfd_qQRjwajcN_AIw';
    const said = `550 5.1.1 <ada.lovelace@example.org> rejected; code 12345678; tracker ${tracker} (${tracker.replace(/-/g, '')}); session ${token}; nonce ${nonce}; ${'ab12'.repeat(16)}; ${digitless}`;
    const log = memoryLogger();
    log.error('mail.given-up', { reason: said }, new Error(said));
    const text = JSON.stringify(log.lines);
    for (const secret of ['ada.lovelace@example.org', '12345678', tracker, tracker.replace(/-/g, ''), token, nonce, 'ab12'.repeat(16), digitless])
      expect(text).not.toContain(secret);
    expect(log.lines[0]!.fields.reason).toBe(
      '550 5.1.1 <[address]> rejected; code [digits]; tracker [tracker] ([tracker]); session [token]; nonce [token]; [token]; [token]',
    );
  });

  it('keeps what an operator needs: ids, routes, steps and counts', () => {
    for (const kept of ['sel-clp-holborn-and-st-pancras-2', 'tb-clp-123456', '/processes/:process/steps/:step', 'record-count', 'took 2500 ms', 'SQLITE_BUSY'])
      expect(scrub(kept)).toBe(kept);
  });
});
