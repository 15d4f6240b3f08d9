/**
 * Reading a stored process as its domain document: the state is brought up to the version this
 * code writes (upcasters, in order) and checked against its kind's schema. A state that cannot be
 * read so is refused, naming the process and the field, rather than handed on as if it were one.
 */
import type { z } from 'zod';
import type { ProcessDocument, ProcessState } from '../../domain/processes/documents.js';
import { isProcessKind } from '../../domain/processes/documents.js';
import type { StoredProcess } from '../store.js';
import { DOCUMENT_KINDS, type DocumentKinds, type Upcaster } from './versions.js';

/** A stored state this code cannot read as its kind's document. */
export class DocumentRefused extends Error {
  /** The id of the process whose stored state was refused. */
  readonly process: string;

  constructor(
    processId: string,
    /** Where in the state it failed (e.g. "units[0].result.date"); null when the whole document is refused. */
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.process = processId;
    this.name = 'DocumentRefused';
  }
}

/** `units.0.result` as one writes it: units[0].result. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

/** Throws a DocumentRefused unless `state` is what `schema` describes. */
function conform<S extends ProcessState>(schema: z.ZodType<S>, state: unknown, p: StoredProcess, version: number): asserts state is S {
  const checked = schema.safeParse(state);
  if (checked.success) return;
  const issue = checked.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? null : fieldPath(issue.path);
  throw new DocumentRefused(
    p.id,
    field,
    `process "${p.id}" cannot be read: its stored ${p.kind} state (schema version ${version}) does not fit the schema ${field === null ? 'as a whole' : `at ${field}`}${issue ? ` (${issue.message})` : ''}`,
  );
}

function upcast(p: StoredProcess, version: number, current: number, upcasters: readonly Upcaster[]): unknown {
  let state = p.state;
  for (let v = version; v < current; v++) {
    const step = upcasters.find((u) => u.fromVersion === v);
    if (step === undefined) throw new Error(`no upcaster brings a ${p.kind} state from schema version ${v} to ${v + 1} (process "${p.id}")`);
    state = step.upcast(state);
  }
  return state;
}

/** The process as its document; `version` is the schema version its state was written at. */
export function readDocument(p: StoredProcess, version: number, kinds: DocumentKinds = DOCUMENT_KINDS): ProcessDocument {
  const kind: unknown = p.kind;
  if (!isProcessKind(kind))
    throw new DocumentRefused(p.id, null, `process "${p.id}" cannot be read: "${String(kind)}" is not a kind of process this Hustings knows`);
  const current = kinds[kind].version;
  if (!Number.isSafeInteger(version) || version < 1)
    throw new DocumentRefused(p.id, null, `process "${p.id}" cannot be read: its state's schema version ${version} is not a version`);
  if (version > current) {
    throw new DocumentRefused(
      p.id,
      null,
      `process "${p.id}" cannot be read: its ${kind} state was written at schema version ${version}, newer than the ${current} this Hustings knows (upgrade Hustings)`,
    );
  }
  const base = { id: p.id, constituency: p.constituency, rulebook: p.rulebook, version: p.version };
  switch (kind) {
    case 'trigger-ballot': {
      const state = upcast(p, version, current, kinds[kind].upcasters);
      conform(kinds[kind].schema, state, p, version);
      return { ...base, kind, state };
    }
    case 'selection': {
      const state = upcast(p, version, current, kinds[kind].upcasters);
      conform(kinds[kind].schema, state, p, version);
      return { ...base, kind, state };
    }
    case 'internal-election': {
      const state = upcast(p, version, current, kinds[kind].upcasters);
      conform(kinds[kind].schema, state, p, version);
      return { ...base, kind, state };
    }
    case 'nomination-meeting': {
      const state = upcast(p, version, current, kinds[kind].upcasters);
      conform(kinds[kind].schema, state, p, version);
      return { ...base, kind, state };
    }
  }
}
