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
});
