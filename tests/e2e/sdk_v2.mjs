// sdk_v2.mjs http|stdio 2026-07-28|legacy: the official TypeScript SDK v2
// client (@modelcontextprotocol/client 2.4.0) against hummel, in the
// stateless 2026-07-28 era (versionNegotiation pinned; subscriptions/listen)
// or the legacy handshake era (initialize; resources/subscribe).
// Environment as for sdk_v1.mjs: MCP_URL, HUMMEL, PROJECT_DIR,
// HUMMEL_RUNTIME_DIR.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/client/stdio";
import { createHarness, median, now, sleep, waitFor, watchdog } from "./harness.mjs";

const [mode, era] = process.argv.slice(2);
const modern = era === "2026-07-28";
const name = `sdk-v2/${mode}/${era}`;
const h = createHarness(name);
watchdog(90_000, name);

const versionNegotiation = modern ? { mode: { pin: era } } : { mode: "legacy" };
const client = new Client(
  { name: "hummel-e2e-sdk-v2", version: "0.0.1" },
  { capabilities: {}, versionNegotiation },
);
const updated = [];
client.setNotificationHandler("notifications/resources/updated", (n) =>
  updated.push({ uri: n.params.uri, t: now() }),
);
// Progress for a request the client no longer knows (e.g. after cancelling
// it) is reported here by the SDK.
const strayProgress = [];
client.onerror = (e) => {
  if (/progress notification for an unknown token/.test(String(e?.message))) strayProgress.push(now());
};
const transport =
  mode === "stdio"
    ? new StdioClientTransport({
        command: process.env.HUMMEL,
        args: ["mcp", "--dir", process.env.PROJECT_DIR],
        env: { ...getDefaultEnvironment(), HUMMEL_RUNTIME_DIR: process.env.HUMMEL_RUNTIME_DIR },
        stderr: "inherit",
      })
    : new StreamableHTTPClientTransport(new URL(process.env.MCP_URL));

const call = (tool, args = {}, options) =>
  client.callTool({ name: tool, arguments: args }, options);

let sub = null;

await h.step("connect", async () => {
  const t0 = now();
  await client.connect(transport);
  h.figure("connect ms", (now() - t0).toFixed(1));
  const v = client.getNegotiatedProtocolVersion();
  h.check(`negotiated ${modern ? "2026-07-28" : "a legacy version"}`,
    modern ? v === "2026-07-28" : /^20(24|25)-/.test(v), v);
  h.check("serverInfo names hummel", client.getServerVersion()?.name === "hummel", client.getServerVersion());
});

await h.step("tools/list and a read", async () => {
  const tools = (await client.listTools()).tools.map((t) => t.name).sort().join(",");
  h.check("11 tools", tools === "cluster_status,config_reload,logs_clear,logs_errors,logs_search,logs_stream,scripts_list,scripts_restart,scripts_run,scripts_status,scripts_stop", tools);
  const times = [];
  let st;
  for (let i = 0; i < 20; i++) {
    const t0 = now();
    st = await call("scripts_status", { name: "svc" });
    times.push(now() - t0);
  }
  h.figure("scripts_status median ms (20)", median(times).toFixed(2));
  h.check("scripts_status svc: running", !st.isError && st.structuredContent.processes[0].status === "running", st);
  const list = await call("scripts_list");
  h.check("scripts_list has the package.json script", list.structuredContent.processes.some((p) => p.name === "hello" && p.kind === "script"), list);
});

await h.step("scripts_run with wait: a failing script in one call", async () => {
  const t0 = now();
  const r = await call("scripts_run", { name: "failing", wait: true, timeout_ms: 20000 });
  h.figure("scripts_run wait (failing script): wall ms", (now() - t0).toFixed(0));
  const sc = r.structuredContent ?? {};
  h.check("validated result: failed with exit code 3, not timed out",
    !r.isError && sc.status === "failed" && sc.exit_code === 3 && sc.signal === null && sc.timed_out === false, r);
  h.check("duration_ms and run_id", Number.isInteger(sc.duration_ms) && sc.duration_ms >= 0 && sc.run_id >= 1, sc);
  h.check("output_tail has stdout and stderr lines, ANSI stripped",
    JSON.stringify(sc.output_tail?.filter((l) => l.startsWith("step"))) === '["step 1","step 2"]'
      && sc.output_tail.includes("boom: 2 tests failed"), sc.output_tail);
  h.check("stderr_tail is the error line, ANSI stripped",
    JSON.stringify(sc.stderr_tail) === '["boom: 2 tests failed"]', sc.stderr_tail);
  const text = r.content?.[0]?.text ?? "";
  h.check("text says how it ended and shows stderr, no escapes",
    text.includes("exit code 3") && text.includes("boom: 2 tests failed") && !text.includes("\u001b"), text);
});

