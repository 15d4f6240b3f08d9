/**
 * Every page a member reads, in English and in Welsh: the switch in the header keeps the choice in a
 * cookie (signed out too), <html lang> follows it, and each page in Welsh has its Welsh words and
 * none of the English catalogue's sentences, while in English it has no Welsh. The booth is walked
 * through to the tracker code in both languages, by two voters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CY, EN_GB, holesOf } from '../../../src/app/language/index.js';
import type { Member } from '../../../src/domain/organisation.js';
import { checkAccessibleStructure, decode } from '../views/html-check.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
/** Two members who may vote in the open selection: one votes in Welsh, the other in English. */
let welshVoter: Member;
let englishVoter: Member;

beforeAll(async () => {
  world = await buildWorld();
  welshVoter = world.people.voter.member!;
  const entries = await world.store.electorate(world.voting.id);
  const other = entries.find((e) => e.eligible && e.member !== welshVoter.id)!;
  englishVoter = (await world.store.getMember(other.member))!;
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

/**
 * A page's visible text in its own language: tags, scripts and styles gone, entities decoded, spaces
 * collapsed; on a Welsh page, what the page marks as English (lang="en-GB": a result sheet's own
 * words, a stored reason) is left out, since it says so to the reader.
 */
function visibleText(doc: string): string {
  const welsh = doc.includes('<html lang="cy">');
  return decode(
    (welsh ? doc.replace(/<(\w+)[^>]*\slang="en-GB"[^>]*>[\s\S]*?<\/\1>/g, ' ') : doc)
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  );
}

/** A catalogue's sentences without holes, long enough that finding one in a page means it is there. */
function sentences(catalogue: Readonly<Record<string, unknown>>): string[] {
  return Object.values(catalogue)
    .flatMap((m) => (typeof m === 'string' ? [m] : Object.values(m as Record<string, string>)))
    .filter((m) => holesOf(m).length === 0 && m.length >= 12 && !m.startsWith(' '))
    .map((m) => m.replace(/[.:]$/, ''));
}
const ENGLISH = sentences(EN_GB);
const WELSH = sentences(CY);

const found = (doc: string, phrases: readonly string[]): string[] => {
  const text = visibleText(doc);
  return phrases.filter((p) => text.includes(p));
};

/** Checks a page in one language: its lang, the words it must have, and none of the other language's sentences. */
function inLanguage(r: { status: number; text: string }, lang: 'cy' | 'en-GB', words: readonly string[]): void {
  expect(r.text).toContain(`<html lang="${lang}">`);
  const text = visibleText(r.text);
  for (const w of words) expect(text, `"${w}"`).toContain(w);
  expect(found(r.text, lang === 'cy' ? ENGLISH : WELSH), `${lang === 'cy' ? 'English' : 'Welsh'} sentences on a ${lang} page`).toEqual([]);
  checkAccessibleStructure(r.text);
}

async function choose(c: Client, lang: 'cy' | 'en-GB', next: string): Promise<void> {
  const r = await c.get(`/language?to=${lang}&next=${encodeURIComponent(next)}`);
  expect(r.status).toBe(303);
  expect(r.headers.get('location')).toBe(next);
}

const PAGES: readonly { name: string; path: () => string; cy: readonly string[]; en: readonly string[] }[] = [
  {
    name: 'the start page',
    path: () => '/',
    cy: ['Beth sydd angen eich sylw nawr', 'Eich pleidleisiau', 'Fel aelod', 'Mae’r bleidlais hon ar agor', 'bydd y pleidleisio’n cau am'],
    en: ['What needs you now', 'My ballots', 'As a member', 'is open and you have not voted yet; voting closes at'],
  },
  {
    name: 'my ballots',
    path: () => '/ballots',
    cy: ['Eich pleidleisiau', 'Pleidleisiau agored y gallwch bleidleisio ynddynt', 'Pleidleisio'],
    en: ['Open ballots you can vote in'],
  },
  {
    name: 'my eligibility',
    path: () => '/eligibility',
    cy: ['Eich cymhwysedd', 'Gallwch bleidleisio', 'Barnwyd ar y dyddiad rhewi', 'yn gymwys'],
    en: ['My eligibility', 'You can vote', ': eligible'],
  },
  {
    name: 'self-identification',
    path: () => '/eligibility/self-identification',
    cy: ['Sut rydych yn hunan-uniaethu', 'Mae hyn yn breifat', 'Cadw fy atebion'],
    en: ['How you self-identify', 'Save my answers'],
  },
  {
    name: 'a declared result',
    path: () => `/results/${encodeURIComponent(world.counted.id)}`,
    cy: ['Canlyniadau', 'Canlyniad', 'Cam wrth gam', 'Lawrlwythiadau', 'Dewisiadau cyntaf', 'Cyfanswm', 'wedi’i ethol ar gam'],
    en: ['Results', 'Round by round', 'Downloads'],
  },
  {
    name: 'the results index',
    path: () => '/results',
    cy: ['Canlyniadau', 'Canlyniadau llawn', 'Cyhoeddwyd ar', 'Wedi’u hethol:'],
    en: ['Full results of', 'Declared on', 'Elected:'],
  },
  {
    name: 'the tracker code page',
    path: () => `/results/${encodeURIComponent(world.voting.id)}/tracker`,
    cy: ['Gwirio eich pleidlais', 'codau olrhain'],
    en: ['Check your ballot'],
  },
];

describe('choosing the language', () => {
  it('signed out: the sign-in pages in Welsh once chosen, English by default, the choice kept in a cookie', async () => {
    const c = new Client(world);
    const english = await c.get('/sign-in');
    inLanguage(english, 'en-GB', ['Sign in', 'Email address', 'Send me a code', 'Cymraeg']);
    expect(english.text).toContain('href="/language?to=cy&amp;next=%2Fsign-in"');
    await choose(c, 'cy', '/sign-in');
    const welsh = await c.get('/sign-in');
    inLanguage(welsh, 'cy', ['Mewngofnodi', 'Cyfeiriad e-bost', 'Anfon cod ataf', 'Neidio i’r prif gynnwys']);
    // The switch back names English in English, and says so.
    expect(welsh.text).toContain('lang="en-GB" hreflang="en-GB">English</a>');
    const refused = await c.post('/sign-in', { email: 'not an address' });
    expect(refused.status).toBe(400);
    inLanguage(refused, 'cy', ['Mae problem', 'Rhowch gyfeiriad e-bost fel enw@enghraifft.org']);
    const code = await c.get('/sign-in/code?email=nobody%40example.invalid');
    inLanguage(code, 'cy', ['Gwiriwch eich e-bost', 'Cod mewngofnodi o’r e-bost']);
    await choose(c, 'en-GB', '/sign-in');
    inLanguage(await c.get('/sign-in'), 'en-GB', ['Sign in']);
  });

  it('refuses a language it does not have, and never sends the reader off the site', async () => {
    const c = new Client(world);
    expect((await c.get('/language?to=fr&next=%2F')).status).toBe(400);
    const away = await c.get('/language?to=cy&next=https%3A%2F%2Fevil.example%2F');
    expect(away.headers.get('location')).toBe('/');
    // A page reached only by posting a form cannot be fetched again: back to the start page instead.
    const post = await c.get(`/language?to=cy&next=${encodeURIComponent(`/ballots/${world.voting.id}/review`)}`);
    expect(post.headers.get('location')).toBe('/');
  });
});

describe('a member’s pages in both languages', () => {
  for (const p of PAGES) {
    it(`${p.name} in Welsh and in English`, async () => {
      const c = await new Client(world).actAs(englishVoter);
      await choose(c, 'cy', p.path());
      inLanguage(await c.get(p.path()), 'cy', p.cy);
      await choose(c, 'en-GB', p.path());
      inLanguage(await c.get(p.path()), 'en-GB', p.en);
    });
  }

  it('an ineligible member reads why, in Welsh', async () => {
    const c = await new Client(world).actAs(world.people.outsider.member);
    await choose(c, 'cy', '/eligibility');
    const page = await c.get('/eligibility');
    inLanguage(page, 'cy', ['Eich cymhwysedd']);
    const booth = await c.get(`/ballots/${encodeURIComponent(world.voting.id)}`);
    expect(booth.status).toBe(403);
    inLanguage(booth, 'cy', ['Gwall 403', 'Gweld eich cymhwysedd']);
  });
});

/** Votes in the open selection in the client's language: the booth, a refusal, the review, the cast, the tracker code. */
async function vote(
  c: Client,
  lang: 'cy' | 'en-GB',
  words: { booth: string[]; refused: string[]; duplicate: string[]; review: string[]; cast: string[] },
): Promise<void> {
  const path = `/ballots/${encodeURIComponent(world.voting.id)}`;
  const booth = await c.get(path);
  inLanguage(booth, lang, words.booth);
  const ids = [...booth.text.matchAll(/name="(rank-[^"]+)"/g)].map((m) => m[1]!);
  expect(ids.length).toBeGreaterThan(1);
  const empty = await c.post(`${path}/review`, {});
  expect(empty.status).toBe(400);
  inLanguage(empty, lang, words.refused);
  const twice = await c.post(`${path}/review`, { [ids[0]!]: '1', [ids[1]!]: '1' });
  expect(twice.status).toBe(400);
  inLanguage(twice, lang, words.duplicate);
  const ranking = { [ids[0]!]: '1', [ids[1]!]: '2' };
  const review = await c.post(`${path}/review`, ranking);
  inLanguage(review, lang, words.review);
  const cast = await c.post(`${path}/cast`, { ...ranking, action: 'cast' });
  inLanguage(cast, lang, words.cast);
  expect(cast.text).toMatch(/<code>[A-Z0-9-]{20,}<\/code>/);
}

describe('the booth', () => {
  it('in Welsh, from the paper to the tracker code', async () => {
    const c = await new Client(world).actAs(welshVoter);
    await choose(c, 'cy', '/ballots');
    await vote(c, 'cy', {
      booth: [
        'Dull cyfrif:',
        'Rhowch yr ymgeiswyr yn nhrefn eich dewis',
        'Rhif ar gyfer',
        'Adolygu fy mhleidlais',
        'Rwyf am fwrw pleidlais wag',
        'Bydd y pleidleisio’n cau am',
      ],
      refused: ['Mae problem', 'Rhowch o leiaf un ymgeisydd mewn trefn'],
      duplicate: ['Mae 1 hefyd wedi’i roi ar gyfer', 'defnyddiwch bob rhif unwaith'],
      review: ['Gwiriwch eich pleidlais', 'Bwrw fy mhleidlais', 'Newid fy mhleidlais'],
      cast: ['Pleidlais wedi’i bwrw', 'Eich cod olrhain', 'Cadwch eich cod olrhain', 'Yn ôl at eich pleidleisiau'],
    });
    const ballots = await c.get('/ballots');
    inLanguage(ballots, 'cy', ['Wedi pleidleisio', 'Ar-lein,']);
    const again = await c.get(`/ballots/${encodeURIComponent(world.voting.id)}`);
    expect(again.status).toBe(409);
  });

  it('in English, word for word as before', async () => {
    const c = await new Client(world).actAs(englishVoter);
    await vote(c, 'en-GB', {
      booth: ['Counted by', 'Rank the candidates in order of preference', 'Rank for', 'Review my ballot', 'I want to cast a blank ballot', 'Voting closes at'],
      refused: ['There is a problem', 'Rank at least one candidate'],
      duplicate: ['1 is also given to', 'use each number once'],
      review: ['Check your ballot', 'Cast my ballot', 'Change my ballot'],
      cast: ['Ballot cast', 'Your tracker code', 'Keep your tracker code', 'Back to my ballots'],
    });
  });
});

describe("a member's language, kept with their record", () => {
  it('is stored when a signed-in member switches, so their mail follows it', async () => {
    const member = englishVoter;
    const c = await new Client(world).actAs(member);
    expect((await c.get('/language?to=cy&next=%2Fballots')).status).toBe(303);
    expect((await world.store.getMember(member.id))!.language).toBe('cy');
    await c.get('/language?to=en-GB&next=%2Fballots');
    expect((await world.store.getMember(member.id))!.language).toBe('en');
  });
});
