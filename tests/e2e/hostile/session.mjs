// hostile/session.mjs: a legacy MCP session and a keep-alive JSON-RPC
// client for the timed calls.
import net from "node:net";
import { HOST, PORT } from "./env.mjs";
import { dechunk, exchange, parse, request } from "./http.mjs";

// -- a legacy session for the cases that need one ---------------------------

export async function initialize() {
  const res = parse((await exchange(request({
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {
      protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "hostile", version: "0" } } }),
  }))).raw);
  const sid = res.headers["mcp-session-id"];
  if (!sid) throw new Error(`initialize failed: ${JSON.stringify(res)}`);
  await exchange(request({ headers: { "Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-11-25" },
    body: '{"jsonrpc":"2.0","method":"notifications/initialized"}' }));
  return sid;
}

// -- keep-alive JSON-RPC client for the timed calls --------------------------

export class KeepAlive {
  constructor() {
    this.sock = net.connect(PORT, HOST);
    this.sock.setNoDelay(true);
    this.buf = Buffer.alloc(0);
    this.waiter = null;
    this.sock.on("data", (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.poll();
    });
    this.ready = new Promise((r) => this.sock.once("connect", r));
  }
  poll() {
    if (!this.waiter) return;
    const end = this.buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString("latin1");
    const len = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? -1);
    let total;
    let body;
    if (len >= 0) {
      total = end + 4 + len;
      if (this.buf.length < total) return;
      body = this.buf.subarray(end + 4, total);
    } else if (/transfer-encoding:\s*chunked/i.test(head)) {
      const term = this.buf.indexOf("\r\n0\r\n\r\n", end);
      if (term < 0) return;
      total = term + 7;
      body = dechunk(this.buf.subarray(end + 4, total));
    } else {
      return; // not a framing we use here
    }
    this.buf = this.buf.subarray(total);
    const w = this.waiter;
    this.waiter = null;
    w(parse(Buffer.concat([Buffer.from(head + "\r\n\r\n", "latin1"), body])));
  }
  async post(body, headers) {
    await this.ready;
    const p = new Promise((r) => (this.waiter = r));
    this.sock.write(request({ headers: { Connection: "keep-alive", ...headers }, body }));
    return p;
  }
  close() {
    this.sock.destroy();
  }
}

export const statusCall = (name) => JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call",
  params: { name: "scripts_status", arguments: name ? { name } : {} } });
export const toolCall = (tool, args) => JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call",
  params: { name: tool, arguments: args } });
export const result = (r) => r.json?.result?.structuredContent;
