/**
 * Starting the web app on a port: the timetable's scheduler first (so a ballot whose closing moment
 * passed while no server ran is closed and sealed before the first request), then the HTTP server.
 */
import type { AddressInfo } from 'node:net';
import { serve as serveNode } from '@hono/node-server';
import { TimetableScheduler } from '../app/timetable-scheduler.js';
import type { MemberId } from '../domain/ids.js';
import type { Clock } from '../domain/time.js';
import type { Logger } from '../runtime/logger.js';
import type { Mailer } from '../runtime/mailer.js';
import { systemClock } from '../runtime/system-clock.js';
import type { Store } from '../store/store.js';
import { createApp } from './server/app.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits, type ServerConfig } from './server/config.js';
import { closeSimulationPool } from './server/simulate-routes.js';

export interface Running {
  readonly url: string;
  /** The configuration the app runs with (its public address known only once it listens, when the port was 0). */
  readonly config: ServerConfig;
  readonly store: Store;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly store: Store;
  /** The configuration, or how to make it from the address the server listens at (so that a port picked by the system is the one the sign-in emails link to). */
  readonly config: ServerConfig | ((listening: string) => ServerConfig);
  readonly mailer: Mailer;
  readonly clock?: Clock;
  readonly port: number;
  readonly host: string;
  /** The HTTP server's timeouts and connection cap (default DEFAULT_HTTP_LIMITS). */
  readonly limits?: HttpLimits;
  /** Where the timetable's scheduler reports what it closed and what it could not (default: nowhere). */
  readonly log?: (line: string) => void;
  /** The operational log (default: failures alone, to the console). */
  readonly logger?: Logger;
}

/** Starts the app on a port; resolves once it is listening. */
export async function startServer(o: StartOptions): Promise<Running> {
  // Caught up before the first request: a ballot whose closing moment passed while no server ran is closed and sealed first.
  const scheduler = new TimetableScheduler({
    store: o.store,
    clock: o.clock ?? systemClock,
    onClosed: (p) => o.log?.(`Closed and sealed ${p.id}: its timetable's closing moment has come.`),
    onError: (m) => o.log?.(`Timetable: ${m}`),
  });
  await scheduler.start();
  try {
    return await listen(o, () => scheduler.stop());
  } catch (e) {
    await scheduler.stop();
    throw e;
  }
}

function listen(o: StartOptions, stopScheduler: () => Promise<void>): Promise<Running> {
  const make = (config: ServerConfig) =>
    createApp({ store: o.store, clock: o.clock ?? systemClock, mailer: o.mailer, config, ...(o.logger ? { logger: o.logger } : {}) });
  let config = typeof o.config === 'function' ? null : o.config;
  let app = config ? make(config) : null;
  return new Promise((resolve, reject) => {
    // Until the app exists (built as the socket starts listening, before any request can be read) nothing is served.
    const fetch = (request: Request, env: unknown) =>
      app ? app.fetch(request, env) : new Response('Starting; try again.', { status: 503, headers: { 'Retry-After': '1' } });
    const limits = o.limits ?? DEFAULT_HTTP_LIMITS;
    const serverOptions = {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts only this often (30 s by default), so a short timeout would otherwise be late by up to that.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    };
    const server = serveNode({ fetch, port: o.port, hostname: o.host, serverOptions }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${info.port}`;
      if (!config) {
        config = (o.config as (listening: string) => ServerConfig)(url);
        app = make(config);
      }
      resolve({
        url,
        config,
        store: o.store,
        close: () =>
          Promise.all([
            new Promise<void>((done) => {
              server.close(() => void stopScheduler().then(done));
              // Keep-alive connections would hold close() open until they time out.
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
            // A simulation under way would otherwise keep the process alive until its time limit.
            closeSimulationPool(config!),
          ]).then(() => undefined),
      });
    });
    server.maxConnections = limits.maxConnections;
    server.once('error', reject);
  });
}

/** Demo members to sign in as, one per role, chosen so each has something to do. */
export async function demoAccounts(store: Store, admins: readonly MemberId[]): Promise<{ role: string; name: string; email: string }[]> {
  const out: { role: string; name: string; email: string }[] = [];
  const add = async (role: string, id: MemberId | undefined) => {
    if (id === undefined) return;
    const m = await store.getMember(id);
    if (m?.email) out.push({ role, name: m.name, email: m.email });
  };
  const processes = await store.processDocuments();
  const offices = await store.listOffices();
  const officers = new Set(offices.map((o) => o.member as string));
  const voting = processes.flatMap((p) => (p.kind === 'selection' && p.state.phase === 'ballot-open' ? [p] : []))[0];
  if (voting) {
    const entries = await store.electorate(voting.id);
    for (const e of entries) {
      if (!e.eligible || officers.has(e.member)) continue;
      const m = await store.getMember(e.member);
      if (m?.email) {
        out.push({ role: `member (can vote in ${voting.state.title})`, name: m.name, email: m.email });
        break;
      }
    }
  }
  const open = processes.flatMap((p) =>
    p.kind === 'trigger-ballot' && p.state.phase === 'open' && p.state.units.some((u) => u.result === null) ? [p] : [],
  )[0];
  const pendingUnit = open?.state.units.find((u) => u.result === null && u.class === 'branch');
  await add(
    'unit secretary',
    offices.find((o) => o.role === 'secretary' && o.unit === pendingUnit?.id)?.member ?? offices.find((o) => o.role === 'secretary')?.member,
  );
  await add(
    'procedures secretary',
    offices.find((o) => o.role === 'procedures-secretary' && o.unit === voting?.constituency)?.member ??
      offices.find((o) => o.role === 'procedures-secretary')?.member,
  );
  await add('national officer', offices.find((o) => o.role === 'national-officer')?.member);
  await add('scrutineer', offices.find((o) => o.role === 'scrutineer')?.member);
  await add('administrator', admins[0]);
  return out;
}
