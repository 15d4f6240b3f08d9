/**
 * The pages for opening processes and standing for selection: labelled fields
 * filled in with the defaults given, errors beside their fields and linked from
 * the summary, the rulebook choices with what each means, and hostile text
 * escaped everywhere.
 */
import { describe, expect, it } from 'vitest';
import {
  applyPage,
  candidaciesPage,
  constituenciesPage,
  constituencyPage,
  electionsPage,
  openElectionPage,
  openSelectionPage,
  openTriggerPage,
  type RulebookInUse,
  type ViewContext,
} from '../../../src/web/views/index.js';
import { ctxFor, member, NASTY, officer, procedures } from './fixtures.js';
import { all, byId, byTag, checkAccessibleStructure, controlName, parse, type El } from './html-check.js';

const RULEBOOK: RulebookInUse = {
  id: 'labour-2021',
  name: 'Labour 2021',
  rule: 'Labour 2021 combines branches and affiliates in a 50/50 electoral college and triggers above 50%.',
  why: 'the rulebook in force',
};
/** The panel naming the rulebook the process runs under: no choice of rulebook is offered. */
const rulebookPanel = (root: El): string => all(root, (e) => (e.attrs.class ?? '').includes('panel') && e.text.startsWith('It runs under'))[0]?.text ?? '';

/** The page's own form (the header's sign-out forms are not it). */
const mainForm = (root: El): El => byTag(byTag(root, 'main')[0], 'form')[0];
const inputs = (root: El): El[] => all(mainForm(root), (e) => (e.tag === 'input' && e.attrs.type !== 'hidden') || e.tag === 'select');
const summary = (root: El): El => all(root, (e) => (e.attrs.class ?? '').includes('error-summary'))[0];
const described = (root: El, e: El): string =>
  (e.attrs['aria-describedby'] ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => byId(root, id)!.text)
    .join(' | ');

/** The choice of ballots at the end of an opening form, where the rulebook lets the process choose. */
const ENCRYPTION_CONTROLS = ['Plain ballots', 'Encrypted, verifiable ballots', 'Trustees', 'Trustees needed to decrypt', 'Credential authority'];

describe('opening a trigger ballot', () => {
  const view = {
    constituency: { id: 'clp-1', name: 'Riverside' },
    incumbent: 'Jo Sitting',
    units: { branches: 9, affiliates: 14 },
    rulebook: RULEBOOK,
    earlier: [{ process: 'tb-clp-1-1', text: 'Jo Sitting, opened 2023-01-05: readopted' }],
  };

  it('names the rulebook in force with what it would do, and fills in the closing date', () => {
    const root = checkAccessibleStructure(openTriggerPage({ ...view, form: { values: { closes: '2024-07-13' }, errors: {} } }, ctxFor(officer)));
    const form = mainForm(root);
    expect([form.attrs.method, form.attrs.action]).toEqual(['post', '/constituencies/clp-1/trigger-ballots']);
    const fields = inputs(root);
    expect(fields.map((i) => [i.attrs.name, i.attrs.type, i.attrs.value])).toEqual([['closes', 'date', '2024-07-13']]);
    expect(fields.map((i) => controlName(root, i))).toEqual(['Last day for unit meetings']);
    expect(rulebookPanel(root)).toBe(
      'It runs under Labour 2021, the rulebook in force. Labour 2021 combines branches and affiliates in a 50/50 electoral college and triggers above 50%.',
    );
    expect(described(root, fields[0])).toContain('6 weeks from today');
    expect(root.text).toContain('each of the 9 branches and 14 affiliated branches');
    expect(all(root, (e) => e.tag === 'a' && e.attrs.href === '/processes/tb-clp-1-1')).toHaveLength(1);
    expect(all(root, (e) => (e.attrs.class ?? '').includes('error-summary'))).toHaveLength(0);
  });

  it('shows each problem beside its field and in the summary, with the values typed', () => {
    const doc = openTriggerPage(
      {
        ...view,
        form: {
          values: { closes: '2024-02-30' },
          errors: { closes: '“2024-02-30” is not a date; enter one like 2025-03-21.' },
        },
      },
      ctxFor(officer),
    );
    const root = checkAccessibleStructure(doc);
    expect(byTag(root, 'title')[0].text).toMatch(/^Error: /);
    const links = byTag(summary(root), 'a');
    expect(links.map((a) => a.text)).toEqual(['Last day for unit meetings: “2024-02-30” is not a date; enter one like 2025-03-21.']);
    // The link lands on its field.
    const fields = inputs(root);
    expect(links.map((a) => a.attrs.href)).toEqual([`#${fields[0].attrs.id}`]);
    expect(fields[0].attrs['aria-invalid']).toBe('true');
    expect(fields[0].attrs.value).toBe('2024-02-30');
    expect(described(root, fields[0])).toContain('is not a date');
  });
});

