/**
 * The supporters of a leadership election on the web: the public application form (anyone, not
 * signed in, while the window is open), the applicant's private status page (the link is the key),
 * and the national officers' validation queue with the window's form (scrutineers read it).
 */
import {
  applyAsSupporter,
  decideSupporterApplication,
  setSupporterWindow,
  supporterElection,
  supporterQueue,
  supporterStatus,
  supporterWindowNow,
  type SupporterElection,
} from '../../app/supporters.js';
import { wordsIn } from '../../app/language/index.js';
import type { ProcessId, UnitId } from '../../domain/ids.js';
import { isIsoDate, type IsoDate } from '../../domain/time.js';
import type { SupporterClass } from '../../domain/supporters.js';
import type { FormState } from '../views/context.js';
import { paths } from '../views/paths.js';
import {
  SUPPORTER_APPLY_FIELDS,
  supporterApplyPage,
  SUPPORTER_DECISION_FIELDS,
  reasonField,
  supporterQueuePage,
  supporterStatusPage,
  WINDOW_FIELDS,
} from '../views/supporters.js';
import type { Handler } from './app.js';
import { httpStatusOf } from './http-status.js';
import { done, errorResponse, page, param, requestLanguage, viewContext, type AppDeps, type Ctx } from './http.js';

const BACK = { href: paths.home, text: 'Back to the home page' };
const NO_FORM: FormState = { values: {}, errors: {} };

const one = (c: Ctx, name: string): string => {
  const v = c.get('form')[name];
  return typeof v === 'string' ? v : '';
};

async function electionOf(c: Ctx, deps: AppDeps): Promise<SupporterElection | Response> {
  const e = await supporterElection(deps.store, param(c, 'process') as ProcessId);
  if (!e.ok) return errorResponse(c, e.error.code === 'unavailable' ? 409 : 404, e.error.message, BACK);
  return e.value;
}

async function applyView(c: Ctx, deps: AppDeps, e: SupporterElection, form: FormState, status: 200 | 400 | 409 = 200): Promise<Response> {
  const { state, window } = await supporterWindowNow(deps.store, e, deps.clock.now(), deps.config.timeZone);
  const affiliates = (await deps.store.listUnits({ kind: 'affiliate' })).map((u) => ({ value: u.id as string, label: u.name }));
  const open = state === 'open' && e.process.state.phase === 'nominations';
  const view = {
    process: { id: e.process.id, title: e.process.state.title },
    state: open ? state : state === 'open' ? ('closed' as const) : state,
    window,
    classes: e.classes,
    affiliates,
    form,
  };
  return page(c, supporterApplyPage(view, viewContext(c)), status);
}

const applyForm: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  return applyView(c, deps, e, NO_FORM);
};

const apply: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  const values = Object.fromEntries(Object.values(SUPPORTER_APPLY_FIELDS).map((f) => [f, one(c, f)]));
  const cls = (values[SUPPORTER_APPLY_FIELDS.class] ?? '') as SupporterClass;
  const r = await applyAsSupporter(
    deps.store,
    deps.clock.now(),
    deps.config.timeZone,
    e,
    {
      class: cls,
      affiliate:
        cls === 'affiliated-supporter' && values[SUPPORTER_APPLY_FIELDS.affiliate] !== '' ? (values[SUPPORTER_APPLY_FIELDS.affiliate] as UnitId) : null,
      name: values[SUPPORTER_APPLY_FIELDS.name] ?? '',
      email: values[SUPPORTER_APPLY_FIELDS.email] ?? '',
      postcode: values[SUPPORTER_APPLY_FIELDS.postcode] ?? '',
      paymentReference: values[SUPPORTER_APPLY_FIELDS.paymentReference] ?? null,
      declared: values[SUPPORTER_APPLY_FIELDS.declared] === 'yes',
    },
    requestLanguage(c) === 'cy' ? 'cy' : 'en',
  );
  if (!r.ok) {
    if (r.error.fields) return applyView(c, deps, e, { values, errors: r.error.fields }, 400);
    return applyView(c, deps, e, NO_FORM, 409);
  }
  return done(c, deps.config, paths.supporterStatus(r.value.token), wordsIn(requestLanguage(c)).t('supporterApply.received'));
};

