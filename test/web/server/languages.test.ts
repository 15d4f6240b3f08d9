/**
 * Every page a member reads, in English and in Welsh: the switch in the header keeps the choice in a
 * cookie (signed out too), <html lang> follows it, and each page in Welsh has its Welsh words and
 * none of the English catalogue's sentences, while in English it has no Welsh. The booth is walked
 * through to the tracker code in both languages, by two voters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CY, EN_GB, holesOf } from '../../../src/app/language/index.js';
import { statusOn, type Member } from '../../../src/domain/organisation.js';
import { judgeEligibility } from '../../../src/domain/eligibility.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import type { StoredProcess } from '../../../src/store/store.js';
import { checkAccessibleStructure, decode } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

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
function inLanguage(r: { status: number; text: string }, lang: 'cy' | 'en-GB', words: readonly string[], notEnglish: readonly string[] = []): void {
  expect(r.text).toContain(`<html lang="${lang}">`);
  const text = visibleText(r.text);
  for (const w of words) expect(text, `"${w}"`).toContain(w);
  for (const e of notEnglish) expect(text, `English "${e}" on a Welsh page`).not.toContain(e);
  expect(found(r.text, lang === 'cy' ? ENGLISH : WELSH), `${lang === 'cy' ? 'English' : 'Welsh'} sentences on a ${lang} page`).toEqual([]);
  checkAccessibleStructure(r.text);
}

async function choose(c: Client, lang: 'cy' | 'en-GB', next: string): Promise<void> {
  const r = await c.get(`/language?to=${lang}&next=${encodeURIComponent(next)}`);
  expect(r.status).toBe(303);
  expect(r.headers.get('location')).toBe(next);
}

/** A member signed in with Welsh chosen, and the page at `path` as they read it. */
async function inWelsh(member: Member | null, path: string): Promise<{ c: Client; page: Awaited<ReturnType<Client['get']>> }> {
  const c = await new Client(world).actAs(member);
  await choose(c, 'cy', path);
  return { c, page: await c.get(path) };
}

/**
 * A page in Welsh, the words it must have, and English it must not: the catalogue's sentences are
 * checked on every page, and `notEnglish` names the English of sentences with holes (which the
 * catalogue check cannot find) that used to be written into the page.
 */
