/**
 * A small HTML reader for tests: enough of a parser to check that the views'
 * markup is well formed and to run structural accessibility checks (labels,
 * headings, landmarks, tables) without a browser.
 */
import { expect } from 'vitest';

export interface El {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly parent: El | null;
  readonly children: El[];
  /** Text directly and indirectly inside, entities decoded. */
  text: string;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** SVG elements the views close with "/>". */
const RAW = new Set(['script', 'style']);

export function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');
}

/** Parses a document, failing the test on any mismatched or unclosed tag. */
export function parse(doc: string): El {
  const root: El = { tag: '#root', attrs: {}, parent: null, children: [], text: '' };
  let cur = root;
  const re =
    /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>|([^<]+)/gi;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(doc)) !== null) {
    if (m.index !== pos) throw new Error(`unparsable markup at ${pos}: ${JSON.stringify(doc.slice(pos, pos + 60))}`);
    pos = re.lastIndex;
    const [all, close, open, attrText, selfClose, text] = m;
    if (text !== undefined) {
      const t = decode(text);
      for (let e: El | null = cur; e; e = e.parent) e.text += t;
      continue;
    }
    if (all.startsWith('<!')) continue;
    if (close) {
      const tag = close.toLowerCase();
      if (cur.tag !== tag)
        throw new Error(`</${tag}> closes <${cur.tag}> at ${m.index}: ${JSON.stringify(doc.slice(Math.max(0, m.index - 80), m.index + 20))}`);
      cur = cur.parent!;
      continue;
    }
    const tag = open!.toLowerCase();
    const attrs: Record<string, string> = {};
    const are = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
    let a: RegExpExecArray | null;
    while ((a = are.exec(attrText ?? '')) !== null) {
      const name = a[1].toLowerCase();
      if (name in attrs) throw new Error(`attribute ${name} twice on <${tag}>`);
      attrs[name] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    }
    const el: El = { tag, attrs, parent: cur, children: [], text: '' };
    cur.children.push(el);
    if (!VOID.has(tag) && !selfClose) cur = el;
    if (RAW.has(tag) && !selfClose) {
      const end = doc.indexOf(`</${tag}>`, pos);
      if (end < 0) throw new Error(`unclosed <${tag}>`);
      pos = re.lastIndex = end;
    }
  }
  if (pos !== doc.length) throw new Error(`unparsed tail at ${pos}`);
  if (cur !== root) throw new Error(`<${cur.tag}> is never closed`);
  return root;
}

