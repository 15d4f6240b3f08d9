/**
 * The Monte Carlo inside one process, without Node's start-up: `simulateParty`
 * from the built library (dist/) timed around the call alone. Arguments: runs,
 * seed, rulebook ids (comma-separated). Prints JSON: the time, and each
 * rulebook's mean share so the bench can check it against the command line's.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [runsArg, seedArg, idsArg] = process.argv.slice(2);
const root = process.cwd();
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(root, 'dist', rel)).href)) as T;
const { simulateParty } = await load<typeof import('../../src/simulate/montecarlo.js')>('simulate/montecarlo.js');
const { DEFAULT_MODEL } = await load<typeof import('../../src/simulate/model.js')>('simulate/model.js');
const { presetById } = await load<typeof import('../../src/domain/presets.js')>('domain/presets.js');

const rulebooks = idsArg.split(',').map((id) => {
  const rb = presetById(id);
  if (!rb) throw new Error(`no rulebook ${id}`);
  return rb;
});
const t0 = performance.now();
const r = simulateParty({ model: DEFAULT_MODEL, rulebooks, seed: Number(seedArg), runs: Number(runsArg) });
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({ ms, constituencies: DEFAULT_MODEL.constituencies, means: Object.fromEntries(r.rulebooks.map((x) => [x.id, x.mean])) }) + '\n',
);
