/**
 * The catalogues: Welsh has every English key and no other, each message has the same holes in both
 * languages, plural messages give every plural category of their language, Welsh dates name the
 * months as Intl's Welsh data does, and the English eligibility reasons and moments said from the
 * structured form are word for word the domain's own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CY,
  EN_GB,
  andListIn,
  segmentIn,
  dateIn,
  durationIn,
  eligibilityReasonIn,
  candidacyReasonIn,
  holesOf,
  momentWithZone,
  wordsIn,
  type WelshCatalogue,
} from '../../src/app/language/index.js';
import { assessEligibility } from '../../src/domain/eligibility.js';
import { assessCandidacy } from '../../src/domain/candidacy.js';
import { segmentWords } from '../../src/domain/segment.js';
import type { Segment } from '../../src/domain/rulebook.js';
import { memberId, unitId } from '../../src/domain/ids.js';
import { momentWords, zoneWords } from '../../src/domain/local-time.js';
import { longDate } from '../../src/domain/calendar.js';
import type { Member, MemberStatus } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { isoDate, type IsoDate } from '../../src/domain/time.js';
import { alreadyVotedText, paperVoteNotice, voteShort } from '../../src/app/vote-notices.js';
import type { ProcessDocument } from '../../src/domain/processes/documents.js';
import type { OrganisationStore } from '../../src/store/store.js';

type AnyMessage = string | Readonly<Record<string, string>>;
const en = EN_GB as unknown as Readonly<Record<string, AnyMessage>>;
const cy = CY as unknown as Readonly<Record<string, AnyMessage>>;

const holes = (m: AnyMessage): string[] => [...new Set(typeof m === 'string' ? holesOf(m) : Object.values(m).flatMap(holesOf))].sort();

describe('the catalogues', () => {
  it('Welsh has every English key, and no key English lacks', () => {
    const missing = Object.keys(en).filter((k) => !(k in cy));
    const extra = Object.keys(cy).filter((k) => !(k in en));
    expect(missing, 'keys missing from the Welsh catalogue').toEqual([]);
    expect(extra, 'keys only the Welsh catalogue has').toEqual([]);
  });

  it('a message has the same holes in both languages', () => {
    const differ = Object.keys(en)
      .filter((k) => k in cy)
      .filter((k) => holes(en[k]!).join() !== holes(cy[k]!).join())
      .map((k) => `${k}: en {${holes(en[k]!).join('} {')}} cy {${holes(cy[k]!).join('} {')}}`);
    expect(differ).toEqual([]);
  });

  it('a plural message gives each plural category of its language, and only those', () => {
    const categories = (lang: string) => [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort().join();
    for (const [k, m] of Object.entries(en)) {
      const w = cy[k]!;
      expect(typeof w, k).toBe(typeof m);
      if (typeof m === 'string' || typeof w === 'string') continue;
      expect(Object.keys(m).sort().join(), `${k} in English`).toBe(categories('en-GB'));
      expect(Object.keys(w).sort().join(), `${k} in Welsh`).toBe(categories('cy'));
    }
  });

  it('the Welsh catalogue leaves no English behind', () => {
    // Messages that are only holes and punctuation, or a proper name, read the same in both.
    const same = Object.keys(en).filter((k) => JSON.stringify(en[k]) === JSON.stringify(cy[k]) && holesOf(JSON.stringify(en[k])).length === 0);
    expect(same).toEqual([]);
    const english = /\b(the|and|your|you|vote|voted|ballots?|with|not|candidates?|sign|results?|members?|of)\b/i;
    const left = Object.entries(cy).flatMap(([k, m]) =>
      (typeof m === 'string' ? [m] : Object.values(m)).filter((text) => english.test(text.replace(/\{[A-Za-z]+\}/g, ''))).map((t) => `${k}: ${t}`),
    );
    expect(left).toEqual([]);
  });

  it('refuses a Welsh catalogue missing a key or holding an extra one, by its type', () => {
    const { 'layout.skip': _skip, ...rest } = CY;
    // @ts-expect-error a Welsh catalogue without "layout.skip" does not type
    const missing: WelshCatalogue = rest;
    // @ts-expect-error a key the English catalogue lacks does not type
    const extra: WelshCatalogue = { ...CY, 'layout.unknown': 'Anhysbys' };
    expect(missing).not.toHaveProperty('layout.skip');
    expect(extra).toHaveProperty('layout.unknown');
  });
});

describe('words in Welsh', () => {
  const w = wordsIn('cy');

  it('names the months as Intl.DateTimeFormat("cy") does', () => {
    const intl = new Intl.DateTimeFormat('cy', { month: 'long', timeZone: 'UTC' });
    for (let m = 1; m <= 12; m++) {
      const date = `2026-${String(m).padStart(2, '0')}-05`;
      const expected = intl.format(new Date(`${date}T12:00:00Z`));
      // A Node built without Welsh data gives English names or numbers: then only our own table speaks.
      if (
        /^[A-Z][a-z]+$/.test(expected) &&
        expected !== new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`))
      )
        expect(dateIn(w, date)).toBe(`5 ${expected} 2026`);
    }
    expect(dateIn(w, '2026-12-07')).toBe('7 Rhagfyr 2026');
    expect(dateIn(w, '2027-03-04')).toBe('4 Mawrth 2027');
  });

  it('says moments on the 24-hour clock with the day mutated as an adverb', () => {
    expect(momentWithZone(w, new Date('2027-03-04T17:00:00Z'), 'Europe/London')).toBe('17:00 ddydd Iau, 4 Mawrth 2027 (amser y DU)');
    expect(momentWithZone(w, new Date('2027-03-05T00:00:00Z'), 'Europe/London')).toBe('hanner nos ar ddiwedd dydd Iau, 4 Mawrth 2027 (amser y DU)');
    expect(momentWithZone(w, new Date('2027-03-05T00:00:00Z'), 'Europe/London', 'start')).toBe(
      'hanner nos ar ddechrau dydd Gwener, 5 Mawrth 2027 (amser y DU)',
    );
    expect(momentWithZone(w, new Date('2027-07-01T11:00:00Z'), 'Europe/London')).toBe('hanner dydd ddydd Iau, 1 Gorffennaf 2027 (amser y DU)');
  });

  it('uses the Welsh plural forms of counted nouns', () => {
    expect(durationIn(w, { months: 14, days: 2 })).toBe('1 flwyddyn 2 fis 2 ddiwrnod');
    expect(durationIn(w, { months: 27, days: 3 })).toBe('2 flynedd 3 mis 3 diwrnod');
    expect(durationIn(w, { months: 36, days: 0 })).toBe('3 blynedd');
    expect(durationIn(w, { months: 72, days: 0 })).toBe('6 blynedd');
    expect(durationIn(w, { months: 60, days: 0 })).toBe('5 o flynyddoedd');
    expect(durationIn(w, { months: 0, days: 0 })).toBe('0 diwrnod');
    expect(w.t('election.cast', { n: 2 })).toBe('Bwrw fy 2 phleidlais');
    expect(w.t('election.cast', { n: 1 })).toBe('Bwrw fy mhleidlais');
    expect(w.t('results.counted', { n: 12345, method: 'y bleidlais amgen' })).toBe('Cyfrifwyd 12,345 o bapurau pleidleisio. Dull cyfrif: y bleidlais amgen.');
  });

  it('joins lists with "a", and "ac" before a vowel', () => {
    expect(andListIn(w, ['Bethan', 'Dafydd', 'Gareth'])).toBe('Bethan, Dafydd a Gareth');
    expect(andListIn(w, ['Bethan', 'Elin'])).toBe('Bethan ac Elin');
    expect(andListIn(wordsIn('en-GB'), ['Bethan', 'Dafydd', 'Elin'])).toBe('Bethan, Dafydd and Elin');
  });
});

describe('what a member is told of a vote in their name', () => {
  const store = { getUnit: async () => ({ name: 'Ockworth' }) } as unknown as OrganisationStore;
  const proc = { kind: 'selection', id: 'sel-1', constituency: 'c1', state: { title: 'Selection for Ockworth' } } as unknown as ProcessDocument;
  const postal = { process: 'sel-1', channel: 'postal', day: isoDate('2027-03-03') } as const;

  it('in English, as before', async () => {
    expect(voteShort(postal as never)).toBe('By post, 3 March 2027');
    expect(await paperVoteNotice(store, proc, postal as never)).toBe(
      'A postal vote was recorded in your name in Selection for Ockworth on 3 March 2027. If you did not vote by post, tell the procedures secretary of Ockworth or the party’s national officers at once: a vote was made in your name, and you can no longer vote yourself.',
    );
  });

  it('in Welsh', async () => {
    const w = wordsIn('cy');
    expect(voteShort(postal as never, w)).toBe('Drwy’r post, 3 Mawrth 2027');
    expect(await paperVoteNotice(store, proc, postal as never, w)).toBe(
      'Cofnodwyd pleidlais bost yn eich enw (Selection for Ockworth) ar 3 Mawrth 2027. Os na wnaethoch chi bleidleisio drwy’r post, dywedwch wrth ysgrifennydd gweithdrefnau Ockworth neu swyddogion cenedlaethol y blaid ar unwaith: gwnaed pleidlais yn eich enw, ac ni allwch bleidleisio eich hun mwyach.',
    );
    expect(await alreadyVotedText(store, proc, { ...postal, channel: 'online' } as never, w)).toBe(
      'Rydych eisoes wedi pleidleisio yn y bleidlais hon (Selection for Ockworth): gwnaethoch bleidleisio ar-lein ar 3 Mawrth 2027. Mae pob aelod yn pleidleisio unwaith, felly ni allwch bleidleisio eto.',
    );
  });
});

/** A member of ward 1 who joined on `joined`, their status changing as `history` says. */
const memberWith = (joined: IsoDate, history: readonly (readonly [IsoDate, MemberStatus])[]): Member => ({
  id: memberId('m1'),
  name: 'A Member',
  email: null,
  branch: unitId('ward-1'),
  joined,
  statusHistory: [{ from: joined, status: 'current' as MemberStatus }, ...history.map(([from, status]) => ({ from, status }))].sort((a, b) =>
    a.from < b.from ? -1 : 1,
  ),
  gender: null,
});