const status: Handler = async (c, deps) => {
  const found = await supporterStatus(deps.store, param(c, 'token'));
  if (found === null) return errorResponse(c, 404, wordsIn(requestLanguage(c)).t('supporterStatus.notFound'), BACK);
  const address = `${deps.config.publicUrl.replace(/\/$/, '')}${paths.supporterStatus(param(c, 'token'))}`;
  return page(c, supporterStatusPage({ ...found, address }, viewContext(c)));
};

async function queueView(
  c: Ctx,
  deps: AppDeps,
  e: SupporterElection,
  forms: { window?: FormState; decision?: { number: number; form: FormState } } = {},
  status: 200 | 400 | 409 = 200,
): Promise<Response> {
  const [{ state, window }, queue] = await Promise.all([
    supporterWindowNow(deps.store, e, deps.clock.now(), deps.config.timeZone),
    supporterQueue(deps.store, e),
  ]);
  const view = {
    process: { id: e.process.id, title: e.process.state.title },
    classes: e.classes,
    window,
    state,
    open: e.process.state.phase === 'nominations',
    ...queue,
    windowForm: forms.window ?? NO_FORM,
    decisionForm: forms.decision ?? null,
  };
  return page(c, supporterQueuePage(view, viewContext(c)), status);
}

const queue: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  return queueView(c, deps, e);
};

/** "25", "25.00", "£3", "2.50" in pence; null when it is not an amount. */
function penceOf(text: string): number | null {
  const m = /^£?\s*(\d{1,4})(?:\.(\d{2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number(m[2] ?? '0') : null;
}

const setWindow: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  const values = { opens: one(c, WINDOW_FIELDS.opens).trim(), closes: one(c, WINDOW_FIELDS.closes).trim(), fee: one(c, WINDOW_FIELDS.fee) };
  const errors: Record<string, string> = {};
  if (!isIsoDate(values.opens)) errors.opens = 'Enter the first day applications are taken, as a date.';
  if (!isIsoDate(values.closes)) errors.closes = 'Enter the last day applications are taken, as a date.';
  const registered = e.classes.includes('registered-supporter');
  const fee = registered ? penceOf(values.fee) : 0;
  if (fee === null) errors.fee = 'Enter the fee in pounds, like 25 or 2.50.';
  if (Object.keys(errors).length > 0) return queueView(c, deps, e, { window: { values, errors } }, 400);
  const r = await setSupporterWindow({ store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id }, e, {
    opens: values.opens as IsoDate,
    closes: values.closes as IsoDate,
    feePence: fee!,
  });
  if (!r.ok) {
    if ('fields' in r.error && r.error.fields) return queueView(c, deps, e, { window: { values, errors: r.error.fields } }, 400);
    return errorResponse(c, 409, `${r.error.message} Nothing was saved.`, { href: paths.supporterQueue(e.process.id), text: 'Back to the queue' });
  }
  return done(c, deps.config, paths.supporterQueue(e.process.id), 'The window for supporters’ applications is set.');
};

const decide: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  const number = Number(param(c, 'number'));
  if (!Number.isSafeInteger(number) || number < 1) return errorResponse(c, 404, 'There is no such application.', BACK);
  const field = reasonField(number);
  const reason = one(c, field);
  const decision = one(c, SUPPORTER_DECISION_FIELDS.decision);
  const values = { [field]: reason };
  if (decision !== 'accepted' && decision !== 'rejected')
    return queueView(c, deps, e, { decision: { number, form: { values, errors: { [field]: 'Choose Accept or Reject.' } } } }, 400);
  const r = await decideSupporterApplication(
    { store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id },
    e,
    number,
    { status: decision, reason },
    deps.config.timeZone,
  );
  if (!r.ok) {
    if (r.error.code === 'not-found') return errorResponse(c, 404, r.error.message, { href: paths.supporterQueue(e.process.id), text: 'Back to the queue' });
    const st = httpStatusOf(r.error);
    return queueView(c, deps, e, { decision: { number, form: { values, errors: { [field]: r.error.message } } } }, st === 409 ? 409 : 400);
  }
  const a = r.value;
  return done(c, deps.config, paths.supporterQueue(e.process.id), `${a.name}’s application is ${a.status}.`);
};

export const supporterHandlers: Readonly<Record<string, Handler>> = {
  'supporters.apply.form': applyForm,
  'supporters.apply': apply,
  'supporters.status': status,
  'supporters.queue': queue,
  'supporters.window': setWindow,
  'supporters.decide': decide,
};
