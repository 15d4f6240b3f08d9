/** Which rulebook a stored process runs under: shared by the web app, the command line and the timetable's scheduler. */
import { presetById } from '../domain/presets.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { StoredProcess } from '../store/store.js';

/** The rulebook a process was opened under ("labour-2021@1"), if this version of Hustings bundles it at that version. */
export function rulebookFor(process: StoredProcess): Rulebook | null {
  const at = process.rulebook.lastIndexOf('@');
  const id = at < 0 ? process.rulebook : process.rulebook.slice(0, at);
  const rb = presetById(id);
  if (!rb) return null;
  if (at >= 0 && rb.version !== Number(process.rulebook.slice(at + 1))) return null;
  return rb;
}
