// Progressive enhancement of the ballot booth (plain ES module, no build step).
//
// The server-rendered form has a number box per candidate ("Rank for <name>").
// This script hides the boxes and shows a list the voter reorders with buttons,
// the arrow keys, or by dragging (mouse or touch); every change is written back
// into the same boxes, so the server receives exactly what the no-script form
// sends. Without this script, or if it fails, the boxes still work.

/** A new order with the item at `index` moved by `delta` places (clamped to the list). */
export function moveItem(order, index, delta) {
  const to = Math.max(0, Math.min(order.length - 1, index + delta));
  if (index < 0 || index >= order.length || to === index) return order.slice();
  const next = order.slice();
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item);
  return next;
}

/** Box values for a ranking: 1, 2, 3 … for the ranked ids, "" for everyone else. */
export function ranksFromOrder(ranked, allIds) {
  const out = {};
  for (const id of allIds) out[id] = '';
  ranked.forEach((id, i) => {
    out[id] = String(i + 1);
  });
  return out;
}

/**
 * The ranking the boxes already hold (after a server error or "change my
 * ballot"): candidates with a whole number, in number order, ties and all in
 * ballot order, so the list always shows a valid ranking.
 */
export function orderFromValues(allIds, values) {
  return allIds
    .map((id, i) => ({ id, i, n: /^\s*\d+\s*$/.test(values[id] ?? '') ? Number(values[id]) : NaN }))
    .filter((x) => Number.isFinite(x.n) && x.n >= 1)
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((x) => x.id);
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

/**
 * The page's words for the script, from the form's data-booth-words (the server writes them from its
 * message catalogue, in the reader's language), holes filled by `say`; null when the form has none,
 * and then the boxes are left as they are.
 */
function wordsOf(form) {
  try {
    const words = JSON.parse(form.dataset.boothWords ?? 'null');
    if (words === null || typeof words !== 'object') return null;
    return (key, params = {}) => String(words[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));
  } catch {
    return null;
  }
}

// `scope` is the booth's form, or one contest's section of the election booth's form (several on one
// page): each is enhanced on its own, its element ids prefixed with the section's key.
function enhance(scope) {
  const form = scope.closest('form') ?? scope;
  const say = wordsOf(form);
  if (!say) return;
  const key = scope.dataset.boothKey ?? '';
  const inSection = scope !== form;
  const fieldset = scope.querySelector('fieldset.booth-boxes');
  const items = [...scope.querySelectorAll('li[data-candidate]')];
  if (!fieldset || items.length === 0) return;
  const candidates = items.map((li) => ({ id: li.dataset.candidate, name: li.dataset.name, input: li.querySelector('input') }));
  const ids = candidates.map((c) => c.id);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const values = Object.fromEntries(candidates.map((c) => [c.id, c.input.value]));
  let ranked = orderFromValues(ids, values);
  // Block vote and plurality: at most this many marks, each one vote, in no order (the server refuses more).
  const max = Number(scope.dataset.maxMarks) || null;
  const upTo = max === 1 ? say('upToOne') : say('upToMany', { max });

  const status = el('p', { class: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
  const help = el('p', {
    class: 'hint',
    id: `${key}booth-enhanced-help`,
    text: max === 1 ? say('helpOne') : max ? say('helpUpTo', { upTo }) : say('helpRank'),
  });
  const rankedList = el('ol', { class: 'booth-ranked', 'aria-labelledby': `${key}booth-ranked-title` });
  const unrankedList = el('ul', { class: 'booth-unranked', 'aria-labelledby': `${key}booth-unranked-title` });
  const root = el(
    'div',
    { class: 'booth-enhanced', role: 'group', 'aria-labelledby': `${key}booth-enhanced-title` },
    el(inSection ? 'h3' : 'h2', { id: `${key}booth-enhanced-title`, text: max ? say('titleChoose', { upTo }) : say('titleRank') }),
    help,
    el(inSection ? 'h4' : 'h3', { id: `${key}booth-ranked-title`, text: max === 1 ? say('yourChoice') : max ? say('yourChoices') : say('yourRanking') }),
    rankedList,
    el(inSection ? 'h4' : 'h3', { id: `${key}booth-unranked-title`, text: max ? say('notChosen') : say('notRanked') }),
    unrankedList,
    status,
  );

  const announce = (text) => {
    status.textContent = text;
  };

  const sync = () => {
    const v = ranksFromOrder(ranked, ids);
    for (const c of candidates) c.input.value = v[c.id];
  };

  const render = (focusId, focusAct) => {
    rankedList.replaceChildren();
    unrankedList.replaceChildren();
    ranked.forEach((id, i) => {
      const c = byId.get(id);
      const remove = el('button', {
        type: 'button',
        class: 'button small-button secondary',
        'data-act': 'remove',
        'aria-label': say('removeLabel', { name: c.name }),
        text: say('remove'),
      });
      // Where the order does not count (block vote, plurality) there is nothing to move.
      if (max) {
        rankedList.append(
          el(
            'li',
            { 'data-id': id, tabindex: '0', 'aria-describedby': `${key}booth-enhanced-help`, 'aria-label': c.name },
            el('span', { class: 'name', 'aria-hidden': 'true', text: c.name }),
            el('span', { class: 'item-buttons' }, remove),
          ),
        );
        return;
      }
      const handle = el('span', { class: 'drag-handle', 'aria-hidden': 'true', text: '⠿' });
      const li = el(
        'li',
        {
          'data-id': id,
          tabindex: '0',
          'aria-describedby': `${key}booth-enhanced-help`,
          'aria-label': say('choiceOf', { name: c.name, place: i + 1, count: ranked.length }),
        },
        handle,
        el('span', { class: 'rank-number', 'aria-hidden': 'true', text: String(i + 1) }),
        el('span', { class: 'name', 'aria-hidden': 'true', text: c.name }),
        el(
          'span',
          { class: 'item-buttons' },
          el('button', {
            type: 'button',
            class: 'button small-button secondary',
            'data-act': 'up',
            'aria-label': say('moveUpLabel', { name: c.name }),
            text: say('moveUp'),
          }),
          el('button', {
            type: 'button',
            class: 'button small-button secondary',
            'data-act': 'down',
            'aria-label': say('moveDownLabel', { name: c.name }),
            text: say('moveDown'),
          }),
          remove,
        ),
      );
      if (i === 0) li.querySelector('[data-act=up]').disabled = true;
      if (i === ranked.length - 1) li.querySelector('[data-act=down]').disabled = true;
      handle.addEventListener('pointerdown', (e) => startDrag(e, li, id));
      rankedList.append(li);
    });
    if (ranked.length === 0) rankedList.append(el('li', { class: 'empty', text: say('nobody') }));
    for (const id of ids.filter((x) => !ranked.includes(x))) {
      const c = byId.get(id);
      unrankedList.append(
        el(
          'li',
          { 'data-id': id },
          el('span', { class: 'name', text: c.name }),
          el('button', { type: 'button', class: 'button small-button', 'data-act': 'add', 'aria-label': say('addLabel', { name: c.name }), text: say('add') }),
        ),
      );
    }
    if (max && ranked.length >= max) for (const b of unrankedList.querySelectorAll('[data-act=add]')) b.disabled = true;
    sync();
    if (focusId) {
      const scope = ranked.includes(focusId) ? rankedList : unrankedList;
      const li = scope.querySelector(`li[data-id="${CSS.escape(focusId)}"]`);
      const target = (focusAct && li?.querySelector(`[data-act=${focusAct}]:not(:disabled)`)) || li;
      target?.focus();
    }
  };

  const move = (id, delta, focusAct) => {
    const i = ranked.indexOf(id);
    const next = moveItem(ranked, i, delta);
    if (next.indexOf(id) === i) return;
    ranked = next;
    render(id, focusAct);
    announce(say('moved', { name: byId.get(id).name, place: ranked.indexOf(id) + 1, count: ranked.length }));
  };

  root.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-act]');
    if (!button) return;
    const id = button.closest('li[data-id]').dataset.id;
    const name = byId.get(id).name;
    switch (button.dataset.act) {
      case 'up':
        return move(id, -1, 'up');
      case 'down':
        return move(id, 1, 'down');
      case 'remove':
        ranked = ranked.filter((x) => x !== id);
        render(ranked[0] ?? id);
        return announce(say('removed', { name }));
      case 'add':
        ranked = [...ranked, id];
        render(id);
        if (!max) return announce(say('addedAs', { name, place: ranked.length }));
        return announce(ranked.length >= max ? say('addedFull', { name }) : say('added', { name }));
    }
  });

  rankedList.addEventListener('keydown', (e) => {
    const li = e.target.closest('li[data-id]');
    if (!li || e.target !== li || max) return;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      move(li.dataset.id, e.key === 'ArrowUp' ? -1 : 1, null);
    }
  });

  // Dragging by the handle with any pointer (mouse, pen, touch): the item follows
  // the pointer through the list and the order is committed when it is let go.
  // Moves are followed on the document so a pointer that leaves the handle still drags.
  function startDrag(e, li, id) {
    e.preventDefault();
    li.classList.add('dragging');
    const onMove = (ev) => {
      const others = [...rankedList.querySelectorAll('li[data-id]')].filter((x) => x !== li);
      const before = others.find((x) => {
        const r = x.getBoundingClientRect();
        return ev.clientY < r.top + r.height / 2;
      });
      if (before) rankedList.insertBefore(li, before);
      else rankedList.append(li);
    };
    const onUp = () => {
      document.removeEventListener('pointermove', onMove);
      document.removeEventListener('pointerup', onUp);
      document.removeEventListener('pointercancel', onUp);
      li.classList.remove('dragging');
      ranked = [...rankedList.querySelectorAll('li[data-id]')].map((x) => x.dataset.id);
      render(id);
      announce(say('moved', { name: byId.get(id).name, place: ranked.indexOf(id) + 1, count: ranked.length }));
    };
    document.addEventListener('pointermove', onMove);
    document.addEventListener('pointerup', onUp);
    document.addEventListener('pointercancel', onUp);
  }

  form.addEventListener('submit', sync);
  fieldset.hidden = true;
  fieldset.before(root);
  render(null);
}

if (typeof document !== 'undefined') {
  for (const scope of document.querySelectorAll('[data-booth]')) enhance(scope);
}
