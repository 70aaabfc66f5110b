// hummel dashboard: the process table, virtualised. Only the rows in view
// (and a margin) exist in the DOM, each absolutely placed at its index in a
// body as tall as every row, with strict containment: a change to a row in
// view costs one small layout and paint, a change out of view nothing but
// the model update. 1,600 rows at 100 changes a second stay cheap. Rows are
// keyed like the model's map: by name, or node and name (cluster view); the
// node is the last cell, shown first when #procs has the class `cluster`.

import { ALIVE, fmtBytes, fmtUptime } from './format.js';

const ROW_H = 34; // px; .row's height in app.css
const MARGIN = 8; // rows rendered beyond the viewport, each side
const rowEls = new Map();
let names = [];
let model = null;

const body = () => document.getElementById('rows');

// A button with its word, and a symbol shown instead on a phone.
function button(label, symbol, action, name, disabled) {
  const b = document.createElement('button');
  b.type = 'button';
  const long = document.createElement('span');
  long.className = 'long';
  long.textContent = label;
  const short = document.createElement('span');
  short.className = 'short';
  short.textContent = symbol;
  b.append(long, short);
  b.dataset.action = action;
  b.setAttribute('aria-label', label + ' ' + name);
  b.disabled = disabled;
  return b;
}

function makeRow(key, p) {
  const tr = document.createElement('div');
  tr.className = 'row';
  tr.setAttribute('role', 'row');
  tr.tabIndex = 0;
  tr.dataset.key = key;
  tr.dataset.name = p.name;
  if (p.node) tr.dataset.node = p.node;
  const name = p.node && model.cluster ? p.node + '/' + p.name : p.name;
  tr.setAttribute('aria-selected', 'false');
  for (let i = 0; i < 12; i++) {
    const td = document.createElement('span');
    td.setAttribute('role', i === 0 ? 'rowheader' : 'gridcell');
    if (i >= 3 && i <= 7) td.className = 'opt num';
    if (i === 2 || i === 8) td.className = 'wide';
    if (i === 11) td.className = 'node-col';
    tr.appendChild(td);
  }
  const act = tr.children[10];
  act.append(button('Start', '▶', 'scripts_run', name, false), ' ',
    button('Stop', '■', 'scripts_stop', name, false), ' ',
    button('Restart', '↻', 'scripts_restart', name, false));
  rowEls.set(key, tr);
  return tr;
}

function setText(td, text) {
  if (td.textContent !== text) td.textContent = text;
}

function fillRow(tr, p) {
  const c = tr.children;
  setText(c[0], p.name);
  setText(c[1], p.status);
  c[1].className = 'st-' + p.status;
  setText(c[2], p.ready === true ? 'yes' : p.ready === false ? 'no' : '–');
  setText(c[3], p.pid == null ? '–' : String(p.pid));
  setText(c[4], fmtUptime(p));
  setText(c[5], String(p.restarts || 0));
  setText(c[6], ALIVE.has(p.status) ? (p.cpu_percent || 0).toFixed(1) + '%'
    : '–');
  setText(c[7], ALIVE.has(p.status) ? fmtBytes(p.rss_bytes) : '–');
  const url = (p.urls && p.urls[0]) || '';
  const a = c[8].firstChild;
  if (!url) {
    if (c[8].textContent !== '–') c[8].textContent = '–';
  } else if (!a || a.nodeName !== 'A' || a.href !== url) {
    const link = document.createElement('a');
    link.href = url;
    link.textContent = url;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    c[8].replaceChildren(link);
  }
  setText(c[9], String(p.error_count || 0));
  c[9].className = p.error_count ? 'err num' : 'num';
  c[9].title = p.last_error || '';
  const alive = ALIVE.has(p.status);
  const [run, stop] = c[10].querySelectorAll('button');
  run.disabled = alive;
  stop.disabled = !alive;
  setText(c[11], p.node || '');
}

// The index range [first, last) of the rows in view, plus the margin.
function windowRange() {
  const top = body().getBoundingClientRect().top;
  const first = Math.max(0, Math.floor(-top / ROW_H) - MARGIN);
  const last = Math.min(names.length,
    Math.ceil((window.innerHeight - top) / ROW_H) + MARGIN);
  return [first, Math.max(first, last)];
}

/// Brings the DOM in line with `state` (rows, full, dirty, selected).
export function render(state) {
  model = state;
  document.getElementById('node').textContent = state.node
    ? '· ' + state.node : '';
  const el = body();
  if (state.full) {
    state.full = false;
    names = [...state.rows.keys()].sort();
    el.style.height = names.length * ROW_H + 'px';
    document.getElementById('procs')
      .setAttribute('aria-rowcount', String(names.length + 1));
  }
  const [first, last] = windowRange();
  const focused = document.activeElement;
  const want = new Set(names.slice(first, last));
  for (const [name, tr] of rowEls)
    if (!want.has(name) && !(tr === focused && state.rows.has(name))) {
      rowEls.delete(name);
      tr.remove();
    }
  let prev = null;
  for (let i = first; i < last; i++) {
    const name = names[i];
    let tr = rowEls.get(name);
    const fresh = !tr;
    if (fresh) tr = makeRow(name, state.rows.get(name));
    if (fresh || state.dirty.has(name)) fillRow(tr, state.rows.get(name));
    tr.style.transform = 'translateY(' + i * ROW_H + 'px)';
    tr.setAttribute('aria-rowindex', String(i + 2));
    tr.setAttribute('aria-selected', String(name === state.selected));
    // DOM order = visual order (the tab order)
    const at = prev ? prev.nextSibling : el.firstChild;
    if (at !== tr) el.insertBefore(tr, at);
    prev = tr;
  }
  state.dirty.clear();
}

/// Marks `name` selected (and no other row).
export function markSelected(name) {
  for (const [n, tr] of rowEls)
    tr.setAttribute('aria-selected', String(n === name));
}

/// Focuses the row `delta` rows from `name`, scrolling it into view.
export function moveFocus(name, delta) {
  const i = names.indexOf(name) + delta;
  if (i < 0 || i >= names.length) return;
  const y = body().getBoundingClientRect().top + i * ROW_H;
  if (y < 0) window.scrollBy(0, y);
  else if (y + ROW_H > window.innerHeight)
    window.scrollBy(0, y + ROW_H - window.innerHeight);
  render(model);
  const tr = rowEls.get(names[i]);
  if (tr) tr.focus({ preventScroll: true });
}

let scrollFrame = 0;
function onScroll() {
  if (scrollFrame || !model) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    render(model);
  });
}
window.addEventListener('scroll', onScroll, { passive: true });
window.addEventListener('resize', onScroll);

// Uptimes move on by themselves: one text update a second, rows in view.
setInterval(() => {
  if (!model) return;
  for (const [name, tr] of rowEls) {
    const p = model.rows.get(name);
    if (p) setText(tr.children[4], fmtUptime(p));
  }
}, 1000);
