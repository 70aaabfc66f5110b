#pragma once

// Test support for the MCP SESSION: typed stand-ins of the SUPERVISOR, the
// STATUS CACHE and a PROCESS actor (interfaces in messages/interfaces.hpp),
// a recording channel, and a fixture that spawns sessions on the test
// coordinator and calls tools through them.

#include "actors/mcp_session.hpp"
#include "actors/status_cache.hpp"
#include "messages/error.hpp"
#include "messages/view_builder.hpp"
#include "tests/support/deterministic_fixture.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hummel::test {

using nlohmann::json;

/// A snapshot of process `name` at `index` with `status`.
inline snapshot_ptr snap(uint32_t index, std::string name,
                         process_status status, uint32_t run_id = 1) {
  auto x = std::make_shared<process_snapshot>();
  x->index = index;
  x->name = std::move(name);
  x->status = status;
  x->run_id = run_id;
  x->pid = is_alive(status) ? 4000 + static_cast<int32_t>(index) : 0;
  return x;
}

/// What the stand-ins share with the test.
struct world {
  /// The STATUS CACHE the SUPERVISOR stand-in reports to (before it
  /// replies, as PROCESS actors do).
  status_cache_actor cache;
  /// Index of each known process.
  std::map<std::string, uint32_t> known{{"web", 0}, {"db", 1}};
  /// Names whose commands the SUPERVISOR never answers.
  std::set<std::string> hang;
  /// Commands received: "run web", "stop db", "adhoc tool: ls -l", ...
  std::vector<std::string> commands;
  /// The log ring of every process (PROCESS stand-in).
  std::vector<log_line> lines;
  /// The error records of every process (PROCESS stand-in), newest first.
  std::vector<error_entry> errors;
  /// Number of `sync` requests the STATUS CACHE stand-in answered.
  int syncs = 0;
  /// The STATUS CACHE stand-in publishes an update only when asked to
  /// sync (a view that lags the replies), not at once.
  bool lagging_view = false;
  /// Subscribers of the STATUS CACHE stand-in.
  std::vector<status_subscriber_actor> subscribers;
  process_actor proc;
  uint32_t run_id = 1;
  /// Answers the SUPERVISOR stand-in keeps and never delivers.
  std::vector<caf::typed_response_promise<snapshot_ptr>> held;
};

/// A PROCESS stand-in: answers log queries from `w->lines`.
inline process_actor::behavior_type fake_process(process_actor::pointer,
                                                 world* w) {
  return {
    [](atom::start, uint32_t) -> caf::result<snapshot_ptr> {
      return caf::sec::unexpected_message;
    },
    [](atom::start, uint32_t, std::string&) -> caf::result<snapshot_ptr> {
      return caf::sec::unexpected_message;
    },
    [](atom::stop) -> caf::result<snapshot_ptr> {
      return caf::sec::unexpected_message;
    },
    [](atom::mark, process_status, int64_t, std::string&) {},
    [](atom::started, uint64_t, int32_t, int64_t) {},
    [](atom::started, uint64_t, std::string&) {},
    [](atom::output, uint64_t, uint8_t, std::vector<std::string>&) {},
    [](atom::exited, uint64_t, int32_t, int32_t, bool) {},
    [](atom::usage, uint64_t, double, uint64_t) {},
    [](atom::probe, uint32_t) {},
    [](atom::probed, uint32_t, bool) {},
    [](atom::restart, std::string&) {},
    [](atom::watch, std::string&) {},
    [](atom::retry) {},
    [w](atom::logs, const log_query& q) {
      log_page page;
      std::vector<log_line> hits;
      for (const auto& l : w->lines)
        if (l.seq > q.after_seq
            && (q.stream == 0 || static_cast<uint8_t>(l.stream) == q.stream))
          hits.push_back(l);
      if (hits.size() > q.limit)
        hits.erase(q.tail ? hits.begin() : hits.begin() + q.limit,
                   q.tail ? hits.end() - q.limit : hits.end());
      page.lines = std::move(hits);
      if (!w->lines.empty()) {
        page.first_seq = w->lines.front().seq;
        page.last_seq = w->lines.back().seq;
      }
      return page;
    },
    [w](atom::errors, const error_query& q) {
      error_page page;
      for (const auto& e : w->errors)
        if (page.records.size() < q.limit && (q.run == 0 || e.run == q.run)
            && e.last_ms >= q.since_ms)
          page.records.push_back(e);
      return page;
    },
    [](atom::errors) {},
    [w](atom::clear,
        bool errors_only) -> caf::result<uint64_t, uint64_t, uint64_t> {
      uint64_t lines = errors_only ? 0 : w->lines.size();
      uint64_t records = w->errors.size();
      if (!errors_only)
        w->lines.clear();
      w->errors.clear();
      return {lines, uint64_t{0}, records};
    },
    [](atom::status) { return snapshot_ptr{}; },
  };
}

