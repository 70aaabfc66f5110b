// schema_strict.mjs: hummel's tool schemas through the strict JSON-schema
// converters of the SDK v2 stack, over Streamable HTTP (MCP_URL).
//   1. Ajv 2020-12 in strict mode (strict: "log", every warning recorded):
//      every inputSchema and outputSchema compiles with no warning. This
//      is the engine of the SDK v2's AjvJsonSchemaValidator, which the
//      client below uses for its output checks.
//   2. zod 4's fromJSONSchema (the JSON Schema → zod converter) converts
//      every schema without an error.
//   3. No `type` array anywhere (nullable fields as anyOf), and every
//      input parameter has a description.
//   4. Every read tool and scripts_run (with wait) answers, and the client
//      validates structuredContent against the outputSchema with that
//      strict validator.
// The Inspector's own --strict lint runs in inspector.sh.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/client/validators/ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { fromJSONSchema } from "zod/v4";
import { createHarness, watchdog } from "./harness.mjs";

const name = "schema-strict";
const h = createHarness(name);
watchdog(60_000, name);

const warnings = [];
const logger = {
  log: () => {},
  warn: (...a) => warnings.push(a.join(" ")),
  error: (...a) => warnings.push("error: " + a.join(" ")),
};
const strictAjv = () => {
  const ajv = new Ajv2020({ strict: "log", strictTypes: "log", allErrors: true, logger });
  addFormats.default ? addFormats.default(ajv) : addFormats(ajv);
  return ajv;
};

const client = new Client(
  { name: "hummel-e2e-schema", version: "0.0.1" },
  { capabilities: {}, versionNegotiation: { mode: "legacy" },
    jsonSchemaValidator: new AjvJsonSchemaValidator(strictAjv()) },
);
await client.connect(new StreamableHTTPClientTransport(new URL(process.env.MCP_URL)));

let tools = [];
await h.step("tools/list", async () => {
  tools = (await client.listTools()).tools;
  h.check("11 tools listed", tools.length === 11, tools.map((t) => t.name));
});

/// Paths in `s` where `type` is an array.
function typeArrays(s, path, out) {
  if (Array.isArray(s)) s.forEach((x, i) => typeArrays(x, `${path}/${i}`, out));
  else if (s && typeof s === "object") {
    if (Array.isArray(s.type)) out.push(path);
    for (const [k, v] of Object.entries(s)) typeArrays(v, `${path}/${k}`, out);
  }
  return out;
}

await h.step("strict converters", async () => {
  for (const t of tools) {
    for (const kind of ["inputSchema", "outputSchema"]) {
      const schema = t[kind];
      const before = warnings.length;
      try {
        strictAjv().compile(schema);
      } catch (e) {
        warnings.push(`compile threw: ${e.message}`);
      }
      h.check(`${t.name} ${kind}: Ajv strict, no warning`, warnings.length === before, warnings.slice(before));
      let zodError = "";
      try {
        fromJSONSchema(schema);
      } catch (e) {
        zodError = e.message;
      }
      h.check(`${t.name} ${kind}: zod fromJSONSchema converts it`, zodError === "", zodError);
      const arrays = typeArrays(schema, kind, []);
      h.check(`${t.name} ${kind}: no type arrays`, arrays.length === 0, arrays);
    }
    const undescribed = Object.entries(t.inputSchema.properties ?? {})
      .filter(([, p]) => typeof p.description !== "string" || p.description === "")
      .map(([k]) => k);
    h.check(`${t.name}: every parameter described`, undescribed.length === 0, undescribed);
  }
});

await h.step("results validate with the strict validator", async () => {
  const before = warnings.length;
  const calls = [
    ["scripts_status", {}],
    ["scripts_status", { name: "svc" }],
    ["scripts_status", { status: ["running", "failed"], fields: ["pid", "uptime_ms", "urls", "error"] }],
    ["scripts_list", {}],
    ["scripts_list", { status: "running", fields: ["kind"] }],
    ["logs_stream", { name: "printer", limit: 5 }],
    ["logs_search", { query: "line" }],
    ["logs_errors", {}],
    ["logs_errors", { name: "printer", severity: "error", limit: 5 }],
    ["cluster_status", {}],
    ["logs_clear", { name: "printer", errors_only: true }],
    ["scripts_run", { name: "printer", wait: true, timeout_ms: 10000 }],
  ];
  for (const [tool, args] of calls) {
    let r;
    try {
      r = await client.callTool({ name: tool, arguments: args });
    } catch (e) {
      r = { isError: true, threw: e.message };
    }
    h.check(`${tool} ${JSON.stringify(args)}: validated, text is a summary`,
      !r.isError && r.structuredContent !== undefined && typeof r.content?.[0]?.text === "string"
        && !r.content[0].text.startsWith("{"), r);
  }
  h.check("no validator warnings while validating results", warnings.length === before, warnings.slice(before));
});

await client.close();
process.exit(h.finish() ? 0 : 1);
