// size.mjs: measures a 100-process scripts_status answer (see size.sh):
// the raw HTTP body (2026-07-28 era), and the result as the SDK v1 and v2
// clients receive it (each validates structuredContent against the
// outputSchema; a mismatch throws). Prints FIGURE lines; fails above
// 12,288 bytes.
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as HttpV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createHarness, sleep, watchdog } from "./harness.mjs";

const name = "size";
const h = createHarness(name);
watchdog(100_000, name);
const limit = 12 * 1024;
const url = new URL(process.env.MCP_URL);

/// One modern-era tools/call over raw HTTP; returns the body text.
async function raw(tool, args) {
  const meta = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
  };
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      "MCP-Protocol-Version": "2026-07-28",
      "Mcp-Method": "tools/call",
      "Mcp-Name": tool,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call",
      params: { name: tool, arguments: args, _meta: meta } }),
  });
  return await res.text();
}

await h.step("100 processes running", async () => {
  let n = 0;
  for (let i = 0; i < 200 && n < 100; i++) {
    const body = JSON.parse(await raw("scripts_status", { status: "running", fields: ["status"] }));
    n = body.result?.structuredContent?.processes?.length ?? 0;
    if (n < 100) await sleep(100);
  }
  h.check("100 processes running", n === 100, n);
});

await h.step("raw answer", async () => {
  const body = await raw("scripts_status", {});
  const bytes = Buffer.byteLength(body);
  h.figure("scripts_status, 100 processes: bytes on the wire (2026-07-28, HTTP body)", bytes);
  const r = JSON.parse(body).result;
  h.figure("  of which text (the table)", Buffer.byteLength(r.content[0].text));
  h.figure("  of which structuredContent", Buffer.byteLength(JSON.stringify(r.structuredContent)));
  h.check(`at most ${limit} bytes`, bytes <= limit, bytes);
  h.check("100 processes in structuredContent and in the table",
    r.structuredContent.processes.length === 100 && r.content[0].text.split("\n").length >= 101);
  const all = await raw("scripts_status", { fields: ["kind", "command", "run_id", "status", "ready", "pid",
    "exit_code", "signal", "start_time", "end_time", "uptime_ms", "restarts", "cpu_percent", "rss_bytes",
    "urls", "error", "restart_reason"] });
  h.figure("the same with every field (fields: all 18)", Buffer.byteLength(all));
});

/// Connects `client` on `transport`, calls scripts_status, returns the
/// result's JSON size (the SDK validated it against the outputSchema).
async function viaSdk(label, client, transport) {
  await client.connect(transport);
  const r = await client.callTool({ name: "scripts_status", arguments: {} });
  const bytes = Buffer.byteLength(JSON.stringify(r));
  h.figure(`${label}: result bytes`, bytes);
  h.check(`${label}: validated, 100 processes, at most ${limit} bytes`,
    !r.isError && r.structuredContent?.processes?.length === 100 && bytes <= limit, bytes);
  await client.close();
}

await h.step("sdk v1", () => viaSdk("sdk v1 (legacy era)",
  new ClientV1({ name: "size-v1", version: "0" }, { capabilities: {} }), new HttpV1(url)));
await h.step("sdk v2 modern", () => viaSdk("sdk v2 (2026-07-28)",
  new Client({ name: "size-v2", version: "0" },
    { capabilities: {}, versionNegotiation: { mode: { pin: "2026-07-28" } } }),
  new StreamableHTTPClientTransport(url)));
await h.step("sdk v2 legacy", () => viaSdk("sdk v2 (legacy era)",
  new Client({ name: "size-v2", version: "0" }, { capabilities: {}, versionNegotiation: { mode: "legacy" } }),
  new StreamableHTTPClientTransport(url)));

process.exit(h.finish() ? 0 : 1);
