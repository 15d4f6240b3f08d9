import { describe, expect, it } from 'vitest';
import { LABOUR_2018, LABOUR_2021, PRESETS } from '../../../src/domain/presets.js';
import { evaluateTrigger, type UnitResult } from '../../../src/domain/trigger-outcome.js';
import { diffRulebooks } from '../../../src/domain/rulebook-diff.js';
import {
  constituencyPage,
  electionsPage,
  errorPage,
  myBallotsPage,
  myEligibilityPage,
  navItems,
  nominationsPage,
  processesPage,
  resultsPage,
  rulebookComparePage,
  rulebookPage,
  rulebooksPage,
  signInCodePage,
  signInPage,
  triggerGauges,
  triggerMeetingPage,
  type ViewContext,
} from '../../../src/web/views/index.js';
import { admin, ctxFor, member, officer, procedures, scrutineer, secretary, stvRecord, irvRecord, meekRecord } from './fixtures.js';
import { election } from '../../../src/count/ballots.js';
import { count } from '../../../src/count/methods/index.js';
import { all, byTag, checkAccessibleStructure, controlName } from './html-check.js';

const units = (cls: 'branch' | 'affiliate', counts: Partial<Record<'yes' | 'no' | 'abstain' | 'absent', number>>): UnitResult[] =>
  Object.entries(counts).flatMap(([decision, n]) =>
    Array.from({ length: n ?? 0 }, (_, i) => ({ unit: `${cls}-${decision}-${i}`, class: cls, decision: decision as UnitResult['decision'] })),
  );

describe('layout and navigation', () => {
  it('gives each role its links, once each, and every member their own pages; the results and the democracy review for everyone', () => {
    const hrefs = (u: Parameters<typeof navItems>[0]) => navItems(u).map((i) => i.href);
    expect(hrefs(null)).toEqual(['/sign-in', '/results', '/simulate']);
    const own = ['/', '/ballots', '/eligibility', '/my-constituency', '/candidacies'];
    const oversight = ['/processes', '/constituencies', '/elections', '/rulebooks'];
    expect(hrefs(member)).toEqual([...own, '/results', '/simulate']);
    expect(hrefs(secretary)).toEqual([...own, '/units/u-north', '/results', '/simulate']);
    expect(hrefs(procedures)).toEqual([...own, '/constituencies/clp-1', '/results', '/simulate']);
    // A national officer also handles emergencies (a snap election, endorsements, emergency selections).
    expect(hrefs(officer)).toEqual([...own, ...oversight, '/emergency', '/results', '/simulate']);
    expect(hrefs(scrutineer)).toEqual([...own, ...oversight, '/audit', '/results', '/simulate']);
    expect(hrefs(admin)).toEqual([...own, ...oversight, '/audit', '/admin', '/results', '/simulate']);
    expect(hrefs({ name: 'Both', roles: ['national-officer', 'scrutineer'] })).toEqual([...own, ...oversight, '/emergency', '/audit', '/results', '/simulate']);
  });

  it('marks the current page, shows who is signed in, and offers sign-out forms with the CSRF token', () => {
    const doc = myBallotsPage({ open: [], closed: [] }, ctxFor(secretary, { path: '/ballots' }));
    const root = checkAccessibleStructure(doc);
    const current = all(root, (e) => e.attrs['aria-current'] === 'page');
    expect(current.map((a) => a.attrs.href)).toEqual(['/ballots']);
    expect(doc).toContain('Signed in as <strong>Sam Secretary</strong>');
    expect(doc).toContain('(Member, Unit secretary)');
    const outs = byTag(root, 'form').filter((f) => f.attrs.action?.startsWith('/sign-out'));
    expect(outs.map((f) => f.attrs.action)).toEqual(['/sign-out', '/sign-out/everywhere']);
  });

  it('shows a flash message in words, as an alert when it is an error', () => {
    const ok = checkAccessibleStructure(myBallotsPage({ open: [], closed: [] }, ctxFor(member, { flash: { kind: 'success', message: 'Vote recorded' } })));
    const box = all(ok, (e) => (e.attrs.class ?? '').includes('flash'))[0];
    expect(box.attrs.role).toBe('status');
    expect(box.text).toBe('Done: Vote recorded');
    const bad = checkAccessibleStructure(myBallotsPage({ open: [], closed: [] }, ctxFor(member, { flash: { kind: 'error', message: 'Nope' } })));
    expect(all(bad, (e) => (e.attrs.class ?? '').includes('flash'))[0].attrs.role).toBe('alert');
  });
});

