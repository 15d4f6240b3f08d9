/**
 * Dominion's JSON export folder, as RCTab's Dominion reader reads it: the
 * manifests (ContestManifest, CandidateManifest, PrecinctPortionManifest and,
 * when present, PrecinctManifest) and one CvrExport.json or many
 * CvrExport_N.json, in name order. Each session's current interpretation
 * (Original, or Modified when Original is not current) holds cards, each card
 * contests; a contest with outstack condition 7 is excluded; ambiguous marks
 * are passed over. Marks carry the candidate's id from the manifest, which is
 * the candidate's code; the manifest gives its name. Sessions are streamed one
 * at a time.
 */
import { InputError } from '../errors.js';
import { eachChunk, folderNames, inFolder, readSmallText } from './files.js';
import { parseJsonAt, TopLevelJsonScanner } from './json-scan.js';
import { UNDECLARED_WRITE_IN } from './labels.js';
import type { CastVoteRecord, CvrDeclaredCandidate, CvrMark, CvrSource, CvrSourceSummary } from './records.js';

const EXCLUDED_CONTEST_CONDITION = 7;
type Json = { readonly [key: string]: unknown };

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

async function manifest(folder: string, name: string, required: boolean): Promise<Json[] | undefined> {
  const path = inFolder(folder, name);
  let text: string;
  try {
    text = await readSmallText(path);
  } catch (err) {
    if (!required && err instanceof InputError && /no such file/.test(err.problem)) return undefined;
    throw err;
  }
  const json = parseJsonAt<Json>(text, path, 1);
  if (!Array.isArray(json.List)) throw new InputError(path, null, 'expected a manifest with a "List" of entries');
  return json.List as Json[];
}

function byId(list: readonly Json[], path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of list) {
    const id = str(entry.Id);
    if (id === undefined) throw new InputError(path, null, 'an entry has no Id');
    out.set(id, str(entry.Description) ?? id);
  }
  return out;
}

export async function readDominion(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  const folder = source.path;
  const names = await folderNames(folder);
  const contests = (await manifest(folder, 'ContestManifest.json', true)) ?? [];
  const contestIds = new Set(contests.map((c) => str(c.Id)));
  let contestId = source.contestId;
  if (contestId === undefined) {
    if (contests.length !== 1) {
      const all = contests.map((c) => `${str(c.Id)} (${str(c.Description)})`).join(', ');
      throw new InputError(
        inFolder(folder, 'ContestManifest.json'),
        null,
        `the export has ${contests.length} contests (${all}): choose one with --contest <id>`,
      );
    }
    contestId = str(contests[0]?.Id);
  }
  if (!contestIds.has(contestId))
    throw new InputError(inFolder(folder, 'ContestManifest.json'), null, `the export has no contest with the id ${JSON.stringify(contestId)}`);
  const candidatePath = inFolder(folder, 'CandidateManifest.json');
  const declared: CvrDeclaredCandidate[] = [];
  for (const c of (await manifest(folder, 'CandidateManifest.json', true)) ?? []) {
    if (str(c.ContestId) !== contestId) continue;
    const code = str(c.Id);
    if (code === undefined) throw new InputError(candidatePath, null, 'a candidate has no Id');
    declared.push({ code, name: str(c.Description) ?? code });
  }
  const precinctList = await manifest(folder, 'PrecinctManifest.json', false);
  const precincts = precinctList && byId(precinctList, inFolder(folder, 'PrecinctManifest.json'));
  const portions = byId((await manifest(folder, 'PrecinctPortionManifest.json', true)) ?? [], inFolder(folder, 'PrecinctPortionManifest.json'));

  const exports = names.includes('CvrExport.json') ? ['CvrExport.json'] : names.filter((n) => /^CvrExport_\d+\.json$/.test(n));
  if (exports.length === 0) throw new InputError(folder, null, 'the folder has no CvrExport.json nor CvrExport_N.json files');
  let records = 0;
  for (const name of exports) {
    const path = inFolder(folder, name);
    const scanner = new TopLevelJsonScanner(path, {
      elements: new Set(['Sessions']),
      values: new Set(),
      onElement: (_key, text, line) => {
        const session = parseJsonAt<Json>(text, path, line);
        const where = `${path}:${line} (session ${str(session.TabulatorId)}-${str(session.BatchId)}-${str(session.RecordId)})`;
        let data = session.Original as Json | undefined;
        if (data === undefined) throw new InputError(where, null, 'the session has no Original');
        if (data.IsCurrent === false) {
          if (session.Modified === undefined) return;
          data = session.Modified as Json;
        }
        const precinctId = str(data.PrecinctId);
        if (precinctId !== undefined && precincts !== undefined && !precincts.has(precinctId)) {
          throw new InputError(where, null, `precinct ${precinctId} is not in PrecinctManifest.json`);
        }
        const portionId = str(data.PrecinctPortionId);
        if (portionId !== undefined && !portions.has(portionId))
          throw new InputError(where, null, `precinct portion ${portionId} is not in PrecinctPortionManifest.json`);
        const cards = Array.isArray(data.Cards) ? (data.Cards as Json[]) : [data];
        for (const card of cards) {
          for (const contest of (card.Contests as Json[] | undefined) ?? []) {
            const id = str(contest.Id);
            if (id !== contestId) continue;
            const outstack = (contest.OutstackConditionIds as unknown[] | undefined) ?? [];
            if (outstack.includes(EXCLUDED_CONTEST_CONDITION)) continue;
            const marks: CvrMark[] = [];
            for (const mark of (contest.Marks as Json[] | undefined) ?? []) {
              if (mark.IsAmbiguous === true) continue;
              const code = str(mark.CandidateId);
              const rank = mark.Rank;
              if (code === undefined || typeof rank !== 'number') throw new InputError(where, null, 'a mark has no CandidateId or no Rank');
              marks.push({ rank, label: code === source.undeclaredWriteInLabel ? UNDECLARED_WRITE_IN : code });
            }
            records++;
            onRecord({
              where,
              id: str(session.RecordId),
              // RCTab's precinct is the PrecinctManifest's (a portion is part of one); older exports without that manifest have none.
              precinct: precinctId === undefined ? undefined : precincts?.get(precinctId),
              batch: str(session.BatchId),
              marks,
            });
          }
        }
      },
    });
    await eachChunk(path, (chunk) => scanner.push(chunk));
    scanner.end();
  }
  return { records, declaredCandidates: declared };
}
