// hostile/cases.mjs: part 1 of hostile.mjs: the hostile categories in
// their fixed order (the random source is deterministic, so the order
// fixes every case) and the run that sends them 8 connections at a time.
import { CASES } from "./env.mjs";
import { exchange, errorCode, idProblem, parse, parseAll } from "./http.mjs";
import { httpCategories } from "./cases_http.mjs";
import { jsonrpcCategories } from "./cases_jsonrpc.mjs";
import { int } from "./payloads.mjs";
import { now } from "../harness.mjs";

// Each category: [name, count, make() -> {bytes, expect(res) -> problem}]
export function categories(sid) {
  const S = { "Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-11-25" };
  const j = jsonrpcCategories(S);
  const x = httpCategories(S, sid);
  return [j.truncated, j.wrongTypes, j.hugeNumbers, j.deepNesting, j.invalidUtf8, x.bigBodies, x.badHeaders,
    x.wrongOrigin, x.badHost, x.missingHost, x.unknownSession, x.garbageMethods, j.unknownMethods, x.pipelined,
    x.garbageBytes];
}

// -- part 1 -------------------------------------------------------------------

export async function hostileRun(h, sid) {
  const cats = categories(sid);
  const total = cats.reduce((a, c) => a + c[1], 0);
  const scale = CASES / total; // 1 unless HOSTILE_CASES asks for a quick run
  const jobs = [];
  for (const [name, count, make] of cats)
    for (let i = 0; i < Math.max(1, Math.round(count * scale)); i++) jobs.push([name, make]);
  while (jobs.length > CASES) jobs.pop();
  while (jobs.length < CASES) jobs.push([cats[0][0], cats[0][2]]);
  // Interleave categories deterministically.
  for (let i = jobs.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
  }
  const stats = new Map(); // category -> {n, statuses: Map, problems: []}
  const codes = new Map();
  let next = 0;
  let closedWithoutResponse = 0;
  let slowest = 0;
  const t0 = now();
  async function worker() {
    while (next < jobs.length) {
      const [name, make] = jobs[next++];
      const c = make();
      const s = stats.get(name) ?? { n: 0, statuses: new Map(), problems: [] };
      stats.set(name, s);
      s.n++;
      const t = now();
      const { raw, how } = await exchange(c.bytes);
      slowest = Math.max(slowest, now() - t);
      let problem = "";
      let status = "none";
      if (raw.length === 0) {
        if (c.raw && how === "closed") closedWithoutResponse++;
        else problem = `no response (${how})`;
      } else if (c.pipelined) {
        const rs = parseAll(raw);
        status = rs.map((r) => r.status).join("+");
        problem = rs.find((r) => r.problem)?.problem ?? "";
        if (!problem && rs.length !== c.pipelined) problem = `${rs.length} answers to ${c.pipelined} pipelined requests`;
        if (!problem) problem = c.expect(rs[0]) || c.expect(rs.at(-1));
        if (!problem && (rs[0].json?.id !== 1 || rs.at(-1).json?.id !== "last")) problem = "answers out of order";
      } else {
        const r = parse(raw);
        status = r.status;
        problem = r.problem || c.expect(r) || idProblem(c.text, r);
        const code = errorCode(r);
        if (code !== undefined) codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
      if (problem) s.problems.push(`${problem} <- ${c.bytes.subarray(0, 160).toString("latin1").replace(/\r\n/g, "\\r\\n")}`);
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  const ms = now() - t0;
  let bad = 0;
  for (const [name, s] of stats) {
    const hist = [...s.statuses].sort().map(([k, v]) => `${k}x${v}`).join(" ");
    h.check(`${name}: ${s.n} cases well-formed and as expected (${hist})`, s.problems.length === 0,
      `${s.problems.length} bad, e.g.\n  ${s.problems.slice(0, 5).join("\n  ")}`);
    bad += s.problems.length;
  }
  h.figure("hostile cases", jobs.length);
  h.figure("hostile cases with a problem", bad);
  h.figure("hostile wall time ms (8 connections at a time)", ms.toFixed(0));
  h.figure("hostile slowest answer ms", slowest.toFixed(1));
  h.figure("hostile raw garbage closed without a response", closedWithoutResponse);
  h.figure("hostile JSON-RPC error codes", [...codes].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}x${v}`).join(" "));
}
