/**
 * A ballot's mail to its members (src/app/notices): its notices with their delivery in counts, a
 * preview of each in English and Welsh, and the reminders an officer schedules or cancels. Seen by
 * those who may see the process; changed by those who run it.
 */
import { isBallotProcess, type BallotDocument } from '../../app/ballot-paper.js';
import { BALLOT_INVITATION, BALLOT_REMINDER, ballotNoticeParams } from '../../app/notices/ballot-notices.js';
import { cancelReminder, scheduleReminder } from '../../app/notices/reminders.js';
import { previewNotice, type PreviewedNotice } from '../../app/notices/templates.js';
import { PAPER_VOTE_NOTICE, paperVoteNoticeParams } from '../../app/vote-notices.js';
import type { ProcessId } from '../../domain/ids.js';
import { localDate, zoneWords } from '../../domain/local-time.js';
import { SMALL_COUNT } from '../../app/turnout-suppression.js';
import type { StoredNotice } from '../../store/store.js';
import { momentText, numberText } from '../views/format.js';
import { noticePreviewPage, noticesPage, REMINDER_FIELDS } from '../views/notices.js';
import { paths } from '../views/paths.js';
import type { FormState } from '../views/context.js';
import type { Handler } from './app.js';
import { httpStatusOf } from './http-status.js';
import { done, errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';
import { mayRunProcess, mayViewProcess } from './permissions.js';

const KIND_WORDS: Readonly<Record<string, string>> = {
  [BALLOT_INVITATION]: 'Invitation to vote',
  [BALLOT_REMINDER]: 'Reminder to those who have not voted',
  [PAPER_VOTE_NOTICE]: 'Notice to a member of a paper vote recorded in their name',
};

const noticesUrl = (id: string) => `${paths.process(id)}/notices`;

/** The ballot the path names, if the member may see it; else the answer to give. */
async function ballotOf(c: Ctx, deps: AppDeps): Promise<BallotDocument | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, 'There is no such ballot.');
  if (!mayViewProcess(c.get('who')!, proc)) return errorResponse(c, 403, `You hold no office that lets you see the mail to members about ${proc.state.title}.`);
  return proc;
}

/**
 * How many members, in words. A reminder's reach is how many have not voted (less those without an
 * address): a whole-ballot figure, turnout's complement, and never given for any part of the ballot.
 * While voting is open one below 5 is said as "fewer than 5", as turnout's small figures are
 * (src/app/turnout-suppression.ts): it would tell how few members have not voted.
 */
function membersText(n: number, open: boolean): string {
  return open && n < SMALL_COUNT ? `fewer than ${SMALL_COUNT} members` : `${numberText(n)} ${n === 1 ? 'member' : 'members'}`;
}

function rowOf(n: StoredNotice, zone: string, cancelUrl: string | null, reach: number | null, open: boolean) {
  const scheduled = n.state === 'scheduled';
  const reminder = n.kind === BALLOT_REMINDER;
  // A small reminder's delivery counts would add up to its number of members, so they go with it.
  const hidden = scheduled || (reminder && open && n.recipients < SMALL_COUNT);
  const count = (x: number) => (hidden ? '—' : numberText(x));
  return {
    kind: KIND_WORDS[n.kind] ?? 'Notice',
    when:
      n.state === 'cancelled'
        ? `cancelled (was for ${momentText(n.sendAt, zone)})`
        : `${scheduled ? 'scheduled for' : 'sent from'} ${momentText(n.sendAt, zone)}`,
    members: !scheduled
      ? reminder && open && n.recipients < SMALL_COUNT
        ? `fewer than ${SMALL_COUNT}`
        : numberText(n.recipients)
      : reminder && reach !== null
        ? `would reach ${membersText(reach, open)} if it went now`
        : 'worked out when it is sent',
    sent: count(n.sent),
    failed: count(n.failed),
    waiting: count(n.queued),
    ...(scheduled && cancelUrl !== null && reminder ? { cancelUrl } : {}),
  };
}

/** Whether voting in the ballot is open now: then how few have not voted is a small figure. */
const votingOpen = (proc: BallotDocument): boolean => proc.state.phase === 'ballot-open';