describe('opening a selection', () => {
  const values = {
    title: 'Selection for Riverside',
    'applications-close': '2024-06-15',
    'nominations-close': '2024-07-06',
    'freeze-date': '2024-06-01',
    'ballot-opens': '2024-07-20',
    'ballot-closes': '2024-08-03',
  };

  it('has the title, the rulebook named, the all-women shortlist and the five dates, labelled and filled in', () => {
    const root = checkAccessibleStructure(
      openSelectionPage(
        { constituency: { id: 'clp-1', name: 'Riverside' }, units: 23, rulebook: RULEBOOK, encryption: 'optional', form: { values, errors: {} } },
        ctxFor(procedures),
      ),
    );
    const fields = inputs(root);
    expect(fields.map((i) => controlName(root, i))).toEqual([
      'Title',
      'Hold an all-women shortlist in this seat',
      'Applications close',
      'Nominations close',
      'Freeze date',
      'Ballot opens',
      'Ballot closes',
      ...ENCRYPTION_CONTROLS,
    ]);
    expect(fields.filter((i) => i.attrs.type === 'date').map((i) => i.attrs.value)).toEqual([
      '2024-06-15',
      '2024-07-06',
      '2024-06-01',
      '2024-07-20',
      '2024-08-03',
    ]);
    expect(fields[1].attrs.type).toBe('checkbox');
    expect(fields[1].attrs.checked).toBeUndefined();
    expect(mainForm(root).attrs.action).toBe('/constituencies/clp-1/selections');
    expect(root.text).toContain('the seat is open: nobody stands automatically');
    expect(rulebookPanel(root)).toContain('It runs under Labour 2021, the rulebook in force.');
    expect(byTag(root, 'legend').map((l) => l.text)).toEqual(['Timetable', 'Plain or encrypted ballots', 'Which ballots members use']);
    // Plain ballots unless the officer chooses otherwise.
    expect(fields.find((i) => i.attrs.value === 'plain')!.attrs.checked).toBe('');
  });

  it('offers no choice of ballots under a rulebook of plain ballots only, and only encrypted ones, said plainly, under one that requires them', () => {
    const page = (encryption: 'never' | 'required') =>
      checkAccessibleStructure(
        openSelectionPage(
          { constituency: { id: 'clp-1', name: 'Riverside' }, units: 23, rulebook: RULEBOOK, encryption, form: { values, errors: {} } },
          ctxFor(procedures),
        ),
      );
    const never = page('never');
    expect(inputs(never).map((i) => controlName(never, i))).not.toContain('Trustees');
    expect(byTag(never, 'legend').map((l) => l.text)).toEqual(['Timetable']);
    const required = page('required');
    const controls = inputs(required).map((i) => controlName(required, i));
    expect(controls).not.toContain('Plain ballots');
    expect(controls.slice(-3)).toEqual(['Trustees', 'Trustees needed to decrypt', 'Credential authority']);
    expect(required.text).toContain('Labour 2021 requires encrypted, verifiable ballots, so this ballot will have them');
    expect(all(required, (e) => e.tag === 'input' && e.attrs.type === 'hidden' && e.attrs.name === 'ballots').map((e) => e.attrs.value)).toEqual(['encrypted']);
  });

  it('under a rulebook that requires encrypted ballots, shows a refusal of plain ones beside the rule, linked from the summary, the form kept', () => {
    const problem =
      'Labour 2021 requires encrypted ballots, so this ballot cannot have plain ones. Choose encrypted ballots, naming the trustees and the credential authority.';
    const root = checkAccessibleStructure(
      openSelectionPage(
        {
          constituency: { id: 'clp-1', name: 'Riverside' },
          units: 23,
          rulebook: RULEBOOK,
          encryption: 'required',
          form: { values: { ...values, ballots: 'plain', trustees: 'm1, m2' }, errors: { ballots: problem } },
        },
        ctxFor(procedures),
      ),
    );
    const beside = byId(root, 'f-ballots-error')!;
    expect(beside.text).toBe(`Error: ${problem}`);
    const rule = byId(root, 'f-ballots-1')!;
    expect(rule.text).toMatch(/^Labour 2021 requires encrypted, verifiable ballots, so this ballot will have them/);
    expect(all(summary(root), (e) => e.tag === 'a').map((a) => [a.attrs.href, a.text])).toEqual([['#f-ballots-1', `Which ballots members use: ${problem}`]]);
    expect(inputs(root).find((i) => i.attrs.name === 'trustees')!.attrs.value).toBe('m1, m2');
    expect(all(root, (e) => e.tag === 'input' && e.attrs.name === 'ballots').map((e) => [e.attrs.type, e.attrs.value])).toEqual([['hidden', 'encrypted']]);
  });

  it('says which triggered review it follows, keeps the tick, and puts a rules refusal at the top', () => {
    const doc = openSelectionPage(
      {
        constituency: { id: 'clp-1', name: 'Riverside' },
        units: 23,
        follows: { process: 'tb-clp-1-2', incumbent: 'Jo Sitting' },
        rulebook: { ...RULEBOOK, why: 'the rules of the review it follows' },
        encryption: 'optional',
        form: {
          values: { ...values, 'all-women-shortlist': 'yes' },
          errors: {
            'all-women-shortlist': 'The shortlist must be all women, but Jo Sitting is not recorded as a woman.',
            '': 'The timetable is out of order.',
          },
        },
      },
      ctxFor(procedures),
    );
    const root = checkAccessibleStructure(doc);
    expect(all(root, (e) => e.tag === 'a' && e.attrs.href === '/processes/tb-clp-1-2')).toHaveLength(1);
    expect(root.text).toContain('Jo Sitting stands as the first candidate');
    expect(rulebookPanel(root)).toContain('It runs under Labour 2021, the rules of the review it follows.');
    const box = inputs(root).find((i) => i.attrs.type === 'checkbox')!;
    expect(box.attrs.checked).toBe('');
    expect(box.attrs['aria-invalid']).toBe('true');
    expect(described(root, box)).toContain('not recorded as a woman');
    const items = byTag(summary(root), 'li').map((l) => l.text);
    expect(items).toEqual([
      'All-women shortlist: The shortlist must be all women, but Jo Sitting is not recorded as a woman.',
      'The timetable is out of order.',
    ]);
  });
});