await h.step("subscriptions", async () => {
  if (modern) {
    sub = await client.listen({ resourceSubscriptions: ["hummel://processes"] });
    h.check("subscriptions/listen acknowledged for hummel://processes",
      (sub.honoredFilter.resourceSubscriptions ?? []).includes("hummel://processes"), sub.honoredFilter);
  } else {
    await client.subscribeResource({ uri: "hummel://processes" });
    h.check("resources/subscribe accepted", true);
  }
  updated.length = 0;
  let t0 = now();
  const run = await call("scripts_run", { name: "ticker" });
  h.check("scripts_run ticker: running", !run.isError && run.structuredContent.status === "running", run);
  let got = await waitFor(() => updated.some((u) => u.uri === "hummel://processes"), 3000);
  h.check("resources/updated after run", got, updated);
  if (got) h.figure("updated after run, ms from the call", (updated[0].t - t0).toFixed(1));
  await sleep(300);
  updated.length = 0;
  t0 = now();
  const stop = await call("scripts_stop", { name: "ticker" });
  h.check("scripts_stop ticker: stopped", !stop.isError && stop.structuredContent.status === "stopped", stop);
  got = await waitFor(() => updated.some((u) => u.uri === "hummel://processes"), 3000);
  h.check("resources/updated after stop", got, updated);
});

await h.step("logs_stream follow with progress", async () => {
  const restart = await call("scripts_restart", { name: "ticker" });
  h.check("scripts_restart ticker: running", !restart.isError && restart.structuredContent.status === "running", restart);
  const progress = [];
  const t0 = now();
  const res = await call(
    "logs_stream",
    { name: "ticker", follow: true, timeout_ms: 1200, limit: 1 },
    { onprogress: (p) => progress.push(p) },
  );
  const ms = now() - t0;
  const sc = res.structuredContent;
  h.figure("follow 1200 ms: wall ms", ms.toFixed(0));
  h.figure("follow 1200 ms: progress notifications", progress.length);
  h.check("follow returns after its timeout", ms >= 1100 && ms < 5000, ms);
  // limit 1 caps the result's lines, not the progress notifications.
  h.check("progress notifications arrived (one per line)", progress.length >= 1, progress.length);
  h.check("progress carries the line text", progress.some((p) => /tick \d+/.test(p.message ?? "")), progress.slice(0, 3));
  h.check("result carries next_seq", !res.isError && sc.lines.length > 0 && sc.next_seq >= sc.lines.at(-1).seq, sc);
});

await h.step("cancellation", async () => {
  const ac = new AbortController();
  let early = 0;
  const pending = call("logs_stream", { name: "ticker", follow: true, timeout_ms: 60000 },
    { signal: ac.signal, timeout: 90000, onprogress: () => early++ });
  await sleep(300);
  const t0 = now();
  ac.abort("e2e cancel");
  let rejected = false;
  try {
    await pending;
  } catch {
    rejected = true;
  }
  const ms = now() - t0;
  h.figure("cancel: rejection after abort, ms", ms.toFixed(1));
  // The daemon must end the follow on notifications/cancelled: ticker
  // prints every 50 ms, so progress would go on arriving otherwise.
  await sleep(600);
  h.figure("cancel: progress before the abort / stray progress after it", `${early} / ${strayProgress.length}`);
  h.check("progress flowed before the abort", early >= 1, early);
  h.check("the daemon stopped the cancelled follow (at most 1 stray progress)", strayProgress.length <= 1, strayProgress.length);
  h.check("aborted follow rejects quickly", rejected && ms < 1000, { rejected, ms });
  const st = await call("scripts_status", { name: "ticker" });
  h.check("daemon healthy after the cancel", !st.isError && st.structuredContent.processes[0].status === "running", st);
});

await h.step("resources and errors", async () => {
  const read = await client.readResource({ uri: "hummel://processes" }, { cacheMode: "bypass" });
  h.check("hummel://processes readable", read.contents[0].text.includes('"ticker"'), read);
  let code;
  try {
    await client.readResource({ uri: "hummel://processes/no_such_process" }, { cacheMode: "bypass" });
  } catch (e) {
    code = e.code;
  }
  h.check(`unknown resource: error ${modern ? "-32602" : "-32002 or -32602"}`,
    modern ? code === -32602 : code === -32002 || code === -32602, code);
  const bad = await call("scripts_restart", { name: "no_such_process" });
  h.check("unknown process: isError result", bad.isError === true, bad);
  const stop = await call("scripts_stop", { name: "ticker" });
  h.check("ticker stopped at the end", stop.structuredContent?.status === "stopped", stop);
});

await h.step("close", async () => {
  if (sub) await sub.close();
  const t0 = now();
  await client.close();
  h.figure("close ms", (now() - t0).toFixed(1));
  h.check("closed", true);
});

process.exit(h.finish() ? 0 : 1);