async function showNotices(c: Ctx, deps: AppDeps, proc: BallotDocument, form?: FormState, status: 200 | 400 | 404 | 409 | 422 = 200, problem?: string) {
  const runs = mayRunProcess(c.get('who')!, proc);
  const zone = deps.config.timeZone;
  const all = await deps.store.noticesOf(proc.id);
  // Counted once, for every reminder still to go: who it would reach is the same until it goes.
  const reach = all.some((n) => n.kind === BALLOT_REMINDER && n.state === 'scheduled') ? await deps.store.reminderReach(proc.id) : null;
  const rows = all.map((n) => rowOf(n, zone, runs ? `${noticesUrl(proc.id)}/${encodeURIComponent(n.id)}/cancel` : null, reach, votingOpen(proc)));
  const preview = (kind: string, lang: string) => `${noticesUrl(proc.id)}/preview?kind=${kind}&lang=${lang}`;
  const open = proc.state.phase === 'ballot-open' || proc.state.phase === 'electorate-frozen';
  return page(
    c,
    noticesPage(
      {
        title: proc.state.title,
        processUrl: paths.process(proc.id),
        rows,
        previews: [
          { text: 'The invitation, in English', href: preview('invitation', 'en') },
          { text: 'The invitation, in Welsh', href: preview('invitation', 'cy') },
          { text: 'A reminder, in English', href: preview('reminder', 'en') },
          { text: 'A reminder, in Welsh', href: preview('reminder', 'cy') },
          { text: 'The notice of a paper vote recorded in a member’s name, in English', href: preview('paper-vote', 'en') },
          { text: 'The notice of a paper vote recorded in a member’s name, in Welsh', href: preview('paper-vote', 'cy') },
        ],
        ...(runs && open ? { schedule: { action: `${noticesUrl(proc.id)}/reminders`, form: form ?? { values: {}, errors: {} }, zone: zoneWords(zone) } } : {}),
        ...(problem ? { problem } : {}),
      },
      viewContext(c),
    ),
    status,
  );
}

const notices: Handler = async (c, deps) => {
  const proc = await ballotOf(c, deps);
  return proc instanceof Response ? proc : showNotices(c, deps, proc);
};

const preview: Handler = async (c, deps) => {
  const proc = await ballotOf(c, deps);
  if (proc instanceof Response) return proc;
  const asked = c.req.query('kind');
  const welsh = c.req.query('lang') === 'cy';
  const { config } = deps;
  // A paper vote's notice is previewed as one recorded by post today.
  const notice: PreviewedNotice =
    asked === 'paper-vote'
      ? { kind: PAPER_VOTE_NOTICE, params: await paperVoteNoticeParams(deps.store, proc, 'postal', localDate(deps.clock.now(), config.timeZone)) }
      : { kind: asked === 'reminder' ? BALLOT_REMINDER : BALLOT_INVITATION, params: ballotNoticeParams(proc.id, proc.state) };
  const kind = notice.kind;
  const mail = await previewNotice({ organisation: config.organisation, contact: config.contact, siteUrl: config.publicUrl.replace(/\/$/, '') }, notice, welsh);
  return page(
    c,
    noticePreviewPage(
      {
        title: `${KIND_WORDS[kind]} (${welsh ? 'Welsh' : 'English'})`,
        subject: mail.subject,
        text: mail.text,
        lang: welsh ? 'cy' : 'en-GB',
        backUrl: noticesUrl(proc.id),
      },
      viewContext(c),
    ),
  );
};

const remind: Handler = async (c, deps) => {
  const proc = await ballotOf(c, deps);
  if (proc instanceof Response) return proc;
  const who = c.get('who')!;
  if (!mayRunProcess(who, proc)) return errorResponse(c, 403, `You do not run ${proc.state.title}: only its officers schedule reminders. Nothing was saved.`);
  const form = c.get('form');
  const values = {
    [REMINDER_FIELDS.date]: String(form[REMINDER_FIELDS.date] ?? '').trim(),
    [REMINDER_FIELDS.time]: String(form[REMINDER_FIELDS.time] ?? '').trim(),
  };
  const r = await scheduleReminder({ store: deps.store, clock: deps.clock, actor: who.member.id }, proc.id, values.date!, values.time!, deps.config.timeZone);
  if (!r.ok) {
    const field = r.error.reason === 'date' || r.error.reason === 'time' ? r.error.reason : null;
    if (field !== null) return showNotices(c, deps, proc, { values, errors: { [field]: `${r.error.message} Nothing was saved.` } }, 400);
    return showNotices(c, deps, proc, { values, errors: {} }, httpStatusOf(r.error) as 404 | 409 | 422, `${r.error.message} Nothing was saved.`);
  }
  const reach = await deps.store.reminderReach(proc.id);
  return done(
    c,
    deps.config,
    noticesUrl(proc.id),
    `A reminder is scheduled for ${momentText(r.value.sendAt, deps.config.timeZone)}, to the members who have not voted by then: it would reach ${membersText(reach, votingOpen(proc))} if it went now.`,
  );
};

const cancel: Handler = async (c, deps) => {
  const proc = await ballotOf(c, deps);
  if (proc instanceof Response) return proc;
  const who = c.get('who')!;
  if (!mayRunProcess(who, proc)) return errorResponse(c, 403, `You do not run ${proc.state.title}: only its officers cancel reminders. Nothing was saved.`);
  const r = await cancelReminder({ store: deps.store, clock: deps.clock, actor: who.member.id }, proc.id, param(c, 'notice'));
  if (!r.ok) return showNotices(c, deps, proc, undefined, httpStatusOf(r.error) as 404 | 409, r.error.message);
  return done(c, deps.config, noticesUrl(proc.id), `The reminder of ${momentText(r.value.sendAt, deps.config.timeZone)} is cancelled: it will not be sent.`);
};

export const noticeHandlers: Readonly<Record<string, Handler>> = {
  'process.notices': notices,
  'process.notices.preview': preview,
  'process.notices.remind': remind,
  'process.notices.cancel': cancel,
};