describe('sign-in and errors', () => {
  it('asks for an email, then for the code', () => {
    const first = checkAccessibleStructure(signInPage({}, ctxFor(null)));
    const email = all(first, (e) => e.tag === 'input' && e.attrs.name === 'email')[0];
    expect(email.attrs.type).toBe('email');
    expect(email.attrs.autocomplete).toBe('email');
    expect(byTag(first, 'form')[0].attrs.action).toBe('/sign-in');
    const again = signInPage({ email: 'x@example.org', error: 'Enter an email address like name@example.org' }, ctxFor(null));
    const againRoot = checkAccessibleStructure(again);
    expect(all(againRoot, (e) => e.attrs.name === 'email')[0].attrs.value).toBe('x@example.org');
    expect(again).toContain('Enter an email address like name@example.org');

    const code = checkAccessibleStructure(
      signInCodePage({ email: 'ada@example.org', expiresInMinutes: 15, outboxNote: 'Development: the email is printed in the server console.' }, ctxFor(null)),
    );
    const form = byTag(code, 'form')[0];
    expect(form.attrs.action).toBe('/sign-in/code');
    const fields = all(form, (e) => e.tag === 'input').map((i) => [i.attrs.name, i.attrs.type]);
    expect(fields).toEqual([
      ['_csrf', 'hidden'],
      ['email', 'hidden'],
      ['code', 'text'],
    ]);
    expect(controlName(code, all(form, (e) => e.attrs.name === 'code')[0])).toBe('Code from the email');
    expect(code.text).toContain('expires in 15 minutes');
  });

  it('explains a 4xx in words with a way on', () => {
    for (const status of [400, 403, 404, 405, 413, 429]) {
      const doc = errorPage({ status, message: 'You can only record meetings of your own unit.' }, ctxFor(member));
      const root = checkAccessibleStructure(doc);
      expect(byTag(root, 'title')[0].text).toMatch(/^Error: /);
      expect(root.text).toContain(`Error ${status}`);
      expect(root.text).toContain('You can only record meetings of your own unit.');
    }
    expect(errorPage({ status: 403, message: 'm' }, ctxFor(member))).toContain('<h1>You do not have permission to see this</h1>');
    expect(errorPage({ status: 418, message: 'm' }, ctxFor(null))).toContain('<h1>There is a problem with what was sent</h1>');
    expect(errorPage({ status: 401, message: 'm' }, ctxFor(null))).toContain('href="/sign-in"');
  });
});

describe('member pages', () => {
  it('lists open ballots with whether I voted, in words', () => {
    const doc = myBallotsPage(
      {
        open: [
          { process: 'p1', title: 'Riverside selection', boothUrl: '/ballots/p1', unit: 'Riverside', closes: '2025-03-14', voted: false, yourVote: null },
          { process: 'p2', title: 'NEC 2025', boothUrl: '/ballots/p2', unit: 'National', closes: '2025-04-01', voted: true, yourVote: 'By post, 3 March 2025' },
        ],
        closed: [
          { process: 'p0', title: 'Old ballot', yourVote: 'Online, 1 February 2025', resultsUrl: '/results/p0' },
          { process: 'p9', title: 'Closed, uncounted', yourVote: null },
        ],
      },
      ctxFor(member),
    );
    const root = checkAccessibleStructure(doc);
    const rows = byTag(byTag(root, 'tbody')[0], 'tr');
    expect(rows[0].text).toContain('Not voted yet');
    expect(all(rows[0], (e) => e.tag === 'a')[0].attrs.href).toBe('/ballots/p1');
    expect(rows[1].text).toContain('Voted');
    expect(rows[1].text).toContain('By post, 3 March 2025');
    expect(byTag(rows[1], 'a')).toHaveLength(0);
    expect(doc).toContain('Old ballot: your vote was recorded (Online, 1 February 2025)');
    expect(doc).toContain('Closed, uncounted: no vote was recorded in your name');
    expect(doc).toContain('href="/results/p0"');
    expect(doc).toContain('results not yet published');
  });

  it('says whether I can vote in each process and why', () => {
    const doc = myEligibilityPage(
      {
        entries: [
          {
            process: 'p1',
            title: 'Riverside selection',
            freezeDate: '2025-01-01',
            eligible: true,
            reason: 'You have 2 years 3 months of continuous membership.',
          },
          {
            process: 'p2',
            title: 'NEC',
            freezeDate: '2025-02-01',
            eligible: false,
            reason: 'You joined on 1 December 2024: 2 months, not the 6 months needed.',
          },
        ],
      },
      ctxFor(member),
    );
    const root = checkAccessibleStructure(doc);
    expect(root.text).toContain('You can vote');
    expect(root.text).toContain('You cannot vote');
    expect(root.text).toContain('not the 6 months needed');
    expect(root.text).toContain('1 February 2025');
  });
});

