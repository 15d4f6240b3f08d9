/** Finding a stored process by the id an officer typed, and naming a new one. */
import type { ProcessId } from '../domain/ids.js';
import type { Store, StoredProcess } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';

/** The process `id`, which must be of `kind`; the refusal lists the ones there are, to help with a mistyped id. */
export async function loadProcess(store: Store, id: string, kind: StoredProcess['kind']): Promise<AppResult<StoredProcess>> {
  const process = await store.getProcess(id as ProcessId);
  if (!process) {
    const known = (await store.listProcesses({ kind })).map((p) => p.id);
    const hint = known.length === 0 ? `there are none yet` : `known: ${known.slice(0, 8).join(', ')}${known.length > 8 ? `, … (${known.length} in all; see hustings ${commandOf(kind)} list)` : ''}`;
    return refusal('not-found', 'not-found', `no ${kind.replace('-', ' ')} "${id}" (${hint})`);
  }
  if (process.kind !== kind) return refusal('invalid', 'wrong-kind', `${id} is ${withArticle(process.kind)}, not ${withArticle(kind)}; use hustings ${commandOf(process.kind)}`);
  return { ok: true, value: process };
}

function withArticle(kind: StoredProcess['kind']): string {
  return kind === 'internal-election' ? 'an internal election' : `a ${kind.replace('-', ' ')}`;
}

/** The `hustings` command that runs processes of this kind, named in the messages that point to it. */
export function commandOf(kind: StoredProcess['kind']): string {
  return kind === 'trigger-ballot' ? 'trigger' : kind === 'selection' ? 'selection' : 'election';
}

/** A fresh process id: a prefix, the constituency (or name), and the next free number. */
export async function nextProcessId(store: Store, stem: string): Promise<ProcessId> {
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}` as ProcessId;
    if (!(await store.getProcess(id))) return id;
  }
}