/// A SUPERVISOR stand-in: commands on known names report the new state to
/// the STATUS CACHE, then answer it; names in `hang` are never answered.
inline supervisor_actor::behavior_type
fake_supervisor(supervisor_actor::pointer self, world* w) {
  // Reports `status` of `name` to the cache, then answers it.
  auto act = [self, w](const std::string& verb, const std::string& name,
                       process_status status) -> caf::result<snapshot_ptr> {
    w->commands.push_back(verb + " " + name);
    if (w->hang.count(name) != 0) {
      auto rp = self->make_response_promise<snapshot_ptr>();
      w->held.push_back(rp); // never delivered
      return rp;
    }
    auto i = w->known.find(name);
    if (i == w->known.end())
      return caf::make_error(ec::unknown_process, name);
    if (verb != "stop")
      ++w->run_id;
    auto x = snap(i->second, name, status, w->run_id);
    self->send(w->cache, atom::update_v, x);
    return x;
  };
  return {
    [](atom::boot) { return true; },
    [act](atom::run, const std::string& name) {
      return act("run", name, process_status::running);
    },
    [act, w](atom::run, const std::string& name, process_def& def) {
      auto argv = def.command;
      for (const auto& a : def.argv)
        argv += (argv.empty() ? "" : " ") + a;
      w->commands.push_back("adhoc " + name + ": " + argv);
      w->known.emplace(name, static_cast<uint32_t>(w->known.size()));
      return act("run", name, process_status::running);
    },
    [act](atom::stop, const std::string& name) {
      return act("stop", name, process_status::stopped);
    },
    [act](atom::restart, const std::string& name) {
      return act("restart", name, process_status::running);
    },
    [w](atom::logs, const std::string& name) -> caf::result<process_actor> {
      if (w->known.count(name) == 0)
        return caf::make_error(ec::unknown_process, name);
      return w->proc;
    },
    [](atom::shutdown) { return true; },
    [w](atom::reload, std::shared_ptr<const project_config>& next) {
      w->commands.push_back("reload " + std::to_string(next->processes.size()));
      config_diff d;
      d.added = {"new"};
      d.unchanged = {"a", "b"};
      return d;
    },
    [](atom::due, uint32_t, uint64_t) {},
    [](atom::event, const run_event&) {},
  };
}

/// A STATUS CACHE stand-in: publishes every update at once into the cell
/// and records subscribers; `sync` answers the published version.
inline status_cache_actor::behavior_type
fake_cache(status_cache_actor::pointer self, world* w,
           view_cell<status_view>* cell) {
  auto builder = std::make_shared<view_builder>();
  auto version = std::make_shared<uint64_t>(0);
  return {
    [=](atom::update, snapshot_ptr& x) {
      builder->fold(x);
      if (w->lagging_view)
        return;
      cell->publish(builder->build(++*version, "test-node", 0));
      status_delta d{*version - 1, *version, {x}, 0, {}, false};
      for (auto& s : w->subscribers)
        self->send(s, atom::delta_v, d);
    },
    [](atom::flush) {},
    [=](atom::remove, uint32_t index) {
      builder->remove(index);
      cell->publish(builder->build(++*version, "test-node", 0));
    },
    [w](atom::subscribe, status_subscriber_actor& s) {
      w->subscribers.push_back(std::move(s));
    },
    [=](atom::status, const std::string& name) { return builder->find(name); },
    [=](atom::status, atom::all) {
      std::vector<snapshot_ptr> xs;
      builder->processes().for_each(
        [&](const snapshot_ptr& x) { xs.push_back(x); });
      return xs;
    },
    [=](atom::status) { return *version; },
    [=](atom::sync) {
      ++w->syncs;
      if (w->lagging_view)
        cell->publish(builder->build(++*version, "test-node", 0));
      return *version;
    },
  };
}

/// Records what a session emits on one exchange or stream.
struct recording_channel : mcp_channel {
  std::vector<mcp::output> outs;
  /// Runs on every output, before it is stored.
  std::function<void(const mcp::output&)> on_emit;
  /// What unsent() reports: bytes the client has not read.
  size_t held = 0;

