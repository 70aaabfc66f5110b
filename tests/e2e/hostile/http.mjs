// hostile/http.mjs: raw HTTP over node's `net` and a strict reader of the
// answers (status line, framing, UTF-8, JSON and SSE bodies, JSON-RPC
// shapes and ids).
import net from "node:net";
import { HOST, PORT, PATH } from "./env.mjs";

// -- raw HTTP ----------------------------------------------------------------

/// Builds request bytes. `body` is a string or Buffer; headers override the
/// defaults (a value of null drops a default header).
export function request({ method = "POST", path = PATH, headers = {}, body = "", version = "HTTP/1.1" } = {}) {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  const base = {
    Host: `${HOST}:${PORT}`,
    "Content-Type": "application/json",
    Accept: "application/json, text/event-stream",
    Connection: "close",
    "Content-Length": String(b.length),
  };
  const all = { ...base, ...headers };
  let head = `${method} ${path} ${version}\r\n`;
  for (const [k, v] of Object.entries(all)) if (v !== null) head += `${k}: ${v}\r\n`;
  return Buffer.concat([Buffer.from(head + "\r\n", "latin1"), b]);
}

/// Sends `bytes` on a fresh connection and collects everything until the
/// server closes (or `timeout` ms pass).
export function exchange(bytes, timeout = 10000) {
  return new Promise((resolve) => {
    const chunks = [];
    let done = false;
    const sock = net.connect(PORT, HOST);
    const finish = (how) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ raw: Buffer.concat(chunks), how });
    };
    const timer = setTimeout(() => finish("timeout"), timeout);
    sock.on("data", (d) => chunks.push(d));
    sock.on("end", () => finish("closed"));
    sock.on("close", () => finish("closed"));
    sock.on("error", (e) => finish(chunks.length ? "closed" : `error ${e.code}`));
    sock.write(bytes);
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3}) [^\r\n]*$/;

export function dechunk(buf) {
  const out = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf("\r\n", i);
    if (eol < 0) return null;
    const size = parseInt(buf.subarray(i, eol).toString("latin1"), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(out);
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
    if (i > buf.length) return null;
  }
}

/// Checks one JSON-RPC message object; returns a problem or "".
export function rpcProblem(m) {
  if (typeof m !== "object" || m === null || Array.isArray(m)) return "not an object";
  if (m.jsonrpc !== "2.0") return "jsonrpc is not 2.0";
  if ("error" in m) {
    if (!Number.isInteger(m.error?.code) || typeof m.error?.message !== "string")
      return "malformed error member";
    if (!("id" in m)) return "error without id";
  } else if (!("result" in m) && typeof m.method !== "string") {
    return "neither result, error nor method";
  }
  return "";
}

/// Parses a raw response; returns {status, headers, body, json, problem}.
export function parse(raw) {
  const r = { status: 0, headers: {}, body: Buffer.alloc(0), json: undefined, problem: "" };
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return { ...r, problem: "no complete response head" };
  const lines = raw.subarray(0, end).toString("latin1").split("\r\n");
  const m = STATUS_LINE.exec(lines[0]);
  if (!m) return { ...r, problem: `bad status line ${JSON.stringify(lines[0].slice(0, 80))}` };
  r.status = Number(m[1]);
  for (const l of lines.slice(1)) {
    const c = l.indexOf(":");
    if (c <= 0) return { ...r, problem: `bad header line ${JSON.stringify(l.slice(0, 80))}` };
    r.headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  let body = raw.subarray(end + 4);
  r.used = raw.length;
  if (/chunked/i.test(r.headers["transfer-encoding"] ?? "")) {
    const term = body.indexOf("\r\n0\r\n\r\n");
    const whole = body.subarray(0, term < 0 ? body.length : term + 7);
    r.used = end + 4 + whole.length;
    body = dechunk(whole);
    if (body === null) return { ...r, problem: "broken chunked body" };
  } else if ("content-length" in r.headers) {
    const n = Number(r.headers["content-length"]);
    if (body.length < n) return { ...r, problem: `body ${body.length} bytes, Content-Length ${n}` };
    body = body.subarray(0, n);
    r.used = end + 4 + n;
  }
  r.body = body;
  if (r.status >= 500) return { ...r, problem: `server error ${r.status}` };
  if (body.length === 0) return r;
  let text;
  try {
    text = utf8.decode(body);
  } catch {
    return { ...r, problem: "body is not valid UTF-8" };
  }
  const type = r.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    try {
      r.json = JSON.parse(text);
    } catch {
      return { ...r, problem: `JSON body does not parse: ${text.slice(0, 100)}` };
    }
    const msgs = Array.isArray(r.json) ? r.json : [r.json];
    for (const msg of msgs) {
      const p = rpcProblem(msg);
      if (p) return { ...r, problem: `JSON-RPC: ${p}: ${text.slice(0, 100)}` };
    }
  } else if (type.startsWith("text/event-stream")) {
    for (const line of text.split("\n")) {
      if (!line.startsWith("data:")) continue;
      try {
        const msg = JSON.parse(line.slice(5));
        const p = rpcProblem(msg);
        if (p) return { ...r, problem: `SSE JSON-RPC: ${p}` };
        r.json ??= msg;
      } catch {
        return { ...r, problem: `SSE data does not parse: ${line.slice(0, 100)}` };
      }
    }
  } else {
    return { ...r, problem: `unexpected body of type '${type}'` };
  }
  return r;
}

/// Parses every response in `raw` (pipelined answers on one connection).
export function parseAll(raw) {
  const out = [];
  while (raw.length > 0) {
    const r = parse(raw);
    out.push(r);
    if (r.problem || !r.used) break;
    raw = raw.subarray(r.used);
  }
  return out;
}

/// An error answer (other than a parse error) to a request whose id is
/// readable (a string or a plain integer of up to 15 digits, in a JSON
/// object with a method) must carry that id (JSON-RPC 2.0 §5).
export function idProblem(text, r) {
  if (text === undefined || ![200, 400].includes(r.status) || Array.isArray(r.json)) return "";
  const err = r.json?.error;
  // A parse error (e.g. nlohmann refuses 1e400) answers id null, as
  // JSON-RPC 2.0 §5 says when the id could not be detected.
  if (!err || err.code === -32700) return "";
  let req;
  try {
    req = JSON.parse(text);
  } catch {
    return "";
  }
  if (typeof req !== "object" || req === null || Array.isArray(req) || typeof req.method !== "string") return "";
  const m = /"id":\s*(-?\d{1,15}|"[^"\\]*")\s*[,}]/.exec(text);
  if (!m) return "";
  const id = JSON.parse(m[1]);
  return r.json.id === id ? "" : `error answer has id ${JSON.stringify(r.json.id)}, the request had ${m[1]}`;
}

export const errorCode = (r) => (Array.isArray(r.json) ? r.json[0] : r.json)?.error?.code;
