// whydiff HTML report: draws the embedded report data (repeated strings stored once, each
// difference an array) and the view model's grouping. Values from the artifacts only ever
// become text nodes.
'use strict';
(function () {
  const R = JSON.parse(document.getElementById('data').textContent);
  const V = R;
  const S = R.strings;
  // A row back into the difference of the JSON report (same field names).
  const D = R.differences.map((r) => ({
    id: r[0], path: r[1].map((i) => S[i]), field: r[2] === null ? null : S[r[2]],
    category: S[r[3]], cause: S[r[4]], left: r[5], right: r[6], evidence: S[r[7]],
    derived_from: r[8], location: r[9], changes: r[10].map((c) => ({ left: c[0], right: c[1] })),
    looks_like: r[11],
  }));
  const PAGE = 100;
  const app = document.getElementById('app');

  // Differences that follow from each one (derived_from, reversed).
  const derivedBy = new Map();
  for (const d of D) {
    for (const from of d.derived_from) {
      if (!derivedBy.has(from)) derivedBy.set(from, []);
      derivedBy.get(from).push(d.id);
    }
  }
  const categories = R.summary.map((s) => s[0]);
  const counts = Object.fromEntries(R.summary);
  const state = { off: new Set(), query: '' };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  const haystacks = new Map();
  function hay(d) {
    let h = haystacks.get(d.id);
    if (h === undefined) {
      h = [d.path.join(' › '), d.field || '', d.left || '', d.right || '', d.cause, d.evidence]
        .join('\n').toLowerCase();
      haystacks.set(d.id, h);
    }
    return h;
  }
  function visible(d) {
    return !state.off.has(d.category) && (state.query === '' || hay(d).includes(state.query));
  }

  // The header: verdict and both fingerprints.
  const roots = categories.filter((c) => c !== 'derived');
  const verdict = R.identical
    ? (R.left.sha256 === R.right.sha256
      ? 'Reproducible: the two builds are byte-identical'
      : 'No differences: the two builds differ only in members --exclude left out')
    : `Not reproducible: ${roots.length} root ${roots.length === 1 ? 'category' : 'categories'}` +
      ` (${roots.join(', ')}), ${D.length} differences`;
  app.append(
    el('header', {},
      el('h1', { class: R.identical ? 'ok' : 'bad', text: verdict }),
      el('table', { class: 'sides' },
        el('tr', {}, el('th', { text: 'left' }), el('td', { text: R.left.path }),
          el('td', {}, el('code', { text: R.left.sha256 }))),
        el('tr', {}, el('th', { text: 'right' }), el('td', { text: R.right.path }),
          el('td', {}, el('code', { text: R.right.sha256 }))))));
  if (R.identical) {
    document.body.dataset.ready = '1';
    return;
  }

  // The causes in a table, with their fixes.
  const table = el('table', { class: 'causes' },
    el('tr', {}, ...['category', 'cause', 'differences', 'derived', 'fix']
      .map((h) => el('th', { text: h }))));
  for (const g of V.causes) {
    table.append(el('tr', { 'data-category': g.category },
      el('td', {}, el('span', { class: 'cat ' + g.category, text: g.category })),
      el('td', {}, el('a', { href: '#c-' + g.cause, text: g.cause,
        onclick: (e) => { e.preventDefault(); openCause(g.cause); } })),
      el('td', { class: 'n', text: String(g.roots.length) }),
      el('td', { class: 'n', text: String(g.folded.length) }),
      el('td', { text: firstSentence(g.remedy) })));
  }
  app.append(table);

  // Filters, search, tabs.
  const filters = el('div', { class: 'filters', role: 'group', 'aria-label': 'categories' });
  for (const c of categories) {
    filters.append(el('button', {
      class: 'filter cat ' + c, 'data-category': c, 'aria-pressed': 'true',
      text: `${c} ${counts[c]}`,
      onclick: (e) => {
        const on = e.currentTarget.getAttribute('aria-pressed') !== 'true';
        e.currentTarget.setAttribute('aria-pressed', String(on));
        if (on) state.off.delete(c); else state.off.add(c);
        refresh();
      },
    }));
  }
  let searchTimer = 0;
  const search = el('input', { id: 'search', type: 'search', placeholder: 'search paths, fields, values…',
    oninput: () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => { state.query = search.value.trim().toLowerCase(); refresh(); }, 150);
    } });
  const tabCauses = el('button', { id: 'tab-causes', class: 'tab', 'aria-selected': 'true',
    text: 'by cause', onclick: () => showTab('causes') });
  const tabTree = el('button', { id: 'tab-tree', class: 'tab', 'aria-selected': 'false',
    text: 'by place', onclick: () => showTab('tree') });
  app.append(el('nav', {}, filters, search, el('div', { class: 'tabs' }, tabCauses, tabTree)));

  const byCause = el('section', { id: 'by-cause' });
  const byPlace = el('section', { id: 'by-place', hidden: '' });
  app.append(byCause, byPlace);

  // A list of differences drawn a page at a time; `ensure(id)` draws pages until `id` is in.
  function pagedList(ids) {
    const list = el('ul', { class: 'diffs' });
    let shown = 0;
    const more = el('button', { class: 'more', onclick: () => page() });
    function page() {
      const end = Math.min(ids.length, shown + PAGE);
      for (; shown < end; shown++) list.append(item(D[ids[shown]]));
      more.textContent = `show ${Math.min(PAGE, ids.length - shown)} more of ${ids.length - shown}`;
      more.hidden = shown >= ids.length;
    }
    page();
    const box = el('div', {}, list, more);
    box.ensure = (id) => { const at = ids.indexOf(id); while (at >= shown && shown < ids.length) page(); return at >= 0; };
    return box;
  }

  function item(d) {
    const li = el('li', { id: 'd-' + d.id, class: 'diff', 'data-category': d.category });
    const where = el('div', { class: 'where' },
      el('a', { class: 'permalink', href: '#d-' + d.id, title: 'permalink', text: '¶' }),
      el('span', { class: 'path', text: d.path.length ? d.path.join(' › ') : '.' }));
    if (d.field) where.append(' ', el('span', { class: 'field', text: d.field }));
    if (d.location) where.append(' ', el('span', { class: 'location', text: '(' + d.location + ')' }));
    where.append(' ', el('span', { class: 'cat ' + d.category, text: d.category + ' · ' + d.cause }));
    li.append(where);
    const multi = [d.left, d.right].some((v) => v && v.includes('\n'));
    if (multi || d.location) {
      li.append(el('div', { class: 'sbs' },
        side(d.left, (d.changes || []).map((c) => c.left), '-'),
        side(d.right, (d.changes || []).map((c) => c.right), '+')));
    } else if (d.left !== null || d.right !== null) {
      li.append(el('div', { class: 'values' },
        value(d.left, 'left'), el('span', { class: 'arrow', text: ' → ' }), value(d.right, 'right')));
    }
    li.append(el('div', { class: 'evidence', text: 'because ' + d.evidence }));
    if (d.looks_like) li.append(el('div', { class: 'hint', text: 'looks like ' + d.looks_like }));
    const follows = derivedBy.get(d.id);
    if (follows && d.category !== 'derived') {
      const det = el('details', { class: 'consequences' },
        el('summary', { text: `${follows.length} derived` }));
      det.addEventListener('toggle', () => {
        if (det.open && !det.drawn) { det.drawn = true; det.append(pagedList(follows)); }
      });
      li.append(det);
    }
    return li;
  }

  function value(v, cls) {
    return v === null ? el('span', { class: 'absent', text: '(absent)' }) : el('code', { class: cls, text: v });
  }

  // One side of a text hunk, its changed words marked.
  function side(text, changed, sign) {
    const pre = el('pre', { class: sign === '-' ? 'left' : 'right' });
    if (text === null) { pre.append(el('span', { class: 'absent', text: '(absent)' })); return pre; }
    let cursor = 0;
    for (const word of changed) {
      if (!word) continue;
      const at = text.indexOf(word, cursor);
      if (at < 0) continue;
      pre.append(text.slice(cursor, at), el('mark', { text: word }));
      cursor = at + word.length;
    }
    pre.append(text.slice(cursor));
    return pre;
  }

  function firstSentence(text) {
    const end = text.indexOf('. ');
    return end < 0 ? text : text.slice(0, end + 1);
  }

  // By cause: one folded section per cause, drawn when opened.
  const sections = new Map();
  for (const g of V.causes) {
    const det = el('details', { class: 'cause', id: 'c-' + g.cause, 'data-category': g.category });
    const count = el('span', { class: 'count' });
    det.append(el('summary', {}, el('span', { class: 'cat ' + g.category, text: g.category }),
      ' ', el('b', { text: g.cause }), ' ', count));
    det.addEventListener('toggle', () => { if (det.open) draw(g); });
    byCause.append(det);
    sections.set(g.cause, { g, det, count, drawn: null });
  }

  function matching(ids) { return ids.filter((id) => visible(D[id])); }

  function draw(g) {
    const s = sections.get(g.cause);
    const key = [...state.off].join() + '\u0000' + state.query;
    if (s.drawn === key) return;
    s.drawn = key;
    for (const old of s.det.querySelectorAll(':scope > :not(summary)')) old.remove();
    s.det.append(el('p', { class: 'summary', text: g.summary }));
    if (g.remedy) s.det.append(el('p', { class: 'fix' }, el('b', { text: 'Fix: ' }), g.remedy));
    for (const sh of g.shared || []) {
      const pair = sh.left === undefined ? '' : ` ${sh.left} → ${sh.right}`;
      const more = sh.files > sh.places.length ? ', …' : '';
      const files = sh.files === 1 ? 'file' : 'files';
      s.det.append(el('p', { class: 'shared',
        text: `${sh.subject}${pair}, in ${sh.files} ${files} (${sh.places.join(', ')}${more})` }));
    }
    s.list = pagedList(matching(g.roots));
    s.det.append(s.list);
    const folded = matching(g.folded);
    if (folded.length) {
      const det = el('details', { class: 'folded' },
        el('summary', { text: `${folded.length} derived: checksums, sizes and offsets that follow` }));
      det.addEventListener('toggle', () => {
        if (det.open && !det.list) { det.list = pagedList(folded); det.append(det.list); }
      });
      s.det.append(det);
      s.folded = det;
    } else {
      s.folded = null;
    }
  }

  function openCause(cause) {
    showTab('causes');
    const s = sections.get(cause);
    s.det.open = true;
    draw(s.g);
    s.det.scrollIntoView();
  }

  // By place: a tree of artifacts and members, built when first shown, drawn as opened.
  let tree = null;
  function buildTree() {
    const root = { name: '.', children: new Map(), here: [], all: [] };
    for (const d of D) {
      let node = root;
      node.all.push(d.id);
      for (const segment of d.path) {
        if (!node.children.has(segment)) node.children.set(segment, { name: segment, children: new Map(), here: [], all: [] });
        node = node.children.get(segment);
        node.all.push(d.id);
      }
      node.here.push(d.id);
    }
    return root;
  }
  function treeNode(node) {
    const count = matching(node.all).length;
    const det = el('details', { class: 'node' },
      el('summary', {}, el('span', { class: 'name', text: node.name }), ' ', el('span', { class: 'count', text: String(count) })));
    det.hidden = count === 0;
    det.node = node;
    det.addEventListener('toggle', () => { if (det.open && !det.drawn) drawNode(det); });
    return det;
  }
  function drawNode(det) {
    det.drawn = true;
    const node = det.node;
    const children = [...node.children.keys()].sort();
    const box = el('div', { class: 'children' });
    for (const name of children) box.append(treeNode(node.children.get(name)));
    det.append(box);
    const here = matching(node.here);
    if (here.length) { det.list = pagedList(here); det.append(det.list); }
  }
  function drawTree() {
    byPlace.replaceChildren();
    tree = tree || buildTree();
    const names = [...tree.children.keys()].sort();
    for (const name of names) byPlace.append(treeNode(tree.children.get(name)));
    const here = matching(tree.here);
    if (here.length) byPlace.append(pagedList(here));
    byPlace.drawn = true;
  }

  function showTab(which) {
    const causes = which === 'causes';
    byCause.hidden = !causes;
    byPlace.hidden = causes;
    tabCauses.setAttribute('aria-selected', String(causes));
    tabTree.setAttribute('aria-selected', String(!causes));
    if (!causes && !byPlace.drawn) drawTree();
  }

  // Filters apply to both views: counts, hidden sections, open lists redrawn.
  function refresh() {
    for (const s of sections.values()) {
      const n = matching(s.g.roots).length;
      s.count.textContent = `(${n}${n === s.g.roots.length ? '' : ' of ' + s.g.roots.length})`;
      s.det.hidden = n === 0;
      if (s.det.open) draw(s.g);
    }
    for (const row of table.querySelectorAll('tr[data-category]')) row.classList.toggle('off', state.off.has(row.dataset.category));
    if (byPlace.drawn) drawTree();
  }

  // A permalink (#d-ID) opens what holds the difference and scrolls to it.
  function reveal() {
    const m = /^#d-(\d+)$/.exec(location.hash);
    if (!m) return;
    const d = D[Number(m[1])];
    if (!d) return;
    if (!visible(d)) {
      state.off.clear();
      state.query = '';
      search.value = '';
      for (const b of filters.children) b.setAttribute('aria-pressed', 'true');
      refresh();
    }
    showTab('causes');
    for (const s of sections.values()) {
      const isRoot = s.g.roots.includes(d.id);
      if (!isRoot && !s.g.folded.includes(d.id)) continue;
      s.det.open = true;
      draw(s.g);
      if (isRoot) s.list.ensure(d.id);
      else if (s.folded) { s.folded.open = true; if (!s.folded.list) { s.folded.list = pagedList(matching(s.g.folded)); s.folded.append(s.folded.list); } s.folded.list.ensure(d.id); }
      break;
    }
    const target = document.getElementById('d-' + d.id);
    if (target) {
      for (const old of document.querySelectorAll('.target')) old.classList.remove('target');
      target.classList.add('target');
      target.scrollIntoView();
    }
  }

  if (R.notes.length) {
    const notes = el('details', { class: 'notes' }, el('summary', { text: `notes (${R.notes.length})` }));
    const ul = el('ul', {});
    for (const [path, note] of R.notes.slice(0, 1000)) ul.append(el('li', {}, el('code', { text: path.join(' › ') || '.' }), ': ' + note));
    notes.append(ul);
    app.append(notes);
  }

  refresh();
  window.addEventListener('hashchange', reveal);
  reveal();
  document.body.dataset.ready = '1';
  document.body.dataset.readyAt = String(Math.round(performance.now()));
})();
