/** Shared fixtures for the process tests: contexts on a fixed clock, and drivers that take a process to a given phase. */
import { expect } from 'vitest';
import type { DomainError, Result } from '../../../src/domain/result.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { fixedClock, isoDate, type IsoDate } from '../../../src/domain/time.js';
import type { Incumbent } from '../../../src/domain/organisation.js';
import { unitId, memberId } from '../../../src/domain/ids.js';
import type { ProcessContext, Transition } from '../../../src/domain/processes/common.js';

export type TestClock = ReturnType<typeof fixedClock>;

export function context(rulebook: Rulebook, at: string, actor?: string): { ctx: ProcessContext; clock: TestClock } {
  const clock = fixedClock(at);
  return { ctx: { rulebook, clock, actor }, clock };
}

/** The transition of a step that must succeed; fails the test with the error's message otherwise. */
export function must<S>(step: Result<Transition<S>>): Transition<S> {
  if (!step.ok) expect.fail(`expected the step to succeed, got ${step.error.code}: ${step.error.message}`);
  return step.value;
}

/** The error of a step that must fail. */
export function fails<S>(step: Result<Transition<S>>, code: string): DomainError {
  if (step.ok) expect.fail(`expected ${code}, but the step succeeded with event ${JSON.stringify(step.value.event)}`);
  expect(step.error.code, step.error.message).toBe(code);
  expect(step.error.message.length).toBeGreaterThan(10);
  return step.error;
}

export function jsonRoundTrips(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

export const d = (s: string): IsoDate => isoDate(s);

export function incumbent(over: Partial<Incumbent> = {}): Incumbent {
  return {
    constituency: unitId('ilford-south'),
    name: 'Sam Sitting',
    member: memberId('m-1'),
    gender: 'man',
    suspended: false,
    parentalLeaveEnded: null,
    ...over,
  };
}

/** A meeting whose majority wants a selection, one whose majority does not, one where everyone present abstained. */
export const YES = { for: 12, against: 3, abstentions: 1, attendance: 17 } as const;
export const NO = { for: 3, against: 12, abstentions: 0, attendance: 15 } as const;
export const ABSTAIN = { for: 0, against: 0, abstentions: 6, attendance: 6 } as const;

export function branches(n: number): { id: string; name: string; class: 'branch' }[] {
  return Array.from({ length: n }, (_, i) => ({ id: `b${i + 1}`, name: `Branch ${i + 1}`, class: 'branch' as const }));
}

export function affiliates(n: number): { id: string; name: string; class: 'affiliate'; affiliate: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `a${i + 1}`,
    name: `Affiliated branch ${i + 1}`,
    class: 'affiliate' as const,
    affiliate: `union-${(i % 3) + 1}`,
  }));
}