const PAGES: readonly { name: string; path: () => string; cy: readonly string[]; en: readonly string[]; notEnglish?: readonly string[] }[] = [
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
    cy: [
      'Canlyniadau',
      'Canlyniad',
      'Cam wrth gam',
      'Lawrlwythiadau',
      'Dewisiadau cyntaf',
      'Cyfanswm',
      'wedi’i ethol ar gam',
      'Beth ddigwyddodd ar bob cam',
      'Cam 1: Dewisiadau cyntaf',
      'Trosglwyddwyd pleidleisiau',
      'ar ôl eu heithrio (y lleiaf o bleidleisiau)',
      'etholwyd',
      'o bleidleisiau oddi wrth',
      'Cyhoeddwyd gan swyddog ar',
    ],
    en: ['Results', 'Round by round', 'Downloads', 'Stage 1: First preferences.', 'transferred after exclusion (lowest votes)', 'votes from'],
    notEnglish: [
      'an officer',
      'transferred after exclusion',
      'lowest votes',
      ' elected (',
      'majority of continuing votes',
      'Non-transferable',
      'votes from',
      'Stage 2',
    ],
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
  {
    name: 'my constituency (a selection with its ballot open)',
    path: () => '/my-constituency',
    cy: [
      'Detholiad',
      'Amserlen y detholiad',
      'Diwedd y cyfnod ymgeisio',
      'Y bleidlais yn cau',
      'Mae’r bleidlais ar agor',
      'Rhestr fer',
      'wedi’i enwebu gan',
      'Yr ymgeiswyr a’u datganiadau',
    ],
    en: ['Selection timetable', 'Applications close', 'The ballot is open', 'Shortlist', 'nominated by'],
    notEnglish: ['Ballot closes', 'Electorate frozen at', 'nominated by', 'To come', 'Sitting representative'],
  },
  {
    name: 'stand for selection',
    path: () => '/candidacies',
    cy: ['Sefyll i gael eich dethol', 'Detholiadau sy’n derbyn ceisiadau', 'Eich ceisiadau', 'Nid ydych wedi gwneud cais i sefyll'],
    en: ['Stand for selection', 'Selections taking applications', 'Your applications'],
    notEnglish: ['is taking applications now', 'Applications close on'],
  },
  {
    name: 'the public candidates of a selection',
    path: () => `/selections/${encodeURIComponent(world.voting.id)}/candidates`,
    cy: ['Ymgeiswyr:', 'Bydd un ymgeisydd yn cael ei ddethol', 'yn nhrefn yr wyddor'],
    en: ['Candidates:', 'One candidate will be selected.'],
    notEnglish: ['Candidates:', 'No statement published'],
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
      inLanguage(await c.get(p.path()), 'cy', p.cy, p.notEnglish);
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

describe('standing for selection, in Welsh', () => {
  /** The demo's selection taking applications, a member of its seat who may stand, and one who may not (in arrears today). */
  let applying: StoredProcess;
  let applicant: Member;
  let inArrears: Member;

  beforeAll(async () => {
    applying = (await world.store.listProcesses({ kind: 'selection' })).find((p) => (p.state as SelectionState).phase === 'applications')!;
    const branches = await world.store.listUnits({ kind: 'branch', parent: applying.constituency! });
    const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
    const s = applying.state as SelectionState;
    const standing = new Set(s.candidates.map((c) => c.member));
    const units = new Set(branches.map((b) => b.id));
    for await (const m of world.store.membersOf(branches.map((b) => b.id))) {
      if (officers.has(m.id) || standing.has(m.id)) continue;
      const today = statusOn(m, TODAY);
      const eligible = judgeEligibility(m, LABOUR_2021.eligibility, { freezeDate: s.timetable.freezeDate, unitBranches: units }).eligible;
      if (!applicant && today === 'current' && eligible) applicant = m;
      if (!inArrears && today === 'arrears') inArrears = m;
    }
    if (!applicant || !inArrears) throw new Error('the demo seat lacks the members this test needs');
  });

  const apply = () => `/selections/${encodeURIComponent(applying.id)}/apply`;

  it('lists the selection with why they may apply, the form, its errors, and the confirmation', async () => {
    const { c, page: list } = await inWelsh(applicant, '/candidacies');
    inLanguage(
      list,
      'cy',
      [
        'Detholiadau sy’n derbyn ceisiadau',
        'Daw’r cyfnod ymgeisio i ben ar',
        'Gallwch wneud cais',
        'Rydych mewn sefyllfa dda heddiw',
        'yn gymwys',
        'Gwneud cais i sefyll',
      ],
      ['You can apply', 'You are in good standing', 'Applications close on'],
    );
    const form = await c.get(apply());
    inLanguage(
      form,
      'cy',
      [
        'Gwneud cais i sefyll:',
        'Etholaeth',
        'Eich enw ar y papur pleidleisio',
        'Eich rhywedd (dewisol)',
        'Eich datganiad (dewisol)',
        'Dim mwy na',
        'Rwyf am sefyll',
      ],
      ['Apply to stand:', 'Your gender', 'At most', 'words, shown to members', 'must be women', 'sets no rule'],
    );
    const refused = await c.post(apply(), { gender: 'x'.repeat(41) });
    expect(refused.status).toBe(400);
    inLanguage(
      refused,
      'cy',
      ['Mae problem', 'Rhywedd: Cadwch at 40 nod neu lai (mae hwn yn 41)', 'Caniatâd: Ticiwch y blwch'],
      ['Keep it to', 'Tick the box'],
    );
    expect(refused.text).toContain('<title>Gwall: ');
    const sent = await c.post(apply(), { gender: '', statement: '', consent: 'yes' });
    expect(sent.status).toBe(303);
    const after = await c.get('/candidacies');
    inLanguage(
      after,
      'cy',
      ['Rydych wedi gwneud cais i sefyll yn y detholiad hwn', 'cais wedi dod i law', 'Detholiadau rydych wedi gwneud cais iddynt'],
      ['You have applied', 'application received'],
    );
    // Applying twice is refused in Welsh too.
    const twice = await c.get(apply());
    expect(twice.status).toBe(409);
    inLanguage(twice, 'cy', ['Rydych eisoes wedi gwneud cais i sefyll', 'Ni chadwyd dim', 'Yn ôl i sefyll i gael eich dethol'], ['You have already applied']);
  });

  it('says why a member in arrears may not stand, in Welsh', async () => {
    const { c, page } = await inWelsh(inArrears, '/candidacies');
    inLanguage(
      page,
      'cy',
      ['Ni allwch wneud cais', 'Mae eich aelodaeth mewn ôl-ddyledion heddiw', 'rhaid i ymgeisydd fod yn aelod mewn sefyllfa dda'],
      ['in arrears today', 'You cannot apply'],
    );
    const refused = await c.get(apply());
    expect(refused.status).toBe(403);
    inLanguage(refused, 'cy', ['Gwall 403', 'Ni allwch wneud cais i sefyll yn y detholiad hwn', 'Ni chadwyd dim'], ['You cannot apply', 'Nothing was saved']);
  });
});

describe('a constituency’s trigger ballot, in Welsh', () => {
  it('says the stage, the gauges and each unit’s decision in Welsh, and keeps the rulebook’s rule marked as English', async () => {
    const branches = await world.store.listUnits({ kind: 'branch', parent: world.trigger.constituency! });
    let member: Member | null = null;
    for await (const m of world.store.membersOf(branches.map((b) => b.id))) {
      member = m;
      break;
    }
    const { page } = await inWelsh(member, '/my-constituency');
    inLanguage(
      page,
      'cy',
      [
        'Pleidlais sbarduno',
        'Adolygiad o’r cynrychiolydd presennol',
        'Cyfarfodydd yr unedau ar y gweill tan',
        'Canghennau:',
        'trothwy:',
        'Y penderfyniadau a gofnodwyd gan bob uned',
        'Heb ei gofnodi eto',
      ],
      ['Unit meetings under way', 'want a selection', 'Not recorded yet', 'Branches:', 'threshold:', 'Review of'],
    );
    expect(page.text).toMatch(/<p><span lang="en-GB">[^<]+<\/span><\/p>/);
  });
});

describe('refusals a member can meet, in Welsh', () => {
  it('a page that is not there, and a page for officers only', async () => {
    const c = await new Client(world).actAs(englishVoter);
    await choose(c, 'cy', '/ballots');
    const refusals: [string, 403 | 404, string[], string[]][] = [
      ['/no-such-page', 404, ['Heb ddod o hyd i’r dudalen', 'Nid oes tudalen yn /no-such-page'], ['There is no page']],
      ['/results/no-such-ballot', 404, ['Nid oes pleidlais "no-such-ballot"'], ['There is no ballot']],
      ['/admin', 403, ['Nid oes gennych ganiatâd i weld hyn', 'Nid yw eich rolau’n caniatáu'], ['Your roles do not allow']],
      ['/selections/no-such-selection/candidates', 404, ['Nid oes detholiad o’r fath'], ['There is no such selection']],
    ];
    for (const [path, status, cy, en] of refusals) {
      const r = await c.get(path);
      expect(r.status, path).toBe(status);
      inLanguage(r, 'cy', cy, en);
    }
  });

  it('too many sign-in attempts', async () => {
    const statuses: number[] = [];
    let last = { status: 0, text: '' };
    for (let i = 0; i < 6; i++) {
      const c = await new Client(world, '192.0.2.77').actAs(null);
      await choose(c, 'cy', '/sign-in');
      last = await c.post('/sign-in', { email: 'welsh-limited@example.org' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    inLanguage(
      last,
      'cy',
      ['Gormod o ymdrechion', 'Bu gormod o ymdrechion i fewngofnodi ar gyfer y cyfeiriad e-bost hwn o’ch rhwydwaith chi', 'Arhoswch 15 munud'],
      ['too many sign-in attempts', 'Wait 15 minutes'],
    );
  });
});
