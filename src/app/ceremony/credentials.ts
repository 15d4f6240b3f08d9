/**
 * The credential authority's step, on its own machine (docs/verifiable-ballots.md §7 and §13.1): one
 * secret credential per voter of a list, written to a private CSV for the authority to send to each
 * voter privately, and the public credentials, sorted (so in an order unlinkable to the voters), as
 * the JSON list the server publishes as the board's `credentials`, and the register of whose public
 * credential is whose (by identifier), which the server keeps, unpublished, so that a paper vote
 * spends the member's own credential. No secret is ever returned for
 * printing: the caller learns how many were made and where they went.
 */
import { InputError } from '../../formats/errors.js';
import { csvRecords } from '../../formats/csv.js';
import { csvLine } from '../../report/csv-writer.js';
import { makeCredential } from '../../verifiable/ballot.js';
import type { RandomBytes } from '../../verifiable/group.js';
import { type AppResult, refusal } from '../app-error.js';
import { ceremonyJson, refuseExisting, writeNewFiles } from './files.js';
import { REGISTER_FORMAT } from './register-format.js';
import { readFileSync } from 'node:fs';

export interface CredentialRequest {
  readonly electionId: string;
  /** CSV with a header row: the identifier column (the first, unless `idColumn` names another) and, if there is one, an `email` column. */
  readonly votersFile: string;
  readonly idColumn?: string;
  readonly privateFile: string;
  readonly publicFile: string;
  /** Where the register (identifier → public credential, for paper votes) goes. */
  readonly registerFile: string;
  readonly random: RandomBytes;
}

export interface CredentialsMade {
  readonly voters: number;
  readonly privateFile: string;
  readonly publicFile: string;
  readonly registerFile: string;
}

interface Voter {
  readonly id: string;
  readonly email: string;
}

const EMAIL_HEADERS = ['email', 'e-mail', 'email address'];

/** The voters of a CSV list, or a refusal naming file:line. */
export function readVoterList(text: string, file: string, idColumn: string | undefined): AppResult<readonly Voter[]> {
  const bad = (line: number | null, problem: string) => refusal('malformed', 'bad-voter-list', new InputError(file, line, problem).message);
  let idAt = 0;
  let emailAt = -1;
  let width = 0;
  const voters: Voter[] = [];
  const seen = new Map<string, number>();
  try {
    for (const { cells, line } of csvRecords(text, file)) {
      const trimmed = cells.map((c) => c.trim());
      if (width === 0) {
        width = trimmed.length;
        const headers = trimmed.map((h) => h.toLowerCase());
        if (idColumn !== undefined) {
          idAt = headers.indexOf(idColumn.trim().toLowerCase());
          if (idAt < 0) return bad(line, `no column "${idColumn}" in the header row (columns: ${trimmed.join(', ')})`);
        }
        emailAt = headers.findIndex((h) => EMAIL_HEADERS.includes(h));
        if (emailAt === idAt) emailAt = -1;
        continue;
      }
      if (trimmed.length !== width) return bad(line, `${trimmed.length} cells, but the header row has ${width}`);
      const id = trimmed[idAt]!;
      if (id === '') return bad(line, 'the identifier is empty');
      const earlier = seen.get(id);
      if (earlier !== undefined) return bad(line, `the identifier "${id}" is already on line ${earlier}: each voter gets one credential`);
      seen.set(id, line);
      const email = emailAt < 0 ? '' : trimmed[emailAt]!;
      if (email !== '' && !/^[^\s@]+@[^\s@]+$/.test(email)) return bad(line, `"${email}" is not an email address`);
      voters.push({ id, email });
    }
  } catch (e) {
    if (e instanceof InputError) return refusal('malformed', 'bad-voter-list', e.message);
    throw e;
  }
  if (width === 0) return bad(null, 'the file is empty: it needs a header row and one row per voter');
  if (voters.length === 0) return bad(null, 'no voters: the file has a header row and nothing under it');
  return { ok: true, value: voters };
}

export function generateCredentials(request: CredentialRequest): AppResult<CredentialsMade> {
  const { electionId, votersFile, privateFile, publicFile, registerFile } = request;
  if (electionId.trim() === '') return refusal('malformed', 'no-election', 'the election id is empty');
  if (new Set([privateFile, publicFile, registerFile]).size !== 3)
    return refusal('malformed', 'same-file', 'the private credentials, the public credentials and the register must go to three different files');
  const absent = refuseExisting([privateFile, publicFile, registerFile]);
  if (!absent.ok) return absent;
  let text: string;
  try {
    text = readFileSync(votersFile, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refusal(
      'not-found',
      'unreadable-file',
      `${votersFile}: cannot read the list of voters (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`,
    );
  }
  const voters = readVoterList(text, votersFile, request.idColumn);
  if (!voters.ok) return voters;
  const made = voters.value.map((v) => ({ voter: v, credential: makeCredential(request.random) }));
  const rows = [csvLine(['identifier', 'email', 'credential'], '\n'), ...made.map((m) => csvLine([m.voter.id, m.voter.email, m.credential.secret], '\n'))];
  const publicList = made.map((m) => m.credential.publicCredential).sort();
  // Sorted by identifier, so that its order is not the list's either; it holds no secret, but is not published.
  const register = made
    .map((m) => ({ identifier: m.voter.id, credential: m.credential.publicCredential }))
    .sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  writeNewFiles([
    { file: privateFile, text: rows.join(''), secret: true },
    { file: publicFile, text: ceremonyJson(publicList), secret: false },
    { file: registerFile, text: ceremonyJson({ format: REGISTER_FORMAT, version: 1, election: electionId, register }), secret: false },
  ]);
  return { ok: true, value: { voters: made.length, privateFile, publicFile, registerFile } };
}
