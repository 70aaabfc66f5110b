// hostile/flood.mjs: part 2 of hostile.mjs: the `flood` process prints
// 100,000 lines, then logs_search runs the pathological regex (a+)+$ (and
// an anchored regex and a substring) over them.
import { FLOOD } from "./env.mjs";
import { KeepAlive, result, toolCall } from "./session.mjs";
import { now, sleep } from "../harness.mjs";

// -- part 2: regex over 100,000 lines -----------------------------------------

export async function regexRun(h, sid) {
  const S = { "Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-11-25" };
  const c = new KeepAlive();
  const run = await c.post(toolCall("scripts_run", { name: "flood" }), S);
  h.check("scripts_run flood", result(run)?.run_id > 0, run.json);
  const t0 = now();
  let done = false;
  for (let i = 0; i < 600 && !done; i++) {
    const r = await c.post(toolCall("logs_stream", { name: "flood", limit: 1 }), S);
    done = (result(r)?.next_seq ?? 0) >= FLOOD;
    if (!done) await sleep(50);
  }
  h.check(`flood printed ${FLOOD} lines`, done);
  h.figure("100,000 lines printed and ingested in ms", (now() - t0).toFixed(0));
  const search = async (args) => {
    const t = now();
    const r = await c.post(toolCall("logs_search", args), S);
    return { r, ms: now() - t, sc: result(r) };
  };
  const evil = await search({ query: "(a+)+$", regex: true, name: "flood", limit: 10 });
  h.figure("logs_search (a+)+$ over flood: ms", evil.ms.toFixed(1));
  h.figure("logs_search (a+)+$ over flood: searched_lines", evil.sc?.searched_lines);
  h.check("logs_search (a+)+$ answers in < 5 s", evil.ms < 5000 && evil.r.json?.result?.isError !== true, evil.r.json);
  h.check(`it searched all ${FLOOD} lines and matched none`, evil.sc?.searched_lines >= FLOOD && evil.sc.matches.length === 0, evil.sc);
  const hit = await search({ query: `^a+! ${FLOOD - 1}$`, regex: true, name: "flood", limit: 10 });
  h.figure("logs_search ^a+! 99999$ over flood: ms", hit.ms.toFixed(1));
  h.check("an anchored regex finds the one line", hit.sc?.matches?.length === 1 && hit.sc.matches[0].text.endsWith(`! ${FLOOD - 1}`), hit.sc);
  const plain = await search({ query: `! ${Math.min(12345, FLOOD - 1)}`, name: "flood", limit: 10 });
  h.figure("logs_search substring over flood: ms", plain.ms.toFixed(1));
  h.check("a substring search finds its line", plain.sc?.matches?.length === 1, plain.sc);
  c.close();
}
