/** Finding a stored process by the id an officer typed, and naming a new one. */
import type { ProcessId } from '../domain/ids.js';
import type { ProcessDocument, ProcessKind } from '../domain/processes/documents.js';
import type { ProcessStore } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';

/** The process `id`, which must be of `kind`; the refusal lists the ones there are, to help with a mistyped id. */
/** The document of a process of kind `K`. */
export type DocumentOfKind<K extends ProcessKind> = Extract<ProcessDocument, { readonly kind: K }>;

export async function loadProcess<K extends ProcessKind>(store: ProcessStore, id: string, kind: K): Promise<AppResult<DocumentOfKind<K>>> {
  const proc = await store.processDocument(id as ProcessId);
  if (!proc) {
    const known = (await store.listProcesses({ kind })).map((p) => p.id);
    const hint =
      known.length === 0
        ? `there are none yet`
        : `known: ${known.slice(0, 8).join(', ')}${known.length > 8 ? `, … (${known.length} in all; see hustings ${commandOf(kind)} list)` : ''}`;
    return refusal('not-found', 'not-found', `no ${kind.replace('-', ' ')} "${id}" (${hint})`);
  }
  if (!isOfKind(proc, kind))
    return refusal('invalid', 'wrong-kind', `${id} is ${withArticle(proc.kind)}, not ${withArticle(kind)}; use hustings ${commandOf(proc.kind)}`);
  return { ok: true, value: proc };
}

export function isOfKind<K extends ProcessKind>(p: ProcessDocument, kind: K): p is DocumentOfKind<K> {
  return p.kind === kind;
}

function withArticle(kind: ProcessKind): string {
  return kind === 'internal-election' ? 'an internal election' : `a ${kind.replace('-', ' ')}`;
}

/** The `hustings` command that runs processes of this kind, named in the messages that point to it. */
export function commandOf(kind: ProcessKind): string {
  return kind === 'trigger-ballot' ? 'trigger' : kind === 'selection' ? 'selection' : 'election';
}

/** A fresh process id: a prefix, the constituency (or name), and the next free number. */
export async function nextProcessId(store: ProcessStore, stem: string): Promise<ProcessId> {
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}` as ProcessId;
    if (!(await store.getProcess(id))) return id;
  }
}
