// hub.mjs: the SDK client (v1) with `hummel mcp --hub` as its stdio server:
// projects_list until the three projects are linked, scripts_status across
// them (six processes, each tagged with its project), scripts_stop of svc in
// web. Environment: HUMMEL (absolute), HUMMEL_RUNTIME_DIR (the sandbox).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StdioClientTransport,
  getDefaultEnvironment,
} from "@modelcontextprotocol/sdk/client/stdio.js";

const fail = (m) => { console.error(`FAIL: ${m}`); process.exit(1); };
const timer = setTimeout(() => fail("timed out"), 90_000);
const client = new Client({ name: "hummel-e2e-hub", version: "0.0.1" }, { capabilities: {} });
const transport = new StdioClientTransport({
  command: process.env.HUMMEL,
  args: ["mcp", "--hub"],
  env: { ...getDefaultEnvironment(), HUMMEL_RUNTIME_DIR: process.env.HUMMEL_RUNTIME_DIR },
  stderr: "inherit",
});
await client.connect(transport);
const tools = (await client.listTools()).tools.map((t) => t.name);
for (const t of ["projects_list", "scripts_status", "scripts_stop"])
  if (!tools.includes(t)) fail(`tools/list lacks ${t}: ${tools}`);
const stop = (await client.listTools()).tools.find((t) => t.name === "scripts_stop");
if (!stop.inputSchema.properties.project) fail("scripts_stop takes no project");
const unnamed = await client.callTool({ name: "scripts_stop", arguments: { name: "svc" } });
if (!unnamed.isError) fail(`a stop without a project succeeded: ${JSON.stringify(unnamed)}`);
let projects = [];
for (let i = 0; i < 300; ++i) {
  const r = await client.callTool({ name: "projects_list", arguments: {} });
  projects = r.structuredContent.projects;
  if (projects.length === 3 && projects.every((p) => p.state === "linked" && p.running === 2)) break;
  await new Promise((res) => setTimeout(res, 100));
}
const names = projects.map((p) => p.project).sort().join(",");
if (names !== "api,web,worker") fail(`projects: ${JSON.stringify(projects)}`);
const all = await client.callTool({ name: "scripts_status", arguments: {} });
if (all.isError) fail(`scripts_status: ${JSON.stringify(all)}`);
const byProject = {};
for (const p of all.structuredContent.processes) byProject[p.node] = (byProject[p.node] ?? 0) + 1;
for (const n of ["api", "web", "worker"])
  if (byProject[n] !== 2) fail(`scripts_status across projects: ${JSON.stringify(byProject)}`);
const stopped = await client.callTool({ name: "scripts_stop", arguments: { project: "web", name: "svc" } });
if (stopped.isError || stopped.structuredContent.status !== "stopped")
  fail(`scripts_stop: ${JSON.stringify(stopped)}`);
const missing = await client.callTool({ name: "scripts_stop", arguments: { project: "nope", name: "svc" } });
if (!missing.isError) fail(`a stop in an unknown project succeeded: ${JSON.stringify(missing)}`);
console.log(`hub: ${names}; ${all.structuredContent.processes.length} processes in one call; ` +
  `stop of web/svc: ${stopped.structuredContent.status}; unknown project: ${missing.content[0].text}`);
await client.close();
clearTimeout(timer);
console.log("PASS hub.mjs");
