/**
 * The pages of an encrypted ballot's ceremony (src/web/views/encrypted-ceremony.ts): the credential
 * authority's upload of the public credentials, and each trustee's page for their next step. Only
 * the member the set-up named may see or use each; an upload is checked by the app, and a refusal
 * is shown beside the file field with the form kept.
 */
import { refusal, type AppResult } from '../../app/app-error.js';
import { isBallotProcess } from '../../app/ballot-paper.js';
import { uploadPublicCredentials } from '../../app/encrypted-ballots.js';
import { trusteeStepOf, uploadTrusteeFile } from '../../app/encrypted-trustee-step.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { EncryptedElectionSetup } from '../../store/store.js';
import { CEREMONY_FILE_FIELD, credentialsPage, REGISTER_FILE_FIELD, trusteePage } from '../views/encrypted-ceremony.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { type AppDeps, type Ctx, done, errorResponse, page, param, viewContext } from './http.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';

interface Ceremony {
  readonly proc: ProcessDocument;
  readonly title: string;
  readonly setup: EncryptedElectionSetup;
  readonly member: MemberId;
}

async function ceremonyOf(c: Ctx, deps: AppDeps): Promise<Ceremony | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, `There is no ballot "${id}".`);
  const setup = await deps.store.encryptedElectionOf(proc.id);
  if (setup === null) return errorResponse(c, 404, 'This ballot’s ballots are not encrypted.');
  return { proc, title: proc.state.title, setup, member: c.get('who')!.member.id as MemberId };
}

/** The uploaded file's text, or the words for why there is none. */
function uploadedText(c: Ctx, name = CEREMONY_FILE_FIELD): AppResult<string> {
  const file = c.get('uploads')[name];
  if (!file) return refusal('malformed', 'no-file', 'Choose the file to upload.');
  if (file.text === null) return refusal('malformed', 'not-text', `The file “${file.name}” is not UTF-8 text; upload the JSON file the command wrote.`);
  return { ok: true, value: file.text };
}

/** One person's page of the ceremony: who may use it, how it is shown, and what their upload does. */
interface CeremonyRole {
  readonly mayUse: (e: Ceremony) => boolean;
  readonly notYours: string;
  readonly path: (processId: string) => string;
  readonly show: (c: Ctx, deps: AppDeps, e: Ceremony, error: string | undefined, status: RefusalStatus | 200) => Promise<Response>;
  /** Takes the file's text (and any other file of the form, from `c`); what to tell the person once it is in. */
  readonly take: (deps: AppDeps, e: Ceremony, text: string, c: Ctx) => Promise<AppResult<string>>;
}

function roleHandlers(role: CeremonyRole): readonly [Handler, Handler] {
  const mine = async (c: Ctx, deps: AppDeps): Promise<Ceremony | Response> => {
    const e = await ceremonyOf(c, deps);
    if (e instanceof Response) return e;
    return role.mayUse(e) ? e : errorResponse(c, 403, role.notYours);
  };
  const show: Handler = async (c, deps) => {
    const e = await mine(c, deps);
    return e instanceof Response ? e : role.show(c, deps, e, undefined, 200);
  };
  const upload: Handler = async (c, deps) => {
    const e = await mine(c, deps);
    if (e instanceof Response) return e;
    const text = uploadedText(c);
    const r = text.ok ? await role.take(deps, e, text.value, c) : text;
    if (!r.ok) return role.show(c, deps, e, r.error.message, httpStatusOf(r.error));
    return done(c, deps.config, role.path(e.proc.id), r.value);
  };
  return [show, upload];
}

const [credentials, credentialsUpload] = roleHandlers({
  mayUse: (e) => e.setup.authority === e.member,
  notYours: 'Only the credential authority of this ballot may use this page.',
  path: paths.ballotCredentials,
  show: async (c, deps, e, error, status) => {
    const sent = (await deps.store.publicCredentials(e.proc.id)).length;
    const v = { process: e.proc.id, title: e.title, election: e.setup.electionId, sent: sent === 0 ? null : sent, ...(error ? { error } : {}) };
    return page(c, credentialsPage(v, viewContext(c)), status);
  },
  take: async (deps, e, text, c) => {
    const register = c.get('uploads')[REGISTER_FILE_FIELD] ? uploadedText(c, REGISTER_FILE_FIELD) : null;
    if (register !== null && !register.ok) return register;
    const r = await uploadPublicCredentials(deps.store, deps.clock, e.proc, e.member, text, register?.value);
    if (!r.ok) return r;
    const n = r.value.credentials.toLocaleString('en-GB');
    return {
      ok: true,
      value: r.value.registered > 0 ? `The ${n} public credentials and the register of whose each is are in.` : `The ${n} public credentials are in.`,
    };
  },
});

const [trustee, trusteeUpload] = roleHandlers({
  mayUse: (e) => e.setup.trustees.includes(e.member),
  notYours: 'Only the trustees of this ballot may use this page.',
  path: paths.ballotTrustee,
  show: async (c, deps, e, error, status) => {
    const step = await trusteeStepOf(deps.store, e.proc, e.member);
    if (!step.ok) return errorResponse(c, httpStatusOf(step.error), step.error.message);
    return page(c, trusteePage({ process: e.proc.id, title: e.title, step: step.value, ...(error ? { error } : {}) }, viewContext(c)), status);
  },
  take: async (deps, e, text) => {
    const r = await uploadTrusteeFile(deps.store, deps.clock, e.proc, e.member, text);
    return r.ok ? { ok: true, value: 'Your file was checked and is on the encrypted board.' } : r;
  },
});

export const encryptedCeremonyHandlers: Readonly<Record<string, Handler>> = {
  'encrypted.credentials': credentials,
  'encrypted.credentials.upload': credentialsUpload,
  'encrypted.trustee': trustee,
  'encrypted.trustee.upload': trusteeUpload,
};
