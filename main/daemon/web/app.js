// hummel dashboard. One event stream (GET /events) carries the watch feed:
// first the snapshot {version, node, time_ms, processes}, then deltas
// {from, to, time_ms, changed, removed}. A delta whose `from` is not the
// version held means a gap: reconnect, which starts with a fresh snapshot.
// Actions and logs go through MCP tools (POST /mcp, stateless era).
// A daemon with peers (or the page opened with ?node=*) sends the cluster
// watch: the same, with `cluster: true`, every item naming its `node`,
// removed items as {node, name}, and `nodes` (link states) in each message.
// A token for remote access comes in the URL fragment (#token=...), never
// sent as part of a URL; then the stream is read with fetch (EventSource
// cannot send an Authorization header). A module: strict, deferred.

import { render, moveFocus, markSelected } from './table.js';
import { token, readEvents, mcpCall } from './mcp.js';

const state = {
  version: null, node: '', cluster: false, nodes: [], rows: new Map(),
  selected: null,
  dirty: new Set(), full: true, pending: [], stream: null, retry: 0,
};
// Read by the end-to-end test: change→pixel latencies (ms) per process.
const stats = { latencies: [], renderMs: [], shown: new Map(), deltas: 0,
  snapshots: 0, resyncs: 0 };
window.hummelStats = stats;

const $ = (id) => document.getElementById(id);

// -- the event stream ---------------------------------------------------------

function setConn(text, cls) {
  const c = $('conn');
  c.textContent = text;
  c.className = cls || '';
}

function onMessage(data) {
  let msg;
  try { msg = JSON.parse(data); } catch (e) { return; }
  if (msg.result && typeof msg.result.version === 'number') {
    applySnapshot(msg.result);
  } else if (msg.method === 'notifications/hummel/delta') {
    const d = msg.params;
    if (state.version === null || d.from !== state.version) {
      stats.resyncs++;
      reconnect(0);
      return;
    }
    applyDelta(d);
  }
}

function connect() {
  setConn('connecting…', '');
  if (!token) {
    const es = new EventSource('/events' + location.search);
    state.stream = { close: () => es.close() };
    es.onopen = () => { state.retry = 0; };
    es.onmessage = (e) => onMessage(e.data);
    es.onerror = () => {
      // EventSource reconnects by itself (the new stream starts with a
      // snapshot: that resynchronises), unless it was refused.
      state.version = null;
      if (es.readyState !== EventSource.CLOSED)
        return setConn('reconnecting…', 'down');
      setConn('refused or lost: retrying (a token goes in #token=…)', 'down');
      reconnect(2000);
    };
    return;
  }
  const ctl = new AbortController();
  state.stream = { close: () => ctl.abort() };
  const headers = { Accept: 'text/event-stream',
    Authorization: 'Bearer ' + token };
  fetch('/events' + location.search, { headers,
    signal: ctl.signal, cache: 'no-store' })
    .then((r) => {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      state.retry = 0;
      return readEvents(r, (ev) => onMessage(ev.data));
    })
    .then(() => reconnect(1000), (e) => {
      if (e.name !== 'AbortError') reconnect(1000);
    });
}

function reconnect(delay) {
  if (state.stream) state.stream.close();
  state.stream = null;
  state.version = null;
  setConn('reconnecting…', 'down');
  setTimeout(connect, Math.min(delay + state.retry++ * 500, 5000));
}

// -- the model ----------------------------------------------------------------

// A row's key: its name, or node and name in the cluster view (two nodes
// may both run `web`).
const SEP = '\u001f';
function keyOf(p) {
  return state.cluster ? p.node + SEP + p.name : p.name;
}

function applySnapshot(v) {
  stats.snapshots++;
  state.version = v.version;
  state.node = v.node;
  state.cluster = v.cluster === true;
  state.rows = new Map();
  for (const p of v.processes) state.rows.set(keyOf(p), p);
  setNodes(v);
  state.full = true;
  setConn('live · v' + v.version, 'live');
  schedule(null);
}

