-- wrk: the storm — scripts_restart of s1..s8 in turn (each restart is a
-- stop and a start: several state changes).
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = "scripts_restart"
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
function request()
  n = n + 1
  local body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":'
    .. '{"name":"scripts_restart","arguments":{"name":"s' .. (n % 8 + 1)
    .. '"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
    .. '"io.modelcontextprotocol/clientCapabilities":{}}}}'
  return wrk.format(nil, nil, nil, body)
end
function done(summary, latency, requests)
  io.write(string.format("STORM restarts=%d per_s=%.0f\n", summary.requests,
    summary.requests / (summary.duration / 1e6)))
end