describe('unit secretary forms', () => {
  it('records a trigger-ballot meeting with labelled fields and errors beside them', () => {
    const doc = triggerMeetingPage(
      {
        unit: { id: 'u-north', name: 'North Ward' },
        process: { id: 'p-7', name: 'Riverside trigger ballot 2025' },
        incumbent: 'Jo Sitting',
        tieRule: 'a tie counts as not wanting a selection',
        form: {
          values: { for: '12', against: '30', abstentions: '1', attendance: '20', date: '2025-02-03' },
          errors: { attendance: '12 for, 30 against and 1 abstention make 43, more than the 20 members present' },
        },
        recorded: { for: 5, against: 3, abstentions: 0, attendance: 9, date: '2025-01-20', decision: 'wants a selection (5 for, 3 against)' },
      },
      ctxFor(secretary),
    );
    const root = checkAccessibleStructure(doc);
    const form = byTag(root, 'form').find((f) => f.attrs.action === '/units/u-north/processes/p-7/meeting')!;
    const inputs = all(form, (e) => e.tag === 'input' && e.attrs.type !== 'hidden');
    // A meeting is already recorded, so the form corrects it and asks why.
    expect(inputs.map((i) => i.attrs.name)).toEqual(['date', 'for', 'against', 'abstentions', 'attendance', 'reason']);
    expect(inputs.map((i) => controlName(root, i))).toEqual([
      'Date of the meeting',
      'Votes for a selection',
      'Votes against a selection',
      'Abstentions',
      'Members present',
      'Why the recorded meeting is corrected',
    ]);
    const attendance = inputs[4];
    expect(attendance.attrs['aria-invalid']).toBe('true');
    expect(attendance.attrs.value).toBe('20');
    const describedBy = attendance.attrs['aria-describedby'].split(' ');
    expect(describedBy.map((id) => all(root, (e) => e.attrs.id === id)[0].text).join(' ')).toContain('more than the 20 members present');
    expect(all(root, (e) => (e.attrs.class ?? '').includes('error-summary'))[0].text).toContain('Members present: 12 for');
    expect(root.text).toContain('Already recorded');
  });

  it('records nominations with a fieldset of labelled checkboxes', () => {
    const doc = nominationsPage(
      {
        unit: { id: 'u-north', name: 'North Ward' },
        process: { id: 'p-8', name: 'Riverside selection' },
        candidates: [
          { id: 'c1', name: 'Alice', gender: 'woman' },
          { id: 'c2', name: 'Bob', gender: 'man' },
          { id: 'c3', name: 'Chidi' },
        ],
        rule: 'Up to 2; a unit nominating 2 must include at least 1 woman.',
        form: { values: { nominee: 'c2,c3' }, errors: { nominee: 'Two nominees must include at least one woman.' } },
        recorded: ['Alice'],
      },
      ctxFor(secretary),
    );
    const root = checkAccessibleStructure(doc);
    const boxes = all(root, (e) => e.tag === 'input' && e.attrs.type === 'checkbox');
    expect(boxes.map((b) => [b.attrs.value, b.attrs.checked !== undefined])).toEqual([
      ['c1', false],
      ['c2', true],
      ['c3', true],
    ]);
    expect(controlName(root, boxes[0])).toBe('Alice (woman)');
    expect(byTag(root, 'legend')[0].text).toBe('Candidates the meeting nominated');
    expect(root.text).toContain('Two nominees must include at least one woman.');
    expect(all(root, (e) => (e.attrs.class ?? '').includes('error-summary'))[0].children.length).toBeGreaterThan(0);
    expect(byTag(all(root, (e) => (e.attrs.class ?? '').includes('error-summary'))[0], 'a')[0].attrs.href).toBe(`#${boxes[0].attrs.id}`);
  });
});