describe('English said from the structured form is the domain’s own', () => {
  const en = wordsIn('en-GB');
  const statuses: MemberStatus[] = ['current', 'arrears', 'lapsed', 'suspended'];
  const day = fc.integer({ min: 0, max: 3000 }).map((n) => isoDate(new Date(Date.UTC(2018, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)));

  it('eligibility reasons, over members of every history and rules of every kind', () => {
    fc.assert(
      fc.property(
        day,
        fc.array(fc.tuple(day, fc.constantFrom(...statuses)), { maxLength: 4 }),
        day,
        fc.record({
          minMembershipMonths: fc.integer({ min: 0, max: 24 }),
          arrearsGraceMonths: fc.option(fc.integer({ min: 0, max: 6 })),
          excludeSuspended: fc.boolean(),
        }),
        fc.boolean(),
        (joined: IsoDate, history, freeze: IsoDate, rules, outside) => {
          const m = memberWith(joined, history);
          const a = assessEligibility(
            m,
            { ...LABOUR_2021.eligibility, ...rules },
            {
              freezeDate: freeze,
              ...(outside
                ? { unitBranches: new Set([unitId('ward-2')]), unitName: 'Ilford South', branchNames: new Map([[unitId('ward-1'), 'Ward One']]) }
                : {}),
            },
          );
          expect(eligibilityReasonIn(en, a)).toBe(a.judgement.reason);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('whether a member may stand, over members of every history, on every day', () => {
    fc.assert(
      fc.property(
        day,
        fc.array(fc.tuple(day, fc.constantFrom(...statuses)), { maxLength: 4 }),
        day,
        day,
        fc.integer({ min: 0, max: 24 }),
        (joined: IsoDate, history, freeze: IsoDate, today: IsoDate, months) => {
          const m = memberWith(joined, history);
          const a = assessCandidacy(m, { ...LABOUR_2021.eligibility, minMembershipMonths: months }, { freezeDate: freeze, today });
          expect(candidacyReasonIn(en, a)).toBe(a.judgement.reason);
          // In Welsh every bar is said, and none of it in English.
          const cy = candidacyReasonIn(wordsIn('cy'), a);
          expect(cy).not.toMatch(/\b(your|membership|candidate|eligible)\b/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('who a contest is for', () => {
    const segments: Segment[] = [
      { kind: 'everyone' },
      { kind: 'region', region: 'Wales' },
      { kind: 'under-age', age: 27 },
      { kind: 'self-identified', characteristic: 'disabled' },
      { kind: 'self-identified', characteristic: 'bame' },
      { kind: 'self-identified', characteristic: 'lgbt+' },
      { kind: 'membership-class', classes: ['youth'] },
      { kind: 'membership-class', classes: ['youth', 'student', 'retired'] },
    ];
    for (const s of segments) expect(segmentIn(en, s)).toBe(segmentWords(s));
    expect(segmentIn(wordsIn('cy'), { kind: 'region', region: 'Cymru' })).toBe('aelodau y mae eu cangen yn rhanbarth Cymru');
    expect(segmentIn(wordsIn('cy'), { kind: 'self-identified', characteristic: 'disabled' })).toBe('aelodau sy’n hunan-uniaethu fel person anabl');
  });

  it('dates and moments', () => {
    expect(dateIn(en, '2026-12-07')).toBe(longDate(isoDate('2026-12-07')));
    for (const at of ['2027-03-04T17:00:00Z', '2027-03-05T00:00:00Z', '2027-07-01T11:00:00Z', '2027-07-01T08:30:00Z', '2027-01-01T12:00:00Z']) {
      const t = new Date(at);
      for (const edge of ['end', 'start'] as const) {
        expect(momentWithZone(en, t, 'Europe/London', edge)).toBe(`${momentWords(t, 'Europe/London', edge)} (${zoneWords('Europe/London')})`);
        expect(momentWithZone(en, t, 'America/New_York', edge)).toBe(`${momentWords(t, 'America/New_York', edge)} (${zoneWords('America/New_York')})`);
      }
    }
  });
});
