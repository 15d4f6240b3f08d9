/**
 * An officer's reminders to the members who have not voted: scheduled for a moment while the ballot
 * is open, cancelled while not yet sent. The officer names a moment and sees counts; who gets one is
 * worked out by the store when it falls due, so no officer ever sees who has not voted.
 */
import { auditRecord } from '../../audit/index.js';
import type { ProcessId } from '../../domain/ids.js';
import { checkTimeOfDay, zonedInstant } from '../../domain/local-time.js';
import { votingWindow } from '../../domain/processes/index.js';
import { isIsoDate, type IsoDate } from '../../domain/time.js';
import type { StoredNotice } from '../../store/store.js';
import type { Acting } from '../acting.js';
import { refusal, type AppResult } from '../app-error.js';
import { isBallotProcess } from '../ballot-paper.js';
import { BALLOT_REMINDER, reminderNotice } from './ballot-notices.js';

/** Schedules a reminder at `date` and `time` (the organisation's zone): while the ballot is open or before it, after now, before the close. */
export async function scheduleReminder(a: Acting, processId: ProcessId, date: string, time: string, zone: string): Promise<AppResult<StoredNotice>> {
  const proc = await a.store.processDocument(processId);
  if (!proc || !isBallotProcess(proc)) return refusal('not-found', 'not-found', 'There is no ballot to remind members of.');
  const s = proc.state;
  if (!['electorate-frozen', 'ballot-open'].includes(s.phase) && !(s.kind === 'selection' && s.phase === 'shortlist'))
    return refusal('conflict', 'not-open', 'Reminders are for a ballot that is open, or about to open: this one has closed or is not yet ready.');
  // The refusal's reason names the form's field it is about: the day or the time.
  const bad = (field: 'date' | 'time', message: string) => refusal('invalid', field, message);
  if (!isIsoDate(date)) return bad('date', 'Give the day as a date, for example 14 March 2027.');
  const t = checkTimeOfDay(time, 'The time');
  if (!t.ok) return bad('time', t.error.message);
  const at = zonedInstant(date as IsoDate, t.value, zone);
  const now = a.clock.now();
  const closes = votingWindow(s, zone).closes;
  if (at.getTime() <= now.getTime()) return bad('date', 'That moment has passed: choose one still to come.');
  if (at.getTime() >= closes.getTime()) return bad('date', 'That moment is after the ballot closes: choose one before it.');
  const notice = reminderNotice(
    proc.id,
    s,
    at.toISOString(),
    a.actor,
    `at-${at
      .toISOString()
      .replace(/[^0-9]/g, '')
      .slice(0, 12)}`,
  );
  if (await a.store.notice(notice.id)) return bad('time', 'A reminder is already scheduled for that moment.');
  const stored = await a.store.putNotice(notice, now.toISOString());
  await a.store.appendAudit(auditRecord(a.actor, 'notice.reminder-scheduled', { process: proc.id, sendAt: notice.sendAt }, now.toISOString()));
  return { ok: true, value: stored };
}

/** Cancels a reminder of `processId` not yet sent. */
export async function cancelReminder(a: Acting, processId: ProcessId, noticeId: string): Promise<AppResult<StoredNotice>> {
  const n = await a.store.notice(noticeId);
  if (!n || n.process !== processId || n.kind !== BALLOT_REMINDER) return refusal('not-found', 'not-found', 'There is no such reminder.');
  if (n.state !== 'scheduled' || !(await a.store.cancelNotice(n.id)))
    return refusal('conflict', 'already-sent', 'That reminder has been sent already, or was cancelled before.');
  await a.store.appendAudit(auditRecord(a.actor, 'notice.cancelled', { process: processId, kind: n.kind }, a.clock.now().toISOString()));
  return { ok: true, value: n };
}