describe('constituency page', () => {
  it('gauges each class against an either-class threshold, in words and as a bar', () => {
    const outcome = evaluateTrigger(LABOUR_2018, [...units('branch', { yes: 2, no: 4, absent: 1 }), ...units('affiliate', { yes: 1, no: 1 })]);
    const gauges = triggerGauges(outcome, LABOUR_2018);
    expect(gauges.map((g) => g.text)).toEqual([
      'Branches: 2 of 6 voting want a selection (about 33.33%); 1 abstained or did not vote; threshold: at least one third',
      'Affiliates: 1 of 2 voting want a selection (50%); threshold: at least one third',
    ]);
    const doc = constituencyPage(
      {
        constituency: { id: 'clp-1', name: 'Riverside' },
        trigger: {
          process: { id: 'p-7', name: 'Riverside trigger ballot 2025' },
          incumbent: 'Jo Sitting',
          phase: 'Unit meetings under way',
          rule: outcome.rule,
          units: [
            { name: 'North Ward', class: 'branch', decision: 'yes', detail: '12 for, 8 against', date: '2025-02-03' },
            { name: 'South Ward', class: 'branch', decision: null, recordUrl: '/units/u-south/processes/p-7/meeting' },
            { name: 'GMB 123', class: 'affiliate', decision: 'absent' },
          ],
          gauges,
          outcome: { triggered: outcome.outcome === 'triggered', arithmetic: outcome.arithmetic },
        },
      },
      ctxFor(procedures),
    );
    const root = checkAccessibleStructure(doc);
    expect(root.text).toContain('Branches: 2 of 6 voting want a selection (about 33.33%)');
    // 2 of 6 is exactly one third, which "at least one third" reaches.
    expect(root.text).toContain('Threshold reached');
    expect(root.text).toContain('2 of 3 units have recorded a decision');
    expect(root.text).toContain('Not recorded yet');
    expect(root.text).toContain('Outcome: triggered');
    const bars = all(root, (e) => e.tag === 'svg' && (e.attrs.class ?? '') === 'gauge-bar');
    expect(bars).toHaveLength(2);
    for (const b of bars) expect(b.attrs['aria-hidden']).toBe('true');
    const fill = all(bars[0], (e) => e.tag === 'rect' && (e.attrs.class ?? '').includes('gauge-fill'))[0];
    expect(fill.attrs.width).toBe('33.33');
    const line = byTag(bars[0], 'line')[0];
    expect(line.attrs.x1).toBe('33.33');
  });

  it('gauges an electoral college on its combined score', () => {
    const outcome = evaluateTrigger(LABOUR_2021, [...units('branch', { yes: 10 }), ...units('affiliate', { yes: 3, no: 17, abstain: 1 })]);
    const gauges = triggerGauges(outcome, LABOUR_2021);
    expect(gauges.map((g) => g.label)).toEqual(['Branches', 'Affiliates', 'Electoral college']);
    expect(gauges[2].text).toBe('Electoral college: 57.5% want a selection; threshold: above 50%');
    expect(gauges[0].threshold).toBeNull();
  });

  it('shows the selection timetable and shortlist', () => {
    const doc = constituencyPage(
      {
        constituency: { id: 'clp-1', name: 'Riverside' },
        selection: {
          process: { id: 'p-9', name: 'Riverside selection 2025' },
          phase: 'Shortlist set',
          timetable: [
            { step: 'Applications close', date: '2025-03-01', status: 'done' },
            { step: 'Nominations close', date: '2025-03-15', status: 'done' },
            { step: 'Ballot opens', date: '2025-04-01', status: 'current' },
            { step: 'Ballot closes', date: '2025-04-14', status: 'upcoming' },
          ],
          shortlist: [{ name: 'Alice', note: 'woman; incumbent' }, { name: 'Chidi' }],
        },
      },
      ctxFor(procedures),
    );
    const root = checkAccessibleStructure(doc);
    const table = byTag(root, 'table')[0];
    expect(byTag(table, 'caption')[0].text).toBe('Selection timetable');
    expect(byTag(byTag(table, 'tbody')[0], 'tr').map((r) => byTag(r, 'td')[1].text)).toEqual(['Done', 'Done', 'Now', 'To come']);
    expect(root.text).toContain('Alice (woman; incumbent)');
    expect(constituencyPage({ constituency: { id: 'c', name: 'Quiet' } }, ctxFor(procedures))).toContain('No trigger ballot or selection is running in Quiet.');
  });
});

