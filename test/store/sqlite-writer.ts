/**
 * A second app server, for the SQLite test: opens the shared file and appends
 * `count` items to one process's state, one transaction each.
 * Usage: node --import tsx sqlite-writer.ts <file> <process> <name> <count>
 */
import { processId } from '../../src/domain/ids.js';
import { ok } from '../../src/domain/result.js';
import { openStore } from '../../src/store/index.js';

const [file, id, name, count] = process.argv.slice(2);
const store = await openStore(file);
for (let i = 0; i < Number(count); i++) {
  const r = await store.updateProcess(processId(id), (cur) =>
    ok({ state: { items: [...(cur.state as { items: string[] }).items, `${name}-${i}`] }, event: { item: `${name}-${i}` }, at: '2024-01-01T00:00:00Z' }),
  );
  if (!r.ok) throw new Error(r.error.message);
}
await store.close();