function applyDelta(d) {
  stats.deltas++;
  state.version = d.to;
  for (const x of d.removed || []) {
    state.rows.delete(typeof x === 'string' ? x : x.node + SEP + x.name);
    state.full = true;
  }
  for (const p of d.changed || []) {
    const k = keyOf(p);
    if (!state.rows.has(k)) state.full = true;
    state.rows.set(k, p);
    state.dirty.add(k);
  }
  setNodes(d);
  setConn('live · v' + d.to, 'live');
  schedule(d);
}

let frame = 0;
function schedule(d) {
  if (d) state.pending.push(d);
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const t0 = performance.now();
    render(state);
    stats.renderMs.push(performance.now() - t0);
    if (stats.renderMs.length > 10000) stats.renderMs.splice(0, 5000);
    // The frame that paints these changes: change → pixel.
    const now = performance.timeOrigin + performance.now();
    for (const x of state.pending) {
      stats.latencies.push(now - x.time_ms);
      for (const p of x.changed || [])
        stats.shown.set(keyOf(p), { status: p.status, at: now, to: x.to,
          time_ms: x.time_ms });
    }
    if (state.pending.length) performance.mark('hummel-shown');
    if (stats.latencies.length > 10000) stats.latencies.splice(0, 5000);
    state.pending = [];
    if (state.selected && state.dirty.size === 0) refreshErrorsSoon();
  });
}


function fmtAgo(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
}

// The nodes of the cluster view with their link state, last heard and
// process counts; the propagation latency of changes to this node.
// Every delta brings the nodes: the list is rebuilt only when something
// it shows changed, the propagation line at most once a second (each is
// a layout of the page above the table).
let nodesShown = '';
let propagationAt = 0;
function setNodes(v) {
  if (!v.nodes) return;
  state.nodes = v.nodes;
  const sec = $('nodes');
  if (sec.hidden === state.cluster) sec.hidden = !state.cluster;
  $('procs').classList.toggle('cluster', state.cluster);
  if (!state.cluster) return;
  const p = v.propagation;
  const now = performance.now();
  if (p && p.count && now - propagationAt >= 1000) {
    propagationAt = now;
    $('propagation').textContent = 'change → this page\'s node: p50 '
      + p.p50_ms.toFixed(1) + ' ms, p99 ' + p.p99_ms.toFixed(1) + ' ms, max '
      + p.max_ms.toFixed(1) + ' ms (' + p.count + ' changes)';
  }
  const key = JSON.stringify(v.nodes.map((n) => [n.name, n.state, n.error,
    n.processes, n.state === 'linked' || n.state === 'local' ? 0
      : Math.round((n.last_heard_ms_ago || 0) / 1000)]));
  if (key === nodesShown) return;
  nodesShown = key;
  const items = v.nodes.map((n) => {
    const li = document.createElement('li');
    li.className = 'link-' + n.state;
    const name = document.createElement('strong');
    name.textContent = n.name;
    const heard = n.state === 'linked' || n.state === 'local' ? ''
      : n.last_heard_ms_ago == null ? ', never heard'
        : ', heard ' + fmtAgo(n.last_heard_ms_ago) + ' ago';
    li.append(name, ' ' + n.state + heard + ' · ' + n.processes
      + ' processes' + (n.error ? ' · ' + n.error : ''));
    return li;
  });
  $('node-list').replaceChildren(...items);
}

// The arguments naming a row's process (and its node, when it is not this
// daemon's).
function target(key) {
  const p = state.rows.get(key);
  const args = { name: p ? p.name : key };
  if (p && state.cluster && p.node !== state.node) args.node = p.node;
  return args;
}

async function act(action, key) {
  const msg = $('action-msg');
  msg.textContent = '';
  const args = target(key);
  const name = args.node ? args.node + '/' + args.name : args.name;
  try {
    await mcpCall(action, args);
  } catch (e) {
    msg.textContent = action.replace('scripts_', '') + ' ' + name + ': '
      + e.message;
  }
}

// -- selection: log tail and errors -------------------------------------------

let follow = null;