describe('national pages', () => {
  it('lists, shows and compares rulebooks with the diff sentences', () => {
    const list = checkAccessibleStructure(rulebooksPage({ rulebooks: PRESETS }, ctxFor(officer)));
    expect(byTag(byTag(list, 'tbody')[0], 'tr')).toHaveLength(PRESETS.length);
    expect(all(list, (e) => e.tag === 'a' && e.attrs.href === '/rulebooks/labour-2021%401')).toHaveLength(1);

    const one = checkAccessibleStructure(rulebookPage({ rulebook: LABOUR_2021 }, ctxFor(officer)));
    expect(byTag(one, 'h2').map((h) => h.text)).toContain('Incumbent review');

    const cmp = rulebookComparePage({ rulebooks: PRESETS, a: LABOUR_2018, b: LABOUR_2021 }, ctxFor(officer));
    const root = checkAccessibleStructure(cmp);
    const sentences = byTag(all(root, (e) => e.tag === 'ul' && e.attrs.class === 'diff')[0], 'li').map((l) => l.text);
    expect(sentences).toEqual(diffRulebooks(LABOUR_2018, LABOUR_2021, 'page'));
    expect(sentences.join(' ')).not.toMatch(/stv-droop|\(block\)|\(irv\)|parentalLeaveMonths|silentClass/);
    expect(sentences.length).toBeGreaterThan(0);
    const selects = byTag(root, 'select');
    expect(selects.map((s) => s.attrs.name)).toEqual(['a', 'b']);
    expect(all(selects[0], (e) => e.tag === 'option' && e.attrs.selected !== undefined)[0].attrs.value).toBe('labour-2018@1');
    expect(byTag(root, 'form').find((f) => f.attrs.action === '/rulebooks/compare')!.attrs.method).toBe('get');
    expect(rulebookComparePage({ rulebooks: PRESETS, a: LABOUR_2021, b: LABOUR_2021 }, ctxFor(officer))).toContain('They set the same rules.');
    checkAccessibleStructure(rulebookComparePage({ rulebooks: PRESETS, error: 'No rulebook is called "x".' }, ctxFor(officer)));
  });

  it('lists internal elections', () => {
    const root = checkAccessibleStructure(
      electionsPage(
        {
          elections: [
            { id: 'e1', title: 'NEC 2025', phase: 'Ballot open', seats: 9, method: 'STV with a Droop quota', closes: '2025-05-01' },
            { id: 'e0', title: 'NEC 2024', phase: 'Declared', seats: 9, method: 'STV', resultsUrl: '/results/e0' },
          ],
        },
        ctxFor(officer),
      ),
    );
    expect(byTag(byTag(root, 'tbody')[0], 'tr')).toHaveLength(2);
    expect(root.text).toContain('1 May 2025');
    expect(checkAccessibleStructure(electionsPage({ elections: [] }, ctxFor(officer))).text).toContain('There are no internal elections.');
  });

  it('shows processes at a glance with a GET filter that keeps its values', () => {
    const doc = processesPage(
      {
        filter: { kind: 'selection', q: 'river' },
        kinds: [
          { value: 'trigger-ballot', text: 'Trigger ballot' },
          { value: 'selection', text: 'Selection' },
        ],
        phases: [{ value: 'ballot-open', text: 'Ballot open' }],
        rows: [{ id: 'p-9', kind: 'Selection', unit: 'Riverside', phase: 'Ballot open', rulebook: 'labour-2021@1', url: '/constituencies/clp-1' }],
        total: 40,
      },
      ctxFor(scrutineer),
    );
    const root = checkAccessibleStructure(doc);
    const form = byTag(root, 'form').find((f) => f.attrs.action === '/processes')!;
    expect(form.attrs.method).toBe('get');
    expect(all(form, (e) => e.tag === 'option' && e.attrs.selected !== undefined).map((o) => o.attrs.value)).toEqual(['selection', '']);
    expect(all(form, (e) => e.attrs.name === 'q')[0].attrs.value).toBe('river');
    expect(root.text).toContain('Showing 1 of 40 processes.');
  });
});

