/**
 * An encrypted ballot from the close to the declared result, the way the server runs it: its use
 * cases on SQLite (close, each trustee's mix and decryption accepted after the server's checks, the
 * count, the declaration), with the trustees' side through the very commands they run (`hustings
 * trustee mix`, in this process, one after another; `hustings trustee decrypt`, three processes at
 * once, as three trustees on their own machines) on the board the server publishes, as
 * test/app/encrypted-ceremony.test.ts drives it. Trustees 3 of 5, three mixes, three decryptions.
 * The set-up (party, credentials, key generation, ballots cast as the booth makes them) is not timed.
 *
 * Arguments: the repository root (whose dist/ is imported), the number of ballots asked for, a scratch
 * directory. Prints one JSON report line: wall and CPU milliseconds of each step and in all.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, ballotsArg, scratch] = process.argv.slice(2);
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(root!, 'dist', rel)).href)) as T;
const { applyStepTo } = await load<typeof import('../../src/app/apply-step.js')>('app/apply-step.js');
const { closeBallot } = await load<typeof import('../../src/app/close-ballot.js')>('app/close-ballot.js');
const { freezeElectorate } = await load<typeof import('../../src/app/freeze-electorate.js')>('app/freeze-electorate.js');
const encrypted = await load<typeof import('../../src/app/encrypted-ballots.js')>('app/encrypted-ballots.js');
const { populate } = await load<typeof import('../../src/app/populate-demo.js')>('app/populate-demo.js');
const { hustings } = await load<typeof import('../../src/bin/hustings.js')>('bin/hustings.js');
const { generateParty } = await load<typeof import('../../src/demo/generate.js')>('demo/generate.js');
const { LABOUR_2021 } = await load<typeof import('../../src/domain/presets.js')>('domain/presets.js');
const { votingWindow } = await load<typeof import('../../src/domain/processes/index.js')>('domain/processes/index.js');
const { fixedClock, isoDate } = await load<typeof import('../../src/domain/time.js')>('domain/time.js');
const { openStore } = await load<typeof import('../../src/store/index.js')>('store/index.js');
const { castEncryptedBallot, makeCredential } = await load<typeof import('../../src/verifiable/ballot.js')>('verifiable/ballot.js');
const { pointFromHex } = await load<typeof import('../../src/verifiable/group.js')>('verifiable/group.js');
const { seededRandom } = await load<typeof import('../../src/verifiable/random.js')>('verifiable/random.js');
const { runMeasured } = await import('../measure.js');
type MemberId = import('../../src/domain/ids.js').MemberId;
type ElectionState = import('../../src/domain/processes/index.js').InternalElectionState;

const asked = Number(ballotsArg);
rmSync(scratch!, { recursive: true, force: true });
mkdirSync(scratch!, { recursive: true });
const at = (name: string) => path.join(scratch!, name);

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.message}`);
  return r.value;
}

async function cli(...argv: string[]): Promise<void> {
  const err: string[] = [];
  const io = { stdout: { write: (_: string) => {} }, stderr: { write: (s: string) => err.push(s) }, env: {} };
  const status = await hustings(argv, io);
  if (status !== 0) throw new Error(`hustings ${argv.slice(0, 3).join(' ')}: ${err.join('')}`);
}

const store = await openStore(`sqlite:${at('store.db')}`);
// A selection's electorate is one constituency's members (the demo party's constituencies hold about
// 850 each whatever its size, a few hundred of them eligible), too few for the ballots asked for; the
// demo's largest ballot is its national executive election, whose electorate is the whole party. It
// is taking nominations: its electorate is frozen and its ballot opened on its timetable's dates.
await populate(store, generateParty({ seed: 3, members: 3_000, today: isoDate('2024-06-01') }), LABOUR_2021);
const nec = (await store.listProcesses()).find((p) => p.kind === 'internal-election');
if (nec === undefined) throw new Error('the demo party has no national executive election');
const opensOn = fixedClock(new Date(`${(nec.state as ElectionState).timetable.ballotOpens}T09:00:00Z`));
value(await freezeElectorate({ store, clock: opensOn, actor: 'officer' }, nec.id, 'internal-election'), 'freeze');
value(await applyStepTo({ store, clock: opensOn, actor: 'officer' }, nec.id, 'internal-election', { type: 'open-ballot' }), 'open');
const proc = (await store.processDocument(nec.id))!;
const eligible = (await store.electorate(proc.id)).filter((e) => e.eligible).map((e) => e.member);
if (eligible.length < 7) throw new Error(`the election has ${eligible.length} eligible members, too few for 5 trustees, an authority and a voter`);
const id = proc.id;
const state = proc.state as ElectionState;
const during = fixedClock(new Date(votingWindow(state).opens.getTime() + 3_600_000));
const after = fixedClock(new Date(votingWindow(state).closes.getTime() + 60_000));
const trustees = eligible.slice(0, 5) as MemberId[];
const authority = eligible[5] as MemberId;
const voters = eligible.slice(6, 6 + Math.min(asked, eligible.length - 6)) as MemberId[];
const E = value(
  await encrypted.setUpEncryptedBallot(store, proc, { threshold: 3, trustees, authority }, { clock: during, actor: 'officer' }),
  'set-up',
).electionId;

let downloads = 0;
const download = async (): Promise<string> => {
  const doc = (await store.processDocument(id))!;
  const file = at(`board-${++downloads}.json`);
  writeFileSync(file, JSON.stringify(value(await encrypted.encryptedBoardOf(store, doc, doc.state as ElectionState), 'board')));
  return file;
};
const upload = (file: string) => readFileSync(file, 'utf8');

// The credential authority's part, made here rather than by its command: the voters' secrets stay in memory.
const random = seededRandom('bench-ceremony');
const credentials = voters.map(() => makeCredential(random));
const publicList = JSON.stringify(credentials.map((c) => c.publicCredential).sort());
value(await encrypted.uploadPublicCredentials(store, during, proc, authority, publicList), 'credentials');
const first = await download();
for (const [i, t] of trustees.entries()) {
  const n = String(i + 1);
  await cli('trustee', 'keygen', 'start', first, '--trustee', n, '--secret-out', at(`t${n}-s1.json`), '--out', at(`t${n}-key.json`));
  value(await encrypted.uploadKeyGeneration(store, during, proc, t, upload(at(`t${n}-key.json`))), 'key');
}
const keys = await download();
for (const [i, t] of trustees.entries()) {
  const n = String(i + 1);
  await cli('trustee', 'keygen', 'deal', keys, '--secret', at(`t${n}-s1.json`), '--secret-out', at(`t${n}-s2.json`), '--out', at(`t${n}-deal.json`));
  value(await encrypted.uploadKeyGeneration(store, during, proc, t, upload(at(`t${n}-deal.json`))), 'deal');
}
const dealt = await download();
for (const n of ['1', '2', '3']) await cli('trustee', 'keygen', 'finish', dealt, '--secret', at(`t${n}-s2.json`), '--key-out', at(`t${n}-x.json`));

const context = (await encrypted.encryptionContextOf(store, proc, state))!;
const booth = { electionId: E, electionKey: pointFromHex(context.electionKey)!, candidates: context.candidates.length };
const ranked = Array.from({ length: context.candidates.length }, (_, i) => i);
for (const [i, v] of voters.entries()) {
  const ranking = ranked
    .slice(i % ranked.length)
    .concat(ranked.slice(0, i % ranked.length))
    .slice(0, 1 + (i % ranked.length));
  const made = castEncryptedBallot(booth, credentials[i]!.secret, ranking, random);
  value(await encrypted.castEncryptedVote(store, during, proc, state, v, JSON.stringify(made.ballot)), 'vote');
}

// Timed from here: the close to the declared result.
const steps: { step: string; wallMs: number; cpuMs: number }[] = [];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** CPU time of the trustees' own processes in the step being timed (read from GNU time). */
let trusteeCpuMs = 0;
async function timed(step: string, work: () => Promise<unknown>): Promise<void> {
  const w = performance.now();
  const c = cpu();
  trusteeCpuMs = 0;
  await work();
  steps.push({ step, wallMs: performance.now() - w, cpuMs: cpu() - c + trusteeCpuMs });
}
await timed('close', async () => {
  const closed = await closeBallot({ store, clock: after, rulebook: LABOUR_2021, actor: 'officer' }, { id });
  if (!closed.ok) throw new Error(`close: ${closed.error.message}`);
});
for (const n of [1, 2, 3]) {
  await timed(`mix by trustee ${n} (download, hustings trustee mix, upload checked)`, async () => {
    await cli('trustee', 'mix', await download(), '--trustee', String(n), '--out', at(`t${n}-mix.json`));
    value(await encrypted.uploadMix(store, during, proc, trustees[n - 1]!, upload(at(`t${n}-mix.json`))), 'mix');
  });
}
const decryptors = [1, 2, 3];
let mixed = '';
await timed('board after the mixes downloaded', async () => {
  mixed = await download();
});
// The trustees decrypt at once, each on their own machine once the last mix is published: here each
// runs `hustings trustee decrypt` as a process of its own (the three sharing this machine's cores),
// and the server checks each upload as it comes. The step's CPU is theirs and the server's.
await timed(`decryption by trustees ${decryptors.join(', ')} at once (hustings trustee decrypt, each a process; uploads checked)`, async () => {
  const runs = await Promise.all(
    decryptors.map((n) =>
      runMeasured([
        process.execPath,
        path.join(root!, 'dist', 'bin', 'main.js'),
        'trustee',
        'decrypt',
        mixed,
        '--key',
        at(`t${n}-x.json`),
        '--out',
        at(`t${n}-dec.json`),
      ]),
    ),
  );
  for (const [i, r] of runs.entries()) {
    if (r.exitCode !== 0) throw new Error(`hustings trustee decrypt (trustee ${decryptors[i]}): ${r.stderr}`);
    trusteeCpuMs += (r.userMs ?? Number.NaN) + (r.sysMs ?? Number.NaN);
  }
  for (const n of decryptors) value(await encrypted.uploadDecryption(store, during, proc, trustees[n - 1]!, upload(at(`t${n}-dec.json`))), 'decryption');
});
await timed('count', async () =>
  value(await encrypted.countEncryptedBallot(store, after, (await store.processDocument(id))!, LABOUR_2021, 'officer'), 'count'),
);
await timed('declare', async () => {
  const declared = await applyStepTo({ store, clock: after, actor: 'officer' }, id, 'internal-election', { type: 'declare' });
  if (!declared.ok) throw new Error(`declare: ${declared.error.message}`);
});
await store.close();
rmSync(scratch!, { recursive: true, force: true });
console.log(
  JSON.stringify({
    asked,
    ballots: voters.length,
    candidates: context.candidates.length,
    steps,
    wallMs: steps.reduce((s, x) => s + x.wallMs, 0),
    cpuMs: steps.reduce((s, x) => s + x.cpuMs, 0),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