describe('opening an internal election', () => {
  it('names the rulebook in force and what it elects, and offers the methods that may replace its own', () => {
    const root = checkAccessibleStructure(
      openElectionPage(
        {
          rulebook: {
            id: 'labour-2021',
            name: 'Labour 2021',
            rule: 'Labour 2021 elects 9 national executive seats by STV with a Droop quota (stv-droop) with at least 4 women.',
            why: 'the rulebook in force',
          },
          elects: true,
          encryption: 'optional',
          contests: [],
          methods: [
            { id: 'irv', name: 'Alternative vote', can: 'One seat only; cannot hold a minimum of women.' },
            { id: 'stv-scottish', name: 'Scottish STV', can: 'One seat or several; can hold a minimum of women.' },
          ],
          form: {
            values: {
              title: '',
              'nominations-close': '2024-06-29',
              'freeze-date': '2024-06-01',
              'ballot-opens': '2024-07-13',
              'ballot-closes': '2024-08-03',
            },
            errors: { title: 'Enter the election’s title.' },
          },
        },
        ctxFor(officer),
      ),
    );
    const fields = inputs(root);
    expect(fields.map((i) => controlName(root, i))).toEqual([
      'Title',
      'Seats',
      'The rulebook’s method',
      'Alternative vote',
      'Scottish STV',
      'Minimum of women',
      'Nominations close',
      'Freeze date',
      'Ballot opens',
      'Ballot closes',
      ...ENCRYPTION_CONTROLS,
    ]);
    // The rulebook's method is chosen unless the officer picks another; each method says what it can do.
    expect(fields[2].attrs.checked).toBe('');
    expect(fields[3].attrs.checked).toBeUndefined();
    expect(described(root, fields[3])).toContain('One seat only');
    expect(rulebookPanel(root)).toContain('Labour 2021 elects 9 national executive seats');
    expect(byTag(summary(root), 'a')[0].attrs.href).toBe(`#${fields[0].attrs.id}`);
    expect(mainForm(root).attrs.action).toBe('/elections');
  });

  it('is offered from the elections page to those who may open one', () => {
    const withLink = checkAccessibleStructure(electionsPage({ elections: [], openUrl: '/elections/new' }, ctxFor(officer)));
    expect(all(withLink, (e) => e.tag === 'a' && e.attrs.href === '/elections/new').map((a) => a.text)).toEqual(['Open an internal election']);
    const without = checkAccessibleStructure(electionsPage({ elections: [] }, ctxFor(officer)));
    expect(all(without, (e) => e.tag === 'a' && e.attrs.href === '/elections/new')).toEqual([]);
  });
});

