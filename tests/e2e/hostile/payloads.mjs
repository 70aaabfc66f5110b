// hostile/payloads.mjs: the deterministic random source and the raw
// material of the hostile cases (valid, wrongly typed, huge-number, deeply
// nested, invalid UTF-8 and oversized bodies), plus the expectations.
import { errorCode } from "./http.mjs";

let seed = 0x9e3779b9;
export function rand() { // mulberry32: deterministic
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
export const pick = (a) => a[Math.floor(rand() * a.length)];
export const int = (n) => Math.floor(rand() * n);

export const valid = [
  '{"jsonrpc":"2.0","id":7,"method":"ping"}',
  '{"jsonrpc":"2.0","id":"x","method":"tools/list"}',
  '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"scripts_status","arguments":{"name":"svc"}}}',
  '{"jsonrpc":"2.0","id":9,"method":"resources/read","params":{"uri":"hummel://processes"}}',
  '{"jsonrpc":"2.0","id":10,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"h","version":"0"}}}',
  '{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"logs_search","arguments":{"query":"x","regex":true}}}',
];
export const wrongTypes = [
  '{"jsonrpc":"1.0","id":1,"method":"ping"}', '{"jsonrpc":2,"id":1,"method":"ping"}',
  '{"id":1,"method":"ping"}', '{"jsonrpc":"2.0","id":{},"method":"ping"}',
  '{"jsonrpc":"2.0","id":[1],"method":"ping"}', '{"jsonrpc":"2.0","id":true,"method":"ping"}',
  '{"jsonrpc":"2.0","id":1,"method":5}', '{"jsonrpc":"2.0","id":1,"method":null}',
  '{"jsonrpc":"2.0","id":1,"method":"ping","params":"str"}', '{"jsonrpc":"2.0","id":1,"method":"ping","params":5}',
  "[]", "[1,2]", '"string"', "42", "null", "true", "{}",
  '[{"jsonrpc":"2.0","id":1,"method":"ping"}]',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":5}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_run","arguments":"x"}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_run","arguments":[]}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_run","arguments":{"name":7}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_stream","arguments":{"limit":"ten"}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_stream","arguments":{"follow":"yes"}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_search","arguments":{"query":["a"]}}}',
  '{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":42}}',
  '{"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{}}',
  '{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"loud"}}',
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":7}}',
  '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{}}}',
  '{"jsonrpc":"2.0","id":1,"result":{}}', '{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_status","arguments":{},"_meta":{"progressToken":{}}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_status","arguments":{"name":""}}}',
];
export const huge = [
  '{"jsonrpc":"2.0","id":1e400,"method":"ping"}', '{"jsonrpc":"2.0","id":-1e400,"method":"ping"}',
  '{"jsonrpc":"2.0","id":123456789012345678901,"method":"ping"}',
  '{"jsonrpc":"2.0","id":-98765432109876543210,"method":"ping"}',
  '{"jsonrpc":"2.0","id":18446744073709551616,"method":"ping"}', '{"jsonrpc":"2.0","id":1.5,"method":"ping"}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_stream","arguments":{"name":"svc","limit":1e400}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_stream","arguments":{"name":"svc","limit":99999999999999999999}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_stream","arguments":{"name":"svc","since_seq":18446744073709551616}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_stream","arguments":{"name":"svc","since_seq":-1}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_stream","arguments":{"name":"svc","timeout_ms":1e308,"follow":false}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_search","arguments":{"query":"a","since":99999999999999999999,"name":"svc"}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_search","arguments":{"query":"a","limit":-5}}}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_status","arguments":{},"_meta":{"progressToken":1e400}}}',
  '{"jsonrpc":"2.0","id":1e-400,"method":"ping"}', '{"jsonrpc":"2.0","id":0.000000000000000000001,"method":"ping"}',
];
export const deep = [
  () => "[".repeat(100000),
  () => '{"a":'.repeat(50000),
  () => '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":' + "[".repeat(100000) + "]".repeat(100000) + "}}",
  () => "[".repeat(100000) + "]".repeat(100000),
  () => '{"jsonrpc":"2.0","id":' + "[".repeat(50000) + "]".repeat(50000) + ',"method":"ping"}',
  () => '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_run","arguments":{"name":"x","env":' + '{"a":'.repeat(40000) + '"b"' + "}".repeat(40000) + "}}}",
];
export const badUtf8 = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
export const utf8Case = () => {
  const bad = Buffer.from(pick(badUtf8));
  const where = int(4);
  const parts = where === 0 ? ['{"jsonrpc":"2.0","id":1,"method":"', '"}'] // in the method
    : where === 1 ? ['{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"scripts_status","arguments":{"name":"', '"}}}']
    : where === 2 ? ['{"jsonrpc":"2.0","id":"', '","method":"ping"}'] // in the id
    : ['{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"logs_search","arguments":{"query":"', '","regex":true}}}'];
  return Buffer.concat([Buffer.from(parts[0]), bad, Buffer.from(parts[1])]);
};
export const big = () => {
  const n = 5 << 20;
  const pad = Buffer.alloc(n, 0x61);
  return Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"'), pad, Buffer.from('"}}')]);
};
export const rpcMethods = ["tools/cal", "", "\\u0000", "rpc.discover", "x".repeat(10000), "tools/list/", "TOOLS/LIST",
  "notifications/initialized", "resources/templates", "completion/complete", "tasks/get", "server/discover",
  "subscriptions/listen", "../../etc/passwd", "prompts/get"];
export const ping = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
const meta = '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}';
export const modernPing = `{"jsonrpc":"2.0","id":3,"method":"ping","params":{${meta}}}`;
export const modernCall = `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"scripts_status","arguments":{},${meta}}}`;

// What a case expects of its answer: expect(res) -> problem ("" when fine).
export const expectStatus = (...codes) => (r) => (codes.includes(r.status) ? "" : `status ${r.status}, expected ${codes.join("/")}`);
export const expectCode = (statuses, codes) => (r) => {
  const s = expectStatus(...statuses)(r);
  if (s) return s;
  const c = errorCode(r);
  return codes.includes(c) ? "" : `JSON-RPC code ${c}, expected ${codes.join("/")}`;
};
export const noServerError = () => "";
