/**
 * The process use cases with their refusal thrown, for tests that build a party step by step and
 * expect each step to be allowed (and, where one is refused, to see its message).
 */
import type { Acting } from '../../src/app/acting.js';
import type { AppResult } from '../../src/app/app-error.js';
import * as app from '../../src/app/apply-step.js';
import * as freezing from '../../src/app/freeze-electorate.js';
import * as opening from '../../src/app/open-process.js';
import type { ProcessCommand } from '../../src/domain/processes/index.js';
import type { StoredProcess } from '../../src/store/store.js';

export type { Acting };

function must<T>(r: AppResult<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const applyStep = async (a: Acting, id: string, kind: StoredProcess['kind'], command: ProcessCommand): Promise<StoredProcess> => must(await app.applyStepTo(a, id, kind, command));

export const freezeElectorate = async (...args: Parameters<typeof freezing.freezeElectorate>): Promise<freezing.Frozen> => must(await freezing.freezeElectorate(...args));

export const openTrigger = async (...args: Parameters<typeof opening.openTrigger>): Promise<StoredProcess> => must(await opening.openTrigger(...args));

export const openSelectionIn = async (...args: Parameters<typeof opening.openSelectionIn>): Promise<{ process: StoredProcess; follows: string | null }> => must(await opening.openSelectionIn(...args));

export const openElection = async (...args: Parameters<typeof opening.openElection>): Promise<StoredProcess> => must(await opening.openElection(...args));