describe('constituency pages', () => {
  it('offer what the viewer may open, and say why not where they may not', () => {
    const root = checkAccessibleStructure(
      constituencyPage(
        {
          constituency: { id: 'clp-1', name: 'Riverside' },
          incumbent: 'Jo Sitting',
          actions: [{ href: '/constituencies/clp-1/selections/new', text: 'Open a selection' }],
          notes: ['A trigger ballot on Jo Sitting is opened by the party’s national officers.'],
        },
        ctxFor(procedures),
      ),
    );
    expect(root.text).toContain('Sitting representative: Jo Sitting.');
    expect(all(root, (e) => e.tag === 'a' && e.attrs.href === '/constituencies/clp-1/selections/new').map((a) => a.text)).toEqual(['Open a selection']);
    expect(root.text).toContain('opened by the party’s national officers');
    // Nothing to open: no section at all.
    expect(constituencyPage({ constituency: { id: 'c', name: 'Quiet' } }, ctxFor(procedures))).not.toContain('Open a process');
  });

  it('list every constituency with its representative and processes, behind a GET filter that keeps its value', () => {
    const root = checkAccessibleStructure(
      constituenciesPage(
        {
          q: 'river',
          rows: [
            { id: 'clp-1', name: 'Riverside', region: 'North', incumbent: 'Jo Sitting', review: 'readopted (tb-clp-1-1)', selection: null },
            { id: 'clp-2', name: 'Riverton', region: 'North', incumbent: null, review: null, selection: 'applications (sel-clp-2-1)' },
          ],
          total: 12,
        },
        ctxFor(officer),
      ),
    );
    const form = mainForm(root);
    expect(form.attrs.method).toBe('get');
    expect(all(form, (e) => e.attrs.name === 'q')[0].attrs.value).toBe('river');
    const rows = byTag(byTag(root, 'tbody')[0], 'tr');
    expect(rows.map((r) => byTag(r, 'a')[0].attrs.href)).toEqual(['/constituencies/clp-1', '/constituencies/clp-2']);
    expect(rows[1].text).toContain('none (an open seat)');
    expect(root.text).toContain('Showing 2 of 12 constituencies.');
  });
});

describe('standing for selection', () => {
  it('lists the selections I may apply to, why not where I may not, and my applications', () => {
    const root = checkAccessibleStructure(
      candidaciesPage(
        {
          constituency: 'Riverside',
          open: [
            {
              process: 'sel-1',
              title: 'Selection for Riverside',
              constituency: 'Riverside',
              applicationsClose: '2024-06-15',
              mayApply: true,
              reason: 'You are in good standing today.',
            },
            {
              process: 'sel-2',
              title: 'Another',
              constituency: 'Riverside',
              applicationsClose: '2024-06-20',
              mayApply: false,
              reason: 'Your membership is in arrears today.',
            },
          ],
          mine: [
            {
              process: 'sel-0',
              title: 'Old selection',
              constituency: 'Riverside',
              appliedAt: '2023-02-01T10:00:00.000Z',
              status: 'selected',
              tone: 'good',
              resultsUrl: '/results/sel-0',
            },
          ],
        },
        ctxFor(member),
      ),
    );
    const apply = all(root, (e) => e.tag === 'a' && (e.attrs.href ?? '').endsWith('/apply'));
    expect(apply.map((a) => [a.attrs.href, a.text])).toEqual([['/selections/sel-1/apply', 'Apply to stand in Selection for Riverside']]);
    expect(root.text).toContain('You cannot apply');
    expect(root.text).toContain('Your membership is in arrears today.');
    const row = byTag(byTag(root, 'tbody')[0], 'tr')[0];
    expect(row.text).not.toContain('c3');
    expect(row.text).toContain('1 February 2023');
    expect(row.text).toContain('selected');
    expect(checkAccessibleStructure(candidaciesPage({ constituency: null, open: [], mine: [] }, ctxFor(member))).text).toContain(
      'You have not applied to stand in any selection.',
    );
  });

  it('asks for the gender as the member describes it and a ticked consent, errors beside each', () => {
    const doc = applyPage(
      {
        process: { id: 'sel-1', title: 'Selection for Riverside' },
        constituency: 'Riverside',
        name: 'Ada Member',
        applicationsClose: '2024-06-15',
        standing: 'You are in good standing today and on the selection’s electorate.',
        genderRules: 'Under Labour 2021 at least one half of the longlist and the shortlist must be women.',
        statementWords: 400,
        form: { values: { gender: 'woman' }, errors: { consent: 'Tick the box to confirm that you wish to stand and that your name may be shown.' } },
      },
      ctxFor(member),
    );
    const root = checkAccessibleStructure(doc);
    const form = byTag(root, 'form').find((f) => f.attrs.action === '/selections/sel-1/apply')!;
    const fields = all(form, (e) => e.tag === 'input' && e.attrs.type !== 'hidden');
    expect(fields.map((i) => [i.attrs.name, controlName(root, i)])).toEqual([
      ['gender', 'Your gender (optional)'],
      ['consent', 'I wish to stand, and agree that my name is shown to the constituency’s officers, its units and its members'],
    ]);
    expect(fields[0].attrs.value).toBe('woman');
    expect(fields[1].attrs['aria-invalid']).toBe('true');
    expect(described(root, fields[1])).toContain('Tick the box');
    expect(byTag(summary(root), 'a')[0].attrs.href).toBe(`#${fields[1].attrs.id}`);
    expect(root.text).toContain('Ada Member');
    expect(root.text).toContain('15 June 2024');
    expect(root.text).toContain('at least one half of the longlist');
  });
});

