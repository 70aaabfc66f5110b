// hostile/streams.mjs: part 3 of hostile.mjs: 500 idle SSE GET streams on
// one session; scripts_status must stay fast, and closing the streams must
// return their fds and threads.
import net from "node:net";
import { HOST, PORT, SLOWDOWN, daemonStats } from "./env.mjs";
import { request } from "./http.mjs";
import { KeepAlive, result, statusCall } from "./session.mjs";
import { median, now, sleep, waitFor } from "../harness.mjs";

// -- part 3: 500 idle SSE streams ---------------------------------------------

export async function sseRun(h, sid) {
  const S = { "Mcp-Session-Id": sid, "MCP-Protocol-Version": "2025-11-25" };
  const base = daemonStats();
  const streams = [];
  const opened = [];
  for (let i = 0; i < 500; i++) {
    const sock = net.connect(PORT, HOST);
    let head = "";
    const p = new Promise((resolve) => {
      sock.on("data", (d) => {
        if (head.includes("\r\n\r\n")) return;
        head += d.toString("latin1");
        if (head.includes("\r\n\r\n")) resolve(head);
      });
      sock.on("error", () => resolve(head));
      sock.on("close", () => resolve(head));
    });
    sock.write(request({ method: "GET", headers: { ...S, Accept: "text/event-stream", Connection: "keep-alive",
      "Content-Type": null, "Content-Length": null } }));
    streams.push(sock);
    opened.push(p);
  }
  const heads = await Promise.all(opened.map((p) => Promise.race([p, sleep(10000).then(() => "")])));
  const ok = heads.filter((x) => /^HTTP\/1\.1 200/.test(x) && /text\/event-stream/i.test(x)).length;
  h.check("500 GET streams opened (200, text/event-stream)", ok === 500, `${ok} opened; e.g. ${heads.find((x) => !/^HTTP\/1\.1 200/.test(x))?.slice(0, 200)}`);
  await sleep(200);
  const during = daemonStats();
  const c = new KeepAlive();
  const times = [];
  let last;
  for (let i = 0; i < 21; i++) {
    const t = now();
    last = await c.post(statusCall("svc"), S);
    if (i > 0) times.push(now() - t); // the first one opens the connection
  }
  const med = median(times);
  h.figure("scripts_status with 500 streams open: median ms (20)", med.toFixed(3));
  h.figure("scripts_status with 500 streams open: max ms", Math.max(...times).toFixed(3));
  h.check("scripts_status answers with 500 streams open", result(last)?.processes?.[0]?.name === "svc", last.json);
  h.check(`scripts_status median < ${5 * SLOWDOWN} ms with 500 streams open`, med < 5 * SLOWDOWN, med);
  c.close();
  for (const s of streams) s.destroy();
  // The daemon notices the closed streams; give it a moment.
  let after = daemonStats();
  await waitFor(() => (after = daemonStats()).fds <= base.fds + 5, 5000, 50);
  h.figure("daemon fds before / with 500 streams / after closing", `${base.fds} / ${during.fds} / ${after.fds}`);
  h.figure("daemon threads before / with 500 streams / after closing", `${base.threads} / ${during.threads} / ${after.threads}`);
  h.figure("daemon RSS KiB before / with 500 streams / after closing", `${base.rssKiB} / ${during.rssKiB} / ${after.rssKiB}`);
  h.check("500 streams hold no thread each", during.threads <= base.threads + 2, { base, during });
  h.check("closing the streams returns their fds", after.fds <= base.fds + 5, { base, after });
  h.check("closing the streams leaves the thread count", after.threads <= base.threads + 2, { base, after });
}