function select(name) {
  if (state.selected === name) return;
  markSelected(name);
  state.selected = name;
  if (follow) follow.abort();
  follow = null;
  const detail = $('detail');
  detail.hidden = !name;
  if (!name) return;
  const args = target(name);
  $('detail-title').textContent = 'Log of '
    + (args.node ? args.node + '/' : '') + args.name;
  $('log').replaceChildren();
  $('errors').replaceChildren();
  follow = new AbortController();
  if (args.node) {
    // Logs stay on their node.
    $('log').textContent = 'The log of a process on another node is read '
      + 'on that node (its dashboard, or hummel logs ' + args.name + ' there).';
  } else {
    tail(name, follow.signal);
  }
  refreshErrors();
}

function appendLines(lines) {
  const log = $('log');
  const atEnd = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  const frag = document.createDocumentFragment();
  for (const l of lines) {
    const div = document.createElement('div');
    if (l.stream === 'stderr') div.className = 'stderr';
    div.textContent = l.text;
    frag.appendChild(div);
  }
  log.appendChild(frag);
  while (log.childNodes.length > 1000) log.firstChild.remove();
  if (atEnd) log.scrollTop = log.scrollHeight;
}

// The newest lines, then follows: each follow call waits for new lines
// (sent as progress notifications) and is renewed when it ends.
async function tail(name, signal) {
  try {
    name = target(name).name;
    const first = await mcpCall('logs_stream', { name, limit: 200 }, null,
      signal);
    appendLines(first.lines || []);
    let seq = first.next_seq || 0;
    while (!signal.aborted) {
      const r = await mcpCall('logs_stream', { name, since_seq: seq,
        follow: true, timeout_ms: 30000 }, (p) => {
        const l = p._meta && p._meta['hummel/line'];
        if (l) { appendLines([l]); seq = Math.max(seq, l.seq); }
      }, signal);
      seq = Math.max(seq, r.next_seq || 0);
    }
  } catch (e) {
    if (e.name !== 'AbortError' && !signal.aborted)
      $('log').textContent += '\n[log unavailable: ' + e.message + ']';
  }
}

let errorsTimer = 0;
let errorsSeen = -1;
function refreshErrorsSoon() {
  const p = state.rows.get(state.selected);
  if (!p || p.error_count === errorsSeen || errorsTimer) return;
  errorsTimer = setTimeout(() => { errorsTimer = 0; refreshErrors(); }, 250);
}

async function refreshErrors() {
  const name = state.selected;
  const p = state.rows.get(name);
  errorsSeen = p ? p.error_count : -1;
  const ul = $('errors');
  try {
    const r = await mcpCall('logs_errors', { ...target(name), limit: 20 });
    if (state.selected !== name) return;
    const items = (r.records || []).map((x) => {
      const li = document.createElement('li');
      li.textContent = x.time + ' ' + (x.count > 1 ? '×' + x.count + ' ' : '')
        + x.message + (x.file ? ' (' + x.file + (x.line ? ':' + x.line : '')
        + ')' : '');
      return li;
    });
    if (!items.length) {
      const li = document.createElement('li');
      li.textContent = 'no errors';
      items.push(li);
    }
    ul.replaceChildren(...items);
  } catch (e) {
    ul.textContent = 'errors unavailable: ' + e.message;
  }
}

// -- input --------------------------------------------------------------------

function rowOf(el) {
  return el && el.closest ? el.closest('#rows > .row') : null;
}

document.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action]');
  const tr = rowOf(e.target);
  if (b && tr) { act(b.dataset.action, tr.dataset.key); return; }
  if (tr && !e.target.closest('a')) select(tr.dataset.key);
});

document.addEventListener('keydown', (e) => {
  const tr = rowOf(document.activeElement);
  if (!tr || e.target.nodeName === 'BUTTON' && e.key === 'Enter') return;
  const name = tr.dataset.key;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    moveFocus(name, e.key === 'ArrowDown' ? 1 : -1);
    e.preventDefault();
  } else if (e.key === 'Enter' && document.activeElement === tr) {
    select(name);
  } else if (e.key === 'Escape') {
    select(null);
  } else if (e.key === 's' || e.key === 'x' || e.key === 'r') {
    act({ s: 'scripts_run', x: 'scripts_stop', r: 'scripts_restart' }[e.key],
      name);
  }
});

connect();
