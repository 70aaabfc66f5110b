// hummel dashboard: the token, an SSE reader over fetch, and MCP tool calls
// (POST /mcp, stateless 2026-07-28 era).

const MCP_VERSION = '2026-07-28';

// The bearer token for remote access, from the URL fragment (#token=...),
// kept for this tab.
export const token = (() => {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem('hummel-token', decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname); // out of sight
  }
  return sessionStorage.getItem('hummel-token') || '';
})();

function authHeaders(h) {
  if (token) h.Authorization = 'Bearer ' + token;
  return h;
}

// Reads an SSE body (fetch Response), calling onEvent({data, id}).
export async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += dec.decode(value, { stream: true });
    let at;
    while ((at = buf.search(/\r?\n\r?\n/)) >= 0) {
      const block = buf.slice(0, at);
      buf = buf.slice(at + (buf[at] === '\r' ? 4 : 2));
      const data = [];
      let id = '';
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        else if (line.startsWith('id:')) id = line.slice(3).trim();
      }
      if (data.length) onEvent({ data: data.join('\n'), id });
    }
  }
}

let nextId = 1;

// Calls `tool` with `args`; `onProgress(params)` gets progress notifications.
// Resolves to the tool result (structuredContent) or throws with its error.
export async function mcpCall(tool, args, onProgress, signal) {
  const id = nextId++;
  const meta = {
    'io.modelcontextprotocol/protocolVersion': MCP_VERSION,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'hummel-dashboard',
      version: '1' },
  };
  if (onProgress) meta.progressToken = 'p' + id;
  const r = await fetch('/mcp', {
    method: 'POST', signal, cache: 'no-store',
    headers: authHeaders({
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': MCP_VERSION,
      'Mcp-Method': 'tools/call', 'Mcp-Name': tool,
    }),
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call',
      params: { name: tool, arguments: args, _meta: meta } }),
  });
  let answer = null;
  if ((r.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
    await readEvents(r, (ev) => {
      const m = JSON.parse(ev.data);
      if (m.id === id) answer = m;
      else if (m.method === 'notifications/progress' && onProgress)
        onProgress(m.params);
    });
  } else {
    const text = await r.text();
    try { answer = JSON.parse(text); } catch (e) {
      throw new Error('HTTP ' + r.status + ' ' + text.slice(0, 200));
    }
  }
  if (!answer) throw new Error('no answer');
  if (answer.error) throw new Error(answer.error.message);
  const res = answer.result;
  if (res.isError)
    throw new Error((res.content && res.content[0] && res.content[0].text)
      || 'failed');
  return res.structuredContent;
}

