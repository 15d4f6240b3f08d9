/**
 * The process use cases with their refusal thrown, for tests that build a party step by step and
 * expect each step to be allowed (and, where one is refused, to see its message).
 */
import type { Acting } from '../../src/app/acting.js';
import type { AppResult } from '../../src/app/app-error.js';
import * as app from '../../src/app/apply-step.js';
import * as freezing from '../../src/app/freeze-electorate.js';
import * as opening from '../../src/app/open-process.js';
import type { DocumentOfKind } from '../../src/app/load-process.js';
import type { ProcessKind } from '../../src/domain/processes/documents.js';
import type { ProcessCommand } from '../../src/domain/processes/index.js';

export type { Acting };

function must<T>(r: AppResult<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

export const applyStep = async <K extends ProcessKind>(a: Acting, id: string, kind: K, command: ProcessCommand): Promise<DocumentOfKind<K>> =>
  must(await app.applyStepTo(a, id, kind, command));

export const freezeElectorate = async <K extends freezing.BallotKind>(
  a: Acting,
  id: string,
  kind: K,
  onProgress?: (judged: number) => void,
): Promise<freezing.Frozen<K>> => must(await freezing.freezeElectorate(a, id, kind, onProgress));

export const openTrigger = async (...args: Parameters<typeof opening.openTrigger>) => must(await opening.openTrigger(...args));

export const openSelectionIn = async (...args: Parameters<typeof opening.openSelectionIn>) => must(await opening.openSelectionIn(...args));

export const openElection = async (...args: Parameters<typeof opening.openElection>) => must(await opening.openElection(...args));
