/** View models and contexts shared by the view tests. */
import { election } from '../../../src/count/ballots.js';
import { count } from '../../../src/count/methods/index.js';
import type { CountRecord } from '../../../src/count/record.js';
import type { ViewContext, ViewUser } from '../../../src/web/views/index.js';

export const NASTY = `<script>alert("x")</script>`;

export const member: ViewUser = { name: 'Ada Member', roles: ['member'] };
export const secretary: ViewUser = { name: 'Sam Secretary', roles: ['member', 'unit-secretary'], unit: { id: 'u-north', name: 'North Ward' } };
export const procedures: ViewUser = { name: 'Pat Procedures', roles: ['member', 'procedures-secretary'], constituency: { id: 'clp-1', name: 'Riverside' } };
export const officer: ViewUser = { name: 'Nia National', roles: ['member', 'national-officer'] };
export const scrutineer: ViewUser = { name: 'Sol Scrutineer', roles: ['scrutineer'] };
export const admin: ViewUser = { name: 'Ann Admin', roles: ['member', 'administrator'] };

export const ctxFor = (user: ViewUser | null, extra: Partial<ViewContext> = {}): ViewContext => ({ csrfToken: 'tok-123', user, ...extra });

/** Five candidates, one seat, IRV: two exclusions with some ballots exhausting. */
export function irvRecord(names: readonly string[] = ['Alice', 'Bob', 'Chidi', 'Dana', 'Eve']): CountRecord {
  return count(
    election({
      title: 'Riverside selection',
      candidates: names,
      ballots: [
        { ranks: [0, 1], weight: 30 },
        { ranks: [1, 0], weight: 25 },
        { ranks: [2, 1, 0], weight: 20 },
        { ranks: [3, 2], weight: 12 },
        { ranks: [3], weight: 4 },
        { ranks: [4, 3, 1], weight: 8 },
        { ranks: [4], weight: 3 },
      ],
    }),
    'irv',
  );
}

/** Three seats, Scottish STV: surpluses at fractional transfer values and exclusions. */
export function stvRecord(names: readonly string[] = ['Alice', 'Bob', 'Chidi', 'Dana', 'Eve', 'Fay']): CountRecord {
  return count(
    election({
      title: 'Executive committee',
      candidates: names,
      seats: 3,
      ballots: [
        { ranks: [0, 1, 2], weight: 41 },
        { ranks: [0, 3], weight: 17 },
        { ranks: [1, 0, 4], weight: 22 },
        { ranks: [2, 5, 1], weight: 15 },
        { ranks: [3, 2], weight: 11 },
        { ranks: [4, 3, 5], weight: 9 },
        { ranks: [5], weight: 7 },
        { ranks: [5, 4, 0], weight: 6 },
      ],
    }),
    'stv-scottish',
  );
}

/** IRV with batch elimination: several candidates excluded at once. */
export function batchRecord(): CountRecord {
  return count(
    election({
      title: 'Batch',
      candidates: ['A', 'B', 'C', 'D', 'E'],
      ballots: [
        { ranks: [0], weight: 40 },
        { ranks: [1], weight: 35 },
        { ranks: [2, 0], weight: 6 },
        { ranks: [3, 1], weight: 5 },
        { ranks: [4, 1, 0], weight: 3 },
        { ranks: [4], weight: 1 },
      ],
    }),
    'irv',
    { batchElimination: true },
  );
}

/** Meek STV: iterations where several elected candidates' totals change at once. */
export function meekRecord(): CountRecord {
  return count(
    election({
      title: 'Meek',
      candidates: ['A', 'B', 'C', 'D'],
      seats: 2,
      ballots: [
        { ranks: [0, 1, 2], weight: 50 },
        { ranks: [1, 0, 3], weight: 30 },
        { ranks: [2, 3], weight: 12 },
        { ranks: [3, 2, 0], weight: 10 },
        { ranks: [2], weight: 5 },
      ],
    }),
    'stv-meek',
  );
}
