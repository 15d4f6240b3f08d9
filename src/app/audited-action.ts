/**
 * How a long administrative action is logged: a start, then a completion with its outcome,
 * whatever happens in between (an import, a freeze of the electorate, loading the demo).
 */
import type { AuditRecord } from '../audit/index.js';
import type { AuditStore } from '../store/store.js';

/** How the action's body ended: with a value (which may be a refusal), or by throwing. */
export type ActionOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `body` as a long action: `start` is logged before it, and `finish(outcome)`
 * after it, also when it throws. If the action fails, its own error is what the
 * caller gets, even if logging the failure fails too (the start, never
 * finished, still shows it).
 */
export async function longAction<T>(
  store: AuditStore,
  start: AuditRecord,
  body: () => Promise<T>,
  finish: (outcome: ActionOutcome<T>) => AuditRecord,
): Promise<T> {
  await store.appendAudit(start);
  let value: T;
  try {
    value = await body();
  } catch (error) {
    await store.appendAudit(finish({ ok: false, error })).catch(() => undefined);
    throw error;
  }
  await store.appendAudit(finish({ ok: true, value }));
  return value;
}

/** An error's message, short enough for an audit entry. */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 1_000 ? `${text.slice(0, 999)}…` : text;
}
