/**
 * A leadership election's nominations on the web: an MP of its parliamentary party nominates a
 * member for leader (once, as themselves, audited as their step), and anyone sees who has
 * nominated whom and how far each candidate is from each route's threshold, live while
 * nominations are open. Constituency parties' and affiliates' nominations are recorded by their
 * secretaries on the election's nominations form (nomination-routes.ts), as in any election.
 */
import { isNominatingMp, leadershipNominationsView, mpNominee, nominateAsMpOnline } from '../../app/leadership.js';
import { isOfKind, type DocumentOfKind } from '../../app/load-process.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import { contestsOf } from '../../app/open-process.js';
import { forDeputy, leadershipOfficeWords } from '../../domain/processes/leadership-steps.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { supporterClassesOf } from '../../domain/supporters.js';
import { dateOf } from '../../domain/time.js';
import type { FormState } from '../views/context.js';
import { leadershipNominationsPage, MP_NOMINATION_FIELDS, mpNominatePage } from '../views/leadership.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';
import { done, errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';

type Election = DocumentOfKind<'internal-election'>;

const BACK = { href: paths.home, text: 'Back to your home page' };

/** The leadership election the path names, with its rules; or the page saying there is none. */
async function leadershipOf(c: Ctx, deps: AppDeps): Promise<{ proc: Election; rulebook: Rulebook } | Response> {
  const proc = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (!proc || !isOfKind(proc, 'internal-election') || !proc.state.leadership) return errorResponse(c, 404, 'There is no such leadership election.', BACK);
  const rulebook = await rulebookFor(deps.store, proc);
  if (!rulebook) return errorResponse(c, 409, `${proc.state.title} runs under rules this version of Hustings does not bundle.`, BACK);
  return { proc, rulebook };
}

async function mpNominateView(
  c: Ctx,
  deps: AppDeps,
  e: { proc: Election; rulebook: Rulebook },
  query: string,
  form: FormState,
  status: 200 | 400 | RefusalStatus = 200,
) {
  const member = c.get('who')!.member.id;
  const matching = query.trim() === '' ? null : await deps.store.findMembers(query, 20);
  const branches = new Map<string, string>();
  for (const m of matching ?? [])
    if (!branches.has(m.branch)) branches.set(m.branch, (await deps.store.getUnit(m.branch))?.name ?? 'a branch no longer on record');
  const found = matching?.map((m) => ({ value: m.id, label: `${m.name} (${branches.get(m.branch)}, a member since ${m.joined.slice(0, 4)})` })) ?? null;
  const s = e.proc.state;
  const view = {
    process: { id: e.proc.id, title: s.contest?.electionTitle ?? s.title },
    nominationsClose: s.timetable.nominationsClose,
    rule: leadershipNominationsView(s, e.rulebook)?.rule ?? '',
    office: leadershipOfficeWords(s.leadership),
    nominated: mpNominee(s, member),
    query,
    found,
    form,
  };
  return page(c, mpNominatePage(view, viewContext(c)), status);
}

/** The MP's scope: a leadership election taking nominations, and the member one of its MPs. */
async function mpScope(c: Ctx, deps: AppDeps): Promise<{ proc: Election; rulebook: Rulebook } | Response> {
  const e = await leadershipOf(c, deps);
  if (e instanceof Response) return e;
  if (!isNominatingMp(e.proc.state, c.get('who')!.member.id))
    return errorResponse(c, 403, `Only the MPs of the parliamentary party nominate in ${e.proc.state.title}. Nothing was saved.`, {
      href: paths.leadershipNominations(e.proc.id),
      text: 'Who has nominated whom',
    });
  if (e.proc.state.phase !== 'nominations') return errorResponse(c, 409, `${e.proc.state.title} is no longer taking nominations. Nothing was saved.`, BACK);
  return e;
}

const mpNominateForm: Handler = async (c, deps) => {
  const e = await mpScope(c, deps);
  if (e instanceof Response) return e;
  return mpNominateView(c, deps, e, c.req.query(MP_NOMINATION_FIELDS.query) ?? '', { values: {}, errors: {} });
};

const mpNominate: Handler = async (c, deps) => {
  const e = await mpScope(c, deps);
  if (e instanceof Response) return e;
  const posted = c.get('form');
  const query = typeof posted[MP_NOMINATION_FIELDS.query] === 'string' ? (posted[MP_NOMINATION_FIELDS.query] as string) : '';
  const chosen = typeof posted[MP_NOMINATION_FIELDS.member] === 'string' ? (posted[MP_NOMINATION_FIELDS.member] as string).trim() : '';
  const values = { [MP_NOMINATION_FIELDS.member]: chosen };
  if (chosen === '') return mpNominateView(c, deps, e, query, { values, errors: { [MP_NOMINATION_FIELDS.member]: 'Choose the member you nominate.' } }, 400);
  const me = c.get('who')!.member.id;
  const stepped = await nominateAsMpOnline({ store: deps.store, clock: deps.clock, actor: me }, e.proc, chosen as MemberId);
  if (!stepped.ok) {
    const field = stepped.error.reason === 'not-found' ? MP_NOMINATION_FIELDS.member : '';
    return mpNominateView(c, deps, e, query, { values, errors: { [field]: stepped.error.message } }, httpStatusOf(stepped.error));
  }
  const name = mpNominee(stepped.value.state, me) ?? 'the member';
  const post = forDeputy(e.proc.state.leadership);
  return done(c, deps.config, paths.leadershipNominations(e.proc.id), `Your nomination of ${name}${post} is recorded. Each MP nominates once${post}.`);
};

const nominations: Handler = async (c, deps) => {
  const e = await leadershipOf(c, deps);
  if (e instanceof Response) return e;
  const s = e.proc.state;
  // A leader's contest held with a deputy's: both on one page, the leader's first, each with its own nominations.
  const contests = s.contest ? (await contestsOf(deps, s.contest.election)).filter((x) => x.state.leadership) : [e.proc];
  const rulebooks = await Promise.all(contests.map((x) => (x.id === e.proc.id ? e.rulebook : rulebookFor(deps.store, x))));
  const sections = contests.flatMap((x, i) => {
    const rulebook = rulebooks[i];
    const view = rulebook ? leadershipNominationsView(x.state, rulebook) : null;
    return view ? [{ process: x.id, view }] : [];
  });
  if (sections.length === 0) return errorResponse(c, 404, 'There is no such leadership election.', BACK);
  const open = s.phase === 'nominations' && dateOf(deps.clock.now()) <= s.timetable.nominationsClose;
  const who = c.get('who');
  const officer = who !== undefined && who !== null && (who.roles.has('national-officer') || who.roles.has('scrutineer'));
  const supporters =
    supporterClassesOf(e.rulebook.leadership).length > 0
      ? { apply: paths.supporterApply(e.proc.id), queue: officer ? paths.supporterQueue(e.proc.id) : null }
      : null;
  const title = s.contest?.electionTitle ?? s.title;
  return page(c, leadershipNominationsPage({ title, open, nominationsClose: s.timetable.nominationsClose, contests: sections, supporters }, viewContext(c)));
};

export const leadershipHandlers: Readonly<Record<string, Handler>> = {
  'leadership.mp-nominate.form': mpNominateForm,
  'leadership.mp-nominate': mpNominate,
  'leadership.nominations': nominations,
};
