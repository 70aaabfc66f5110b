-- wrk: scripts_status for one process, stateless 2026-07-28 request.
local name = os.getenv("HUMMEL_NAME") or "p1"
local args = name == "" and "{}" or ('{"name":"' .. name .. '"}')
wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":'
  .. '{"name":"scripts_status","arguments":' .. args .. ',"_meta":'
  .. '{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
  .. '"io.modelcontextprotocol/clientCapabilities":{}}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = "scripts_status"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.0f p50_us=%d p99_us=%d p999_us=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
