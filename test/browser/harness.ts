/**
 * The harness of the real-browser tests: the real server as a child process
 * (`node dist/bin/main.js serve`, exactly as `npm start` runs it, on a store of
 * its own), Debian's Chromium driven by playwright-core, signing in through the
 * pages with the code the development outbox prints (or, given a real SMTP
 * server, the code that arrives there), and the checks made on
 * every page the tests visit — a screenshot kept in test-artifacts/screenshots,
 * an axe-core scan for WCAG 2.1 A/AA violations, no horizontal scroll at 320 px,
 * and no script error or Content-Security-Policy refusal in the console.
 *
 * Without /usr/bin/chromium the browser tests skip with a notice (`.ci/run`
 * installs it, so they run in CI).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { reviewUnderWay, selectionUnderWay } from '../../src/app/processes-under-way.js';
import type { ProcessId, UnitId } from '../../src/domain/ids.js';
import { judgeEligibility } from '../../src/domain/eligibility.js';
import { statusOn, type Member, type Unit } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import type { IsoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import type { TestSmtp } from '../app/notices/smtp-server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'bin', 'main.js');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT, 'test-artifacts', 'screenshots');
const AXE_FILE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** Debian's Chromium, as the issue asks; playwright-core gives it a fresh temporary profile (--user-data-dir) at each launch. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The WCAG 2.1 A and AA rules of axe-core. */
export const AXE_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Why the browser tests cannot run here, or null when they can; printed as a notice when they skip. */
export function browserUnavailable(): string | null {
  if (!existsSync(CHROMIUM)) {
    return `${CHROMIUM} is missing, so the real-browser tests (test/browser) are skipped. Install it with \`apt-get install -y chromium\` (CI does, in .ci/run).`;
  }
  return null;
}

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (e.name.endsWith(ext)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The tests run the built server, as users do. `npm test` builds first; when
 * run on their own with dist/ missing or older than src/, they build once.
 */
export function ensureBuilt(): void {
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  if (built >= newestMtime(path.join(ROOT, 'src'), '.ts')) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(CLI)) throw new Error(`building dist/ for the browser tests failed:\n${r.stdout}${r.stderr}`);
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/bin/main.js …` to completion. */
export function hustings(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like `hustings`, but a non-zero exit is an error naming the command and what it said. */
export async function hustingsOk(args: readonly string[]): Promise<string> {
  const r = await hustings(args);
  if (r.code !== 0) throw new Error(`hustings ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

export interface Mail {
  readonly to: string;
  readonly subject: string;
  /** The sign-in code in the subject, if it has one. */
  readonly code: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ServerOptions {
  /** How long the server may take to say where it listens (default a minute). */
  readonly timeoutMs?: number;
  /**
   * A real SMTP server (test/app/notices/smtp-server.ts) for all the server's mail, sign-in codes and
   * the outbox's notices alike, as real MIME messages (HUSTINGS_SMTP_URL); `mails()` then reads what
   * arrived there. Without one, the mail goes to the development outbox on the console.
   */
  readonly smtp?: TestSmtp;
}

/** The real server in a child process, its console kept, so tests can read the mail it "sends". */
export class HustingsServer {
  private output = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  private constructor(
    private readonly child: ChildProcess,
    public url: string,
    private readonly smtp: TestSmtp | null,
  ) {}

  /** `hustings serve --port 0 --db <db>` in development mode; resolves once it says where it listens. */
  static async start(db: string, env: Readonly<Record<string, string>> = {}, options: ServerOptions = {}): Promise<HustingsServer> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const mail = options.smtp ? { HUSTINGS_SMTP_URL: options.smtp.url, HUSTINGS_MAIL_FROM: 'Hustings <ballots@hustings.test>' } : {};
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db], {
      cwd: ROOT,
      env: { ...process.env, HUSTINGS_ENV: 'development', ...mail, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new HustingsServer(child, '', options.smtp ?? null);
    // Should the test process end without stopping it (a crash, a timeout), the server goes too.
    const orphaned = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', orphaned);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (server.output += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (server.output += d));
    child.once('exit', (code, signal) => {
      server.exited = { code, signal };
      process.off('exit', orphaned);
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /Hustings is running at (http:\/\/\S+?)[\s,]/.exec(server.output);
      if (m) {
        server.url = m[1].replace(/[.)]+$/, '');
        return server;
      }
      if (server.exited) throw new Error(`hustings serve exited (${server.exited.code ?? server.exited.signal}) before listening:\n${server.output}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`hustings serve did not say where it listens within ${timeoutMs / 1000} s:\n${server.output}`);
      }
      await sleep(50);
    }
  }

  /** Everything the server has written to its console so far. */
  console(): string {
    return this.output;
  }

  /** The mail the development outbox has printed (or, given an SMTP server, that has arrived there), oldest first. */
  mails(): Mail[] {
    const code = (subject: string): string | null => /\b(\d{8})\b/.exec(subject)?.[1] ?? null;
    if (this.smtp) return this.smtp.arrived.flatMap((m) => m.to.map((to) => ({ to, subject: m.subject, code: code(m.subject) })));
    const out: Mail[] = [];
    for (const m of this.output.matchAll(/── mail to (\S+) ── ([^\n]*)\n/g)) {
      out.push({ to: m[1], subject: m[2], code: code(m[2]) });
    }
    return out;
  }

  /** Waits for the `after`+1-th mail or later to reach `to` (and, if given, to be `wanted`) and returns it. */
  async waitForMail(to: string, after: number, timeoutMs = 15_000, wanted: (m: Mail) => boolean = () => true): Promise<Mail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails()
        .slice(after)
        .filter((m) => m.to.toLowerCase() === to.toLowerCase() && wanted(m));
      if (found.length > 0) return found[found.length - 1];
      if (this.exited) throw new Error(`the server exited while a mail to ${to} was awaited:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs / 1000} s; the server's console ends:\n${this.tail()}`);
      await sleep(25);
    }
  }

  tail(chars = 3000): string {
    return this.output.slice(-chars);
  }

  /** SIGKILL at once, as a crash would, and waits for the process to be gone. */
  async kill(): Promise<void> {
    if (!this.exited) this.child.kill('SIGKILL');
    while (!this.exited) await sleep(10);
  }

  /** SIGTERM (the server closes its store and says "Stopping."), SIGKILL if it hangs. */
  async stop(timeoutMs = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) {
      this.child.kill('SIGTERM');
      const deadline = Date.now() + timeoutMs;
      while (!this.exited && Date.now() < deadline) await sleep(25);
      if (!this.exited) {
        this.child.kill('SIGKILL');
        while (!this.exited) await sleep(25);
      }
    }
    return this.exited!;
  }
}

/**
 * Closes what a browser test opened, as far as it got before any failure: the people's browser
 * contexts, the checker, the browser, the server, and the temporary folder of its store.
 */
export async function closeAll(opened: {
  readonly contexts: readonly BrowserContext[];
  readonly checks?: PageChecker | undefined;
  readonly browser?: Browser | undefined;
  readonly server?: HustingsServer | undefined;
  readonly dir?: string;
}): Promise<void> {
  for (const c of opened.contexts) await c.close().catch(() => undefined);
  await opened.checks?.close().catch(() => undefined);
  await opened.browser?.close().catch(() => undefined);
  await opened.server?.stop();
  if (opened.dir) rmSync(opened.dir, { recursive: true, force: true });
}

/**
 * What a browser story opens, and closes as far as it got: its demo party (a temporary folder of its
 * own holding a SQLite store loaded by `hustings demo`), the server on that store, Chromium, the checks
 * made on every page it visits (screenshots in `screenshots`), and each person's browser context.
 */
export class BrowserStory {
  dir = '';
  db = '';
  readonly contexts: BrowserContext[] = [];
  #store: Store | undefined;
  #server: HustingsServer | undefined;
  #browser: Browser | undefined;
  #checks: PageChecker | undefined;

  constructor(readonly screenshots: string) {}

  get store(): Store {
    return opened(this.#store, 'store');
  }
  get server(): HustingsServer {
    return opened(this.#server, 'server');
  }
  get checks(): PageChecker {
    return opened(this.#checks, 'checks');
  }

  /** Builds the story's demo party with these members and seed, and opens its store. */
  async demo(prefix: string, members: number, seed: number): Promise<Store> {
    ensureBuilt();
    this.dir = mkdtempSync(path.join(tmpdir(), prefix));
    this.db = `sqlite:${path.join(this.dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', String(members), '--seed', String(seed), '--db', this.db]);
    this.#store = await openStore(this.db);
    return this.#store;
  }

  /** Once the world is built: the server on its store, Chromium, and the checks. */
  async browse(options: { readonly internals?: boolean } = {}): Promise<void> {
    this.#server = await HustingsServer.start(this.db);
    this.#browser = await launchChromium();
    this.#checks = new PageChecker(this.#browser, this.#server.url, this.screenshots, options);
  }

  /** A person's own browser, signed in with their email; closed with the story. */
  async signedIn(email: string, javaScript = true, options: BrowserContextOptions = {}, label = ''): Promise<Page> {
    const { context, page } = await this.checks.person(javaScript, options);
    this.contexts.push(context);
    await signIn(page, this.server, email, undefined, label);
    return page;
  }

  /** The pages' problems printed, the server's console kept beside the screenshots (where a failure is looked into), then everything closed. */
  async end(): Promise<void> {
    if (this.#checks) for (const p of this.#checks.problems) console.log(p);
    if (this.#server && this.#checks) writeFileSync(path.join(this.screenshots, 'server-console.txt'), this.#server.console());
    await this.#store?.close();
    await closeAll({ contexts: this.contexts, checks: this.#checks, browser: this.#browser, server: this.#server, dir: this.dir });
  }
}

function opened<T>(thing: T | undefined, what: string): T {
  if (thing === undefined) throw new Error(`the story's ${what} is not open yet`);
  return thing;
}

/** A national officer who holds no other office and signs in with their own email, so that the pages they see are a national officer's alone. */
export async function soleNationalOfficer(store: Store): Promise<Person> {
  const offices = await store.listOffices();
  for (const o of offices.filter((x) => x.role === 'national-officer')) {
    const p = await person(store, await store.getMember(o.member));
    if (p && offices.filter((x) => x.member === p.member.id).length === 1) return p;
  }
  throw new Error('the demo party has no national officer who signs in with their own email and holds no other office');
}

/** The first `count` constituencies with nothing under way and no process at all, for a story to start its own in. */
export async function freeSeats(store: Store, count: number): Promise<Unit[]> {
  const free: Unit[] = [];
  for (const seat of await store.listUnits({ kind: 'constituency' })) {
    if (free.length === count) break;
    if (
      (await reviewUnderWay(store, seat.id)) ||
      (await selectionUnderWay(store, seat.id)) ||
      (await store.processDocuments({ constituency: seat.id })).length > 0
    )
      continue;
    free.push(seat);
  }
  return free;
}

/** The main region's text, as a person reads it. */
export const mainText = async (page: Page): Promise<string> => (await page.locator('main').textContent()) ?? '';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
}

export interface PageCheck {
  readonly label: string;
  readonly url: string;
  readonly javaScript: boolean;
  readonly screenshots: readonly string[];
  readonly axeViolations: number;
  readonly scrollWidth320: number;
}

/**
 * Internals a person must never read on a page (issue 12: "words, not internals"): rulebook
 * references, counting-method codes, phase names, ISO dates, demo member ids and process ids. Matched
 * against the page's visible text, so addresses in links and form values do not count.
 */
export const INTERNAL_WORDS: readonly { readonly what: string; readonly re: RegExp }[] = [
  { what: 'a rulebook reference', re: /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}@\d+\b/ },
  { what: 'a counting-method code', re: /\b(?:stv-(?:droop|ers97|meek|scottish)|irv)\b/ },
  {
    what: 'a phase or process-kind name',
    re: /\b(?:ballot-open|electorate-frozen|not-readopted)\b|\bKind (?:trigger-ballot|selection|internal-election)\b|\bphase:? "?[a-z]/i,
  },
  { what: 'a date not written the en-GB way', re: /\b\d{4}-\d{2}-\d{2}\b/ },
  { what: 'a member id', re: /\bm\d{7}\b/ },
  { what: 'a candidate id', re: /\bc\d{1,3}\b/ },
  { what: 'a process id', re: /\b(?:tb|sel|el)-[a-z0-9-]+-\d+\b/ },
];

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/**
 * The checks made on each page visited. Pages with JavaScript are scanned where
 * they are (axe is evaluated into the page through the DevTools protocol: a
 * <script> tag, as page.addScriptTag adds, would be refused by the app's
 * Content-Security-Policy, and turning the policy off would hide the very
 * refusals the console check looks for). Pages in a context without JavaScript
 * cannot run axe, so their HTML, exactly as the browser holds it, is served
 * again to a scanning page with scripts blocked, under the same origin so the
 * stylesheet and the colour checks are the real ones.
 */
export class PageChecker {
  readonly checks: PageCheck[] = [];
  /**
   * Each failed page, described. A failing page does not stop the story (so one
   * run shows every page's problems); the tests assert this list is empty.
   */
  readonly problems: string[] = [];
  /** Console errors and uncaught exceptions, with the page they happened on. */
  readonly consoleErrors: string[] = [];
  /**
   * Internals (INTERNAL_WORDS) seen in a page's visible text, when the checker was made with
   * `internals: true`: kept apart from `problems` so a story can assert them in a step of their own.
   */
  readonly internals: string[] = [];
  private readonly noScript = new WeakSet<BrowserContext>();
  private scanner: Page | null = null;
  private mirrored = '';
  private n = 0;
  private readonly axeSource = readFileSync(AXE_FILE, 'utf8');

  constructor(
    private readonly browser: Browser,
    private readonly origin: string,
    private readonly dir: string = SCREENSHOT_DIR,
    private readonly options: { readonly internals?: boolean } = {},
  ) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }

  /** A fresh context (its own cookies: one person), with or without JavaScript; console errors are collected. */
  async person(javaScript: boolean, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    // A browser set up in Britain, so date boxes and the like look as the party's members see them (Chromium's default is en-US).
    const context = await this.browser.newContext({
      javaScriptEnabled: javaScript,
      viewport: { width: 1024, height: 768 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      ...options,
    });
    if (!javaScript) this.noScript.add(context);
    // A control that never appears fails its step in half a minute, rather than holding it to the step's own time limit.
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const from = m.location().url;
      // Chromium asks every site for /favicon.ico of its own accord; the app does not serve one and no page refers to it.
      if (new URL(from || page.url()).pathname === '/favicon.ico') return;
      this.consoleErrors.push(`${page.url()}: ${m.text()}${from && from !== page.url() ? ` (${from})` : ''}`);
    });
    page.on('pageerror', (e) => this.consoleErrors.push(`${page.url()}: uncaught ${e.message}`));
    return { context, page };
  }

  private async scannerPage(): Promise<Page> {
    if (this.scanner) return this.scanner;
    const context = await this.browser.newContext({ javaScriptEnabled: true, viewport: { width: 1024, height: 768 } });
    await context.route('**/*.js', (r) => r.abort());
    await context.route(`${this.origin}/__as-seen-without-javascript`, (r) =>
      r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: this.mirrored }),
    );
    this.scanner = await context.newPage();
    return this.scanner;
  }

  private async axe(page: Page): Promise<AxeViolation[]> {
    if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(this.axeSource);
    const tags = JSON.stringify(AXE_TAGS);
    return (await page.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ${tags} }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
    )) as AxeViolation[];
  }

  /**
   * Screenshots the page (1024 px wide and 320 px wide, full length), scans it
   * with axe and measures it at 320 px; any violation or sideways scroll is
   * added to `problems`.
   */
  async check(page: Page, label: string): Promise<PageCheck> {
    this.n += 1;
    const base = `${String(this.n).padStart(2, '0')}-${slug(label)}`;
    const javaScript = !this.noScript.has(page.context());
    await page.waitForLoadState('load');
    const wide = path.join(this.dir, `${base}.png`);
    await page.screenshot({ path: wide, fullPage: true });

    let violations: AxeViolation[];
    if (javaScript) {
      violations = await this.axe(page);
    } else {
      this.mirrored = await page.content();
      const scanner = await this.scannerPage();
      await scanner.goto(`${this.origin}/__as-seen-without-javascript`, { waitUntil: 'load' });
      violations = await this.axe(scanner);
    }

    const size = page.viewportSize() ?? { width: 1024, height: 768 };
    await page.setViewportSize({ width: 320, height: 640 });
    const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
    // The outermost elements that stick out past the right edge, to say where a sideways scroll comes from.
    const overflowing =
      scrollWidth > 320
        ? ((await page.evaluate(`(() => {
            const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.classList.length ? '.' + [...e.classList].join('.') : '');
            const out = [];
            for (const e of document.body.querySelectorAll('*')) {
              const r = e.getBoundingClientRect();
              const p = e.parentElement ? e.parentElement.getBoundingClientRect() : null;
              if (r.right > 320.5 && r.width > 0 && (!p || p.right <= 320.5)) out.push(name(e) + ' (' + Math.round(r.width) + ' px wide, right edge at ' + Math.round(r.right) + ')' + ' in ' + (e.parentElement ? name(e.parentElement) : '?'));
              if (out.length >= 5) break;
            }
            return out;
          })()`)) as string[])
        : [];
    const narrow = path.join(this.dir, `${base}-320px.png`);
    await page.screenshot({ path: narrow, fullPage: true });
    // Back to the visitor's own size by way of another: after a full-page screenshot Chromium misplaces clicks on a page
    // scrolled down in a 320 px window (a button pressed there did nothing) until the window is really resized.
    await page.setViewportSize({ width: size.width, height: size.height + 1 });
    await page.setViewportSize(size);

    if (this.options.internals) {
      const text = String(await page.evaluate('document.body.innerText'));
      for (const w of INTERNAL_WORDS) {
        const m = w.re.exec(text);
        if (m)
          this.internals.push(
            `page "${label}" (${page.url()}) shows ${w.what}: "${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40).replace(/\s+/g, ' ')}"`,
          );
      }
    }

    const check: PageCheck = { label, url: page.url(), javaScript, screenshots: [wide, narrow], axeViolations: violations.length, scrollWidth320: scrollWidth };
    this.checks.push(check);
    const problems: string[] = [];
    for (const v of violations) {
      problems.push(`axe ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`);
      for (const node of v.nodes.slice(0, 5))
        problems.push(`    at ${node.target.map(String).join(' ')}${node.failureSummary ? ` — ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`);
    }
    if (scrollWidth > 320)
      problems.push(`at 320 px wide the page is ${scrollWidth} px wide: it scrolls sideways; sticking out: ${overflowing.join('; ') || 'nothing measurable'}`);
    if (problems.length > 0) {
      this.problems.push(
        `page "${label}" (${page.url()}, JavaScript ${javaScript ? 'on' : 'off'}) fails its checks:\n  ${problems.join('\n  ')}\n  screenshots: ${wide}, ${narrow}`,
      );
    }
    return check;
  }

  /** A summary of what was checked, written next to the screenshots. */
  writeSummary(): string {
    const lines = this.checks.map(
      (c) =>
        `${path.basename(c.screenshots[0])}\t${c.javaScript ? 'js' : 'no-js'}\taxe violations ${c.axeViolations}\t320px scrollWidth ${c.scrollWidth320}\t${c.url}`,
    );
    const file = path.join(this.dir, 'checks.tsv');
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  async close(): Promise<void> {
    await this.scanner?.context().close();
  }
}

/**
 * Signs in through the pages: email → the code the development outbox prints
 * on the server's console (or that reaches the server's SMTP server) → the code form. Checks both sign-in pages when
 * `checks` is given. Leaves the page where the server sends a signed-in member.
 */
export async function signIn(page: Page, server: HustingsServer, email: string, checks?: PageChecker, label = ''): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  if (checks) await checks.check(page, `sign-in${label}`);
  await page.getByLabel('Email address').fill(email);
  const before = server.mails().length;
  await Promise.all([page.waitForURL(/\/sign-in\/code/), page.getByRole('button', { name: 'Send me a code' }).click()]);
  if (checks) await checks.check(page, `sign-in code${label}`);
  // Invitations and other notices reach the same outbox: the sign-in mail is the one with a code.
  const mail = await server.waitForMail(email, before, 15_000, (m) => m.code !== null);
  if (mail.code === null) throw new Error(`the mail to ${email} carries no 8-digit code: "${mail.subject}"`);
  await page.getByLabel('Code from the email').fill(mail.code);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}

/** The step form in an officer's process page whose heading is `label`. */
export function stepSection(page: Page, label: string): Locator {
  return page.locator('section.card').filter({ has: page.getByRole('heading', { name: label, exact: true }) });
}

/** Takes an officer's step (on a process's page, or an election's for every contest): lets `fill` fill in its form (tick candidates, type a name), submits, and expects a success flash. */
export async function takeStep(page: Page, label: string, fill?: (section: Locator) => Promise<void>): Promise<void> {
  const section = stepSection(page, label);
  await expect.poll(() => section.count(), { message: `the process page offers "${label}"` }).toBe(1);
  if (fill) await fill(section);
  await Promise.all([page.waitForURL(/\/(processes|elections)\/[^/]+$/), section.getByRole('button', { name: label, exact: true }).click()]);
  const flash = page.locator('.flash');
  expect(await flash.getAttribute('class'), `after "${label}": ${await flash.textContent()}`).toContain('flash-success');
}

/**
 * A step of a browser story: it runs to its end even when a page fails its checks, and then fails
 * if any page did. `checker` is read when the step runs (the checker is made in `beforeAll`).
 */
export function checkedStep(checker: () => PageChecker, name: string, body: () => Promise<void>, timeoutMs: number): void {
  it(
    name,
    async () => {
      const checks = checker();
      const mark = checks.problems.length;
      await body();
      expect(checks.problems.slice(mark), 'pages that failed their checks').toEqual([]);
    },
    timeoutMs,
  );
}

/** A candidate on a ballot paper: the id the booth's list items carry, and the name the voter reads. */
export interface PaperCandidate {
  readonly id: string;
  readonly name: string;
}

/** The candidates on the booth's ballot paper, in the order it lists them. */
export function paperIn(page: Page): Promise<PaperCandidate[]> {
  return page.locator('li[data-candidate]').evaluateAll((lis) =>
    lis.map((li) => {
      const data = (li as unknown as { dataset: { candidate: string; name: string } }).dataset;
      return { id: data.candidate, name: data.name };
    }),
  );
}

/**
 * Fills in the booth the voter is on, in the order of `ranking`: with the booth's script, by the
 * keyboard (each choice added last first, then moved into place with the arrow keys); without
 * it, by typing numbers into the boxes. `within` is the part of the booth holding one contest's
 * candidates when the booth holds several (the whole page by default).
 */
export async function rankInBooth(page: Page, ranking: readonly PaperCandidate[], javaScript: boolean, within: Locator = page.locator('main')): Promise<void> {
  if (!javaScript) {
    for (const [k, c] of ranking.entries()) await within.getByLabel(`Rank for ${c.name}`, { exact: true }).fill(String(k + 1));
    return;
  }
  await expect.poll(() => within.locator('.booth-enhanced').count()).toBeGreaterThan(0);
  expect(await within.locator('fieldset.booth-boxes').first().isHidden()).toBe(true);
  for (const c of [...ranking].reverse()) {
    await within.getByRole('button', { name: `Add: ${c.name}` }).focus();
    await page.keyboard.press('Enter');
  }
  const ids = new Set(ranking.map((c) => c.id));
  const order = async (): Promise<string[]> =>
    (
      await within.locator('ol.booth-ranked li[data-id]').evaluateAll((lis) => lis.map((li) => (li as unknown as { dataset: { id: string } }).dataset.id))
    ).filter((id) => ids.has(id));
  for (const [want, c] of ranking.entries()) {
    const at = (await order()).indexOf(c.id);
    await within.locator(`ol.booth-ranked li[data-id="${c.id}"]`).focus();
    for (let k = at; k > want; k--) await page.keyboard.press('ArrowUp');
  }
  expect(await order()).toEqual(ranking.map((c) => c.id));
}

/**
 * From a filled-in booth: reviews the ballot (the review lists `ranking`'s names in order), casts
 * it, and returns the tracker code the booth gives. `check` is called on the review and the
 * "cast" page (to check each page once per kind of voter).
 */
export async function reviewAndCast(page: Page, ranking: readonly PaperCandidate[], check: (label: string) => Promise<void>): Promise<string> {
  // The click's own time limit is the shorter, so that a button that cannot be pressed says why rather than the wait for the next page timing out.
  await Promise.all([page.waitForURL(/\/review$/, { timeout: 30_000 }), page.getByRole('button', { name: 'Review my ballot' }).click({ timeout: 20_000 })]);
  await check('review');
  const reviewed = (await page.locator('ol.review-list li').allTextContents()).map((t) => t.replace(/^\s*\d+\s*/, '').trim());
  expect(reviewed).toEqual(ranking.map((c) => c.name));
  await Promise.all([page.waitForURL(/\/cast$/), page.getByRole('button', { name: 'Cast my ballot' }).click()]);
  await check('ballot cast');
  const tracker = (await page.locator('.tracker code').textContent())!.trim();
  expect(tracker).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
  return tracker;
}

/**
 * Votes in an election's one booth (`boothUrl`): each contest with a paper (its title, a ranking) is filled in in its own
 * section; a contest whose paper is null is one the voter may not vote in, and is not offered. One review, one cast, a
 * tracker code per contest. `check` is called on the booth, the booth filled in, the review and the trackers.
 */
export async function voteInElectionBooth(
  page: Page,
  boothUrl: string,
  papers: readonly [string, PaperCandidate[] | null][],
  javaScript: boolean,
  check: (label: string) => Promise<void>,
): Promise<void> {
  await page.goto(boothUrl);
  await check('election booth');
  const section = (title: string) =>
    page.locator('section.election-contest').filter({ has: page.getByRole('heading', { name: new RegExp(`^\\d+\\. ${title}$`) }) });
  const voting = papers.filter((x): x is [string, PaperCandidate[]] => x[1] !== null);
  for (const [title, paper] of papers) {
    const here = section(title);
    if (paper === null) {
      expect(await here.count(), `${title} is not offered`).toBe(0);
      continue;
    }
    // With the script, the booth's list items carry the candidates' ids: read them from the section.
    const ranking = javaScript
      ? await Promise.all(
          paper.map(async (c) => ({
            name: c.name,
            id: (await here.locator('li[data-id]').filter({ hasText: c.name }).first().getAttribute('data-id')) ?? '',
          })),
        )
      : paper;
    await rankInBooth(page, ranking, javaScript, here);
  }
  await check('election booth filled in');
  await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'Review my ballots' }).click()]);
  await check('election review');
  const cast = voting.length === 1 ? 'Cast my ballot' : `Cast my ${voting.length} ballots`;
  await Promise.all([page.waitForURL(/\/cast$/), page.getByRole('button', { name: cast, exact: true }).click()]);
  await check('election ballots cast');
  expect(await page.locator('code.tracker').count()).toBe(voting.length);
}

/** The process id at the end of the page's address (/processes/:id, /results/:id). */
export function processIdIn(page: Page): string {
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

// ---- The stories' people ----------------------------------------------------------------------

/** The email addresses of `count` members eligible in the ballot, holding no office and not yet voted, each the one member with that address. */
export async function eligibleVoters(store: Store, ballot: ProcessId, count: number): Promise<string[]> {
  const voters: string[] = [];
  const officers = new Set((await store.listOffices()).map((o) => o.member as string));
  for (const e of await store.electorate(ballot)) {
    const m = e.eligible && !officers.has(e.member) && !(await store.hasVoted(ballot, e.member)) ? await store.getMember(e.member) : null;
    if (m?.email && (await store.memberByEmail(m.email))?.id === m.id) voters.push(m.email);
    if (voters.length === count) return voters;
  }
  throw new Error(`the ballot has fewer than ${count} eligible voters who sign in by their own email`);
}

/** Today, as the server (on the real clock) reads it: the stories' timetables are all today. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** A demo member the story signs in as. */
export interface Person {
  readonly member: Member;
  readonly email: string;
}

/** A unit's secretary, with the browser they act in once signed in. */
export interface Secretary extends Person {
  readonly unit: Unit;
  context?: BrowserContext;
  page?: Page;
}

/** A member whose email address signs in as them (addresses shared by members sign in as the first). */
export async function person(store: Store, member: Member | null): Promise<Person | null> {
  if (!member?.email) return null;
  const back = await store.memberByEmail(member.email);
  return back?.id === member.id ? { member, email: member.email } : null;
}

/**
 * Three members of the seat's branches who may apply to stand in its selection (two women and a
 * man, in good standing and eligible at `day` under Labour 2021), none an officer or the incumbent.
 */
export async function findApplicants(store: Store, branches: readonly UnitId[], skip: ReadonlySet<string>, day: string): Promise<Person[]> {
  const applicants: Person[] = [];
  const want = { woman: 2, man: 1 } as Record<string, number>;
  for await (const m of store.membersOf(branches)) {
    if (skip.has(m.id) || statusOn(m, day as IsoDate) !== 'current' || m.gender === null || !want[m.gender]) continue;
    if (!judgeEligibility(m, LABOUR_2021.eligibility, { freezeDate: day as IsoDate, unitBranches: new Set(branches) }).eligible) continue;
    const p = await person(store, m);
    if (!p) continue;
    want[m.gender] -= 1;
    applicants.push(p);
    if (applicants.length === 3) break;
  }
  return applicants;
}