  size_t unsent() const override {
    return held;
  }

  void emit(const mcp::output& out) override {
    if (on_emit)
      on_emit(out);
    outs.push_back(out);
  }

  /// The parsed final response, or null.
  json response() const {
    for (const auto& o : outs)
      if (o.kind == mcp::output_kind::response)
        return json::parse(o.json);
    return nullptr;
  }
};

/// The `_meta` of a modern request.
inline json modern_meta() {
  return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
          {"io.modelcontextprotocol/clientCapabilities", json::object()},
          {"io.modelcontextprotocol/clientInfo",
           {{"name", "test"}, {"version", "0"}}}};
}

/// Sessions over the stand-ins, and calls through them.
class mcp_session_fixture : public deterministic_fixture {
protected:
  mcp_session_fixture() {
    static int counter = 0;
    log_dir = std::filesystem::temp_directory_path()
              / ("hummel-mcp-session-" + std::to_string(::getpid()) + "-"
                 + std::to_string(++counter));
    std::filesystem::create_directories(log_dir);
    w.cache = sys.spawn(fake_cache, &w, &cell);
    w.proc = sys.spawn(fake_process, &w);
    auto cfg = std::make_shared<project_config>();
    cfg->dir = log_dir;
    cfg->daemon.grace_period = std::chrono::milliseconds{1000};
    for (const char* name : {"web", "db"}) {
      process_def def;
      def.name = name;
      def.grace_period = std::chrono::milliseconds{2000};
      cfg->processes.push_back(def);
    }
    ctx.cell = &cell;
    ctx.supervisor = sys.spawn(fake_supervisor, &w);
    ctx.cache = w.cache;
    ctx.config = cfg;
    ctx.log_dir = log_dir;
    ctx.detached_search = false;
    self->send(w.cache, atom::update_v,
               snap(0, "web", process_status::running));
    self->send(w.cache, atom::update_v, snap(1, "db", process_status::stopped));
    run();
  }

  ~mcp_session_fixture() override {
    for (auto& s : sessions)
      self->send(s, atom::shutdown_v);
    run();
    std::error_code ec;
    std::filesystem::remove_all(log_dir, ec);
  }

  /// A new session on `transport`.
  mcp_session_actor session(mcp::transport_kind transport
                            = mcp::transport_kind::stdio,
                            bool allow_commands = false) {
    mcp::engine_config cfg;
    cfg.transport = transport;
    cfg.allow_commands = allow_commands;
    auto s = sys.spawn(mcp_session, &ctx, std::move(cfg));
    sessions.push_back(s);
    run();
    return s;
  }

  /// Delivers `msg` to `s` as exchange `key` (HTTP: with matching MCP
  /// headers), without running anything.
  std::shared_ptr<recording_channel> post(const mcp_session_actor& s,
                                          const json& msg, uint64_t key = 0,
                                          bool http = false) {
    auto ch = std::make_shared<recording_channel>();
    mcp_request req;
    req.body = msg.dump();
    req.key = key;
    req.reply = ch;
    req.http = http;
    if (http) {
      req.headers.protocol_version = "2026-07-28";
      req.headers.method = msg["method"].get<std::string>();
      if (msg["params"].contains("name"))
        req.headers.name = msg["params"]["name"].get<std::string>();
    }
    self->send(s, atom::request_v, std::move(req));
    return ch;
  }

  /// A modern tools/call request.
  static json tool_request(const std::string& tool, json args, int id = 1) {
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"method", "tools/call"},
            {"params",
             {{"name", tool},
              {"arguments", std::move(args)},
              {"_meta", modern_meta()}}}};
  }

  /// Calls `tool` on `s`, runs everything, returns the response (or null).
  json call(const mcp_session_actor& s, const std::string& tool, json args,
            bool http = false) {
    auto ch = post(s, tool_request(tool, std::move(args)), 0, http);
    run();
    return ch->response();
  }

  /// The text of an isError result; "" for a success.
  static std::string error_of(const json& response) {
    const auto& r = response.at("result");
    if (!r.value("isError", false))
      return "";
    return r["content"][0]["text"].get<std::string>();
  }

  /// The structuredContent of a successful result.
  static json result_of(const json& response) {
    EXPECT_EQ(error_of(response), "") << response;
    return response.at("result").value("structuredContent", json());
  }

  world w;
  view_cell<status_view> cell{make_empty_view("test-node")};
  mcp_context ctx;
  std::filesystem::path log_dir;
  std::vector<mcp_session_actor> sessions;
};

} // namespace hummel::test
