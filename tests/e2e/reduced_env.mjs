// reduced_env.mjs: `hummel mcp` started by the official SDK (v1) with the
// SDK's default environment for stdio servers (PATH, HOME and a few more;
// no HUMMEL_RUNTIME_DIR, no XDG_*) must reach the daemon `hummel up`
// started in a shell. Environment: HUMMEL (absolute), PROJECT_DIR,
// DAEMON_PID (the pid `up` reported).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StdioClientTransport,
  getDefaultEnvironment,
} from "@modelcontextprotocol/sdk/client/stdio.js";

const env = getDefaultEnvironment();
for (const k of Object.keys(env))
  if (k.startsWith("XDG_") || k.startsWith("HUMMEL_")) throw new Error(`unexpected ${k}`);
const client = new Client({ name: "hummel-e2e-reduced-env", version: "0.0.1" }, { capabilities: {} });
const transport = new StdioClientTransport({
  command: process.env.HUMMEL,
  args: ["mcp", "--dir", process.env.PROJECT_DIR],
  stderr: "inherit", // env left out: the SDK's default
});
const timer = setTimeout(() => { console.error("FAIL: timed out"); process.exit(1); }, 60_000);
await client.connect(transport);
const r = await client.callTool({ name: "scripts_status", arguments: { name: "svc", fields: ["pid"] } });
const pid = r.structuredContent?.processes?.[0]?.pid;
if (r.isError || !pid) throw new Error(`scripts_status failed: ${JSON.stringify(r)}`);
// The daemon the client reached is the one `up` started: svc is its child.
const fs = await import("node:fs");
const ppid = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1];
console.log(`reduced env: env keys ${Object.keys(env).sort().join(",")}; svc pid ${pid}, parent chain from ${ppid}`);
await client.close();
clearTimeout(timer);
console.log("PASS reduced_env");
