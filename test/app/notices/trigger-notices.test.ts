/**
 * A trigger ballot's officers are told: each unit's secretary as it opens (and three days before its
 * last day), the procedures secretaries as each unit records and when it is decided; in the step's
 * transaction, in their language, through a real SMTP server.
 */
import { describe, expect, it } from 'vitest';
import { officeHolders, TRIGGER_UPDATE } from '../../../src/app/notices/trigger-notices.js';
import type { TriggerBallotState } from '../../../src/domain/processes/index.js';
import { applyStep } from '../steps.js';
import { noticeWorld } from './notice-world.js';

const w = noticeWorld();

const news = async () =>
  (await w.world.store.noticesOf(w.world.trigger.id))
    .filter((n) => n.kind === TRIGGER_UPDATE)
    .map((n) => [(n.params as { news: string }).news, n.recipients] as const);

describe("a trigger ballot's officers are told", () => {
  it('each unit secretary, as it opened, that their unit must meet and by when; the procedures secretaries as a unit records', async () => {
    const { world } = w;
    const s = world.trigger.state as TriggerBallotState;
    const secretaries = await officeHolders(
      world.store,
      s.units.map((u) => u.id),
      'secretary',
    );
    expect(secretaries.length).toBeGreaterThan(0);
    const opened = await news();
    expect(opened.find(([n]) => n === 'meeting-due')).toEqual(['meeting-due', secretaries.length]);
    const unit = s.units.find((u) => u.result === null && u.class === 'branch')!;
    const a = { store: world.store, clock: world.clock, actor: world.people.proceduresSecretary.member!.id };
    await applyStep(a, world.trigger.id, 'trigger-ballot', { type: 'record-absent', unit: unit.id });
    const procedures = await officeHolders(world.store, [s.constituency], 'procedures-secretary');
    const mine = (await world.store.noticesOf(world.trigger.id)).filter((n) => (n.params as { unit?: string }).unit === unit.name);
    expect(mine.map((n) => [(n.params as { news: string }).news, n.recipients])).toEqual([['unit-recorded', procedures.length]]);
    expect((await news()).find(([n]) => n === 'meeting-reminder')).toEqual(['meeting-reminder', 0]);

    await w.drain(world.clock);
    const due = w.smtp.arrived.filter((m) => m.subject === `Your unit must decide: the review of ${s.incumbent.name}`);
    expect(due.length).toBeGreaterThan(0);
    expect(due[0]!.text).toContain('its decision must be recorded by');
    const recorded = w.smtp.arrived.filter((m) => m.subject === `${unit.name} has decided: the review of ${s.incumbent.name}`);
    expect(recorded.length).toBe(procedures.length);
    expect(recorded[0]!.text).toMatch(/\d+ of \d+ units have now decided/);
  });

  it('three days before the last day, only the secretaries of the units still to record are reminded', async () => {
    const { world } = w;
    const before = world.clock.now().toISOString();
    const s = (await world.store.processDocument(world.trigger.id))!.state as TriggerBallotState;
    const a = { store: world.store, clock: world.clock, actor: world.people.proceduresSecretary.member!.id };
    // A second unit records (the first test recorded one): at least three units, of which these have decided.
    const next = s.units.find((u) => u.result === null && u.class === 'branch')!;
    await applyStep(a, world.trigger.id, 'trigger-ballot', { type: 'record-absent', unit: next.id });
    const now = (await world.store.processDocument(world.trigger.id))!.state as TriggerBallotState;
    const decided = now.units.filter((u) => u.result !== null).map((u) => u.id);
    const undecided = now.units.filter((u) => u.result === null).map((u) => u.id);
    expect(decided.length).toBeGreaterThanOrEqual(2);
    expect(undecided.length).toBeGreaterThanOrEqual(1);
    const emailOf = async (ids: readonly string[]) =>
      (await world.store.membersById(ids as never))
        .map((m) => m.email)
        .filter((e): e is string => Boolean(e))
        .sort();
    const toRemind = await emailOf(await officeHolders(world.store, undecided, 'secretary'));
    const recordedOnly = (await emailOf(await officeHolders(world.store, decided, 'secretary'))).filter((e) => !toRemind.includes(e));
    expect(toRemind.length).toBeGreaterThan(0);
    expect(recordedOnly.length).toBeGreaterThan(0);

    const reminder = (await world.store.noticesOf(world.trigger.id)).find((n) => (n.params as { news: string }).news === 'meeting-reminder')!;
    expect(reminder).toMatchObject({ state: 'scheduled', audience: { secretariesToRecord: true } });
    world.clock.set(reminder.sendAt);
    try {
      await w.drain(world.clock);
    } finally {
      world.clock.set(before);
    }
    const reminded = w.smtp.arrived.filter((m) => m.subject === `Three days left: the review of ${s.incumbent.name}`);
    expect(reminded.flatMap((m) => m.to).sort()).toEqual(toRemind);
    expect(reminded[0]!.text).toContain('Your unit has not yet recorded its decision');
    expect(await world.store.notice(reminder.id)).toMatchObject({ state: 'queued', recipients: toRemind.length, sent: toRemind.length });
  });
});
