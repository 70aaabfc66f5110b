#include "actors/mcp_backend.hpp"

#include "actors/detail/clock.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "common/log.hpp"
#include "logs/log_file.hpp"
#include "mcp/resources.hpp"
#include "messages/error.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <nlohmann/json.hpp>

#include <chrono>

namespace hummel {

using nlohmann::json;
using namespace std::chrono_literals;

std::string describe(caf::actor_system& sys, const caf::error& err,
                     const std::string& name) {
  if (err.category() == caf::atom("hummel")) {
    switch (static_cast<ec>(err.code())) {
    case ec::unknown_process:
      return "no process or script named '" + name + "'";
    case ec::shutting_down:
      return "the daemon is shutting down";
    default:
      break;
    }
    if (auto why = reason_of(err); !why.empty())
      return why;
    return sys.render(err);
  }
  if (err == caf::sec::request_timeout)
    return "timed out waiting for '" + name + "'";
  return sys.render(err);
}

mcp_backend::mcp_backend(self_ptr self, const mcp_context* ctx)
  : self_(self), ctx_(ctx) {
  // nop
}

mcp_backend::~mcp_backend() = default;

mcp::tool_done mcp_backend::audit_command(const std::string& tool,
                                          const nlohmann::json& args,
                                          mcp::tool_done done) {
  auto* audit = ctx_->audit;
  if (audit == nullptr)
    return done;
  std::string target;
  if (auto n = args.find("name"); n != args.end() && n->is_string())
    target = n->get<std::string>();
  else if (auto c = args.find("command"); c != args.end() && c->is_string())
    target = c->get<std::string>();
  if (auto node = remote_node(args); !node.empty())
    target = node + "/" + target;
  audit_record r{now_ms(), caller_, tool, std::move(target), {}};
  return [audit, r = std::move(r),
          done = std::move(done)](mcp::tool_outcome out) mutable {
    r.result = out.error.empty() ? "ok" : "error: " + out.error;
    if (auto err = audit->append(r))
      HUMMEL_LOG_WARN(mcp, "{}", *err);
    done(std::move(out));
  };
}

uint64_t mcp_backend::view_version() {
  return ctx_->cell->with([](const status_view& v) { return v.version; });
}

std::vector<std::string> mcp_backend::process_names() {
  std::vector<std::string> result;
  auto view = ctx_->cell->read();
  view->processes.for_each([&](const snapshot_ptr& x) {
    if (x)
      result.push_back(x->name);
  });
  return result;
}

std::optional<json> mcp_backend::errors_resource(const std::string& uri,
                                                 int64_t now) const {
  auto ref = mcp::parse_resource_uri(uri);
  if (!ref
      || (ref->what != mcp::resource_ref::kind::all_errors
          && ref->what != mcp::resource_ref::kind::errors))
    return std::nullopt;
  auto item = [now](const process_snapshot& x) {
    return json{{"name", x.name},
                {"error_count", x.error_count},
                {"last_error", status_json(x, now)["last_error"]}};
  };
  auto view = ctx_->cell->read();
  if (ref->what == mcp::resource_ref::kind::errors) {
    auto* x = view->find(ref->name);
    if (x == nullptr)
      return std::nullopt;
    return item(*x);
  }
  auto items = json::array();
  view->processes.for_each([&](const snapshot_ptr& x) {
    if (x && x->error_count > 0)
      items.push_back(item(*x));
  });
  return json{{"processes", std::move(items)}};
}

std::optional<mcp::backend::resource_text>
mcp_backend::read_resource(const std::string& uri) {
  constexpr std::string_view procs = "hummel://processes";
  constexpr std::string_view logs = "hummel://logs/";
  auto now = now_ms();
  if (uri == procs) {
    auto view = ctx_->cell->read();
    return resource_text{"application/json", view_json(*view, now).dump()};
  }
  if (uri.rfind(std::string{procs} + "/", 0) == 0) {
    auto name = uri.substr(procs.size() + 1);
    auto view = ctx_->cell->read();
    auto* x = view->find(name);
    if (x == nullptr)
      return std::nullopt;
    return resource_text{"application/json", status_json(*x, now).dump()};
  }
  if (auto errs = errors_resource(uri, now))
    return resource_text{"application/json", errs->dump()};
  if (uri.rfind(logs, 0) == 0) {
    auto name = uri.substr(logs.size());
    if (!ctx_->cell->with(
          [&](const status_view& v) { return v.find(name) != nullptr; }))
      return std::nullopt;
    auto lines = json::array();
    if (!ctx_->log_dir.empty())
      for (const auto& l : log_file::read_tail(ctx_->log_dir / (name + ".log"),
                                               100, ctx_->log_file_count))
        lines.push_back(line_json(l, name));
    return resource_text{"application/json",
                         json{{"lines", std::move(lines)}}.dump()};
  }
  return std::nullopt;
}

int64_t mcp_backend::now_ms() const {
  return detail::wall_ms(self_);
}

std::string mcp_backend::describe(const caf::error& err,
                                  const std::string& name) const {
  return hummel::describe(self_->system(), err, name);
}

std::chrono::milliseconds mcp_backend::grace_of(const std::string& name) const {
  // The process's own snapshot: current after a reload (the configuration
  // in ctx_ is the one the daemon started with), and found by name without
  // a scan of every definition (4 % of a start of 10,000 was that scan).
  if (ctx_->cell != nullptr) {
    auto view = ctx_->cell->read();
    if (const auto* x = view->find(name); x != nullptr && x->grace_ms > 0)
      return std::chrono::milliseconds{x->grace_ms};
  }
  for (const auto& d : ctx_->config->processes)
    if (d.name == name)
      return d.grace_period;
  return ctx_->config->daemon.grace_period;
}

void mcp_backend::answer_command(snapshot_ptr x, std::optional<bool> duplicate,
                                 mcp::tool_done done) {
  if (!x)
    return done(tool_fail("no status"));
  auto answer = [this, x, duplicate, done] {
    auto result = status_json(*x, now_ms());
    if (duplicate)
      result["duplicate"] = *duplicate;
    done(tool_ok(std::move(result)));
  };
  // The view shows this very state already: no round trip to the STATUS
  // CACHE (and no request timeout for CAF's clock thread to arm and
  // cancel). Otherwise, or when it shows another one, ask.
  bool shown = ctx_->cell->with(
    [&x](const status_view& v) { return v.find(x->name) == x.get(); });
  if (shown)
    answer();
  else
    after_publish(std::move(answer));
}

void mcp_backend::after_publish(std::function<void()> f) {
  self_->request(ctx_->cache, std::chrono::seconds{5}, atom::sync_v)
    .then([f](uint64_t) { f(); }, [f](caf::error&) { f(); });
}

void mcp_backend::with_process(const std::string& name,
                               std::function<void(process_actor)> f,
                               std::function<void(std::string)> on_fail) {
  // Asked every time: an ad-hoc process may have been replaced.
  self_->request(ctx_->supervisor, 5s, atom::logs_v, name)
    .then(
      [f](process_actor& p) { f(p); },
      [this, on_fail, name](caf::error& err) { on_fail(describe(err, name)); });
}

} // namespace hummel
