/** Which rulebook a stored process runs under: the one lookup of the web app, the command line and the timetable's scheduler. */
import { presetById } from '../domain/presets.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { StoredProcess } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';

/** The rulebook a process was opened under ("labour-2021@1"), if this version of Hustings bundles it at that version. */
export function rulebookFor(proc: Pick<StoredProcess, 'rulebook'>): Rulebook | null {
  const at = proc.rulebook.lastIndexOf('@');
  const id = at < 0 ? proc.rulebook : proc.rulebook.slice(0, at);
  const rb = presetById(id);
  if (!rb) return null;
  if (at >= 0 && rb.version !== Number(proc.rulebook.slice(at + 1))) return null;
  return rb;
}

/** As rulebookFor, for a use case that cannot go on without it. */
export function rulebookOf(proc: Pick<StoredProcess, 'id' | 'rulebook'>): AppResult<Rulebook> {
  const rb = rulebookFor(proc);
  return rb
    ? { ok: true, value: rb }
    : refusal('unavailable', 'rulebook-missing', `${proc.id} runs under rulebook ${proc.rulebook}, which this version of Hustings does not bundle`);
}
