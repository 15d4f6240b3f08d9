/**
 * A ballot's invitations fanned out as the step that opens it is stored: one process change on the
 * demo's national election carrying one notice to its whole electorate, through the built store
 * (dist/). Arguments: store URL, process id, instant. Prints JSON: the time around the change alone,
 * and how many messages were queued.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [url, processArg, at] = process.argv.slice(2);
const root = process.cwd();
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(root, 'dist', rel)).href)) as T;
const { openStore } = await load<typeof import('../../src/store/index.js')>('store/index.js');
const { ok } = await load<typeof import('../../src/domain/result.js')>('domain/result.js');

const store = await openStore(url!);
const id = processArg as import('../../src/domain/ids.js').ProcessId;
const t0 = performance.now();
const changed = await store.updateProcess(id, (p) =>
  ok({
    state: p.state,
    event: { type: 'bench-ballot-opened' },
    at: at!,
    notices: [
      {
        id: 'bench-invitation',
        kind: 'ballot-invitation',
        process: id,
        audience: { electorate: true },
        params: { ballot: 'National Executive Committee' },
        sendAt: at!,
        private: true,
        createdBy: 'bench',
      },
    ],
  }),
);
const ms = performance.now() - t0;
if (!changed.ok) throw new Error(changed.error.message);
const notice = await store.notice('bench-invitation');
await store.close();
process.stdout.write(JSON.stringify({ ms, recipients: notice?.recipients ?? 0 }) + '\n');