describe('hostile text in every new page is escaped', () => {
  function pages(x: string, ctx: ViewContext): [string, string][] {
    const rb: RulebookInUse = { id: x, name: x, rule: x, why: x };
    /** Every field of the form named, given the hostile text as its value and as its error. */
    const form = (...names: string[]) => ({
      values: Object.fromEntries(names.map((n) => [n, x])),
      errors: Object.fromEntries([...names, ''].map((n) => [n, x])),
    });
    const dates = ['nominations-close', 'freeze-date', 'ballot-opens', 'ballot-closes'];
    return [
      [
        'trigger',
        openTriggerPage(
          {
            constituency: { id: x, name: x },
            incumbent: x,
            units: { branches: 1, affiliates: 0 },
            rulebook: rb,
            earlier: [{ process: x, text: x }],
            form: form('closes'),
          },
          ctx,
        ),
      ],
      [
        'selection',
        openSelectionPage(
          {
            constituency: { id: x, name: x },
            units: 1,
            follows: { process: x, incumbent: x },
            rulebook: rb,
            encryption: 'optional',
            form: form('title', 'all-women-shortlist', 'applications-close', ...dates, 'ballots', 'trustees', 'threshold', 'authority'),
          },
          ctx,
        ),
      ],
      [
        'election',
        openElectionPage(
          {
            rulebook: rb,
            elects: true,
            encryption: 'optional',
            methods: [{ id: x, name: x, can: x }],
            contests: [{ id: 'youth', title: x, seats: 1, rule: x }],
            form: form('title', 'seats', 'method', 'min-women', 'contests', 'seats-youth', ...dates, 'ballots', 'trustees', 'threshold', 'authority'),
          },
          ctx,
        ),
      ],
      ['constituency', constituencyPage({ constituency: { id: x, name: x }, incumbent: x, actions: [{ href: x, text: x }], notes: [x] }, ctx)],
      ['constituencies', constituenciesPage({ q: x, rows: [{ id: x, name: x, region: x, incumbent: x, review: x, selection: x }], total: 1 }, ctx)],
      [
        'candidacies',
        candidaciesPage(
          {
            constituency: x,
            open: [{ process: x, title: x, constituency: x, applicationsClose: x, mayApply: true, reason: x }],
            mine: [{ process: x, title: x, constituency: x, appliedAt: x, status: x, tone: 'good', resultsUrl: x }],
          },
          ctx,
        ),
      ],
      [
        'apply',
        applyPage(
          {
            process: { id: x, title: x },
            constituency: x,
            name: x,
            applicationsClose: x,
            standing: x,
            genderRules: x,
            statementWords: 400,
            form: form('gender', 'consent'),
          },
          ctx,
        ),
      ],
      ['elections', electionsPage({ elections: [], openUrl: x }, ctx)],
    ];
  }

  it.each(pages(NASTY, ctxFor({ name: NASTY, roles: ['member', 'national-officer'] }, { csrfToken: NASTY })))('%s', (_name, doc) => {
    expect(doc).not.toContain('alert("x")');
    expect(doc).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    checkAccessibleStructure(doc);
  });

  it('breaks out of no attribute', () => {
    const quote = `" onmouseover="alert(1)`;
    for (const [, doc] of pages(quote, ctxFor({ name: quote, roles: ['member'] }, { csrfToken: quote }))) {
      expect(all(parse(doc), (e) => Object.keys(e.attrs).some((a) => a.startsWith('on')))).toEqual([]);
      expect(doc).toContain('&quot; onmouseover=&quot;alert(1)');
    }
  });
});
