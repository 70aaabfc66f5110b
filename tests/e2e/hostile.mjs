// hostile.mjs: hostile input against hummel's Streamable HTTP endpoint.
// Environment: MCP_URL, DAEMON_PID. Three parts:
//  1. 10,000 malformed requests over raw TCP (truncated JSON, wrong types,
//     huge numbers, deep nesting, invalid UTF-8, 5 MiB bodies, bad headers,
//     wrong Origin and Host, unknown sessions, garbage methods, garbage
//     bytes): every answer must be a well-formed HTTP response (status line,
//     framing; JSON or SSE bodies that parse, JSON-RPC error shapes, valid
//     UTF-8), never a 5xx, never a hang; the daemon must live and answer
//     scripts_status afterwards without leaking fds or threads.
//  2. logs_search with the regex (a+)+$ over 100,000 lines: < 5 s.
//  3. 500 idle SSE GET streams on one session: scripts_status still answers
//     in < 5 ms (median of 20); closing them returns the fds and threads.
// The parts live in hostile/: env.mjs (environment, /proc), http.mjs (raw
// HTTP and the strict answer reader), session.mjs (session, keep-alive
// client), payloads.mjs + cases_jsonrpc.mjs + cases_http.mjs + cases.mjs
// (part 1), flood.mjs (part 2), streams.mjs (part 3).
import { createHarness, sleep, watchdog } from "./harness.mjs";
import { alive, daemonStats } from "./hostile/env.mjs";
import { exchange, parse, request } from "./hostile/http.mjs";
import { KeepAlive, initialize, result, statusCall } from "./hostile/session.mjs";
import { hostileRun } from "./hostile/cases.mjs";
import { regexRun } from "./hostile/flood.mjs";
import { sseRun } from "./hostile/streams.mjs";

const h = createHarness("hostile");
watchdog(170_000, "hostile");

// -- main -----------------------------------------------------------------------

let sid;
await h.step("session", async () => {
  sid = await initialize();
  h.check("initialize gave a session", !!sid);
});
const before = daemonStats();
await h.step("hostile requests", () => hostileRun(h, sid));
await h.step("alive after the hostile requests", async () => {
  await sleep(200);
  h.check("daemon process alive", alive());
  const c = new KeepAlive();
  const fresh = await initialize();
  const r = await c.post(statusCall(), { "Mcp-Session-Id": fresh, "MCP-Protocol-Version": "2025-11-25" });
  h.check("scripts_status answers after the hostile requests", result(r)?.processes?.some((p) => p.name === "svc" && p.status === "running"), r.json);
  // The body limit is 4 MiB: just under passes, just over is refused.
  const sized = (n) => {
    const head = '{"jsonrpc":"2.0","id":5,"method":"ping","params":{"pad":"';
    return head + "p".repeat(n - head.length - 3) + '"}}';
  };
  const S = { "Mcp-Session-Id": fresh, "MCP-Protocol-Version": "2025-11-25" };
  const under = parse((await exchange(request({ headers: S, body: sized((4 << 20) - 64) }))).raw);
  h.check("a body just under 4 MiB is answered", under.status === 200 && under.json?.id === 5 && "result" in under.json,
    { status: under.status, problem: under.problem });
  const over = parse((await exchange(request({ headers: S, body: sized((4 << 20) + 1) }))).raw);
  h.check("a body of 4 MiB + 1 byte gets 413", over.status === 413 && !over.problem, { status: over.status, problem: over.problem });
  c.close();
  await sleep(300);
  const after = daemonStats();
  h.figure("daemon fds / threads / RSS KiB before hostile", `${before.fds} / ${before.threads} / ${before.rssKiB}`);
  h.figure("daemon fds / threads / RSS KiB after hostile", `${after.fds} / ${after.threads} / ${after.rssKiB}`);
  h.check("no fd leak from the hostile requests", after.fds <= before.fds + 5, { before, after });
  h.check("no thread growth from the hostile requests", after.threads <= before.threads + 2, { before, after });
});
await h.step("regex over 100,000 lines", () => regexRun(h, sid));
await h.step("500 idle SSE streams", () => sseRun(h, sid));
h.check("daemon alive at the end", alive());
process.exit(h.finish() ? 0 : 1);