describe('results page', () => {
  const ctx: ViewContext = ctxFor(member);

  it('shows the winner, the round-by-round table, the Sankey, inactive ballots and downloads', () => {
    const record = irvRecord();
    const doc = resultsPage(
      {
        process: { id: 'p-9', title: 'Riverside selection' },
        record,
        downloads: { csv: '/results/p-9/sheet.csv', urcvt: '/results/p-9/record.json', blt: '/results/p-9/ballots.blt' },
        turnout: { voted: 102, electorate: 150 },
        trackerUrl: '/results/p-9/tracker',
      },
      ctx,
    );
    const root = checkAccessibleStructure(doc);
    expect(root.text).toContain('Elected: Bob.');
    expect(root.text).toContain('102 of 150 eligible members voted');
    const rounds = all(root, (e) => e.tag === 'table' && e.attrs.class === 'rounds')[0];
    const head = byTag(byTag(rounds, 'thead')[0], 'th').map((t) => t.text);
    expect(head[0]).toBe('Candidate');
    expect(head.slice(1, 1 + record.stages.length).every((h, i) => h.startsWith(`Stage ${i + 1}`))).toBe(true);
    const bob = byTag(byTag(rounds, 'tbody')[0], 'tr').find((r) => byTag(r, 'th')[0].text === 'Bob')!;
    expect(byTag(bob, 'td').at(-1)!.text).toMatch(/^elected at stage/);
    expect(all(root, (e) => e.tag === 'svg' && e.attrs.class === 'sankey')).toHaveLength(1);
    expect(root.text).toContain('Stage 1 to 2: 8 from Eve to Dana; 3 from Eve to Non-transferable.');
    const inactive = all(root, (e) => e.tag === 'table' && byTag(e, 'caption')[0].text.startsWith('Inactive'))[0];
    expect(byTag(inactive, 'tr').find((r) => r.text.includes('exhausted'))!.text).toContain('19');
    const downloads = all(root, (e) => e.tag === 'a' && e.attrs.download !== undefined).map((a) => a.attrs.href);
    expect(downloads).toEqual(['/results/p-9/sheet.csv', '/results/p-9/record.json', '/results/p-9/ballots.blt']);
  });

  it('shows a one-stage count (block vote, plurality) without a diagram of transfers that never happened', () => {
    const record = count(
      election({
        title: 'Committee',
        candidates: ['Alice', 'Bob', 'Chidi'],
        seats: 2,
        ballots: [
          { ranks: [0, 1], weight: 3 },
          { ranks: [2], weight: 1 },
        ],
      }),
      'block',
      { seats: 2 },
    );
    const root = checkAccessibleStructure(resultsPage({ process: { id: 'e', title: 'Committee' }, record, downloads: {} }, ctx));
    expect(root.text).toContain('Elected: Alice and Bob.');
    expect(all(root, (e) => e.tag === 'svg')).toHaveLength(0);
    expect(root.text).toContain('The count ended at its first stage, so no votes moved.');
    expect(root.text).toContain('Round by round');
  });

  it('counts ballots in whole numbers, though a fractional method records them with decimals', () => {
    const record = meekRecord();
    expect(record.totalBallots).toMatch(/^107\.0+$/);
    const root = checkAccessibleStructure(resultsPage({ process: { id: 'e', title: 'Meek' }, record, downloads: {} }, ctx));
    expect(root.text).toContain('107 ballots counted by Meek STV');
  });

  it('renders a multi-seat STV count with fractional values, and ties when there are any', () => {
    const record = stvRecord();
    const root = checkAccessibleStructure(resultsPage({ process: { id: 'e', title: 'Executive' }, record, downloads: {} }, ctx));
    expect(root.text).toContain('Elected: Alice, Bob and Dana.');
    expect(root.text).toContain('17.67223');
    expect(root.text).toContain('No downloads are available yet.');
    const tied = {
      ...record,
      events: [...record.events, { type: 'tie' as const, stage: 2, purpose: 'exclusion' as const, tied: [4, 5], chosen: 4, rule: 'lot (seed 1)' }],
    };
    expect(resultsPage({ process: { id: 'e', title: 'Executive' }, record: tied, downloads: {} }, ctx)).toContain(
      'Eve and Fay tied; Eve chosen by lot (seed 1)',
    );
  });
});