export function all(root: El, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (e: El): void => {
    for (const c of e.children) {
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

export const byTag = (root: El, tag: string): El[] => all(root, (e) => e.tag === tag);
export const byId = (root: El, id: string): El | undefined => all(root, (e) => e.attrs.id === id)[0];

function ancestors(e: El): El[] {
  const out: El[] = [];
  for (let p = e.parent; p; p = p.parent) out.push(p);
  return out;
}

const NOT_LABELLED = new Set(['hidden', 'submit', 'button', 'reset']);

/** The accessible name of a form control (label[for], wrapping label, aria-label or aria-labelledby), or "". */
export function controlName(root: El, control: El): string {
  if (control.attrs['aria-label']) return control.attrs['aria-label'];
  if (control.attrs['aria-labelledby'])
    return control.attrs['aria-labelledby']
      .split(/\s+/)
      .map((id) => byId(root, id)?.text ?? '')
      .join(' ')
      .trim();
  const id = control.attrs.id;
  if (id) {
    const label = all(root, (e) => e.tag === 'label' && e.attrs.for === id)[0];
    if (label) return label.text.trim();
  }
  const wrapping = ancestors(control).find((p) => p.tag === 'label');
  return wrapping ? wrapping.text.trim() : '';
}

/**
 * Structural accessibility checks a page must pass: lang set, a title, one h1,
 * a main landmark, a skip link to it, unique ids, every form control labelled,
 * aria references resolving, every table with a caption and header cells with
 * scope, every image (svg role=img) named, headings not skipping levels.
 */
export function checkAccessibleStructure(doc: string): El {
  expect(doc.startsWith('<!doctype html>')).toBe(true);
  const root = parse(doc);
  const htmlEl = byTag(root, 'html')[0];
  expect(htmlEl?.attrs.lang, 'lang attribute').toMatch(/^[a-z]{2}(-[A-Z]{2})?$/);
  expect(byTag(root, 'title')[0]?.text.trim(), 'document title').toBeTruthy();
  expect(all(root, (e) => e.tag === 'meta' && e.attrs.name === 'viewport')).toHaveLength(1);
  expect(byTag(root, 'h1'), 'exactly one h1').toHaveLength(1);
  const main = byTag(root, 'main');
  expect(main, 'one main landmark').toHaveLength(1);
  const skip = byTag(root, 'a')[0];
  expect(skip.attrs.href, 'the first link skips to main').toBe(`#${main[0].attrs.id}`);
  expect(byTag(root, 'header')).toHaveLength(1);
  expect(byTag(root, 'footer')).toHaveLength(1);
  for (const nav of byTag(root, 'nav')) expect(nav.attrs['aria-label'], 'nav labelled').toBeTruthy();

  const ids = all(root, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect(dupes, 'duplicate ids').toEqual([]);
  const idSet = new Set(ids);
  for (const e of all(root, () => true)) {
    for (const a of ['aria-describedby', 'aria-labelledby', 'for']) {
      const v = e.attrs[a];
      if (v === undefined) continue;
      for (const ref of v.split(/\s+/).filter((x) => x)) expect(idSet.has(ref), `${a}="${ref}" on <${e.tag}> refers to a missing id`).toBe(true);
    }
    if (e.tag === 'a' && e.attrs.href?.startsWith('#') && e.attrs.href.length > 1)
      expect(idSet.has(e.attrs.href.slice(1)), `link to ${e.attrs.href}`).toBe(true);
  }

  const controls = all(root, (e) => (e.tag === 'input' && !NOT_LABELLED.has(e.attrs.type ?? 'text')) || e.tag === 'select' || e.tag === 'textarea');
  for (const c of controls) expect(controlName(root, c), `<${c.tag} name="${c.attrs.name}"> has a label`).not.toBe('');
  for (const b of byTag(root, 'button')) expect((b.attrs['aria-label'] ?? b.text).trim(), 'button text').not.toBe('');
  for (const a of byTag(root, 'a')) expect((a.attrs['aria-label'] ?? a.text).trim(), `link ${a.attrs.href} has text`).not.toBe('');

  for (const t of byTag(root, 'table')) {
    expect(byTag(t, 'caption'), 'table caption').toHaveLength(1);
    const ths = byTag(t, 'th');
    expect(ths.length, 'table header cells').toBeGreaterThan(0);
    for (const th of ths) expect(['col', 'row'], 'th scope').toContain(th.attrs.scope);
  }
  for (const svg of all(root, (e) => e.tag === 'svg' && e.attrs.role === 'img')) {
    expect(svg.attrs['aria-labelledby'] ?? svg.attrs['aria-label'], 'svg image named').toBeTruthy();
  }
  for (const svg of all(root, (e) => e.tag === 'svg' && e.attrs.role !== 'img')) expect(svg.attrs['aria-hidden'], 'decorative svg hidden').toBe('true');
  for (const form of byTag(root, 'form')) {
    if ((form.attrs.method ?? 'get').toLowerCase() === 'post') {
      expect(
        all(form, (e) => e.tag === 'input' && e.attrs.name === '_csrf' && e.attrs.type === 'hidden'),
        'POST form carries the CSRF token',
      ).toHaveLength(1);
    }
  }
  const levels = all(main[0], (e) => /^h[1-6]$/.test(e.tag)).map((h) => Number(h.tag[1]));
  levels.forEach((l, i) => {
    if (i > 0) expect(l, `heading h${l} after h${levels[i - 1]} skips a level`).toBeLessThanOrEqual(levels[i - 1] + 1);
  });
  return root;
}
