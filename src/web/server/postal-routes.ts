/**
 * A union's statutory postal ballot on the web, for its independent scrutineer: the desk and its
 * actions, the register of paper numbers (the scrutineer's alone: officers never see which member
 * holds which number), and the report as a page and a PDF (the report holds figures only, so the
 * officers who run the union's elections may read it too). Each action is the same use case as
 * `hustings postal`; a refusal shows the desk again with the problem beside the field, 4xx.
 */
import { PassThrough } from 'node:stream';
import {
  addComplaint,
  countPostalBallot,
  destroyPostalRecords,
  enterMarks,
  enterScannedPapers,
  inspectRegister,
  issuePostalPapers,
  logReturn,
  postalCandidates,
  postalElection,
  scrutineerReport,
  spoilPaper,
  type PostalElection,
} from '../../app/postal-ballot.js';
import type { AppError } from '../../app/app-error.js';
import { countedBy, reportRows, retentionWords, writeReportPdf } from '../../app/postal-pdf.js';
import { longDate } from '../../domain/calendar.js';
import type { ProcessId } from '../../domain/ids.js';
import { destroyableFrom, marksWithCrosses, RETURN_WORDS, type ReturnKind } from '../../domain/postal-ballot.js';
import { contestTitle } from '../../domain/processes/internal-election.js';
import type { IsoDate } from '../../domain/time.js';
import { markField, POSTAL_FIELDS, postalDeskPage, postalRegisterPage, postalReportPage, type PostalDeskView } from '../views/postal.js';
import type { Handler } from './app.js';
import { httpStatusOf } from './http-status.js';
import { done, errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';

const PHASE_WORDS: Readonly<Record<string, string>> = {
  nominations: 'taking nominations',
  'electorate-frozen': 'frozen, not yet open',
  'ballot-open': 'open',
  closed: 'closed',
  counted: 'counted',
  declared: 'declared',
};

async function found(c: Ctx, deps: AppDeps): Promise<PostalElection | Response> {
  const r = await postalElection(deps.store, param(c, 'process') as ProcessId);
  if (!r.ok) return errorResponse(c, httpStatusOf(r.error), r.error.message);
  return r.value;
}

function howToMark(e: PostalElection): string {
  return marksWithCrosses(e.state.method)
    ? `Write X in the box of each candidate marked with a cross (at most ${e.state.seats}); leave the others empty.`
    : 'Write each preference number as it is on the paper (1, 2, 3…); leave unnumbered boxes empty.';
}

async function deskView(deps: AppDeps, e: PostalElection, extra: Partial<PostalDeskView> = {}): Promise<PostalDeskView> {
  const ballot = await deps.store.postalBallot(e.process.id);
  const report = ballot ? await scrutineerReport(deps.store, e.process.id) : null;
  const announced = report?.ok ? report.value.retention.announcedOn : null;
  return {
    process: e.process.id,
    title: contestTitle(e.state),
    phase: PHASE_WORDS[e.state.phase] ?? e.state.phase,
    howToMark: howToMark(e),
    candidates: postalCandidates(e).map((c) => ({ id: c.id, name: c.name })),
    issued:
      ballot && report?.ok
        ? {
            scrutineer: ballot.scrutineer,
            lastDay: longDate(ballot.lastDay),
            figures: reportRows(report.value),
            awaitingMarks: (await deps.store.postalAwaitingMarks(e.process.id)).length,
            counted: ballot.countedAt !== null,
            destroyed: ballot.destroyedAt !== null,
            destroyableFrom: announced ? longDate(destroyableFrom(announced as IsoDate, e.rules.retentionMonths)) : null,
          }
        : null,
    ...extra,
  };
}

const desk: Handler = async (c, deps) => {
  const e = await found(c, deps);
  if (e instanceof Response) return e;
  return page(c, postalDeskPage(await deskView(deps, e), viewContext(c)));
};

/** Which field a refusal belongs beside, by its reason. */
const FIELD_OF: Readonly<Record<string, string>> = {
  scrutineer: POSTAL_FIELDS.scrutineer,
  'return-address': POSTAL_FIELDS.returnAddress,
  'received-on': POSTAL_FIELDS.receivedOn,
  complaint: POSTAL_FIELDS.complaint,
  'invalid-input': POSTAL_FIELDS.number,
  'unknown-paper': POSTAL_FIELDS.number,
  'already-void': POSTAL_FIELDS.number,
  'already-returned': POSTAL_FIELDS.number,
  'not-received': POSTAL_FIELDS.number,
  'marks-entered': POSTAL_FIELDS.number,
  'bad-file': POSTAL_FIELDS.file,
};

const text = (c: Ctx, name: string): string => {
  const v = c.get('form')[name];
  return typeof v === 'string' ? v : '';
};

const act: Handler = async (c, deps) => {
  const e = await found(c, deps);
  if (e instanceof Response) return e;
  const id = e.process.id;
  const who = c.get('who')!.member.id;
  const { store, clock, config } = deps;
  const action = param(c, 'action');
  const values = Object.fromEntries(Object.entries(c.get('form')).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  const here = `/postal/${encodeURIComponent(id)}`;
  const refused = async (error: AppError): Promise<Response> => {
    const status = httpStatusOf(error);
    // Words from the user's own input (a mark beside a candidate) go beside that candidate's box.
    const mark =
      error.reason === 'invalid-input' && action === 'marks' ? postalCandidates(e).find((x) => error.message.includes(`beside ${x.name} `)) : undefined;
    const name = mark ? markField(mark.id) : (FIELD_OF[error.reason] ?? '');
    const view = await deskView(deps, e, { sent: { form: action, values, errors: { [name]: error.message } } });
    return page(c, postalDeskPage(view, viewContext(c)), status === 422 || status === 409 || status === 404 ? status : 400);
  };
  switch (action) {
    case 'issue': {
      const r = await issuePostalPapers(
        store,
        clock,
        id,
        { scrutineer: text(c, POSTAL_FIELDS.scrutineer), returnAddress: text(c, POSTAL_FIELDS.returnAddress) },
        who,
      );
      return r.ok ? done(c, config, here, `${r.value.papers.toLocaleString('en-GB')} numbered papers were issued.`) : refused(r.error);
    }
    case 'returns': {
      const r = await logReturn(store, clock, id, text(c, POSTAL_FIELDS.number), text(c, POSTAL_FIELDS.receivedOn), who);
      if (!r.ok) return refused(r.error);
      const kind: ReturnKind = r.value.kind;
      return done(c, config, here, `Paper ${r.value.number}: ${RETURN_WORDS[kind]}.`);
    }
    case 'spoil': {
      const r = await spoilPaper(store, clock, id, text(c, POSTAL_FIELDS.number), who);
      return r.ok ? done(c, config, here, `Paper ${r.value.number} is void; its member is issued paper ${r.value.replacement}.`) : refused(r.error);
    }
    case 'marks': {
      const boxes = Object.fromEntries(postalCandidates(e).map((x) => [x.id, text(c, markField(x.id))]));
      const r = await enterMarks(store, clock, id, text(c, POSTAL_FIELDS.number), boxes, who);
      if (!r.ok) return refused(r.error);
      return done(
        c,
        config,
        here,
        r.value.valid ? 'The marks were entered: a valid paper.' : `The marks were entered: an invalid paper (${r.value.reason}), not counted.`,
      );
    }
    case 'complaints': {
      const r = await addComplaint(store, clock, id, text(c, POSTAL_FIELDS.complaint), who);
      return r.ok ? done(c, config, here, 'The complaint was recorded for the report.') : refused(r.error);
    }
    case 'count': {
      const r = await countPostalBallot(store, clock, id, who);
      return r.ok ? done(c, config, `${here}/report`, 'The returned papers were counted.') : refused(r.error);
    }
    case 'destroy': {
      const r = await destroyPostalRecords(store, clock, id, who);
      return r.ok ? done(c, config, here, 'The register of paper numbers and the marks of the returned papers were destroyed.') : refused(r.error);
    }
    default:
      return errorResponse(c, 404, 'There is no such action on a postal ballot.');
  }
};

const scans: Handler = async (c, deps) => {
  const e = await found(c, deps);
  if (e instanceof Response) return e;
  const file = c.get('uploads')[POSTAL_FIELDS.file];
  const problem = !file
    ? 'Choose the CSV file of scanned papers.'
    : file.text === null
      ? `The file “${file.name}” is not UTF-8 text; save it as CSV in UTF-8.`
      : null;
  const show = async (extra: Partial<PostalDeskView>, status: 200 | 400 | 422) =>
    page(c, postalDeskPage(await deskView(deps, e, extra), viewContext(c)), status);
  if (problem !== null || !file || file.text === null)
    return show({ sent: { form: 'scans', values: {}, errors: { [POSTAL_FIELDS.file]: problem ?? '' } } }, 400);
  const r = await enterScannedPapers(deps.store, deps.clock, e.process.id, { name: file.name, text: file.text }, c.get('who')!.member.id);
  if (!r.ok) return show({ sent: { form: 'scans', values: {}, errors: { [POSTAL_FIELDS.file]: r.error.message } } }, 422);
  const entered = `${r.value.entered.toLocaleString('en-GB')} ${r.value.entered === 1 ? 'paper was' : 'papers were'} entered from ${file.name}.`;
  if (r.value.problems.length === 0) return done(c, deps.config, `/postal/${encodeURIComponent(e.process.id)}`, entered);
  return show(
    { sent: { form: 'scans', values: {}, errors: { [POSTAL_FIELDS.file]: `${entered} These lines were not:` } }, scanProblems: r.value.problems },
    422,
  );
};

const register: Handler = async (c, deps) => {
  const e = await found(c, deps);
  if (e instanceof Response) return e;
  const afterText = c.req.query('after') ?? '0';
  if (!/^\d{1,9}$/.test(afterText)) return errorResponse(c, 400, `"after" must be a paper number, not "${afterText}".`);
  const r = await inspectRegister(deps.store, deps.clock, e.process.id, c.get('who')!.member.id, Number(afterText));
  if (!r.ok) return errorResponse(c, httpStatusOf(r.error), r.error.message);
  const names = new Map((await deps.store.membersById(r.value.map((l) => l.member))).map((m) => [m.id as string, m.name]));
  const lines = r.value.map((l) => ({
    number: l.number,
    name: names.get(l.member) ?? '',
    membership: l.member,
    state: l.state === 'issued' ? 'issued' : `void: replaced by paper ${l.replacedBy ?? ''}`,
  }));
  const next = r.value.length === 500 ? (r.value[r.value.length - 1]?.number ?? null) : null;
  return page(c, postalRegisterPage({ process: e.process.id, title: contestTitle(e.state), lines, next }, viewContext(c)));
};

async function report(c: Ctx, deps: AppDeps) {
  const e = await found(c, deps);
  if (e instanceof Response) return e;
  const r = await scrutineerReport(deps.store, e.process.id);
  if (!r.ok) return errorResponse(c, httpStatusOf(r.error), r.error.message);
  return r.value;
}

const reportPage: Handler = async (c, deps) => {
  const r = await report(c, deps);
  if (r instanceof Response) return r;
  const id = param(c, 'process');
  return page(
    c,
    postalReportPage(
      {
        process: id,
        title: r.title,
        scrutineer: r.scrutineer,
        lastDay: longDate(r.lastDay),
        figures: reportRows(r),
        countedBy: countedBy(r.method, r.seats),
        result: r.result && { candidates: r.result.candidates, elected: r.result.elected.join(', ') },
        complaints: r.complaints.map((x) => ({ at: longDate(x.at.slice(0, 10) as IsoDate), text: x.text })),
        retention: retentionWords(r),
      },
      viewContext(c),
    ),
  );
};

const reportPdf: Handler = async (c, deps) => {
  const r = await report(c, deps);
  if (r instanceof Response) return r;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await writeReportPdf(r, out);
  c.header('Cache-Control', 'no-store');
  c.header('Content-Type', 'application/pdf');
  c.header('Content-Disposition', 'inline; filename="scrutineers-report.pdf"');
  return c.body(Buffer.concat(chunks));
};

export const postalHandlers: Readonly<Record<string, Handler>> = {
  postal: desk,
  'postal.act': act,
  'postal.scans': scans,
  'postal.register': register,
  'postal.report': reportPage,
  'postal.report.pdf': reportPdf,
};
