#include "actors/mcp_tools/read_path.hpp"

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/render.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/status_json.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace hummel {

using nlohmann::json;

namespace {

constexpr std::string_view procs_uri = "hummel://processes";

int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// The backend of one engine of the read path: resources from the view
/// cell; `punt` set by a handler that cannot answer here.
class read_backend : public mcp::backend {
public:
  read_backend(mcp_read_path::core* core, const mcp_context* ctx)
    : core(core), ctx(ctx) {
    // nop
  }

  std::optional<resource_text> read_resource(const std::string& uri) override {
    auto now = wall_now_ms();
    auto view = ctx->cell->read();
    if (uri == procs_uri)
      return resource_text{"application/json", view_json(*view, now).dump()};
    if (uri.rfind(std::string{procs_uri} + "/", 0) == 0) {
      auto* x = view->find(std::string_view{uri}.substr(procs_uri.size() + 1));
      if (x != nullptr)
        return resource_text{"application/json", status_json(*x, now).dump()};
    }
    return std::nullopt;
  }

  uint64_t view_version() override {
    return ctx->cell->with([](const status_view& v) { return v.version; });
  }

  std::vector<std::string> process_names() override {
    std::vector<std::string> result;
    auto view = ctx->cell->read();
    view->processes.for_each([&](const snapshot_ptr& x) {
      if (x)
        result.push_back(x->name);
    });
    return result;
  }

  /// Whether `args` names another node (served by a SESSION).
  bool other_node(const json& args) const {
    auto i = args.find("node");
    if (i == args.end())
      return false;
    return ctx->cell->with([&](const status_view& v) { return *i != v.node; });
  }

  mcp_read_path::core* core;
  const mcp_context* ctx;
  bool punt = false;
};

/// One engine and its backend, used under `mtx`.
struct slot {
  slot(mcp_read_path::core* core, const mcp_context* ctx, mcp::engine_config c)
    : be(core, ctx), cfg(std::move(c)) {
    renew();
  }

  /// A fresh engine: a sessionless engine must never hold a session (an
  /// `initialize` the gateway's text check missed, e.g. written with
  /// escapes, would otherwise make it one).
  void renew() {
    eng = std::make_unique<mcp::engine>(be, cfg);
  }

  /// Makes the engine a session of `version`, as a client's `initialize`
  /// and `notifications/initialized` would.
  void initialize(std::string_view version) {
    json init{{"jsonrpc", "2.0"},
              {"id", 0},
              {"method", "initialize"},
              {"params",
               {{"protocolVersion", version},
                {"capabilities", json::object()},
                {"clientInfo", {{"name", "read-path"}, {"version", "1"}}}}}};
    mcp::http_headers none;
    eng->handle(
      init.dump(), [](mcp::output) {}, &none);
    mcp::http_headers h;
    h.protocol_version = std::string{version};
    eng->handle(R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
                [](mcp::output) {}, &h);
  }

  std::mutex mtx;
  read_backend be;
  mcp::engine_config cfg;
  std::unique_ptr<mcp::engine> eng;
};

/// A messages-mode scripts_status waiting for the STATUS CACHE.
struct pending {
  slot* owner = nullptr;
  std::string only;
  json args;
  mcp::tool_done done;
};

} // namespace

struct mcp_read_path::core {
  const mcp_context* ctx = nullptr;
  std::vector<mcp::tool> tools;
  /// The sessionless engines, then `per_version` engines for each of
  /// mcp::legacy_versions in its order, each initialized in that version.
  std::vector<std::unique_ptr<slot>> slots;
  size_t sessionless = 0;
  size_t per_version = 0;
  std::atomic<uint64_t> answered{0};
  std::mutex pending_mtx;
  std::unordered_map<uint64_t, pending> waiting;
  uint64_t next_ticket = 1;
  caf::actor asker;

  /// The STATUS CACHE answered ticket `t` (`ok`: with `xs`); completes
  /// the exchange on the engine that opened it.
  void finish(uint64_t t, std::vector<snapshot_ptr> xs, bool ok) {
    pending p;
    {
      std::lock_guard<std::mutex> guard{pending_mtx};
      auto i = waiting.find(t);
      if (i == waiting.end())
        return;
      p = std::move(i->second);
      waiting.erase(i);
    }
    std::lock_guard<std::mutex> guard{p.owner->mtx};
    if (!ok) {
      p.done(tool_fail("status cache timeout"));
      return;
    }
    auto view = ctx->cell->read();
    p.done(mcp_tools::status_from(xs, p.only, p.args, wall_now_ms(), *view, 0));
  }
};

namespace {

read_backend& reader(mcp::backend& be) {
  return static_cast<read_backend&>(be);
}

mcp::cancel_fn punt(mcp::backend& be, mcp::tool_call) {
  reader(be).punt = true;
  return {};
}

/// Messages mode: hands the call to the asker actor; the STATUS CACHE's
/// answer completes it (core::finish).
void ask_cache(read_backend& rb, mcp::tool_call& call) {
  auto* c = rb.core;
  slot* owner = nullptr;
  for (auto& s : c->slots)
    if (&s->be == &rb)
      owner = s.get();
  auto only = call.args.value("name", std::string{});
  uint64_t t = 0;
  {
    std::lock_guard<std::mutex> guard{c->pending_mtx};
    t = c->next_ticket++;
    c->waiting.emplace(t,
                       pending{owner, only, call.args, std::move(call.done)});
  }
  caf::anon_send(c->asker, atom::status_v, std::move(only), t);
}

mcp::cancel_fn status(mcp::backend& be, mcp::tool_call call) {
  auto& rb = reader(be);
  if (rb.other_node(call.args))
    return punt(be, std::move(call));
  if (rb.ctx->read_by_message) {
    ask_cache(rb, call);
    return {};
  }
  auto view = rb.ctx->cell->read();
  call.done(mcp_tools::status_from_view(
    *view, wall_now_ms(), call.args, call.origin.brief_text, call.origin.rows));
  return {};
}

mcp::cancel_fn list(mcp::backend& be, mcp::tool_call call) {
  auto& rb = reader(be);
  if (rb.other_node(call.args))
    return punt(be, std::move(call));
  auto view = rb.ctx->cell->read();
  call.done(mcp_tools::list_from_view(*view, call.args));
  return {};
}

mcp::cancel_fn cluster(mcp::backend& be, mcp::tool_call call) {
  call.done(mcp_tools::cluster_from_views(*reader(be).ctx, wall_now_ms()));
  return {};
}

/// Asks the STATUS CACHE for the messages-mode reads of `c`.
caf::behavior asker(caf::event_based_actor* self, status_cache_actor cache,
                    std::shared_ptr<mcp_read_path::core> c) {
  constexpr auto timeout = std::chrono::seconds{5};
  return {
    [=](atom::status, const std::string& only, uint64_t t) {
      auto fail = [c, t](caf::error&) { c->finish(t, {}, false); };
      if (only.empty())
        self->request(cache, timeout, atom::status_v, atom::all_v)
          .then(
            [c, t](std::vector<snapshot_ptr>& xs) {
              c->finish(t, std::move(xs), true);
            },
            fail);
      else
        self->request(cache, timeout, atom::status_v, only)
          .then([c, t](snapshot_ptr& x) { c->finish(t, {x}, true); }, fail);
    },
  };
}

} // namespace

mcp_read_path::mcp_read_path(caf::actor_system& sys, const mcp_context* ctx,
                             mcp::engine_config cfg, size_t engines)
  : core_(std::make_shared<core>()) {
  core_->ctx = ctx;
  // The daemon's definitions, in the same order; the read tools with the
  // handlers of this path, every other one punts (never reached: `wants`
  // lets only the read tools through, and a body naming another tool
  // fails the Mcp-Name check first).
  for (const auto& t : mcp_tools::table()) {
    const auto& name = t.def->name;
    mcp::tool_handler h = &punt;
    if (name == "scripts_status")
      h = &status;
    else if (name == "scripts_list")
      h = &list;
    else if (name == "cluster_status")
      h = &cluster;
    core_->tools.push_back({t.def, h});
  }
  cfg.tools = core_->tools;
  auto n = std::max<size_t>(engines, 1);
  for (size_t i = 0; i < n; ++i)
    core_->slots.push_back(std::make_unique<slot>(core_.get(), ctx, cfg));
  core_->sessionless = n;
  core_->per_version = n;
  for (auto version : mcp::legacy_versions)
    for (size_t i = 0; i < n; ++i) {
      auto& s = core_->slots.emplace_back(
        std::make_unique<slot>(core_.get(), ctx, cfg));
      s->initialize(version);
    }
  if (ctx->read_by_message) {
    asker_ = sys.spawn(asker, ctx->cache, core_);
    core_->asker = asker_;
  }
}

mcp_read_path::~mcp_read_path() {
  shutdown();
}

void mcp_read_path::shutdown() {
  if (asker_) {
    caf::anon_send_exit(asker_, caf::exit_reason::user_shutdown);
    asker_ = nullptr;
  }
}

namespace {

/// Answers `body` on the engine of `s` (see mcp_read_path::answer).
/// `h` is null for a line of the unix socket (no HTTP headers).
bool answer_on(mcp_read_path::core& c, slot& s, std::string_view body,
               const mcp::http_headers* h, const mcp_channel_ptr& reply,
               bool sessionless) {
  std::lock_guard<std::mutex> guard{s.mtx};
  s.be.punt = false;
  auto* sp = &s;
  auto id = s.eng->handle(
    body,
    [sp, reply](mcp::output o) {
      // A punted request is answered by a SESSION: nothing from here.
      if (!sp->be.punt)
        reply->emit(o);
    },
    h);
  if (sessionless && s.eng->initialized())
    s.renew();
  if (!s.be.punt) {
    c.answered.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  if (id != 0)
    s.eng->close(id);
  s.be.punt = false;
  return false;
}

/// This thread's pick among `n` engines: threads numbered in the order
/// they first answer, so two io threads never share an engine (a hash of
/// the thread id did: pthread ids are equal modulo 4).
size_t my_engine(size_t n) {
  static std::atomic<size_t> next{0};
  thread_local size_t mine = next.fetch_add(1, std::memory_order_relaxed);
  return mine % n;
}

} // namespace

bool mcp_read_path::answer(std::string_view body, const mcp::http_headers& h,
                           const mcp_channel_ptr& reply) {
  auto& c = *core_;
  return answer_on(c, *c.slots[my_engine(c.sessionless)], body, &h, reply,
                   true);
}

bool mcp_read_path::answer_line(std::string_view body,
                                const mcp_channel_ptr& reply) {
  auto& c = *core_;
  return answer_on(c, *c.slots[my_engine(c.sessionless)], body, nullptr, reply,
                   true);
}

bool mcp_read_path::answer_session(std::string_view version,
                                   std::string_view body,
                                   const mcp::http_headers& h,
                                   const mcp_channel_ptr& reply) {
  auto& c = *core_;
  const auto& vs = mcp::legacy_versions;
  auto v = std::find(vs.begin(), vs.end(), version);
  if (v == vs.end())
    return false;
  auto first
    = c.sessionless + static_cast<size_t>(v - vs.begin()) * c.per_version;
  return answer_on(c, *c.slots[first + my_engine(c.per_version)], body, &h,
                   reply, false);
}

size_t mcp_read_path::engine_of_this_thread() const noexcept {
  return my_engine(core_->sessionless);
}

uint64_t mcp_read_path::answered() const noexcept {
  return core_->answered.load(std::memory_order_relaxed);
}

} // namespace hummel
