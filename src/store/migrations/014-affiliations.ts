/**
 * Migration 14 (leadership nominations): an affiliate's affiliated membership and whether it is a
 * trade union, which the affiliates' route to a leadership ballot judges ("at least 3 affiliates,
 * 2 of them trade unions, together holding 5% of affiliated membership"). Both are null for every
 * other unit, and for an affiliate whose figures have not been given (it then counts as holding
 * no affiliated membership and as not a union).
 */
import type { Migration } from './index.js';

const sqlite = [
  'ALTER TABLE units ADD COLUMN affiliated_membership INTEGER CHECK (affiliated_membership IS NULL OR affiliated_membership >= 0)',
  'ALTER TABLE units ADD COLUMN trade_union INTEGER CHECK (trade_union IS NULL OR trade_union IN (0, 1))',
];

const postgres = [
  'ALTER TABLE units ADD COLUMN affiliated_membership integer CHECK (affiliated_membership >= 0)',
  'ALTER TABLE units ADD COLUMN trade_union boolean',
];

export const migration014: Migration = { version: 14, name: 'affiliations', sqlite, postgres };
