// Fuzz target: the MCP engine (lib/mcp engine::handle), over the fake
// backend of tests/mcp with the real tool definitions.
//
// Input: byte 0 picks the transport (stdio, unix, http), whether commands
// are allowed and how HTTP headers are made; the rest is lines, each one
// message. A line "!close" closes the newest open exchange, "!done" answers
// the pending tool calls, "!tick" fires the timers. Checks the transport
// contract of engine.hpp: every output's json is valid JSON (UTF-8), an
// exchange has at most one final output and nothing after it, and after
// shutdown() every exchange has ended. And quick_parse (jsonrpc.hpp)
// builds what nlohmann builds for every line it takes.

#include "mcp/jsonrpc.hpp"
#include "tests/mcp/mcp_support.hpp"

#include "fuzz/common.hpp"

#include <map>

using namespace hummel;
using mcp_test::json;

namespace {

struct exchange_log {
  int finals = 0;
  bool closed = false;
};

std::optional<std::string> string_at(const json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string())
    return j[key].get<std::string>();
  return std::nullopt;
}

/// HTTP headers from the message itself (as a conforming client sends).
mcp::http_headers headers_of(std::string_view line, uint8_t mode) {
  mcp::http_headers h;
  if ((mode & 0x10) == 0)
    return h;
  auto j = json::parse(line, nullptr, false);
  if (mode & 0x20)
    h.protocol_version = "2026-07-28";
  h.method = string_at(j, "method");
  if (j.is_object() && j.contains("params"))
    h.name = string_at(j["params"], (mode & 0x40) ? "uri" : "name");
  return h;
}

void check_quick_parse(std::string_view line) {
  json quick;
  if (!mcp::quick_parse(line, quick))
    return;
  auto full = json::parse(line, nullptr, false);
  fuzz::require(!full.is_discarded() && mcp_test::same_tree(quick, full),
                "quick_parse builds what nlohmann builds");
}

void answer_pending(mcp_test::fake_backend& be, uint8_t how) {
  auto calls = std::move(be.calls);
  be.calls.clear();
  for (auto& c : calls) {
    if (c->cancelled)
      continue;
    if (c->progress && (how & 2))
      c->progress(1, json("working"));
    if (how & 1)
      c->done(mcp::tool_outcome{nullptr, "failed"});
    else
      c->done(mcp::tool_outcome{std::make_shared<json>(json::object()), {}});
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = fuzz::as_view(data, size);
  auto mode = fuzz::take_byte(in);
  mcp_test::fake_backend be;
  be.resources["hummel://processes"] = {"application/json", "[]"};
  auto cfg = mcp_test::config(static_cast<mcp::transport_kind>(mode % 3),
                              (mode & 4) != 0);
  cfg.max_message_bytes = 4096;
  mcp::engine eng{be, cfg};
  std::map<int, exchange_log> log;
  std::vector<std::pair<int, mcp::exchange_id>> open;
  auto output_for = [&log](int n) {
    return [&log, n](mcp::output o) {
      auto& e = log[n];
      fuzz::require(!e.closed, "no output after close()");
      fuzz::require(e.finals == 0, "nothing after the final output");
      if (o.kind != mcp::output_kind::notification)
        ++e.finals;
      if (!o.json.empty())
        fuzz::require(!json::parse(o.json, nullptr, false).is_discarded(),
                      "every output is valid JSON");
    };
  };
  eng.set_stream([](mcp::output o) {
    fuzz::require(o.kind == mcp::output_kind::notification,
                  "the standing stream gets notifications only");
  });
  auto now = mcp::engine_clock::time_point{};
  int n = 0;
  for (auto line : fuzz::split(in, '\n')) {
    if (line == "!close" && !open.empty()) {
      log[open.back().first].closed = true;
      eng.close(open.back().second);
      open.pop_back();
    } else if (line == "!done") {
      answer_pending(be, mode >> 6);
    } else if (line == "!tick") {
      now += std::chrono::seconds(1);
      eng.processes_changed({"web"}, now);
      eng.logs_changed({"api"}, now);
      eng.on_timer(now);
    } else {
      check_quick_parse(line);
      auto h = headers_of(line, mode);
      auto id
        = eng.handle(line, output_for(++n), (mode % 3) == 2 ? &h : nullptr);
      if (id != 0)
        open.emplace_back(n, id);
      else
        fuzz::require(log[n].finals == 1, "handle() returns 0 once final");
    }
  }
  eng.shutdown();
  answer_pending(be, mode >> 6);
  for (auto& [k, id] : open)
    fuzz::require(log[k].closed || log[k].finals == 1,
                  "after shutdown() every exchange has ended");
  return 0;
}
