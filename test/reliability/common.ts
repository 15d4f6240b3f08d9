/** Shared by the reliability runs: a store with an open national ballot, sessions, and HTTP casting. */
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBallot, prepareSessions } from '../../bench/voters.js';
import type { ProcessId } from '../../src/domain/ids.js';

export { openBallot, prepareSessions };

export const tempDb = (): string => `sqlite:${path.join(mkdtempSync(path.join(os.tmpdir(), 'hustings-rel-')), 'store.db')}`;
export const PRODUCTION = { HUSTINGS_ENV: 'production', HUSTINGS_URL: 'http://127.0.0.1' } as const;

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

/**
 * How long a request may go unanswered before it counts as a hang. Generous: it is there so that a
 * server that never answers fails the run with a clear error instead of holding it open.
 */
export const HANG_MS = 60_000;

/** A request the server accepted but never answered within HANG_MS. */
export class NoAnswer extends Error {
  constructor(method: string, url: URL) {
    super(`no answer to ${method} ${url.pathname} within ${HANG_MS / 1000} s`);
  }
}

export function request(agent: http.Agent, url: URL, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.setTimeout(HANG_MS, () => req.destroy(new NoAnswer(method, url)));
    req.on('error', reject);
    req.end(body);
  });
}

export const trackerIn = (body: string): string | undefined => /class="tracker"><code>([^<]+)<\/code>/.exec(body)?.[1];

export interface Booth {
  readonly csrf: string;
  readonly candidates: string[];
}

export async function booth(agent: http.Agent, base: string, ballot: ProcessId, token: string): Promise<Booth | Answer> {
  const page = await request(agent, new URL(`/ballots/${encodeURIComponent(ballot)}`, base), 'GET', { Cookie: `hustings=${token}` });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const candidates = [...page.body.matchAll(/name="rank-([^"]+)"/g)].map((m) => m[1]);
  if (page.status !== 200 || csrf === undefined || candidates.length === 0) return page;
  return { csrf, candidates };
}

export function castForm(b: Booth, n: number): string {
  const form = new URLSearchParams({ _csrf: b.csrf, action: 'cast' });
  const k = 1 + (n % b.candidates.length);
  b.candidates.slice(0, k).forEach((id, i) => {
    form.set(`rank-${id}`, String(i + 1));
  });
  return form.toString();
}

export function cast(agent: http.Agent, base: string, ballot: ProcessId, token: string, form: string): Promise<Answer> {
  return request(
    agent,
    new URL(`/ballots/${encodeURIComponent(ballot)}/cast`, base),
    'POST',
    { Cookie: `hustings=${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    form,
  );
}

/** Voted online and acknowledged: the page shows the tracker. */
export const acknowledged = (a: Answer): string | undefined => (a.status >= 200 && a.status < 400 ? trackerIn(a.body) : undefined);

export const isBooth = (x: Booth | Answer): x is Booth => 'csrf' in x;
